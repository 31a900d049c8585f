package io.tickforge.client.cli;

import io.tickforge.client.bot.BotGames;
import io.tickforge.client.load.LoadConfig;
import io.tickforge.shared.game.zone.ZoneSchemas;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code --game} and {@code --list-games}: the bots play the arena by default, take their games and
 * behaviours from the {@code BotGame}s on the class path (here the arena, the zone game, and the
 * tutorial's tag from the test resources), and refuse a game or behaviour they do not have.
 */
class BotsGameOptionTest {
    private static LoadConfig resolve(String... args) {
        final BotsMain main = new BotsMain();
        new CommandLine(main).parseArgs(args);
        return main.resolve();
    }

    @Test
    void theArenaIsTheDefaultAndItsBehavioursAreChosenByName() {
        assertEquals(List.of("wander"), resolve().behaviours(), "the arena's default behaviour");
        assertEquals(List.of("chase", "idle"), resolve("--game", "arena", "--behaviours", "chase,idle").behaviours());
        assertEquals(List.of("strafe", "strafe", "flood"),
                resolve("--behaviours", "strafe-and-shoot, STRAFE ,flood").behaviours(), "aliases, case and blanks");
    }

    @Test
    void theZoneGameHasItsOwnBotsAndSchemas() {
        assertEquals(List.of("capture"), resolve("--game", "zone").behaviours(), "the zone game's default behaviour");
        assertEquals("zone", resolve("--game", "zone").game());
        assertEquals(List.of("capture", "idle"), resolve("--game", "zone", "--behaviours", "capture,idle").behaviours());
        IllegalArgumentException arenaBot = assertThrows(IllegalArgumentException.class,
                () -> resolve("--game", "zone", "--behaviours", "chase"));
        assertEquals("game 'zone' has no bot behaviour 'chase'; it has: capture, idle", arenaBot.getMessage());
        IllegalArgumentException zoneBot = assertThrows(IllegalArgumentException.class,
                () -> resolve("--game", "arena", "--behaviours", "capture"));
        assertEquals("game 'arena' has no bot behaviour 'capture'; it has: wander, chase, strafe, flood, idle",
                zoneBot.getMessage());
        assertEquals(ZoneSchemas.ENTITY, BotGames.installed().entitySchema("zone"));
        assertEquals(ZoneSchemas.INPUT, BotGames.installed().inputSchema("zone"));
        assertEquals(3, BotGames.installed().entityLayout("zone").dims);
    }

    @Test
    void aGameFromAnotherJarIsPlayedByName() {
        final LoadConfig tag = resolve("--game", "tag");
        assertEquals("tag", tag.game());
        assertEquals(List.of("tagger"), tag.behaviours(), "tag's default, from the tutorial's TagBotGame");
        assertEquals(List.of("tagger", "idle"), resolve("--game", "tag", "--behaviours", "tagger,idle").behaviours(),
                "every game gets idle");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> resolve("--game", "tag", "--behaviours", "wander"));
        assertEquals("game 'tag' has no bot behaviour 'wander'; it has: tagger, idle", e.getMessage());
    }

    @Test
    void aGameWithoutBotsIsAClearUsageError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> resolve("--game", "chess"));
        assertEquals("no bots for game 'chess'; the bots can play: arena, tag, zone (--list-games)", e.getMessage());

        final StringWriter err = new StringWriter();
        final CommandLine cli = new CommandLine(new BotsMain());
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("--game", "chess"));
        assertEquals("tickforge-bots: no bots for game 'chess'; the bots can play: arena, tag, zone (--list-games)",
                err.toString().strip());
    }

    @Test
    void anUnknownBehaviourIsAUsageErrorNamingGameAndBehaviour() {
        final StringWriter err = new StringWriter();
        final CommandLine cli = new CommandLine(new BotsMain());
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("--game", "zone", "--behaviours", "capture,dance"));
        assertEquals("tickforge-bots: game 'zone' has no bot behaviour 'dance'; it has: capture, idle", err.toString().strip());
    }

    @Test
    void listGamesPrintsOneLinePerGameWithItsBehavioursAndExits() {
        final StringWriter out = new StringWriter();
        final CommandLine cli = new CommandLine(new BotsMain());
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("--list-games"));
        assertEquals(List.of(
                "arena  wander (default), chase, strafe (alias strafe-and-shoot, strafeandshoot), flood, idle",
                "tag    tagger (default), idle",
                "zone   capture (default), idle"), out.toString().lines().toList());
    }
}
