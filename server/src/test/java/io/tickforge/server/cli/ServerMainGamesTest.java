package io.tickforge.server.cli;

import io.tickforge.server.game.ArenaGameProvider;
import io.tickforge.server.gameapi.Game;
import io.tickforge.server.gameapi.GameCatalog;
import io.tickforge.server.gameapi.GameOption;
import io.tickforge.server.gameapi.GameProvider;
import io.tickforge.server.gameapi.GameSetup;
import io.tickforge.server.gameapi.RecordingGame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --list-games, --game, --games, --game-option (GAME:KEY=VALUE too), the [game] and [game NAME] config sections and the --npcs alias. */
class ServerMainGamesTest {
    @TempDir
    Path dir;

    /** A second game with one option, so that listings and choices are not the arena's alone. */
    static final class DuelProvider implements GameProvider {
        @Override
        public String name() {
            return "duel";
        }

        @Override
        public String description() {
            return "two players, one arena";
        }

        @Override
        public List<GameOption> options() {
            return List.of(GameOption.integer("rounds", 3, 1, 9, "rounds to win"));
        }

        @Override
        public Game create(GameSetup setup) {
            return new RecordingGame(setup.maxPlayers(), "x");
        }
    }

    private static final GameCatalog TWO_GAMES = GameCatalog.of(List.of(new ArenaGameProvider(), new DuelProvider()));

    /** Runs the command line; returns the exit code, with stdout and stderr in out[0], out[1]. */
    private static int run(GameCatalog catalog, String[] out, String... args) {
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        CommandLine cli = ServerMain.commandLine(args, Map.of(), catalog);
        cli.setOut(new PrintWriter(stdout));
        cli.setErr(new PrintWriter(stderr));
        int code = cli.execute(args);
        out[0] = stdout.toString();
        out[1] = stderr.toString();
        return code;
    }

    @Test
    void listGamesPrintsOneLinePerGameNameFirstAndExits() {
        String[] out = new String[2];
        assertEquals(0, run(null, out, "--list-games"));
        List<String> lines = out[0].lines().toList();
        assertEquals(2, lines.size(), out[0]);
        assertTrue(lines.get(0).startsWith("arena  Top-down arena shooter"), lines.get(0));
        assertTrue(lines.get(0).endsWith("; options: npcs=1000 (integer 0..65536)"), lines.get(0));
        assertTrue(lines.get(1).startsWith("zone   3D zone control"), lines.get(1));
        assertTrue(lines.get(1).endsWith("; options: zones=4 (integer 1..8), items=8 (integer 0..15)"), lines.get(1));

        assertEquals(0, run(TWO_GAMES, out, "--list-games"));
        List<String> two = out[0].lines().toList();
        assertEquals(2, two.size(), out[0]);
        assertTrue(two.get(0).startsWith("arena "));
        assertEquals("duel   two players, one arena; options: rounds=3 (integer 1..9)", two.get(1));
        assertEquals("", out[1]);
    }

    @Test
    void anUnknownGameIsAUsageErrorThatListsTheGames() {
        String[] out = new String[2];
        assertEquals(2, run(TWO_GAMES, out, "--game", "chess", "--tcp-port", "0", "--udp-port", "0"));
        assertEquals("unknown game 'chess'; available: arena, duel (--list-games)", out[1].strip());
    }

    @Test
    void unknownAndInvalidGameOptionsAreUsageErrors() {
        String[] out = new String[2];
        assertEquals(2, run(null, out, "--game-option", "bots=3", "--tcp-port", "0", "--udp-port", "0"));
        assertEquals("game 'arena' has no option 'bots' (its options: npcs)", out[1].strip());
        assertEquals(2, run(null, out, "--game-option", "npcs=many", "--tcp-port", "0", "--udp-port", "0"));
        assertEquals("game 'arena' option npcs: 'many' is not an integer 0..65536", out[1].strip());
        assertEquals(2, run(null, out, "--npcs", "-4", "--tcp-port", "0", "--udp-port", "0"));
        assertEquals("game 'arena' option npcs: '-4' is not an integer 0..65536", out[1].strip(), "--npcs is checked as the option");
        assertEquals(2, run(TWO_GAMES, out, "--game", "duel", "--npcs", "5", "--tcp-port", "0", "--udp-port", "0"));
        assertEquals("game 'duel' has no option 'npcs' (its options: rounds)", out[1].strip(), "--npcs is the arena's");
        assertEquals(2, run(null, out, "--npcs", "5", "--game-option", "npcs=6", "--tcp-port", "0", "--udp-port", "0"));
        assertEquals("--npcs is an alias of --game-option npcs=N: give the NPC count once", out[1].strip());
    }

