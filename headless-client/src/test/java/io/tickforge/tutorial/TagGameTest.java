package io.tickforge.tutorial;

import io.tickforge.server.gameapi.GameCatalog;
import io.tickforge.server.gameapi.GameContext;
import io.tickforge.server.gameapi.GameDescriptor;
import io.tickforge.server.gameapi.GameOptions;
import io.tickforge.server.gameapi.GamePlayer;
import io.tickforge.server.gameapi.GameProvider;
import io.tickforge.server.gameapi.GameSetup;
import io.tickforge.server.gameapi.PlayerInputs;
import io.tickforge.shared.world.WorldSnapshot;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tutorial's rules, driven directly through the game SPI in the order the session calls it
 * (no session, no sockets): who is "it", passing it on by touch, the cooldown, the score.
 */
class TagGameTest {
    private static final int HZ = 60;
    private static final int PLAYERS = 4;

    private final GameProvider provider = GameCatalog.load().find("tag");
    private final TagGame game = (TagGame) provider.create(new GameSetup(1, HZ, PLAYERS,
            GameOptions.resolve(provider, Map.of("cooldown-ms", "500"))));
    private final GameDescriptor descriptor = game.describe();
    private final WorldSnapshot out = new WorldSnapshot(descriptor.entityLayout(), descriptor.maxEntities());
    private final Inputs inputs = new Inputs();
    private long tick;

    /** One tick: {@code moves[slot] = {moveX, moveY}} for the joined slots given. */
    private void tick(int[]... moves) {
        inputs.n = 0;
        for (int s = 0; s < moves.length; s++) {
            if (moves[s] != null) {
                inputs.slot[inputs.n] = s;
                inputs.mx[inputs.n] = moves[s][0];
                inputs.my[inputs.n++] = moves[s][1];
            }
        }
        game.tick(tick, inputs);
        out.clear(tick);                                          // as the session hands it over
        game.writeSnapshot(out);
        for (int k = 0; k < out.lanes.length; k++) {
            for (int i = 0; i < out.count; i++) {
                assertTrue(out.layout.accepts(k, out.lanes[k][i]), out.layout.describeLane(k) + " = " + out.lanes[k][i]);
            }
        }
        tick++;
    }

    private int it() {
        int it = -1;
        for (int i = 0; i < out.count; i++) {
            if (out.lanes[TagSchemas.IT][i] == 1) {
                assertEquals(-1, it, "one player is it");
                it = out.entityId[i];
            }
        }
        return it;
    }

    private int tags(int slot) {
        return out.lanes[TagSchemas.TAGS][out.indexOf(slot)];
    }

    @Test
    void foundByServiceLoaderWithItsSchemas() {
        assertInstanceOf(TagProvider.class, provider);
        assertEquals("tag", descriptor.entitySchema().name());
        assertEquals(TagSchemas.ENTITY.hash(), descriptor.entitySchema().hash());
        assertEquals(TagSchemas.INPUT.hash(), descriptor.inputSchema().hash());
        assertEquals(64.0, descriptor.worldSizeM());
        // position x, y, then it, tags
        assertEquals(4, descriptor.entityLayout().values);
        assertEquals(2, TagSchemas.IT);
        assertEquals(3, TagSchemas.TAGS);
        assertEquals("1000", GameOptions.resolve(provider, Map.of()).asMap().get("cooldown-ms"));
    }

    @Test
    void touchingItPassesItOnAfterTheCooldownAndTheTaggerScores() {
        game.start(new GameContext(1, HZ, PLAYERS, 0));
        game.join(new GamePlayer(0, "ada"), 0);
        game.join(new GamePlayer(1, "bob"), 0);
        tick(new int[] {0, 0}, new int[] {0, 0});
        assertEquals(0, it(), "the lowest slot is it");
        assertEquals(16 * 256, out.x[out.indexOf(1)] - out.x[out.indexOf(0)], "bob spawns 16 m east of ada");

        // bob walks west into ada: 8 m/s = 34 units a tick; 15 m to go.
        int walked = 0;
        while (it() == 0) {
            tick(new int[] {0, 0}, new int[] {-127, 0});
            assertTrue(++walked < 3 * HZ, "bob reaches ada within 3 s");
        }
        assertEquals(1, it(), "bob touched ada: bob is it");
        assertEquals(1, tags(0), "ada tagged once");
        assertEquals(0, tags(1));

        // Both stand still, touching: no pass back for 500 ms (30 ticks), then bob passes it back.
        int still = 0;
        while (it() == 1) {
            tick(new int[] {0, 0}, new int[] {0, 0});
            still++;
        }
        assertEquals(HZ / 2, still, "the cooldown held for 30 ticks");
        assertEquals(0, it());
        assertEquals(1, tags(1), "bob tagged once");
    }

    @Test
    void playersStayInsideTheWorldAndWhenItLeavesTheLowestSlotIsIt() {
        game.start(new GameContext(1, HZ, PLAYERS, 0));
        game.join(new GamePlayer(2, "cat"), 0);
        game.join(new GamePlayer(0, "ada"), 0);
        game.join(new GamePlayer(3, "dan"), 0);
        for (int t = 0; t < 10 * HZ; t++) {
            tick(new int[] {127, 127}, null, new int[] {-127, -127}, new int[] {127, -127});
        }
        assertEquals(TagSchemas.SIZE, out.x[out.indexOf(0)]);
        assertEquals(TagSchemas.SIZE, out.y[out.indexOf(0)]);
        assertEquals(0, out.x[out.indexOf(2)]);
        assertEquals(0, out.y[out.indexOf(3)]);
        assertEquals(0, it(), "the lowest slot is it; it never touched anyone");
        game.leave(new GamePlayer(0, "ada"), tick);
        tick(null, null, new int[] {0, 0}, new int[] {0, 0});
        assertEquals(2, it());
        assertEquals(2, out.count);
        game.leave(new GamePlayer(2, "cat"), tick);
        game.leave(new GamePlayer(3, "dan"), tick);
        tick();
        assertEquals(-1, it(), "nobody left to be it");
        assertEquals(0, out.count);
        game.join(new GamePlayer(1, "bob"), tick);
        tick(null, new int[] {0, 0});
        assertEquals(1, it());
        assertEquals(0, tags(1));
    }

    /** The session's inputs view, filled by hand. */
    private static final class Inputs implements PlayerInputs {
        int n;
        final int[] slot = new int[PLAYERS];
        final int[] mx = new int[PLAYERS];
        final int[] my = new int[PLAYERS];

        public int size() { return n; }
        public int slot(int i) { return slot[i]; }
        public int moveX(int i) { return mx[i]; }
        public int moveY(int i) { return my[i]; }
        public int aimUnits(int i) { return 0; }
        public int buttons(int i) { return 0; }
        public boolean received(int i) { return true; }
        public long renderTick(int i) { return 0; }
    }
}
