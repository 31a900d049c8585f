package io.tickforge.server.replication;

import io.tickforge.shared.world.WorldSnapshot;

import io.tickforge.shared.world.EntityLayout;

import io.tickforge.shared.snapshot.ViewEntries;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-client packet ring: exception arena allocation, release in packet order, growth, acks. */
class ClientStateTest {
    private static final int HISTORY = 8;
    private static final ClientState.ArenaScratch SCRATCH = new ClientState.ArenaScratch();

    /** Stores packet {@code seq} with {@code n} sample records whose ids encode (seq, k). */
    private static void store(ClientState c, int seq, int n) {
        store(c, seq, n, SCRATCH);
    }

    /** As above, with the writer's scratch and spare arenas {@code scratch}. */
    private static void store(ClientState c, int seq, int n, ClientState.ArenaScratch scratch) {
        c.releaseDead(seq, HISTORY);
        int ring = c.sent.insert(seq);
        int start = c.reserveExceptions(n, scratch);
        for (int k = 0; k < n; k++) {
            int[] e = new int[ViewEntries.FIXED.stride];
            e[ViewEntries.ID] = (seq % 100) * 1000 + k;
            e[ViewEntries.FIXED.sampleDt] = k + 1;
            PacketExceptions.FIXED.writeSample(c.arena, start + k, e, 0);
        }
        c.packetTick[ring] = seq;
        c.storeLive(ring, seq, start, n, scratch);
        c.nextSequence = seq + 1;
    }

    private static void assertIntact(ClientState c, int seq, int n) {
        int ring = c.sent.index(seq);
        assertTrue(c.live[ring], "packet " + seq + " live");
        assertEquals(n, c.exceptionCount[ring]);
        for (int k = 0; k < n; k++) {
            assertEquals((seq % 100) * 1000 + k, PacketExceptions.FIXED.id(c.arena, c.exceptionStart[ring] + k), "packet " + seq + " record " + k);
        }
    }

    @Test
    void acknowledgedPacketsFreeTheOlderOnesAndTheArenaIsReusedWithoutGrowing() {
        ClientState c = new ClientState(0, HISTORY, 32, 128);
        int capacity = c.arenaEntries();
        for (int seq = 0; seq < 500; seq++) {
            if (seq >= 3) {
                assertTrue(c.ack(seq - 3));
            }
            store(c, seq, 10 + seq % 7);
            assertIntact(c, seq, 10 + seq % 7);
            if (seq >= 3) {
                assertIntact(c, seq - 3, 10 + (seq - 3) % 7);
            }
            assertTrue(c.packetsHeld() <= 4, "acks 3 packets late hold the acked one and 3 newer: " + c.packetsHeld());
        }
        assertEquals(capacity, c.arenaEntries(), "4 live packets of <= 16 records (<= 64) fit 128 entries with room to wrap: no growth");
    }

    @Test
    void aFragmentedArenaIsCompactedRatherThanGrown() {
        ClientState c = new ClientState(0, HISTORY, 32, 100);
        store(c, 0, 45);                 // [0, 45)
        assertTrue(c.ack(0));
        store(c, 1, 10);                 // [45, 55); packet 0 is still the baseline
        assertTrue(c.ack(1));
        // Packet 0 dies: 10 live records in the middle. 46 fit neither after them (45 left) nor
        // before them (45): the live records move to the front instead of the arena growing.
        store(c, 2, 46);
        assertIntact(c, 1, 10);
        assertIntact(c, 2, 46);
        assertEquals(0, c.exceptionStart[c.sent.index(1)], "moved to the front");
        assertEquals(100, c.arenaEntries(), "compacted, not grown");
        assertTrue(c.ack(2));
        store(c, 3, 80);                 // 46 + 80 > 3/4 of 100: now it grows
        assertIntact(c, 2, 46);
        assertIntact(c, 3, 80);
        assertTrue(c.arenaEntries() >= 126, "grew: " + c.arenaEntries());
    }

