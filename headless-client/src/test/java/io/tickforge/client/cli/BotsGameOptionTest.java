package io.tickforge.client.cli;

import io.tickforge.client.bot.BotGames;
import io.tickforge.client.bot.BotKind;
import io.tickforge.client.load.LoadConfig;
import io.tickforge.shared.game.zone.ZoneSchemas;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code --game}: the bots play the arena by default and refuse a game they have no behaviours for. */
class BotsGameOptionTest {
    private static LoadConfig resolve(String... args) {
        final BotsMain main = new BotsMain();
        new CommandLine(main).parseArgs(args);
        return main.resolve();
    }

    @Test
    void theArenaIsTheDefaultAndItsBehavioursAreChosenByName() {
        assertEquals(List.of(BotKind.WANDER), resolve().behaviours(), "the arena's default behaviour");
        assertEquals(List.of(BotKind.CHASE, BotKind.IDLE), resolve("--game", "arena", "--behaviours", "chase,idle").behaviours());
    }

    @Test
    void theZoneGameHasItsOwnBotsAndSchemas() {
        assertEquals(List.of(BotKind.CAPTURE), resolve("--game", "zone").behaviours(), "the zone game's default behaviour");
        assertEquals("zone", resolve("--game", "zone").game());
        assertEquals(List.of(BotKind.CAPTURE, BotKind.IDLE), resolve("--game", "zone", "--behaviours", "capture,idle").behaviours());
        IllegalArgumentException arenaBot = assertThrows(IllegalArgumentException.class,
                () -> resolve("--game", "zone", "--behaviours", "chase"));
        assertEquals("game 'zone' has no bot behaviour 'chase'", arenaBot.getMessage());
        IllegalArgumentException zoneBot = assertThrows(IllegalArgumentException.class,
                () -> resolve("--game", "arena", "--behaviours", "capture"));
        assertEquals("game 'arena' has no bot behaviour 'capture'", zoneBot.getMessage());
        assertEquals(ZoneSchemas.ENTITY, BotGames.entitySchema("zone"));
        assertEquals(ZoneSchemas.INPUT, BotGames.inputSchema("zone"));
        assertEquals(3, BotGames.entityLayout("zone").dims);
    }

    @Test
    void aGameWithoutBotsIsAClearUsageError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> resolve("--game", "chess"));
        assertEquals("no bots for game 'chess'; the bots can play: arena, zone", e.getMessage());

        final StringWriter err = new StringWriter();
        final CommandLine cli = new CommandLine(new BotsMain());
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("--game", "chess"));
        assertEquals("tickforge-bots: no bots for game 'chess'; the bots can play: arena, zone", err.toString().strip());
    }
}
