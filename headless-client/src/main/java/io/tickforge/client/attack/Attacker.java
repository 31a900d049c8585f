package io.tickforge.client.attack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tickforge.shared.cli.DurationParser;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code java -cp tickforge-bots.jar io.tickforge.client.attack.Attacker --attack MODE ...}: one
 * bounded attack against a Tickforge server on this machine (loopback only), for
 * {@code scripts/attack.sh} and docs/SECURITY.md's attack table. Reports what it sent, what came
 * back (bytes received: amplification), how the server answered, and whether a legitimate join
 * from another address still succeeded meanwhile. Main thread runs the attack; the join probe has
 * its own thread.
 */
@Command(name = "tickforge-attacker", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs one bounded attack against a Tickforge server on loopback and writes a JSON report."
                + " Exit codes: 0 ran, 2 usage error, 4 could not run (e.g. the server is not there).",
        footer = {"", "Attacks:", "  tcp-garbage, tcp-oversized-lengths, conn-flood, slowloris, hello-fuzz, slot-filling,",
                "  udp-garbage, udp-wrong-key, forged-registration, replayed-inputs, chat-flood", "",
                "Example:", "  java -cp headless-client/target/tickforge-bots.jar io.tickforge.client.attack.Attacker \\",
                "      --attack udp-garbage --tcp-port 27777 --udp-port 27778 --duration 20s --report-json udp.json"})
public final class Attacker implements Callable<Integer> {
    public static final int EXIT_OK = 0;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_FAILED = 4;

