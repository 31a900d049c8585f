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

/** --list-games, --game, --game-option, the [game] config section and the --npcs alias. */
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
}