    @Test
    void gameOptionsComeFromFlagsThenTheGameSectionOfTheConfigFile() throws Exception {
        Path file = dir.resolve("server.properties");
        Files.writeString(file, "tick-rate=30\n\n[game]\nrounds=5\nmode = fast\n");
        String[] args = {"--config", file.toString(), "--game", "duel", "--game-option", "mode=slow"};
        CommandLine cli = ServerMain.commandLine(args, Map.of(), TWO_GAMES);
        cli.parseArgs(args);
        ServerMain main = cli.getCommand();
        assertEquals(30, main.tickRateHz, "the server part is read as before");
        assertEquals(Map.of("rounds", "5", "mode", "slow"), main.gameOptionValues(), "flag beats the [game] section");
    }

    @Test
    void npcsIsTheArenasOptionFromFlagEnvironmentOrFile() throws Exception {
        String[] args = {"--npcs", "12"};
        CommandLine cli = ServerMain.commandLine(args, Map.of());
        cli.parseArgs(args);
        assertEquals(Map.of("npcs", "12"), ((ServerMain) cli.getCommand()).gameOptionValues());

        Path file = dir.resolve("npcs.properties");
        Files.writeString(file, "npcs=5\n[game]\nnpcs=3\n");
        String[] fileArgs = {"--config", file.toString()};
        CommandLine fromFile = ServerMain.commandLine(fileArgs, Map.of("TICKFORGE_NPCS", "7"));
        fromFile.parseArgs(fileArgs);
        assertEquals(Map.of("npcs", "7"), ((ServerMain) fromFile.getCommand()).gameOptionValues(),
                "the alias (here from the environment) beats the [game] section");

        String[] none = {};
        CommandLine defaults = ServerMain.commandLine(none, Map.of());
        defaults.parseArgs(none);
        assertEquals(Map.of(), ((ServerMain) defaults.getCommand()).gameOptionValues(), "the game's default applies");
    }