    @Test
    void withoutAcksTheHistoryIsHeldAndTheArenaGrowsKeepingEveryRecord() {
        ClientState c = new ClientState(0, HISTORY, 32, 16);
        for (int seq = 0; seq < 40; seq++) {
            store(c, seq, 9);
            for (int s = Math.max(0, seq - HISTORY + 1); s <= seq; s++) {
                assertIntact(c, s, 9);
            }
        }
        assertEquals(HISTORY, c.packetsHeld());
        assertTrue(c.arenaEntries() >= HISTORY * 9, "grew to hold the history: " + c.arenaEntries());
    }

    @Test
    void anArenaGrownByAJoinBurstShrinksBackOnceTheBurstIsOver() {
        ClientState c = new ClientState(0, HISTORY, 32, 64);
        int seq = 0;
        // The burst: no acks, big packets (a join: keyframes, then budget-starved packets).
        for (; seq < 8; seq++) {
            store(c, seq, 200);
        }
        int grown = c.arenaEntries();
        assertTrue(grown >= 1600, "grew for the burst: " + grown);
        // One burst within the quiet periods resets them: no shrink-and-grow churn.
        for (; seq < 8 + ClientState.SHRINK_CHECK_PACKETS * (ClientState.SHRINK_AFTER_CHECKS - 1); seq++) {
            assertTrue(c.ack(seq - 3));
            store(c, seq, seq % 500 == 0 ? 180 : 20);
        }
        assertEquals(grown, c.arenaEntries(), "still the burst's size");
        // Steady state: acks 3 late, small packets.
        for (int end = seq + (ClientState.SHRINK_AFTER_CHECKS + 1) * ClientState.SHRINK_CHECK_PACKETS; seq < end; seq++) {
            assertTrue(c.ack(seq - 3));
            store(c, seq, 20);
            assertIntact(c, seq, 20);
            assertIntact(c, seq, 20);
        }
        assertEquals(320, c.arenaEntries(), "four times the steady peak of 4 live packets x 20 records");
    }

    /** Stores packets of {@code records} each, acknowledged 3 late, until {@code end}; returns the next sequence. */
    private static int steady(ClientState c, int seq, int end, int records) {
        return steady(c, seq, end, records, SCRATCH);
    }

    private static int steady(ClientState c, int seq, int end, int records, ClientState.ArenaScratch scratch) {
        for (; seq < end; seq++) {
            if (seq >= 3) {
                assertTrue(c.ack(seq - 3));
            }
            store(c, seq, records, scratch);
        }
        return seq;
    }

    private static final int QUIET_CHECKS_PACKETS = (ClientState.SHRINK_AFTER_CHECKS + 1) * ClientState.SHRINK_CHECK_PACKETS;

    @Test
    void anArenaWhoseBurstsRecurWaitsLongerBeforeEachShrink() {
        // Seen at 256 players / 1000 NPCs: a client whose budget-starved bursts need more than its
        // arena grew, shrank back after 40 s of quiet, grew again at the next burst, and so on:
        // two allocations of the arena per cycle, in steady state.
        ClientState c = new ClientState(0, HISTORY, 32, 64);
        int seq = steady(c, 0, 8, 200);
        final int burst = c.arenaEntries();
        assertTrue(burst >= 4 * 64, "grew for the burst to at least 4 times its size (so it may shrink): " + burst);
        seq = steady(c, seq, seq + QUIET_CHECKS_PACKETS, 2);
        assertEquals(64, c.arenaEntries(), "the first quiet time shrinks it (to its initial size)");
        seq = steady(c, seq, seq + 8, 200);
        assertTrue(c.arenaEntries() >= 4 * 64, "the burst came back: grown again " + c.arenaEntries());
        final int[] regrown = c.arena;
        seq = steady(c, seq, seq + QUIET_CHECKS_PACKETS, 2);
        assertSame(regrown, c.arena, "after a regrowth the same quiet time is not enough");
        // Twice the quiet checks (the check period holding the burst's tail is not a quiet one).
        steady(c, seq, seq + QUIET_CHECKS_PACKETS, 2);
        assertEquals(64, c.arenaEntries(), "twice the quiet time is");
    }