    @Option(names = "--attack", required = true, paramLabel = "MODE", description = "which attack (see below)")
    String attack;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "server address, loopback only (default ${DEFAULT-VALUE})")
    String host = "127.0.0.1";

    @Option(names = "--tcp-port", paramLabel = "PORT", description = "server TCP port (default ${DEFAULT-VALUE})")
    int tcpPort = 7777;

    @Option(names = "--udp-port", paramLabel = "PORT", description = "server UDP port (default ${DEFAULT-VALUE})")
    int udpPort = 7778;

    @Option(names = "--source", paramLabel = "ADDRESS",
            description = "local loopback address the attack comes from (default ${DEFAULT-VALUE}: not the bots' 127.0.0.1,"
                    + " so per-address limits meet the attacker alone)")
    String source = "127.0.0.2";

    @Option(names = "--duration", paramLabel = "TIME", description = "attack time (default ${DEFAULT-VALUE})")
    String duration = "20s";

    @Option(names = "--rate", paramLabel = "N",
            description = "per second: datagrams (UDP attacks, max 50000), connection opens (TCP, max 5000) or chat lines"
                    + " (chat-flood, max 20000); default per attack (UDP 20000, conn-flood 1000, tcp-garbage/oversized/hello-fuzz 500,"
                    + " slowloris/slot-filling 100, chat-flood 2000)")
    Integer rate;

    @Option(names = "--max-count", paramLabel = "N",
            description = "cap on what --rate paces (default: rate x duration, plus --sockets for the floods)")
    Long maxCount;

    @Option(names = "--sockets", paramLabel = "N",
            description = "connections held at once (default conn-flood 4000, slowloris 500, slot-filling 300, others 64)")
    Integer sockets;

    @Option(names = "--joins", paramLabel = "N",
            description = "players the attacker joins as (udp-wrong-key, chat-flood; default ${DEFAULT-VALUE})")
    int joins = 4;

    @Option(names = "--trickle-interval", paramLabel = "TIME", description = "slowloris: one byte per (default ${DEFAULT-VALUE})")
    String trickleInterval = "1s";

    @Option(names = "--join-token", paramLabel = "TOKEN", description = "the server's static join token, if it has one")
    String joinToken;

    @Option(names = "--probe-from", paramLabel = "ADDRESS",
            description = "try a legitimate join from this loopback address every --probe-interval while attacking"
                    + " (default ${DEFAULT-VALUE}; 'none' to skip)")
    String probeFrom = "127.0.0.3";

    @Option(names = "--probe-interval", paramLabel = "TIME", description = "default ${DEFAULT-VALUE}")
    String probeInterval = "1s";

    @Option(names = "--seed", paramLabel = "N", description = "random seed (default ${DEFAULT-VALUE})")
    long seed = 9;

    @Option(names = "--report-json", paramLabel = "FILE", description = "write the JSON report here (also printed)")
    Path reportJson;

    private final PrintStream out;

    public Attacker() {
        this(System.out);
    }

    Attacker(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Attacker()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        final AttackConfig config;
        try {
            config = config();
        } catch (IllegalArgumentException e) {
            System.err.println("tickforge-attacker: " + e.getMessage());
            return EXIT_USAGE;
        }
        final ObjectNode report = run(config);
        final String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report);
        if (reportJson != null) {
            final Path parent = reportJson.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(reportJson, json);
        }
        out.println(json);
        return report.path("completed").asBoolean() ? EXIT_OK : EXIT_FAILED;
    }

    AttackConfig config() throws IOException {
        final AttackMode mode = AttackMode.fromCliName(attack);
        final long durationMs = Math.round(DurationParser.seconds(duration) * 1000);
        final int r = rate != null ? rate : AttackConfig.defaultRate(mode);
        final int s = sockets != null ? sockets : AttackConfig.defaultSockets(mode);
        final boolean herd = mode == AttackMode.CONN_FLOOD || mode == AttackMode.SLOWLORIS || mode == AttackMode.SLOT_FILLING;
        final long max = maxCount != null ? maxCount
                : Math.min(AttackConfig.MAX_COUNT, Math.max(1, (long) r * Math.max(1, durationMs) / 1000) + (herd ? s : 0));
        final InetAddress probe = "none".equals(probeFrom) ? null : InetAddress.getByName(probeFrom);
        return new AttackConfig(mode, InetAddress.getByName(host), tcpPort, udpPort, InetAddress.getByName(source),
                durationMs, r, max, s, joins, (int) Math.round(DurationParser.seconds(trickleInterval) * 1000), joinToken,
                probe, (int) Math.round(DurationParser.seconds(probeInterval) * 1000), seed);
    }

    /** Runs one attack to its end (time or count) and returns the report. Never throws for what the server does. */
    public static ObjectNode run(AttackConfig config) throws InterruptedException {
        final AttackTally tally = new AttackTally();
        final long startMs = System.currentTimeMillis();
        final long startNs = System.nanoTime();
        final long endNs = startNs + config.durationMs() * 1_000_000L;
        JoinProbe probe = null;
        Thread probeThread = null;
        if (config.probe() != null) {
            probe = new JoinProbe(config, endNs);
            probeThread = new Thread(probe, "attack-join-probe");
            probeThread.setDaemon(true);
            probeThread.start();
        }
        String failure = null;
        try {
            if (config.mode().isUdp()) {
                UdpAttacks.run(config, tally, startNs, endNs);
            } else {
                TcpAttacks.run(config, tally, startNs, endNs);
            }
        } catch (IOException | RuntimeException e) {
            failure = e.toString();
            tally.error("attack", e);
        }
        final long endMs = System.currentTimeMillis();
        final double seconds = (System.nanoTime() - startNs) / 1e9;
        if (probeThread != null) {
            probeThread.join(5000);
        }

        final ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("attack", config.mode().cliName());
        root.put("description", config.mode().description());
        root.put("expectedServerCounters", config.mode().expectedCounters());
        root.put("completed", failure == null);
        if (failure != null) {
            root.put("failure", failure);
        }
        final ObjectNode c = root.putObject("config");
        c.put("target", config.target().getHostAddress());
        c.put("tcpPort", config.tcpPort());
        c.put("udpPort", config.udpPort());
        c.put("source", config.source().getHostAddress());
        c.put("durationMs", config.durationMs());
        c.put("rate", config.rate());
        c.put("maxCount", config.maxCount());
        c.put("sockets", config.sockets());
        c.put("joins", config.joins());
        c.put("trickleIntervalMs", config.trickleIntervalMs());
        c.put("joinToken", config.joinToken() != null);
        c.put("seed", config.seed());
        root.put("startEpochMs", startMs);
        root.put("endEpochMs", endMs);
        root.put("seconds", Math.round(seconds * 1000) / 1000.0);
        tally.writeTo(root);
        final long sentBytes = tally.get(AttackTally.SENT, "udpBytes") + tally.get(AttackTally.SENT, "tcpBytes");
        final long receivedBytes = tally.get(AttackTally.RECEIVED, "udpBytes") + tally.get(AttackTally.RECEIVED, "tcpBytes");
        // Replies per byte sent. The replay mode's genuine port receives its own snapshots (a real
        // player's stream, not a reply to the attack): those are reported apart, not in this ratio.
        root.put("bytesSent", sentBytes);
        root.put("bytesReceived", receivedBytes);
        root.put("amplification", sentBytes == 0 ? 0 : Math.round(receivedBytes * 10_000.0 / sentBytes) / 10_000.0);
        if (probe != null) {
            probe.writeTo(root.putObject("joinProbe"));
        }
        return root;
    }
}
