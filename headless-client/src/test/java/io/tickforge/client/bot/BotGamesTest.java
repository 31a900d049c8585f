package io.tickforge.client.bot;

import io.tickforge.client.PlayerInput;
import io.tickforge.shared.game.ArenaSchemas;
import io.tickforge.shared.world.EntityLayout;
import io.tickforge.shared.world.WorldSnapshot;
import io.tickforge.tutorial.TagBot;
import io.tickforge.tutorial.TagBotGame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bots' game catalog: the {@link BotGame}s {@link java.util.ServiceLoader} finds (the arena and
 * the zone game from the main resources, the tutorial's tag from the test resources) are the ones
 * used; games are checked; every game gets {@code idle}; behaviours decide without allocating.
 */
class BotGamesTest {
    private static final class Quiet extends BotGame {
        Quiet(String name, NamedBehaviour... behaviours) {
            super(name, ArenaSchemas.ENTITY, ArenaSchemas.INPUT, behaviours);
        }
    }

    @Test
    void theGamesOnTheClassPathAreFoundByServiceLoaderAndUsed() {
        final BotGames games = BotGames.installed();
        assertEquals(List.of("arena", "tag", "zone"), games.names());
        assertInstanceOf(TagBotGame.class, games.find("tag"), "the test resources' META-INF/services line");
        assertInstanceOf(TagBot.class, games.create("tag", "tagger", 1));
        assertEquals(List.of("tagger", "idle"), games.behaviourNames("tag"));
        assertInstanceOf(IdleBehaviour.class, games.create("tag", "IDLE", 1), "every game gets idle");
        assertEquals("tagger", games.defaultBehaviour("tag"));
        assertEquals(EntityLayout.of(io.tickforge.tutorial.TagSchemas.ENTITY).schema(), games.entityLayout("tag").schema());
        assertEquals(List.of("wander", "chase", "strafe", "flood", "idle"), games.behaviourNames("arena"));
        assertEquals(List.of("strafe", "wander"), games.behaviours("arena", List.of("strafe-and-shoot", " Wander ")));
    }

    @Test
    void unknownGamesAndBehavioursAreErrorsNamingWhatThereIs() {
        final BotGames games = BotGames.installed();
        assertEquals("no bots for game 'chess'; the bots can play: arena, tag, zone (--list-games)",
                assertThrows(IllegalArgumentException.class, () -> games.find("chess")).getMessage());
        assertEquals("game 'tag' has no bot behaviour 'wander'; it has: tagger, idle",
                assertThrows(IllegalArgumentException.class, () -> games.create("tag", "wander", 1)).getMessage());
        assertEquals("no bots for game 'tag'; the bots can play: none (no BotGame on the class path) (--list-games)",
                assertThrows(IllegalArgumentException.class, () -> BotGames.of(List.of()).find("tag")).getMessage());
    }

    @Test
    void gamesAreCheckedWhenConstructedAndLoaded(@TempDir Path dir) throws Exception {
        final NamedBehaviour still = NamedBehaviour.of("still", seed -> new IdleBehaviour(), "calm");
        assertThrows(IllegalArgumentException.class, () -> new Quiet("Chess", still));
        assertThrows(IllegalArgumentException.class, () -> new Quiet("chess"));
        assertEquals("bot game 'chess' has two behaviours named 'calm'", assertThrows(IllegalArgumentException.class,
                () -> new Quiet("chess", still, NamedBehaviour.of("calm", seed -> new IdleBehaviour()))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> NamedBehaviour.of("strafe and shoot", seed -> null));
        assertTrue(assertThrows(IllegalStateException.class, () -> BotGames.of(List.of(new Quiet("chess", still),
                new Quiet("chess", still)))).getMessage().startsWith("two bot games are named 'chess'"));

        final BotGame ownIdle = new Quiet("chess", still, NamedBehaviour.of("idle", seed -> new IdleBehaviour(), "nap"));
        assertEquals(List.of("still", "idle"), BotGames.of(List.of(ownIdle)).behaviourNames("chess"), "its own idle only");
        assertEquals(List.of("idle"), BotGames.of(List.of(ownIdle)).behaviours("chess", List.of("nap")));

        final Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(BotGame.class.getName()), "io.tickforge.nowhere.ChessBots\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            final IllegalStateException e = assertThrows(IllegalStateException.class, () -> BotGames.load(loader));
            assertTrue(e.getMessage().startsWith("cannot load a bot game: "), e.getMessage());
            assertTrue(e.getMessage().contains("io.tickforge.nowhere.ChessBots"), e.getMessage());
        }
    }

    @Test
    void botSeedsAreTheOnesLoadRunsHaveAlwaysUsed() {
        // Pinned from the former BotKind.botSeed: the same run seed gives the same bots as before.
        assertEquals(-4767286540954276203L, BotSeeds.botSeed(42, 0));
        assertEquals(-3677692746721775708L, BotSeeds.botSeed(42, 7));
        assertEquals(-81158723515994003L, BotSeeds.botSeed(-1, 4095));
        assertNotEquals(BotSeeds.botSeed(1, 0), BotSeeds.botSeed(1, 1));
    }

    @Test
    void everyBehaviourOfEveryGameDecidesWithoutAllocating() {
        final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final BotGames games = BotGames.installed();
        for (String game : games.names()) {
            final EntityLayout layout = games.entityLayout(game);
            for (String name : games.behaviourNames(game)) {
                final BotBehaviour bot = games.create(game, name, 7);
                final BotSituation s = new BotSituation();
                final WorldSnapshot world = new WorldSnapshot(layout, 8);
                final WorldSnapshot self = new WorldSnapshot(layout, 1);
                world.clear(0);
                for (int i = 0; i < 3; i++) {
                    final int j = world.add(i + 1);
                    world.x[j] = 1000 + 700 * i;
                    world.y[j] = 2000 + 300 * i;
                }
                self.clear(0);
                self.add(0);
                s.selfId = 0;
                s.selfXUnits = self.x[0] = 1500;
                s.selfYUnits = self.y[0] = 1500;
                s.world = world;
                s.self = self;
                s.targetId = 1;
                s.targetXUnits = world.x[0];
                s.targetYUnits = world.y[0];
                final PlayerInput out = new PlayerInput();
                for (int t = 0; t < 20_000; t++) { // warm-up: JIT and escape analysis
                    s.tick = t;
                    bot.decide(s, out);
                }
                final long before = threads.getCurrentThreadAllocatedBytes();
                for (int t = 20_000; t < 30_000; t++) {
                    s.tick = t;
                    bot.decide(s, out);
                }
                final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                assertTrue(allocated < 1024, game + " " + name + " allocated " + allocated + " bytes in 10000 decisions");
            }
        }
    }
}