    @Test
    void aGrowingArenaTakesTheWritersSpareAndAShrinkingOneGivesItBack() {
        final int slotInts = PacketExceptions.FIXED.slot;
        ClientState.ArenaScratch spares = new ClientState.ArenaScratch(1, 128, slotInts);
        ClientState c = new ClientState(0, HISTORY, 32, 64);
        // A burst a little over the arena (4 live packets of 24 records): it grows into the spare.
        int seq = steady(c, 0, 8, 24, spares);
        assertEquals(128, c.arenaEntries(), "grew to the spare's size");
        assertEquals(0, spares.sparesLeft(), "the spare was taken");
        assertEquals(1, spares.growths, "one growth");
        assertEquals(0, spares.allocatingGrowths, "served by the spare");
        final int[] taken = c.arena;
        assertEquals(128 * slotInts, taken.length);
        // A second client growing now finds no spare: a new array, as before.
        ClientState other = new ClientState(1, HISTORY, 32, 64);
        other.reserveExceptions(100, spares);
        assertEquals(128, other.arenaEntries(), "no spare left: a new array of twice the size");
        assertEquals(2, spares.growths);
        assertEquals(1, spares.allocatingGrowths, "the second growth allocated, and is counted as such");
        assertTrue(other.arena != taken);
        // Quiet for long enough: the first client shrinks and gives the spare's array back.
        steady(c, seq, seq + QUIET_CHECKS_PACKETS, 2, spares);
        assertEquals(64, c.arenaEntries(), "shrunk to its initial size");
        assertEquals(1, spares.sparesLeft(), "its grown array is a spare again");
        assertSame(taken, spares.takeSpare(100), "the very array");
    }

    /** Two tiers of spares as a writer has them: 2 of twice a 64-slot arena, 1 of four times. */
    private static ClientState.ArenaScratch twoTiers() {
        return new ClientState.ArenaScratch(2, 128, 1, 256, PacketExceptions.FIXED.slot);
    }

    /** The spare {@code scratch} hands out next for {@code entries} slots, left in place (spares are taken last in, first out). */
    private static int[] nextSpare(ClientState.ArenaScratch scratch, int entries) {
        int[] a = scratch.takeSpare(entries);
        assertTrue(a != null, "a spare for " + entries + " slots");
        scratch.giveBack(a, a.length / PacketExceptions.FIXED.slot);
        return a;
    }

    /** The same array (assertSame would print both arrays' contents on failure). */
    private static void assertSameArray(int[] expected, int[] actual, String message) {
        assertTrue(expected == actual, message);
    }

    /** Packets of 24 records acked 3 late outgrow a 64-slot arena (to 128), packets of 40 a 128-slot one (to 256). */
    private static final int TWICE_BURST = 24;
    private static final int FOUR_TIMES_BURST = 40;

    @Test
    void growingTwiceTakesASpareOfEachTierAndAllocatesNoArray() {
        ClientState.ArenaScratch spares = twoTiers();
        final int[] small = nextSpare(spares, 128);
        final int[] large = nextSpare(spares, 200);
        ClientState c = new ClientState(0, HISTORY, 32, 64);
        int seq = steady(c, 0, 8, TWICE_BURST, spares);
        assertSameArray(small, c.arena, "the first growth (to twice) takes a small spare");
        assertEquals(128, c.arenaEntries());
        seq = steady(c, seq, seq + 8, FOUR_TIMES_BURST, spares);
        assertSameArray(large, c.arena, "the second growth (to four times) takes the large spare, not a new array");
        assertEquals(256, c.arenaEntries());
        for (int s = seq - 3; s < seq; s++) {
            assertIntact(c, s, FOUR_TIMES_BURST);
        }
        assertEquals(0, spares.sparesLeft(256));
    }

