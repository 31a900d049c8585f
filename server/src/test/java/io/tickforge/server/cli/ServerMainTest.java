package io.tickforge.server.cli;

import io.tickforge.server.input.InputCounters;
import io.tickforge.server.tick.TickStatsSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
                "--max-players", "--packet-budget", "--interest-radius", "--duration", "--status-interval",
                "--join-token", "--token-secret", "--public-address", "--config", "Precedence"}) {
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
        assertEquals(64.0, main.interestRadiusM, "default");
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
                {"--packet-budget", "100"}}) {
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
    void statusLineCarriesTheFigures() {
        TickStatsSnapshot t = new TickStatsSnapshot(60, 59.9, 1_000_000_000L, 600, 2, 3, 0,
                120, 450, 900, 1500, 5, 30, 80,
                new long[] {10, 100, 10}, new long[] {20, 200, 150}, new long[] {30, 300, 400});
        InputCounters inputs = new InputCounters();
        inputs.missingRepeated = 4;
        inputs.late = 1;
        inputs.duplicate = 2;
        inputs.farFuture = 5;
        inputs.invalidMove = 6;
        String line = ServerMain.StatusLine.format(12, t, inputs, 0, 12_300, 456_000);
        assertEquals("players 12 | tick 59.9/60 Hz | duration p50 0.12ms p99 0.45ms max 1.50ms"
                + " | lateness p99 0.03ms | overruns 2 skipped 3 | in 12.3kB/s out 456.0kB/s"
                + " | inputs repeated 4 late 1 rejected 11 queue-full 0 (redundant copies 2) | phases p99 in 0.02ms sim 0.20ms repl 0.15ms", line);
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
}
