package io.tickforge.server.replication;

import io.tickforge.shared.world.EntityIds;
import io.tickforge.shared.world.EntityLayout;

import io.tickforge.shared.world.WorldSnapshot;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The id-indexed world ring and the per-entity last change tick the per-change diff relies on. */
class WorldHistoryTest {
    private final WorldSnapshot w = new WorldSnapshot(8);

    private void record(WorldHistory h, long tick, int npcX, int npcHealth, boolean playerPresent) {
        w.clear(tick);
        if (playerPresent) {
            w.add(3, 100, 200, 4095 + 4096, 100, 1);
        }
        w.add(1030, npcX, 50, 7, npcHealth, 1);
        h.record(w);
    }

    @Test
    void valuesAreKeptByIdAndHeadingsWrapped() {
        WorldHistory h = new WorldHistory(4, 64);
        record(h, 10, 500, 100, true);
        int s = h.slotOf(10);
        assertEquals(h.currentSlot(), s);
        int[] v = h.values(s);
        assertEquals(100, v[3 * EntityLayout.FIXED.values + WorldHistory.X]);
        assertEquals(4095, v[3 * EntityLayout.FIXED.values + WorldSnapshot.HEADING], "heading wrapped to 12 bits");
        assertEquals(500, v[1030 * EntityLayout.FIXED.values + WorldHistory.X], "ids past the initial capacity grow the arrays");
        assertTrue(h.isPresent(s, 1030));
        assertFalse(h.isPresent(s, 4));
    }

    @Test
    void lastChangeMovesOnlyWhenSomethingChangedAppearedOrLeft() {
        WorldHistory h = new WorldHistory(4, 2048);
        record(h, 1, 500, 100, true);
        assertEquals(1, h.lastChange(1030), "first appearance is a change");
        record(h, 2, 500, 100, true);
        record(h, 3, 500, 100, true);
        assertEquals(1, h.lastChange(1030), "unchanged for two ticks");
        assertEquals(1, h.lastChange(3));
        record(h, 4, 500, 90, true);
        assertEquals(4, h.lastChange(1030), "health changed");
        record(h, 5, 500, 90, false);
        assertEquals(5, h.lastChange(3), "leaving is a change");
        record(h, 6, 500, 90, true);
        assertEquals(6, h.lastChange(3), "coming back is a change");
        record(h, 7, 501, 90, true);
        assertEquals(7, h.lastChange(1030));
        assertEquals(6, h.lastChange(3));
    }

    @Test
    void changedSinceIsTheBitmapOfLastChangeNewerThanTheTick() {
        WorldHistory h = new WorldHistory(8, 2048);
        record(h, 1, 500, 100, true);
        record(h, 2, 500, 100, true);
        record(h, 3, 500, 90, true);   // npc 1030 changes at 3
        record(h, 5, 500, 90, false);  // player 3 leaves at 5 (tick 4 skipped: rings hold gaps)
        record(h, 6, 500, 90, false);
        long[] out = new long[h.idWords()];
        java.util.Arrays.fill(out, -1L); // stale bits must be cleared
        for (long since = 1; since <= 6; since++) {
            if (h.slotOf(since) < 0) {
                continue;
            }
            h.changedSince(since, out);
            for (int id = 0; id < h.idCapacity(); id++) {
                boolean expected = h.lastChange(id) > since && (id == 3 || id == 1030);
                assertEquals(expected, (out[id >>> 6] & (1L << id)) != 0, "id " + id + " since " + since);
            }
        }
        h.changedSince(2, out);
        assertTrue((out[1030 >>> 6] & (1L << 1030)) != 0, "changed at 3");
        assertTrue((out[0] & (1L << 3)) != 0, "left at 5");
        h.changedSince(5, out);
        assertEquals(0L, out[0] | out[1030 >>> 6], "nothing changed at 6");
    }

    @Test
    void theRingForgetsTicksOlderThanItsLength() {
        WorldHistory h = new WorldHistory(3, 2048);
        for (long t = 1; t <= 5; t++) {
            record(h, t, (int) t, 100, true);
        }
        assertEquals(-1, h.slotOf(2));
        for (long t = 3; t <= 5; t++) {
            assertEquals((int) t, h.values(h.slotOf(t))[1030 * EntityLayout.FIXED.values + WorldHistory.X], "tick " + t);
        }
        assertEquals(-1, h.slotOf(6));
        assertThrows(IllegalArgumentException.class, () -> new WorldHistory(1, 64));
    }

    @Test
    void slotOfFindsRecordedTicksAcrossGapsAndForgetsOlderOnes() {
        WorldHistory h = new WorldHistory(4, 64);
        assertEquals(-1, h.slotOf(0), "nothing recorded");
        record(h, 10, 500, 100, true);
        record(h, 11, 500, 100, true);
        assertEquals(-1, h.slotOf(9), "older than anything recorded, ring not full yet");
        assertTrue(h.slotOf(10) >= 0);
        // A gap: ticks 12..19 skipped, so the fast path (fixed distance behind the newest) misses.
        record(h, 20, 500, 100, true);
        record(h, 21, 500, 100, true);
        assertTrue(h.slotOf(10) >= 0 && h.slotOf(11) >= 0, "recorded before the gap: found by the scan");
        assertEquals(-1, h.slotOf(15), "in the gap");
        assertEquals(-1, h.slotOf(22), "not yet recorded");
        record(h, 22, 500, 100, true); // overwrites tick 10: the oldest is 11 now
        assertEquals(-1, h.slotOf(10), "forgotten");
        assertEquals(-1, h.slotOf(3), "long forgotten");
        assertTrue(h.slotOf(11) >= 0);
        assertEquals(h.currentSlot(), h.slotOf(22));
        int[] v = h.values(h.slotOf(11));
        assertEquals(500, v[1030 * EntityLayout.FIXED.values + WorldHistory.X]);
    }