    @Test
    void theSmallArrayAGrowthToFourTimesLeavesGoesBackToTheSmallTier() {
        ClientState.ArenaScratch spares = twoTiers();
        final int[] small = nextSpare(spares, 128);
        ClientState c = new ClientState(0, HISTORY, 32, 64);
        int seq = steady(c, 0, 8, TWICE_BURST, spares);
        assertSameArray(small, c.arena, "the first growth took the small spare");
        assertEquals(1, spares.sparesLeft(128), "one small spare taken");
        steady(c, seq, seq + 8, FOUR_TIMES_BURST, spares);
        assertEquals(256, c.arenaEntries());
        assertEquals(2, spares.sparesLeft(128), "the small array it left is a spare again");
        assertSameArray(small, nextSpare(spares, 100), "the very array");
        // A second client growing now needs nothing new either: the small tier did not drain.
        ClientState other = new ClientState(1, HISTORY, 32, 64);
        steady(other, 0, 8, TWICE_BURST, spares);
        assertSameArray(small, other.arena, "the other client grows into the array given back");
    }

    @Test
    void aShrinkGivesAFourTimesArrayBackToTheLargeTier() {
        ClientState.ArenaScratch spares = twoTiers();
        final int[] large = nextSpare(spares, 200);
        ClientState c = new ClientState(0, HISTORY, 32, 64);
        int seq = steady(c, 0, 8, TWICE_BURST, spares);
        seq = steady(c, seq, seq + 8, FOUR_TIMES_BURST, spares);
        assertSameArray(large, c.arena, "grew into the large spare");
        assertEquals(0, spares.sparesLeft(256));
        steady(c, seq, seq + QUIET_CHECKS_PACKETS, 2, spares);
        assertEquals(64, c.arenaEntries(), "shrunk to its initial size");
        assertEquals(1, spares.sparesLeft(256), "its large array is a large spare again");
        assertEquals(2, spares.sparesLeft(128), "and the small tier is whole");
        assertSameArray(large, spares.takeSpare(200), "the very array");
    }

    @Test
    void theInitialArrayAGrowthLeavesIsWhatTheShrinkAfterTheBurstTakesBack() {
        // Kept initial arrays: a burst that grows the arena and the quiet that shrinks it again
        // allocate nothing (before, the shrink allocated a new initial-size array: 57 KB per
        // client at 1000 NPCs, seen in TickProbe at 256 players).
        ClientState.ArenaScratch spares = new ClientState.ArenaScratch(1, 64, 2, 128, 1, 256, PacketExceptions.FIXED.slot);
        ClientState c = new ClientState(0, HISTORY, 32, 64);
        final int[] initial = c.arena;
        final int[] small = nextSpare(spares, 128);
        assertEquals(0, spares.sparesLeft(64), "nothing kept before a growth");
        int seq = steady(c, 0, 8, TWICE_BURST, spares);
        assertSameArray(small, c.arena, "grew into a small spare");
        assertEquals(1, spares.sparesLeft(64), "the initial array it left is kept");
        long retained = spares.retainedBytes();
        steady(c, seq, seq + QUIET_CHECKS_PACKETS, 2, spares);
        assertEquals(64, c.arenaEntries(), "shrunk to its initial size");
        assertSameArray(initial, c.arena, "into the very array it had before the burst, not a new one");
        assertEquals(0, spares.sparesLeft(64));
        assertEquals(2, spares.sparesLeft(128), "and its small spare is back");
        assertTrue(spares.retainedBytes() > retained, "the scratch holds the small spare again instead of the initial array");
    }

    @Test
    void keptInitialArraysNeverExceedTheirRoomAndOnlyAShrinkToTheInitialSizeTakesOne() {
        final int slotInts = PacketExceptions.FIXED.slot;
        ClientState.ArenaScratch spares = new ClientState.ArenaScratch(1, 64, 2, 128, 0, 0, slotInts);
        assertEquals(1, spares.spareCapacity(64));
        spares.giveBack(new int[64 * slotInts], 64);
        spares.giveBack(new int[64 * slotInts], 64);
        assertEquals(1, spares.sparesLeft(64), "room for one kept initial array");
        assertEquals(null, spares.takeKept(65), "only for a shrink to the initial size or less");
        int[] kept = spares.takeKept(64);
        assertTrue(kept != null && kept.length == 64 * slotInts);
        assertEquals(null, spares.takeKept(64), "none kept any more: the shrink allocates");
        assertEquals(2, spares.sparesLeft(128), "a shrink never takes a spare");
    }

