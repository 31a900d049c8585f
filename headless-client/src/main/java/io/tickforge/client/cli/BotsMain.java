package io.tickforge.client.cli;

import io.tickforge.shared.log.LogFormat;
import io.tickforge.client.bot.BotGames;
import io.tickforge.shared.cli.DurationParser;
import io.tickforge.client.load.ConnectTokens;
import io.tickforge.client.load.LoadConfig;
import io.tickforge.client.load.LoadProfile;
import io.tickforge.client.load.LoadRunner;
import io.tickforge.client.metrics.Limits;
import io.tickforge.shared.netsim.NetworkConditions;
import io.tickforge.shared.token.ClientToken;
import io.tickforge.shared.token.ConnectTokenFormat;
import io.tickforge.shared.token.TokenSecret;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar tickforge-bots.jar}: the load runner's command line. A profile sets bots,
 * duration, warm-up, ramp and network conditions; any explicit flag overrides it. Main thread.
 */
@Command(name = "tickforge-bots", mixinStandardHelpOptions = true, version = "tickforge-bots 0.1.0",
        sortOptions = false,
        description = "Connects N headless bots to a Tickforge server, lets them play, and reports what they saw"
                + " (snapshot rate, RTT, bandwidth, prediction error, decode failures) with the server's own tick"
                + " figures. Exit codes: 0 ok, 1 a --max-*/--min-* limit missed, 2 usage error, 3 no bot joined.",
        footer = {"", "Examples:",
                "  java -jar headless-client/target/tickforge-bots.jar --profile smoke",
                "  java -jar headless-client/target/tickforge-bots.jar --profile lossy --bots 32 "
                        + "--report-json target/lossy.json --max-tick-p99-ms 4"})
