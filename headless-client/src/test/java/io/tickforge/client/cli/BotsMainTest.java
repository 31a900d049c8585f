package io.tickforge.client.cli;

import io.tickforge.client.load.LoadConfig;
import io.tickforge.client.load.LoadRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BotsMainTest {

    private static LoadConfig resolve(String... args) {
        final BotsMain main = new BotsMain();
        new CommandLine(main).parseArgs(args);
        return main.resolve();
    }

    @Test
    void helpListsTheDocumentedOptions() {
        final StringWriter text = new StringWriter();
        final CommandLine cli = new CommandLine(new BotsMain());
        cli.setOut(new PrintWriter(text));
        assertEquals(0, cli.execute("--help"));
        for (String option : new String[] {"--host", "--tcp-port", "--udp-port", "--bots", "--duration", "--warmup",
                "--ramp", "--seed", "--profile", "--loss", "--latency", "--jitter", "--duplicate", "--reorder",
                "--report-json", "--max-tick-p99-ms", "--max-decode-failures", "--min-connected", "--chaos-disconnect",
                "--game", "--behaviours", "--list-games"}) {
            assertTrue(text.toString().contains(option), option);
        }
    }

    @Test
    void sessionIsAnyByDefaultOrAnId() {
        assertEquals(0, resolve().sessionId(), "any");
        assertEquals(0, resolve("--session", "any").sessionId());
        assertEquals(0, resolve("--session", "ANY").sessionId());
        assertEquals(7, resolve("--session", "7").sessionId());
        assertEquals("arena", resolve().game(), "the Hello names the bots' game");
        for (String bad : new String[] {"0", "-1", "x", "99999999999", ""}) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> resolve("--session", bad), bad);
        }
    }

    @Test
    void connectTokenOptionsAreCheckedBeforeAnyBotStarts(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path secret = dir.resolve("secret");
        io.tickforge.shared.token.TokenSecret.generate(new java.security.SecureRandom()).write(secret);
        java.nio.file.Path token = dir.resolve("player.token");
        new io.tickforge.shared.token.ConnectTokenMinter(io.tickforge.shared.token.TokenSecret.read(secret),
                new java.security.SecureRandom()).mint(new io.tickforge.shared.token.TokenClaims(1, 0, 4_000_000_000L,
                "127.0.0.1:7777", null)).write(token);

        assertEquals(1, resolve("--bots", "1", "--connect-token", token.toString()).connectTokens().capacity());
        assertTrue(resolve("--bots", "5", "--token-secret", secret.toString()).connectTokens().tokenFor(4).sealed().length > 0);
        assertNull(resolve().connectTokens());
        for (String[] bad : new String[][] {
                {"--bots", "2", "--connect-token", token.toString()},
                {"--connect-token", token.toString(), "--token-secret", secret.toString()},
                {"--token-server", "h:1"},
                {"--token-secret", secret.toString(), "--token-server", "no-port"},
                {"--bots", "1", "--connect-token", dir.resolve("missing").toString()}}) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> resolve(bad),
                    String.join(" ", bad));
        }
    }

    @Test
    void profilesSetTheRunAndFlagsOverrideThem() {
        final LoadConfig smoke = resolve();
        assertEquals("smoke", smoke.profile());
        assertEquals(8, smoke.bots());
        assertEquals(10.0, smoke.durationS());
        assertNull(smoke.network(), "smoke runs on a clean network");
        assertEquals("127.0.0.1", smoke.host());
        assertEquals(7777, smoke.tcpPort());
        assertEquals(7778, smoke.udpPort());
        assertEquals(List.of("wander"), smoke.behaviours());

        final LoadConfig lossy = resolve("--profile", "lossy");
        assertEquals(64, lossy.bots());
        assertEquals(5.0, lossy.network().lossPercent);
        assertEquals(50.0, lossy.network().latencyMs);
        assertEquals(10.0, lossy.network().jitterMs);
        assertEquals(1.0, lossy.network().duplicatePercent);
        assertTrue(lossy.network().reorderPercent > 0);

        final LoadConfig custom = resolve("--profile", "stress", "--bots", "3", "--duration", "90s", "--warmup",
                "500ms", "--loss", "2", "--behaviours", "idle,flood", "--min-connected", "3",
                "--max-tick-p99-ms", "4.5");
        assertEquals(3, custom.bots());
        assertEquals(90.0, custom.durationS());
        assertEquals(0.5, custom.warmupS());
        assertEquals(2.0, custom.network().lossPercent);
        assertEquals(0.0, custom.network().latencyMs, "stress has no latency; only the loss flag was given");
        assertEquals("flood", custom.behaviourOf(1));
        assertEquals("idle", custom.behaviourOf(2));
        assertEquals(3, custom.limits().minConnected);
        assertEquals(4.5, custom.limits().maxTickP99Ms);
    }

    @Test
    void badValuesAreUsageErrors() {
        final CommandLine cli = new CommandLine(new BotsMain());
        cli.setErr(new PrintWriter(new StringWriter()));
        assertEquals(2, cli.execute("--profile", "huge"));
        assertEquals(2, cli.execute("--loss", "150"));
        assertEquals(2, cli.execute("--duration", "soon"));
        assertEquals(2, cli.execute("--behaviours", "dance"));
        assertEquals(2, cli.execute("--chaos-disconnect", "often"));
        assertEquals(2, cli.execute("--chaos-disconnect", "100ms"));
    }

    @Test
    void chaosDisconnectTakesTheSharedDurationSyntaxAndIsOffByDefault() {
        assertEquals(0.0, resolve().chaosDisconnectMeanS());
        assertEquals(20.0, resolve("--chaos-disconnect", "20s").chaosDisconnectMeanS());
        assertEquals(90.0, resolve("--chaos-disconnect", "1.5m").chaosDisconnectMeanS());
    }

    @Test
    @Timeout(30)
    void noServerMeansExitThreeWithoutWaitingOutTheRun() throws Exception {
        final int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        final BotsMain main = new BotsMain();
        new CommandLine(main).parseArgs("--tcp-port", String.valueOf(port), "--udp-port", String.valueOf(port),
                "--bots", "2", "--warmup", "0", "--ramp", "0", "--duration", "60s", "--progress-interval", "60s");
        final LoadRunner runner = new LoadRunner(main.resolve(), new java.io.PrintStream(
                java.io.OutputStream.nullOutputStream()));
        final long start = System.nanoTime();
        assertEquals(LoadRunner.EXIT_NO_BOT_JOINED, runner.run());
        assertTrue(System.nanoTime() - start < 20_000_000_000L, "stopped early instead of running 60 s");
        assertEquals(2, runner.figures().failedToJoin);
    }
}