    @Test
    void aGrowthTakesALargeSpareWhenNoSmallOneIsLeft() {
        ClientState.ArenaScratch spares = new ClientState.ArenaScratch(0, 128, 1, 256, PacketExceptions.FIXED.slot);
        final int[] large = nextSpare(spares, 100);
        ClientState c = new ClientState(0, HISTORY, 32, 64);
        steady(c, 0, 8, TWICE_BURST, spares);
        assertSameArray(large, c.arena, "the smallest spare left that fits, rather than a new array");
        assertEquals(256, c.arenaEntries(), "its size is the spare's");
    }

    @Test
    void noTierEverHoldsMoreSparesThanItWasAllocatedWith() {
        final int slotInts = PacketExceptions.FIXED.slot;
        ClientState.ArenaScratch spares = new ClientState.ArenaScratch(1, 128, 1, 256, slotInts);
        assertEquals(1, spares.spareCapacity(128));
        assertEquals(1, spares.spareCapacity(256));
        spares.giveBack(new int[128 * slotInts], 128);
        spares.giveBack(new int[256 * slotInts], 256);
        assertEquals(1, spares.sparesLeft(128), "a full tier drops what it is given");
        assertEquals(1, spares.sparesLeft(256));
        // Two clients grow twice each: the second finds no large spare and allocates, and gives its
        // small array back; both shrink and give back a large array: one is dropped.
        ClientState a = new ClientState(0, HISTORY, 32, 64);
        ClientState b = new ClientState(1, HISTORY, 32, 64);
        int seqA = steady(a, 0, 8, TWICE_BURST, spares);
        int seqB = steady(b, 0, 8, TWICE_BURST, spares);
        assertEquals(0, spares.sparesLeft(128));
        assertEquals(256, b.arenaEntries(), "no small spare left: b took the large one");
        seqA = steady(a, seqA, seqA + 8, FOUR_TIMES_BURST, spares);
        assertEquals(256, a.arenaEntries());
        assertEquals(1, spares.sparesLeft(128), "a gave its small array back");
        assertEquals(0, spares.sparesLeft(256));
        steady(a, seqA, seqA + QUIET_CHECKS_PACKETS, 2, spares);
        assertEquals(1, spares.sparesLeft(256), "a's large array back");
        steady(b, seqB, seqB + QUIET_CHECKS_PACKETS, 2, spares);
        assertEquals(64, b.arenaEntries());
        assertEquals(1, spares.sparesLeft(256), "b's large array dropped: the tier is full");
        assertEquals(1, spares.sparesLeft(128));
        assertEquals(2, spares.sparesLeft());
    }

    @Test
    void retainedBytesCountTheCompactionRoomAndTheSparesLeftOfBothTiers() {
        final int slotInts = PacketExceptions.FIXED.slot;
        ClientState.ArenaScratch spares = new ClientState.ArenaScratch(2, 128, 1, 256, slotInts);
        final long room = 16 + 4L * (256 - 256 / 4) * slotInts;
        final long small = 16 + 4L * 128 * slotInts;
        final long large = 16 + 4L * 256 * slotInts;
        assertEquals(room + 2 * small + large, spares.retainedBytes(),
                "room for compacting three quarters of a large arena, 2 small spares, 1 large");
        spares.takeSpare(200);
        assertEquals(room + 2 * small, spares.retainedBytes(), "the large spare taken");
        spares.takeSpare(100);
        assertEquals(room + small, spares.retainedBytes(), "and a small one");
    }

    @Test
    void ackRejectsSequencesNeverSentAndOnlyMovesForward() {
        ClientState c = new ClientState(0, HISTORY, 32, 16);
        for (int seq = 0; seq < 5; seq++) {
            store(c, seq, 1);
        }
        assertTrue(!c.ack(9), "never sent");
        assertTrue(c.ack(3));
        assertTrue(c.ack(1), "an older ack is known but does not move the baseline");
        assertEquals(3, c.newestAcked);
        assertEquals(c.sent.index(3), c.baselineSlot(5, HISTORY));
    }

