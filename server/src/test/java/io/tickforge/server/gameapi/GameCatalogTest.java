package io.tickforge.server.gameapi;

import io.tickforge.server.game.ArenaGame;
import io.tickforge.server.game.ArenaGameProvider;
import io.tickforge.server.game.zone.ZoneGame;
import io.tickforge.server.game.zone.ZoneGameProvider;
import io.tickforge.shared.game.zone.ZoneSchemas;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GameCatalogTest {
    /** A provider with a given name and no options, for catalog rules. */
    private static GameProvider named(String name) {
        return new GameProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return "the " + name + " test game";
            }

            @Override
            public List<GameOption> options() {
                return List.of();
            }

            @Override
            public Game create(GameSetup setup) {
                return new RecordingGame(setup.maxPlayers(), "x");
            }
        };
    }

    @Test
    void serviceLoaderFindsTheArenaAsTheDefaultGame() {
        GameCatalog catalog = GameCatalog.load();
        assertEquals(List.of("arena", "zone"), catalog.names(), "main registers the arena and the zone game");
        GameProvider arena = catalog.find(GameCatalog.DEFAULT_GAME);
        assertInstanceOf(ArenaGameProvider.class, arena);
        GameOptions options = GameOptions.resolve(arena, Map.of());
        assertEquals(1000, options.intValue("npcs"), "the arena's default NPCs");
        Game game = arena.create(new GameSetup(1, 60, 8, GameOptions.resolve(arena, Map.of("npcs", "3"))));
        ArenaGame arenaGame = assertInstanceOf(ArenaGame.class, game);
        assertEquals(3, arenaGame.world().npcCount());
        assertEquals(8 + 3, game.describe().maxEntities(), "every slot plus every NPC");
        assertEquals(256.0, game.describe().worldSizeM());
    }

    @Test
    void serviceLoaderFindsTheZoneGameWithItsOptionsChecked() {
        GameCatalog catalog = GameCatalog.load();
        GameProvider zone = catalog.find("zone");
        assertInstanceOf(ZoneGameProvider.class, zone);
        GameOptions defaults = GameOptions.resolve(zone, Map.of());
        assertEquals(4, defaults.intValue("zones"));
        assertEquals(8, defaults.intValue("items"));
        Game game = zone.create(new GameSetup(1, 60, 8, GameOptions.resolve(zone, Map.of("zones", "2", "items", "5"))));
        ZoneGame zoneGame = assertInstanceOf(ZoneGame.class, game);
        assertEquals(2, zoneGame.zoneCount());
        assertEquals(5, zoneGame.itemCount());
        assertEquals(8 + 2 + 5, game.describe().maxEntities(), "every slot, zone and item");
        assertEquals(ZoneSchemas.ENTITY, game.describe().entitySchema());
        assertEquals(3, game.describe().entityLayout().dims);
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> GameOptions.resolve(zone, Map.of("zones", "9")));
        assertTrue(tooMany.getMessage().contains("zones"), tooMany.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GameOptions.resolve(zone, Map.of("items", "16")));
        assertThrows(IllegalArgumentException.class, () -> GameOptions.resolve(zone, Map.of("zones", "0")));
    }

    @Test
    void anUnknownGameNamesTheAvailableOnes() {
        GameCatalog catalog = GameCatalog.of(List.of(named("zeta"), new ArenaGameProvider()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> catalog.find("chess"));
        assertEquals("unknown game 'chess'; available: arena, zeta (--list-games)", e.getMessage());
    }

    @Test
    void listingIsOneLinePerGameNameFirstSortedByName() {
        GameCatalog catalog = GameCatalog.of(List.of(named("zeta"), new ArenaGameProvider()));
        List<String> lines = catalog.listing();
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("arena  Top-down arena shooter"), lines.get(0));
        assertTrue(lines.get(0).contains("options: npcs=1000 (integer 0..65536)"), lines.get(0));
        assertEquals("zeta   the zeta test game", lines.get(1));
    }

    @Test
    void duplicateAndInvalidNamesAreRefused() {
        IllegalStateException twice = assertThrows(IllegalStateException.class,
                () -> GameCatalog.of(List.of(named("arena"), new ArenaGameProvider())));
        assertTrue(twice.getMessage().startsWith("two games are named 'arena'"), twice.getMessage());
        IllegalStateException bad = assertThrows(IllegalStateException.class, () -> GameCatalog.of(List.of(named("Big Game"))));
        assertTrue(bad.getMessage().contains("invalid name 'Big Game'"), bad.getMessage());
    }
}