    @Test
    void anUnknownConfigSectionIsAnError() throws Exception {
        Path file = dir.resolve("sections.properties");
        Files.writeString(file, "tick-rate=30\n[server]\nnpcs=3\n");
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> ServerMain.commandLine(new String[] {"--config", file.toString()}, Map.of()));
        assertTrue(e.getMessage().startsWith("unknown section [server] in "), e.getMessage());
    }

    @Test
    void gamesIsCheckedBeforeAnythingStarts() {
        String[] out = new String[2];
        final String[] ports = {"--bind", "127.0.0.1", "--tcp-port", "0", "--udp-port", "0", "--duration", "1"};
        assertEquals(2, run(null, out, concat(ports, "--games", "arena,zone")));
        assertEquals("--games needs --max-sessions above 1 (sessions on demand): one session runs one game", out[1].strip());
        assertEquals(2, run(null, out, concat(ports, "--max-sessions", "4", "--games", "arena,chess")));
        assertEquals("unknown game 'chess'; available: arena, zone (--list-games)", out[1].strip());
        assertEquals(2, run(null, out, concat(ports, "--max-sessions", "4", "--games", "zone,arena,zone")));
        assertEquals("--games names game 'zone' twice", out[1].strip());
        assertEquals(2, run(null, out, concat(ports, "--max-sessions", "4", "--games", "zone", "--game", "arena")));
        assertEquals("--game arena is not one of --games zone: --game is the default game among them (for a Hello that"
                + " names none)", out[1].strip());
        // Every hosted game's options, by its own checks, naming the game.
        assertEquals(2, run(null, out, concat(ports, "--max-sessions", "4", "--games", "arena,zone",
                "--game-option", "zone:zones=99")));
        assertEquals("game 'zone' option zones: '99' is not an integer 1..8", out[1].strip());
        assertEquals(2, run(null, out, concat(ports, "--max-sessions", "4", "--games", "arena,zone",
                "--game-option", "zone:npcs=3")));
        assertEquals("game 'zone' has no option 'npcs' (its options: zones, items)", out[1].strip());
        assertEquals(2, run(null, out, concat(ports, "--max-sessions", "4", "--games", "arena,zone",
                "--game-option", "chess:depth=3")));
        assertEquals("--game-option chess:depth=3 names game 'chess', which this server does not host (hosted: arena,"
                + " zone; see --games)", out[1].strip());
        assertEquals(2, run(null, out, concat(ports, "--max-sessions", "4", "--games", "arena,zone",
                "--game-option", ":zones=3")));
        assertTrue(out[1].strip().startsWith("--game-option :zones=3: write GAME:KEY=VALUE"), out[1]);
        // Without --games, a prefix naming another game is refused too (one game is hosted).
        assertEquals(2, run(null, out, concat(ports, "--game-option", "zone:zones=3")));
        assertTrue(out[1].strip().startsWith("--game-option zone:zones=3 names game 'zone', which this server does not host"),
                out[1]);
        // Each game's first session starts with the server: --max-sessions must leave room for them.
        final GameCatalog three = GameCatalog.of(List.of(new ArenaGameProvider(),
                new io.tickforge.server.game.zone.ZoneGameProvider(), new DuelProvider()));
        assertEquals(2, run(three, out, concat(ports, "--max-sessions", "2", "--games", "arena,zone", "--games", "duel")));
        assertEquals("cannot start: max sessions 2 is below the 3 hosted games (each starts its first session with the"
                + " server)", out[1].strip());
    }

    @Test
    void eachHostedGameHasItsOwnOptionsFromPrefixedFlagsAndItsConfigSection() throws Exception {
        Path file = dir.resolve("games.properties");
        Files.writeString(file, "max-sessions=4\ngames=arena,zone\n[game]\nnpcs=3\n[game zone]\nzones=2\nitems=5\n");
        String[] args = {"--config", file.toString(), "--game-option", "zone:items=7", "--game-option", "arena:npcs=4"};
        CommandLine cli = ServerMain.commandLine(args, Map.of());
        cli.parseArgs(args);
        ServerMain main = cli.getCommand();
        assertEquals(List.of("arena", "zone"), main.hostedGameNames(GameCatalog.load()));
        assertEquals("arena", main.defaultGame());
        assertEquals(Map.of("npcs", "4"), main.gameOptionValues("arena"), "arena: the prefixed flag beats [game]");
        assertEquals(Map.of("zones", "2", "items", "7"), main.gameOptionValues("zone"), "zone: flag beats [game zone]");

        // --game picks the default among --games; without it the first listed is the default.
        String[] zoneFirst = {"--max-sessions", "4", "--games", "zone,arena", "--game-option", "zones=3", "--npcs", "5"};
        CommandLine c2 = ServerMain.commandLine(zoneFirst, Map.of());
        c2.parseArgs(zoneFirst);
        ServerMain m2 = c2.getCommand();
        assertEquals(List.of("zone", "arena"), m2.hostedGameNames(GameCatalog.load()));
        assertEquals(Map.of("zones", "3"), m2.gameOptionValues("zone"), "unprefixed options are the default game's");
        assertEquals(Map.of("npcs", "5"), m2.gameOptionValues("arena"), "--npcs is the arena's wherever it is hosted");
        String[] arenaDefault = {"--max-sessions", "4", "--games", "zone,arena", "--game", "arena"};
        CommandLine c3 = ServerMain.commandLine(arenaDefault, Map.of());
        c3.parseArgs(arenaDefault);
        assertEquals(List.of("arena", "zone"), ((ServerMain) c3.getCommand()).hostedGameNames(GameCatalog.load()));
    }

    @Test
    void aConfigSectionForAGameNotHostedOrTwiceIsAnError() throws Exception {
        Path file = dir.resolve("twice.properties");
        Files.writeString(file, "[game zone]\nzones=2\n[game zone]\nitems=1\n");
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> ServerMain.commandLine(new String[] {"--config", file.toString()}, Map.of()));
        assertTrue(e.getMessage().startsWith("unknown section [game zone] in "), e.getMessage());
        Path other = dir.resolve("other.properties");
        Files.writeString(other, "[game zone]\nzones=2\n");
        String[] out = new String[2];
        assertEquals(2, run(null, out, "--config", other.toString(), "--bind", "127.0.0.1", "--tcp-port", "0",
                "--udp-port", "0", "--duration", "1"));
        assertTrue(out[1].strip().startsWith("the --config file's [game zone] section names a game this server does not"
                + " host"), out[1]);
    }

    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.Timeout(60)
    void aServerHostingTwoGamesStartsAndStopsAndEachSessionRecordsItsOwnGame() throws Exception {
        String[] out = new String[2];
        final Path logs = dir.resolve("logs");
        assertEquals(0, run(null, out, "--bind", "127.0.0.1", "--tcp-port", "0", "--udp-port", "0", "--duration", "1",
                "--drain-timeout", "1", "--max-sessions", "3", "--games", "arena,zone", "--npcs", "0",
                "--game-option", "zone:zones=2", "--replication-threads", "0", "--record", logs.toString()), out[1]);
        // Each game's first session started with the server (1: arena, the default; 2: zone), each logged its own game.
        for (String[] expected : new String[][] {{"session-1-", "arena"}, {"session-2-", "zone"}}) {
            final List<Path> files;
            try (java.util.stream.Stream<Path> all = Files.list(logs)) {
                files = all.filter(f -> f.getFileName().toString().startsWith(expected[0])).toList();
            }
            assertEquals(1, files.size(), expected[0] + " in " + logs);
            final String bytes = new String(Files.readAllBytes(files.get(0)), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertTrue(bytes.startsWith("TFRL") && bytes.contains(expected[1]), expected[0] + " records " + expected[1]);
        }
    }

    private static String[] concat(String[] a, String... b) {
        final String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