    @Test
    void fullRecordsRoundTripAndSampleRecordsTakeTheirValuesFromTheWorld() {
        int[] entry = new int[ViewEntries.FIXED.stride];
        ViewEntries.FIXED.writeStill(entry, 0, 1500, new int[] {11, 22, 33, 44, 1}, 0, 7_000_000_000L);
        entry[ViewEntries.FIXED.sampleDt] = 3;
        entry[ViewEntries.FIXED.layout.velocity[0]] = -5;
        entry[ViewEntries.FIXED.layout.acceleration[1]] = 9;
        int[] a = new int[4 * PacketExceptions.FIXED.slot];
        PacketExceptions.FIXED.writeFull(a, 1, entry, 0);
        assertTrue(PacketExceptions.FIXED.isFull(a, 1));
        assertFalse(PacketExceptions.FIXED.isCurrent(a, 1), "a full record is never the packet tick's entry");
        assertEquals(2, PacketExceptions.FIXED.slots(a, 1));
        assertEquals(1500, PacketExceptions.FIXED.id(a, 1));
        int[] back = new int[ViewEntries.FIXED.stride];
        PacketExceptions.FIXED.toEntry(a, 1, null, 0, null, back, 0);
        assertArrayEquals(entry, back);

        PacketExceptions.FIXED.writeSample(a, 3, entry, 0);
        assertEquals(1, PacketExceptions.FIXED.slots(a, 3));
        assertTrue(PacketExceptions.FIXED.isCurrent(a, 3));
        int[] world = new int[1501 * EntityLayout.FIXED.values];
        world[1500 * EntityLayout.FIXED.values + WorldHistory.X] = 11;
        world[1500 * EntityLayout.FIXED.values + WorldHistory.Y] = 22;
        world[1500 * EntityLayout.FIXED.values + WorldSnapshot.HEADING] = 33;
        world[1500 * EntityLayout.FIXED.values + WorldSnapshot.HEALTH] = 44;
        world[1500 * EntityLayout.FIXED.values + WorldSnapshot.FLAGS] = 1;
        PacketExceptions.FIXED.toEntry(a, 3, world, 7_000_000_000L, null, back, 0);
        assertArrayEquals(entry, back, "sample record + the world's values at its tick = the entry");
    }

    @Test
    void agedRecordsTakeTheirValuesFromTheWorldOfTheirOwnTick() {
        WorldHistory history = new WorldHistory(40, 2048);
        io.tickforge.shared.world.WorldSnapshot w = new io.tickforge.shared.world.WorldSnapshot(1);
        for (long t = 100; t <= 130; t++) {
            w.clear(t);
            w.add(1500, (int) t * 10, 5, 6, 100, 1);
            history.record(w);
        }
        int[] entry = new int[ViewEntries.FIXED.stride];
        ViewEntries.FIXED.writeStill(entry, 0, 1500, new int[] {1100, 5, 6, 100, 1}, 0, 110);
        entry[ViewEntries.FIXED.sampleDt] = 2;
        entry[ViewEntries.FIXED.layout.velocity[1]] = 7;
        int[] a = new int[4 * PacketExceptions.FIXED.slot];
        assertEquals(1, PacketExceptions.FIXED.write(a, 0, entry, 0, 130), "20 ticks old: a short record");
        assertEquals(20, PacketExceptions.FIXED.age(a, 0));
        assertFalse(PacketExceptions.FIXED.isCurrent(a, 0), "aged");
        assertEquals(1500, PacketExceptions.FIXED.id(a, 0));
        int[] back = new int[ViewEntries.FIXED.stride];
        PacketExceptions.FIXED.toEntry(a, 0, history.values(history.slotOf(130)), 130, history, back, 0);
        assertArrayEquals(entry, back, "values of tick 110 from the history");
        assertEquals(2, PacketExceptions.FIXED.write(a, 1, entry, 0, 110 + PacketExceptions.MAX_AGE + 1),
                "older than MAX_AGE: a full record");
        assertTrue(PacketExceptions.FIXED.isFull(a, 1));
        assertEquals(0, PacketExceptions.FIXED.age(a, 1));
    }
}