    @Test
    void denseIdsSkipThePlayerIdsNoSlotUsesOneToOne() {
        WorldHistory h = new WorldHistory(4, 2048, EntityLayout.FIXED, 256);
        assertEquals(2048 - (EntityIds.NPC_BASE - 256), h.denseIdCapacity(), "1280 of 2048 ids can occur");
        boolean[] taken = new boolean[h.denseIdCapacity()];
        for (int id = 0; id < h.idCapacity(); id++) {
            if (id >= 256 && id < EntityIds.NPC_BASE) {
                continue; // no such entity: refused by record
            }
            int d = h.denseId(id);
            assertTrue(d >= 0 && d < taken.length, "id " + id + " -> " + d);
            assertFalse(taken[d], "id " + id + " shares dense id " + d);
            taken[d] = true;
        }
        assertEquals(255, h.denseId(255));
        assertEquals(256, h.denseId(EntityIds.NPC_BASE), "the first NPC follows the last player slot");
        // A history without a player limit maps every id to itself.
        WorldHistory all = new WorldHistory(4, 2048);
        assertEquals(2048, all.denseIdCapacity());
        assertEquals(EntityIds.NPC_BASE + 5, all.denseId(EntityIds.NPC_BASE + 5));
        // Growing past the initial capacity grows the dense capacity with it.
        w.clear(1);
        w.add(3, 1, 1, 0, 100, 1);
        w.add(4000, 1, 1, 0, 100, 1);
        h.record(w);
        assertEquals(h.idCapacity() - (EntityIds.NPC_BASE - 256), h.denseIdCapacity());
        assertEquals(h.denseIdCapacity() - 1, h.denseId(h.idCapacity() - 1));
    }

    @Test
    void heldWordsSkipTheWordsNoIdCanBeInOneToOne() {
        for (int slots : new int[] {1, 63, 64, 65, 256, EntityIds.MAX_PLAYERS}) {
            WorldHistory h = new WorldHistory(4, 2048, EntityLayout.FIXED, slots);
            int playerWords = (slots + 63) / 64;
            assertEquals(playerWords, h.playerWords());
            assertEquals(playerWords + (2048 - EntityIds.NPC_BASE) / 64, h.heldWords(), slots + " slots");
            boolean[] taken = new boolean[h.heldWords()];
            for (int word = 0; word < h.idWords(); word++) {
                if (word >= playerWords && word < WorldHistory.NPC_WORD) {
                    continue; // only ids no world may hold
                }
                int held = h.heldWord(word << 6);
                assertTrue(held >= 0 && held < taken.length, slots + " slots: word " + word + " -> " + held);
                assertFalse(taken[held], slots + " slots: word " + word + " shares held word " + held);
                taken[held] = true;
                assertEquals(word, h.idWord(held), slots + " slots: held word " + held + " maps back");
                assertEquals(held, h.heldWord((word << 6) + 63), "every id of a word maps to its held word");
            }
        }
        // A history of player ids only (no NPC word yet) holds the player words, and grows at the end.
        WorldHistory small = new WorldHistory(4, 128, EntityLayout.FIXED, 256);
        assertEquals(2, small.heldWords());
        w.clear(1);
        w.add(3, 1, 1, 0, 100, 1);
        w.add(EntityIds.NPC_BASE + 70, 1, 1, 0, 100, 1);
        small.record(w);
        assertEquals(4 + (small.idWords() - WorldHistory.NPC_WORD), small.heldWords());
        assertEquals(5, small.heldWord(EntityIds.NPC_BASE + 70), "the NPC's word follows the 4 player words");
    }

    @Test
    void aWorldWithAPlayerIdBeyondTheSlotsIsRefusedBeforeAnythingIsRecorded() {
        WorldHistory h = new WorldHistory(4, 2048, EntityLayout.FIXED, 8);
        record(h, 1, 500, 100, true); // player 3, NPC 1030: fine
        w.clear(2);
        w.add(3, 100, 200, 0, 100, 1);
        w.add(8, 100, 200, 0, 100, 1); // slot 8 of 8 slots (0..7)
        w.add(1030, 600, 50, 7, 100, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.record(w));
        assertTrue(e.getMessage().contains("entity id 8 at tick 2"), e.getMessage());
        assertEquals(1, h.currentTick(), "the refused world is not recorded");
        assertEquals(500, h.values(h.currentSlot())[1030 * EntityLayout.FIXED.values + WorldHistory.X]);
        assertThrows(IllegalArgumentException.class, () -> new WorldHistory(4, 64, EntityLayout.FIXED, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new WorldHistory(4, 64, EntityLayout.FIXED, EntityIds.MAX_PLAYERS + 1));
    }
}
