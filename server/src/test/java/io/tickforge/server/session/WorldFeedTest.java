package io.tickforge.server.session;

import io.tickforge.shared.world.EntityIds;
import io.tickforge.shared.world.WorldSnapshot;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class WorldFeedTest {
    private static WorldSnapshot world(long tick, int shift) {
        WorldSnapshot w = new WorldSnapshot(3);
        w.clear(tick);
        w.add(EntityIds.player(1), 256 + shift, 512, 0, 100, WorldSnapshot.FLAG_ALIVE);
        w.add(EntityIds.npc(0), 1024 + shift, 2048, 0, 0, WorldSnapshot.FLAG_ALIVE);
        return w;
    }

    @Test
    void publishesOnlyOnFeedTicksAndReadersGetTheNewestCopy() {
        WorldFeed feed = new WorldFeed(3, 2, 12);
        String[] names = {null, "alice"};
        assertNull(feed.read(), "nothing before the first publish");
        feed.maybePublish(5, world(5, 0), names);
        assertNull(feed.read(), "tick 5 is not a feed tick (every 12)");
        feed.maybePublish(12, world(12, 1), names);
        feed.maybePublish(24, world(24, 2), names);
        WorldFeed.Frame f = feed.read();
        assertEquals(24, f.tick());
        assertEquals(2, f.count());
        assertEquals(258, f.x()[0]);
        assertEquals(1026, f.x()[1]);
        assertEquals("alice", f.nameOf(0));
        assertNull(f.nameOf(1), "NPCs have no name");

        // The reader's copy is its own: later publishes do not change it.
        names[1] = null;
        feed.maybePublish(36, world(36, 3), names);
        assertEquals(258, f.x()[0]);
        assertEquals("alice", f.nameOf(0));
        assertNull(feed.read().nameOf(0), "alice left");
    }
}