public final class BotsMain implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "smoke (8 bots, 10 s) | standard (64, 60 s) | stress (256, 60 s) | lossy (64, 60 s, 5%% loss,"
                    + " 50+-10 ms, 1%% dup, 1%% reorder); default smoke")
    String profile = "smoke";

    @Option(names = "--host", paramLabel = "HOST", description = "server address (default ${DEFAULT-VALUE})")
    String host = "127.0.0.1";

    @Option(names = "--tcp-port", paramLabel = "PORT", description = "server TCP port (default ${DEFAULT-VALUE})")
    int tcpPort = 7777;

    @Option(names = "--udp-port", paramLabel = "PORT", description = "server UDP port (default ${DEFAULT-VALUE})")
    int udpPort = 7778;

    @Option(names = "--bots", paramLabel = "N", description = "number of bots (profile default)")
    Integer bots;

    @Option(names = "--duration", paramLabel = "TIME", description = "measured time after warm-up, e.g. 60s, 2m")
    String duration;

    @Option(names = "--warmup", paramLabel = "TIME", description = "warm-up excluded from the figures (ramp happens in it)")
    String warmup;

    @Option(names = "--ramp", paramLabel = "TIME", description = "time over which the bots connect")
    String ramp;

    @Option(names = "--seed", paramLabel = "SEED", description = "seed of every bot's behaviour and simulated network (default ${DEFAULT-VALUE})")
    long seed = 42;

    @Option(names = "--game", paramLabel = "NAME",
            description = "the game the server hosts (its --game); picks the bot behaviours that can play it"
                    + " (default ${DEFAULT-VALUE}; --list-games shows the games the bots can play)")
    String game = BotGames.DEFAULT_GAME;

    @Option(names = "--session", paramLabel = "ID|any",
            description = "the session the bots join: a session id (a Welcome's), or any: an open session of the game,"
                    + " which a server with --max-sessions above 1 fills before starting the next (default ${DEFAULT-VALUE})")
    String session = "any";

    @Option(names = "--behaviours", split = ",", paramLabel = "NAME",
            description = "bot behaviours of the game, cycled over the bots (default: the game's default). arena: wander"
                    + " (default; docs/SCENARIOS.md: bots wander and shoot), chase, strafe, flood, idle; zone: capture"
                    + " (default), idle; any game: idle (--list-games)")
    List<String> behaviours;

    @Option(names = "--list-games",
            description = "list the games the bots can play (found on the class path), each with its behaviours, and exit")
    boolean listGames;

    @Option(names = "--loss", paramLabel = "PERCENT", description = "simulated loss, each direction")
    Double loss;

    @Option(names = "--latency", paramLabel = "MS", description = "simulated one-way latency")
    Double latency;

    @Option(names = "--jitter", paramLabel = "MS", description = "simulated jitter (+-), one way")
    Double jitter;

    @Option(names = "--duplicate", paramLabel = "PERCENT", description = "simulated duplication, each direction")
    Double duplicate;

    @Option(names = "--reorder", paramLabel = "PERCENT", description = "simulated reordering, each direction")
    Double reorder;

    @Option(names = "--report-json", paramLabel = "FILE", description = "write the JSON report here")
    Path reportJson;

    @Option(names = "--threads", paramLabel = "N",
            description = "driver threads polling the bots (default: available cores, at most 4)")
    Integer threads;

    @Option(names = "--thread-per-bot",
            description = "one dedicated thread per bot blocking in its own selector (comparison mode)")
    boolean threadPerBot;

    @Option(names = "--poll-hz", paramLabel = "HZ", description = "how often each driver polls its bots (default ${DEFAULT-VALUE})")
    int pollHz = 500;

    @Option(names = "--redundancy", paramLabel = "N", description = "inputs per input packet (default ${DEFAULT-VALUE})")
    int redundancy = 4;

    @Option(names = "--report-timeline",
            description = "add each bot's snapshot count at every progress line to the JSON report (\"timeline\"),"
                    + " to compute per-bot rates over any window afterwards (scripts/attack.sh does)")
    boolean reportTimeline;

    @Option(names = "--progress-interval", paramLabel = "TIME", description = "progress line period (default ${DEFAULT-VALUE})")
    String progressInterval = "5s";

    @Option(names = "--name-prefix", paramLabel = "PREFIX", description = "bot player names are PREFIX + number (default ${DEFAULT-VALUE})")
    String namePrefix = "bot-";

    @Option(names = "--join-token", paramLabel = "TOKEN", description = "token sent in Hello, if the server needs one")
    String joinToken;

    @Option(names = "--log-format", paramLabel = "FORMAT",
            description = "log lines on stderr: text or json (one JSON object per line) (default ${DEFAULT-VALUE})")
    String logFormat = LogFormat.TEXT;

    @Option(names = "--connect-token", paramLabel = "FILE",
            description = "client token file from the backend (signed-token servers); admits one bot")
    Path connectTokenFile;

    @Option(names = "--token-secret", paramLabel = "FILE",
            description = "mint a connect token per bot locally with the server's token secret (tests, trusted machines)")
    Path tokenSecretFile;

    @Option(names = "--token-server", paramLabel = "HOST:PORT",
            description = "server address in locally minted tokens; must equal the server's --public-address (default HOST:TCP_PORT)")
    String tokenServer;

    @Option(names = "--chaos-disconnect", paramLabel = "TIME",
            description = "each bot drops its TCP connection abruptly (a reset, no Bye) at random times, on average once"
                    + " per TIME (exponential gaps, seeded by --seed), then reconnects as the same player; e.g. 20s."
                    + " The report counts drops, reconnects and failed reconnects (default: off)")
    String chaosDisconnect;

    @Option(names = "--max-tick-p99-ms", paramLabel = "MS", description = "limit: server tick duration p99")
    Double maxTickP99Ms;

    @Option(names = "--max-tick-lateness-p99-ms", paramLabel = "MS", description = "limit: server tick start lateness p99")
    Double maxTickLatenessP99Ms;

    @Option(names = "--max-overruns", paramLabel = "N", description = "limit: server ticks longer than their period")
    Long maxOverruns;

    @Option(names = "--max-decode-failures", paramLabel = "N", description = "limit: snapshot packets the bots could not decode")
    Long maxDecodeFailures;

    @Option(names = "--min-connected", paramLabel = "N", description = "limit: bots still connected at the end")
    Integer minConnected;

    @Option(names = "--max-disconnected", paramLabel = "N", description = "limit: bots that lost their connection")
    Integer maxDisconnected;

    @Option(names = "--max-rtt-p99-ms", paramLabel = "MS", description = "limit: RTT p99")
    Double maxRttP99Ms;

    @Option(names = "--max-prediction-error-m", paramLabel = "M", description = "limit: largest prediction error after reconciliation")
    Double maxPredictionErrorM;

    @Option(names = "--min-snapshot-rate", paramLabel = "PER_S", description = "limit: snapshots per second per bot")
    Double minSnapshotRate;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BotsMain()).execute(args));
    }

    /** Resolves the profile and the flags into one run; throws IllegalArgumentException on bad input. */
    LoadConfig resolve() {
        final LoadProfile p = LoadProfile.parse(profile);
        final double lossV = loss != null ? loss : p.lossPercent;
        final double latencyV = latency != null ? latency : p.latencyMs;
        final double jitterV = jitter != null ? jitter : p.jitterMs;
        final double dupV = duplicate != null ? duplicate : p.duplicatePercent;
        final double reorderV = reorder != null ? reorder : p.reorderPercent;
        final boolean simulated = lossV > 0 || latencyV > 0 || jitterV > 0 || dupV > 0 || reorderV > 0;
        final NetworkConditions network = simulated
                ? new NetworkConditions(latencyV, jitterV, lossV, dupV, reorderV) : null;
        final List<String> kinds = BotGames.installed().behaviours(game, behaviours);
        final Limits limits = new Limits();
        limits.maxTickP99Ms = maxTickP99Ms;
        limits.maxTickLatenessP99Ms = maxTickLatenessP99Ms;
        limits.maxOverruns = maxOverruns;
        limits.maxDecodeFailures = maxDecodeFailures;
        limits.minConnected = minConnected;
        limits.maxDisconnected = maxDisconnected;
        limits.maxRttP99Ms = maxRttP99Ms;
        limits.maxPredictionErrorM = maxPredictionErrorM;
        limits.minSnapshotsPerSecondPerBot = minSnapshotRate;
        final int cores = Runtime.getRuntime().availableProcessors();
        return new LoadConfig(p.cliName(), host, tcpPort, udpPort, bots != null ? bots : p.bots,
                duration != null ? DurationParser.seconds(duration) : p.durationS,
                warmup != null ? DurationParser.seconds(warmup) : p.warmupS,
                ramp != null ? DurationParser.seconds(ramp) : p.rampS,
                seed, kinds, network, threads != null ? threads : Math.max(1, Math.min(cores, 4)),
                pollHz, redundancy, DurationParser.seconds(progressInterval), reportJson, limits, namePrefix,
                joinToken, threadPerBot, connectTokens(),
                chaosDisconnect != null ? DurationParser.seconds(chaosDisconnect) : 0, game, sessionId(session));
    }

    /** {@code --session}: "any" is {@code Hello.ANY_SESSION} (0), else a session id 1..2^31-1. */
    static int sessionId(String value) {
        if (value == null || value.equalsIgnoreCase("any")) {
            return io.tickforge.shared.protocol.Hello.ANY_SESSION;
        }
        try {
            final int id = Integer.parseInt(value.trim());
            if (id >= 1) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--session must be a session id (1..2147483647) or any: " + value);
    }

    /** Null unless --connect-token or --token-secret; IllegalArgumentException on a bad or contradictory choice. */
    ConnectTokens connectTokens() {
        if (connectTokenFile != null && tokenSecretFile != null) {
            throw new IllegalArgumentException("choose --connect-token FILE or --token-secret FILE, not both");
        }
        if (tokenServer != null && tokenSecretFile == null) {
            throw new IllegalArgumentException("--token-server is only used with --token-secret");
        }
        try {
            if (connectTokenFile != null) {
                return ConnectTokens.of(ClientToken.read(connectTokenFile));
            }
            if (tokenSecretFile != null) {
                String server = tokenServer != null ? tokenServer : host + ":" + tcpPort;
                ConnectTokenFormat.checkServerAddress(server);
                return ConnectTokens.minting(TokenSecret.read(tokenSecretFile), server, 1, 300, System::currentTimeMillis);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        return null;
    }

    @Override
    public Integer call() throws Exception {
        final LoadConfig config;
        try {
            if (listGames) {
                BotGames.installed().listing().forEach(spec.commandLine().getOut()::println);
                spec.commandLine().getOut().flush();
                return 0;
            }
            LogFormat.apply(LogFormat.parse(logFormat));
            config = resolve();
        } catch (IllegalArgumentException | IllegalStateException e) {
            spec.commandLine().getErr().println("tickforge-bots: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 2;
        }
        final LoadRunner runner = new LoadRunner(config, System.out);
        if (reportTimeline) {
            runner.recordTimeline();
        }
        // Ctrl-C: end the run early, still fetch the server's figures, say Bye and print the report.
        final CountDownLatch reported = new CountDownLatch(1);
        final Thread hook = new Thread(() -> {
            runner.requestStop();
            try {
                reported.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "bots-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return runner.run();
        } finally {
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
    }
}
