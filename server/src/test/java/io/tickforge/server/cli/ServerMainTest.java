package io.tickforge.server.cli;

import io.tickforge.server.input.InputCounters;
import io.tickforge.server.session.ReplicationCounters;
import io.tickforge.server.session.ReplicationFigures;
import io.tickforge.server.session.SessionConfig;
import io.tickforge.server.tick.TickStatsSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerMainTest {
    @TempDir
    Path dir;

    @Test
    void helpListsEveryOptionAndThePrecedence() {
        StringWriter out = new StringWriter();
        CommandLine cli = ServerMain.commandLine(new String[] {"--help"}, Map.of());
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("--help"));
        String help = out.toString();
        for (String option : new String[] {"--tcp-port", "--udp-port", "--bind", "--tick-rate", "--npcs",
                "--max-players", "--packet-budget", "--lag-compensation-ms", "--interest-radius", "--replication-threads", "--replication-deadline", "--tick-threads", "--warmup", "--duration", "--status-interval",
                "--join-token", "--token-secret", "--public-address", "--reconnect-grace", "--config", "Precedence"}) {
            assertTrue(help.contains(option), option + " missing from:\n" + help);
        }
        assertTrue(help.contains("Default: 60."), "tick rate default shown");
    }

    @Test
    void flagsBeatEnvironmentBeatFileBeatDefaults() throws Exception {
        Path file = dir.resolve("server.properties");
        Files.writeString(file, "tick-rate=30\nnpcs=5\nmax-players=16\n");
        String[] args = {"--config", file.toString(), "--tick-rate", "20"};
        CommandLine cli = ServerMain.commandLine(args, Map.of("TICKFORGE_NPCS", "7"));
        cli.parseArgs(args);
        ServerMain main = cli.getCommand();
        assertEquals(20, main.tickRateHz, "flag wins");
        assertEquals(7, main.npcs, "environment beats the file");
        assertEquals(16, main.maxPlayers, "file beats the default");
        assertEquals(1200, main.packetBudgetBytes, "default");
        assertEquals(null, main.interestRadiusM, "default: the game's radius, else ServerMain.DEFAULT_INTEREST_RADIUS_M");
        assertEquals(10_000, main.reconnectGraceMs, "default");
        assertEquals(200, main.lagCompensationMs, "default");
    }

    @Test
    void reconnectGraceTakesTheSharedDurationSyntax() {
        for (Object[] c : new Object[][] {{"10", 10_000}, {"2.5s", 2_500}, {"500ms", 500}, {"1m", 60_000}, {"0", 0}}) {
            String[] args = {"--reconnect-grace", (String) c[0]};
            CommandLine cli = ServerMain.commandLine(args, Map.of());
            cli.parseArgs(args);
            assertEquals(c[1], ((ServerMain) cli.getCommand()).reconnectGraceMs, (String) c[0]);
        }
        for (String bad : new String[] {"-1", "soon", "2h"}) {
            String[] args = {"--reconnect-grace", bad};
            CommandLine cli = ServerMain.commandLine(args, Map.of());
            cli.setErr(new PrintWriter(new StringWriter()));
            assertEquals(2, cli.execute(args), bad);
        }
    }

    @Test
    void unknownConfigKeysAreRejected() throws Exception {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "tickrate=30\n");
        assertThrows(CommandLine.ParameterException.class,
                () -> ServerMain.commandLine(new String[] {"--config=" + file}, Map.of()));
    }

    @Test
    void invalidValuesExitWithUsageErrorBeforeStartingAnything() {
        for (String[] args : new String[][] {{"--tick-rate", "0"}, {"--tick-rate", "241"}, {"--npcs", "-1"},
                {"--max-players", "0"}, {"--tcp-port", "70000"}, {"--status-interval", "0"},
                {"--interest-radius", "NaN"}, {"--tick-rate", "fast"}, {"--packet-budget", "20000"},
                {"--packet-budget", "100"}, {"--replication-threads", "-1"}, {"--replication-threads", "65"},
                {"--replication-deadline", "-1"}, {"--replication-deadline", "101"},
                {"--max-sessions", "2", "--tick-threads", "-1"}, {"--max-sessions", "2", "--tick-threads", "257"},
                {"--lag-compensation-ms", "-1"}, {"--lag-compensation-ms", "1001"},
                {"--max-sessions", "0"}, {"--max-sessions", "4097"}, {"--max-sessions", "2", "--empty-session-timeout", "-1"},
                {"--max-sessions", "2", "--admin-token", "t"}, {"--max-sessions", "2", "--agones"}}) {
            CommandLine cli = ServerMain.commandLine(args, Map.of());
            cli.setErr(new PrintWriter(new StringWriter()));
            assertEquals(2, cli.execute(args), String.join(" ", args));
        }
    }

    @Test
    void tokenModesAreExclusiveAndSignedModeNeedsAReadableSecretAndAnAddress() throws Exception {
        Path secret = dir.resolve("token.secret");
        io.tickforge.shared.token.TokenSecret.generate(new java.security.SecureRandom()).write(secret);
        Path badSecret = dir.resolve("bad.secret");
        Files.writeString(badSecret, "not hex\n");
        for (String[] args : new String[][] {
                {"--token-secret", secret.toString()},
                {"--token-secret", secret.toString(), "--public-address", "h:1", "--join-token", "lan"},
                {"--public-address", "h:1"},
                {"--token-secret", dir.resolve("missing").toString(), "--public-address", "h:1"},
                {"--token-secret", badSecret.toString(), "--public-address", "h:1"},
                {"--token-secret", secret.toString(), "--public-address", "no-port"}}) {
            CommandLine cli = ServerMain.commandLine(args, Map.of());
            StringWriter err = new StringWriter();
            cli.setErr(new PrintWriter(err));
            assertEquals(2, cli.execute(args), String.join(" ", args));
            org.junit.jupiter.api.Assertions.assertFalse(err.toString().isBlank(), "says why: " + String.join(" ", args));
            org.junit.jupiter.api.Assertions.assertFalse(err.toString().contains(Files.readString(secret).strip()), "never echoes the secret");
        }
        // The environment names the secret file as TICKFORGE_TOKEN_SECRET_FILE.
        String[] args = {"--public-address", "game.example:7777"};
        CommandLine cli = ServerMain.commandLine(args, Map.of("TICKFORGE_TOKEN_SECRET_FILE", secret.toString()));
        cli.parseArgs(args);
        ServerMain main = cli.getCommand();
        assertEquals(secret, main.tokenSecretFile);
        var authenticator = main.joinAuthenticator(io.tickforge.server.net.NetworkConfig.builder().build());
        assertEquals(io.tickforge.server.net.SignedTokenAuthenticator.class, authenticator.getClass());
    }

    @Test
    void replicationThreadsDefaultToTheCoresBesidesTheTickThread() {
        assertEquals(Math.max(1, Runtime.getRuntime().availableProcessors() - 1), parsed(new String[0], Map.of()).replicationThreads());
        assertEquals(0, parsed(new String[] {"--replication-threads", "0"}, Map.of()).replicationThreads());
        assertEquals(3, parsed(new String[0], Map.of("TICKFORGE_REPLICATION_THREADS", "3")).replicationThreads());
    }

    @Test
    void theReplicationDeadlineDefaultsTo80PercentOfTheTickAndZeroTurnsItOff() {
        var arena = new io.tickforge.server.game.ArenaGameProvider();
        var options = io.tickforge.server.gameapi.GameOptions.resolve(arena, Map.of());
        assertEquals(80, parsed(new String[0], Map.of()).sessionConfig(arena, options).replicationDeadlinePercent());
        assertEquals(0, parsed(new String[] {"--replication-deadline", "0"}, Map.of())
                .sessionConfig(arena, options).replicationDeadlinePercent());
        assertEquals(60, parsed(new String[0], Map.of("TICKFORGE_REPLICATION_DEADLINE", "60"))
                .sessionConfig(arena, options).replicationDeadlinePercent());
        assertEquals("80% of the tick", ServerMain.replicationDeadline(SessionConfig.of(1, 60, 4, 0).withReplicationDeadlinePercent(80)));
        assertEquals("off", ServerMain.replicationDeadline(SessionConfig.of(1, 60, 4, 0)));
    }

    @Test
    void sessionsOnDemandShareOneTickThreadAndWritePacketsOnItByDefault() {
        assertEquals(1, parsed(new String[] {"--max-sessions", "4"}, Map.of()).hostedTickThreads());
        assertEquals(0, parsed(new String[] {"--max-sessions", "4"}, Map.of()).hostedReplicationThreads());
        assertEquals(2, parsed(new String[] {"--max-sessions", "4", "--replication-threads", "2"}, Map.of())
                .hostedReplicationThreads());
        assertEquals(3, parsed(new String[] {"--max-sessions", "4", "--tick-threads", "3"}, Map.of()).hostedTickThreads());
        final ServerMain ownThreads = parsed(new String[] {"--max-sessions", "4", "--tick-threads", "0"}, Map.of());
        assertEquals(0, ownThreads.hostedTickThreads());
        assertEquals(ownThreads.replicationThreads(), ownThreads.hostedReplicationThreads(), "a thread per session: as before");
    }

    @Test
    void theDefaultWorkerOnOneProcessorGetsAStartUpAdviceAndAChosenCountDoesNot() {
        String advice = ServerMain.oneCoreAdvice(null, 1);
        assertTrue(advice != null && advice.contains("--replication-threads 0"), String.valueOf(advice));
        assertNull(ServerMain.oneCoreAdvice(1, 1), "the operator chose a worker");
        assertNull(ServerMain.oneCoreAdvice(null, 2), "a core for the worker");
        assertNull(ServerMain.oneCoreAdvice(0, 1), "no worker");
    }

    private static ServerMain parsed(String[] args, Map<String, String> env) {
        CommandLine cli = ServerMain.commandLine(args, env);
        cli.parseArgs(args);
        return cli.getCommand();
    }

    /** The tick figures the status-line tests print, with the given off-CPU and run-queue figures (us). */
    private static TickStatsSnapshot snapshot(long offCpuP99Us, long offCpuMaxUs, long wakeRunQueueP99Us,
                                              long tickRunQueueP99Us) {
        return new TickStatsSnapshot(60, 59.9, 1_000_000_000L, 600, 2, 3, 0,
                120, 450, 900, 1500, 5, 30, 80,
                new long[] {10, 100, 10}, new long[] {20, 200, 150}, new long[] {30, 300, 400},
                offCpuP99Us, offCpuMaxUs, wakeRunQueueP99Us, tickRunQueueP99Us);
    }

    @Test
    void statusLineCarriesTheFigures() {
        TickStatsSnapshot t = snapshot(TickStatsSnapshot.NOT_MEASURED, TickStatsSnapshot.NOT_MEASURED,
                TickStatsSnapshot.NOT_MEASURED, TickStatsSnapshot.NOT_MEASURED);
        InputCounters inputs = new InputCounters();
        inputs.missingRepeated = 4;
        inputs.late = 1;
        inputs.duplicate = 2;
        inputs.farFuture = 5;
        inputs.invalidMove = 6;
        String line = ServerMain.StatusLine.format(12, t, inputs, 0, 12_300, 456_000, 0.4567, 0.3, 38.25);
        assertEquals("players 12 | tick 59.9/60 Hz | duration p50 0.12ms p99 0.45ms max 1.50ms"
                + " | lateness p99 0.03ms | overruns 2 skipped 3 | in 12.3kB/s out 456.0kB/s"
                + " | inputs repeated 4 late 1 rejected 11 (5 far-future) queue-full 0 (redundant copies 2) | phases p99 in 0.02ms sim 0.20ms repl 0.15ms"
                + " | cpu 0.457 cores (tick thread 0.300) 38.3us/client-tick", line);
        String unknown = ServerMain.StatusLine.format(0, t, inputs, 0, 0, 0, -1, -1, -1);
        assertTrue(unknown.endsWith(" | cpu n/a"), unknown);
        String empty = ServerMain.StatusLine.format(0, t, inputs, 0, 0, 0, 0.0125, 0.001, -1);
        assertTrue(empty.endsWith(" | cpu 0.013 cores (tick thread 0.001)"), "no client, no per-client figure: " + empty);
        String noThreadClock = ServerMain.StatusLine.format(1, t, inputs, 0, 0, 0, 0.5, -1, 20);
        assertTrue(noThreadClock.endsWith(" | cpu 0.500 cores 20.0us/client-tick"), noThreadClock);
        TickStatsSnapshot measured = snapshot(50, 310, 20, 10);
        String withOffCpu = ServerMain.StatusLine.format(12, measured, inputs, 0, 12_300, 456_000, 0.4567, 0.3, 38.25);
        assertTrue(withOffCpu.endsWith(" | cpu 0.457 cores (tick thread 0.300) 38.3us/client-tick | off-cpu p99 0.05ms max 0.31ms"
                + " | runqueue p99 wake 0.02ms tick 0.01ms"), withOffCpu);
        TickStatsSnapshot noSchedstat = snapshot(50, 310,
                TickStatsSnapshot.NOT_MEASURED, TickStatsSnapshot.NOT_MEASURED);
        assertTrue(ServerMain.StatusLine.format(12, noSchedstat, inputs, 0, 12_300, 456_000, 0.4567, 0.3, 38.25)
                .endsWith(" | off-cpu p99 0.05ms max 0.31ms"), "no run delay where the platform has none");
        assertEquals(" | send 4.3us/datagram", ServerMain.StatusLine.sends(4.25));
        assertEquals("", ServerMain.StatusLine.sends(-1), "nothing sent in the interval: no figure");
    }

    /** Cumulative replication counters with these values. */
    private static ReplicationCounters counters(long packets, long changes, long shared, long codings, long deferred) {
        ReplicationCounters c = ReplicationCounters.zero();
        c.packets = packets;
        c.codedChanges = changes;
        c.sharedCodings = shared;
        c.codings = codings;
        c.deferredPackets = deferred;
        return c;
    }

    @Test
    void statusLineCarriesTheReplicationFiguresOfTheInterval() {
        var before = counters(1000, 50_000, 40_000, 10_000, 10);
        var after = counters(1000 + 600, 50_000 + 30_000, 40_000 + 28_311, 10_000 + 1_689, 10 + 3);
        assertEquals(" | repl shared 94.4% codings 2.8/packet deferred 0.5% shed 0.0%",
                ServerMain.StatusLine.replication(ReplicationFigures.between(before, after)));
        var shedding = counters(1000 + 600, 50_000 + 30_000, 40_000 + 28_311, 10_000 + 1_689, 10 + 3);
        shedding.shedPackets = 150; // 150 of the interval's 750 client-ticks left out by the deadline
        assertEquals(" | repl shared 94.4% codings 2.8/packet deferred 0.5% shed 20.0%",
                ServerMain.StatusLine.replication(ReplicationFigures.between(before, shedding)));

        var idle = counters(1600, 80_000, 68_311, 11_689, 13);
        assertEquals("", ServerMain.StatusLine.replication(ReplicationFigures.between(after, idle)),
                "nothing written in the interval: no figure");
        var noChanges = counters(1660, 80_000, 68_311, 11_689, 13);
        assertEquals(" | repl shared n/a codings 0.0/packet deferred 0.0% shed 0.0%", ServerMain.StatusLine.replication(
                ReplicationFigures.between(after, noChanges)),
                "packets but no changed entity (a still world): the share is unknown, the rest is known");
        assertEquals("", ServerMain.StatusLine.replication(ReplicationFigures.NONE),
                "a replication without counters adds nothing");
        assertEquals(ReplicationFigures.NONE, ReplicationFigures.between(after, ReplicationCounters.zero()),
                "counters reset in between: unknown");
    }

    @Test
    void aHostedSessionsLineCarriesItsOwnTrafficAndSaysWhenItsTickThreadIsShared() {
        TickStatsSnapshot t = snapshot(TickStatsSnapshot.NOT_MEASURED, TickStatsSnapshot.NOT_MEASURED,
                TickStatsSnapshot.NOT_MEASURED, TickStatsSnapshot.NOT_MEASURED);
        final io.tickforge.server.session.GameSession session = io.tickforge.server.session.ArenaSessions.session(
                io.tickforge.server.session.SessionConfig.of(3, 60, 8, 0),
                new io.tickforge.server.session.FixedSizeReplication(100));
        final io.tickforge.shared.protocol.ServerStats stats = new io.tickforge.shared.protocol.ServerStats();
        stats.bytesInPerSecond = 8_200;
        stats.bytesOutPerSecond = 42_400;
        stats.tickThreadCpuCores = 0.2114;
        final String prefix = "session 3 (arena): players 0 | tick 59.9/60 Hz | duration p50 0.12ms p99 0.45ms max 1.50ms"
                + " | lateness p99 0.03ms | overruns 2 skipped 3 | in 8.2kB/s out 42.4kB/s";
        assertEquals(prefix + " | shared tick thread 0.211 cores",
                ServerMain.StatusLine.sessionLine(session, "arena", t, stats, true));
        assertEquals(prefix + " | tick thread 0.211 cores",
                ServerMain.StatusLine.sessionLine(session, "arena", t, stats, false), "its own thread: its own figure");
        stats.tickThreadCpuCores = io.tickforge.shared.protocol.ServerStats.UNKNOWN;
        stats.bytesInPerSecond = 0;
        stats.bytesOutPerSecond = 999;
        assertTrue(ServerMain.StatusLine.sessionLine(session, "arena", t, stats, true)
                .endsWith(" | in 0B/s out 999B/s | shared tick thread n/a"));
    }

    @Test
    void timesTakeSecondsOrAUnit() {
        ServerMain.Seconds seconds = new ServerMain.Seconds();
        assertEquals(90L, seconds.convert("90"));
        assertEquals(90L, seconds.convert("90s"));
        assertEquals(120L, seconds.convert("2m"));
        assertEquals(3600L, seconds.convert("1h"));
        assertThrows(CommandLine.TypeConversionException.class, () -> seconds.convert("-1"));
        assertThrows(CommandLine.TypeConversionException.class, () -> seconds.convert("soon"));
    }

    @Test
    @Timeout(30)
    void aTakenTcpPortIsOneLineWithTheWayOut() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            String err = runExpectingPortError("--tcp-port", Integer.toString(taken.getLocalPort()), "--udp-port", "0");
            assertEquals("cannot start: TCP port " + taken.getLocalPort() + " on 127.0.0.1 is already in use"
                    + " (another Tickforge server?); choose another with --tcp-port N or TICKFORGE_TCP_PORT=N"
                    + " (0 = any free port)", err);
        }
    }

    @Test
    @Timeout(30)
    void aTakenUdpPortIsOneLineWithTheWayOut() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            String err = runExpectingPortError("--tcp-port", "0", "--udp-port", Integer.toString(taken.getLocalPort()));
            assertEquals("cannot start: UDP port " + taken.getLocalPort() + " on 127.0.0.1 is already in use"
                    + " (another Tickforge server?); choose another with --udp-port N or TICKFORGE_UDP_PORT=N"
                    + " (0 = any free port)", err);
        }
    }

    @Test
    @Timeout(30)
    void aBindAddressThatIsNoHostIsAUsageErrorInOneLine() {
        String[] args = {"--bind", "no-such-host.invalid", "--tcp-port", "0", "--udp-port", "0", "--npcs", "0"};
        CommandLine cli = ServerMain.commandLine(args, Map.of());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(2, cli.execute(args));
        assertEquals("cannot start: --bind no-such-host.invalid is not an address or a known host name"
                + " (try 0.0.0.0 for every interface, or 127.0.0.1)", err.toString().strip());
    }

    @Test
    void warmupIsOffByDefaultAndTakesATime() {
        String[] none = {};
        CommandLine cli = ServerMain.commandLine(none, Map.of());
        cli.parseArgs(none);
        assertEquals(0, ((ServerMain) cli.getCommand()).warmupS, "off unless asked for");
        String[] args = {"--warmup", "45s"};
        cli = ServerMain.commandLine(args, Map.of("TICKFORGE_WARMUP", "30s"));
        cli.parseArgs(args);
        assertEquals(45, ((ServerMain) cli.getCommand()).warmupS, "flag beats environment");
        cli = ServerMain.commandLine(none, Map.of("TICKFORGE_WARMUP", "30s"));
        cli.parseArgs(none);
        assertEquals(30, ((ServerMain) cli.getCommand()).warmupS, "as the Agones manifests set it");
    }

    @Test
    @Timeout(60)
    void warmsUpThenOpensAndLeavesNoWarmupThreadBehind() {
        String[] args = {"--bind", "127.0.0.1", "--tcp-port", "0", "--udp-port", "0", "--npcs", "50", "--max-players", "8",
                "--replication-threads", "1", "--warmup", "2", "--duration", "1", "--drain-timeout", "1"};
        CommandLine cli = ServerMain.commandLine(args, Map.of());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        final long start = System.nanoTime();
        assertEquals(0, cli.execute(args), err.toString());
        // At least the warm-up's settling second (or its 2 s limit) and the 1 s session.
        assertTrue(System.nanoTime() - start >= 2_000_000_000L, "the warm-up ran before the session");
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            assertFalse(t.isAlive() && (t.getName().startsWith("tickforge-replication-") || t.getName().startsWith("tick-session-")),
                    "left running: " + t.getName());
        }
    }

    @Test
    @Timeout(60)
    void manySessionsWarmUpEachGameBeforeOpening() {
        String[] args = {"--bind", "127.0.0.1", "--tcp-port", "0", "--udp-port", "0", "--npcs", "20", "--max-sessions", "2",
                "--games", "arena,zone", "--max-players", "4", "--empty-session-timeout", "500ms", "--warmup", "1",
                "--duration", "1", "--drain-timeout", "1"};
        CommandLine cli = ServerMain.commandLine(args, Map.of());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        final long start = System.nanoTime();
        assertEquals(0, cli.execute(args), err.toString());
        // Two games, each warmed up for up to its 1 s limit (or until settled, a second at least), then 1 s open.
        assertTrue(System.nanoTime() - start >= 2_000_000_000L, "both games warmed up before the server ran");
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            assertFalse(t.isAlive() && t.getName().startsWith("tickforge-replication-"), "left running: " + t.getName());
        }
    }

    @Test
    @Timeout(60)
    void manySessionsRunAndStopCleanly() {
        String[] args = {"--bind", "127.0.0.1", "--tcp-port", "0", "--udp-port", "0", "--npcs", "0", "--max-sessions", "3",
                "--empty-session-timeout", "500ms", "--replication-threads", "0", "--duration", "2", "--drain-timeout", "1"};
        CommandLine cli = ServerMain.commandLine(args, Map.of());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(0, cli.execute(args), err.toString());
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            assertFalse(t.isAlive() && (t.getName().startsWith("tick-session-") || t.getName().startsWith("tick-sched-")
                            || t.getName().equals("tickforge-sessions")),
                    "left running: " + t.getName());
        }
    }

    @Test
    @Timeout(60)
    void manySessionsEachRecordTheirOwnLog(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String[] args = {"--bind", "127.0.0.1", "--tcp-port", "0", "--udp-port", "0", "--npcs", "0", "--max-sessions", "3",
                "--empty-session-timeout", "500ms", "--replication-threads", "0", "--duration", "2", "--drain-timeout", "1",
                "--record", dir.toString()};
        CommandLine cli = ServerMain.commandLine(args, Map.of());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(0, cli.execute(args), err.toString());
        // The first session starts with the server; its log is closed when it ends.
        final java.util.List<java.nio.file.Path> logs;
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
            logs = files.filter(f -> f.getFileName().toString().startsWith("session-1-")).toList();
        }
        assertEquals(1, logs.size(), "session 1's log in " + dir);
        final byte[] bytes = java.nio.file.Files.readAllBytes(logs.get(0));
        assertTrue(bytes.length > 8 && new String(bytes, 0, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("TFRL"),
                "a replay log: " + bytes.length + " bytes");
    }

    /** Runs the server against a taken port; returns stderr, which must be exactly one line. */
    private static String runExpectingPortError(String... ports) {
        String[] args = new String[ports.length + 6];
        System.arraycopy(ports, 0, args, 0, ports.length);
        System.arraycopy(new String[] {"--bind", "127.0.0.1", "--npcs", "0", "--duration", "1"}, 0, args, ports.length, 6);
        CommandLine cli = ServerMain.commandLine(args, Map.of());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(StartupError.EXIT_PORT_IN_USE, cli.execute(args));
        String text = err.toString();
        assertEquals(1, text.lines().count(), "one line, no stack trace:\n" + text);
        return text.strip();
    }
}
