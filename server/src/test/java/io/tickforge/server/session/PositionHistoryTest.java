package io.tickforge.server.session;

import io.tickforge.shared.world.WorldSnapshot;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PositionHistoryTest {
    private static final int CAP = 4;

    /** Entity 3 at x = 100 * tick, y = -tick; entity 7 at x = tick, y = 7; entity 9 only on even ticks. */
    private static void runTick(PositionHistory h, WorldSnapshot w, long tick) {
        h.beginTick(tick);
        w.clear(tick);
        w.add(3, (int) (100 * tick), (int) -tick, 0, 100, WorldSnapshot.FLAG_ALIVE);
        w.add(7, (int) tick, 7, 0, 100, WorldSnapshot.FLAG_ALIVE);
        if (tick % 2 == 0) {
            w.add(9, 9, 9, 0, 100, WorldSnapshot.FLAG_ALIVE);
        }
        h.record(w);
    }

    @Test
    void answersTheLastCapTicksAcrossManyWrapsAndNothingElse() {
        PositionHistory h = new PositionHistory(CAP, 8);
        WorldSnapshot w = new WorldSnapshot(8);
        int[] xy = {-1, -1};
        for (long t = 0; t < 1000; t++) {
            runTick(h, w, t);
        }
        h.beginTick(1000);
        for (long t = 1000 - CAP; t < 1000; t++) {
            assertTrue(h.positionAt(3, t, xy), "tick " + t);
            assertArrayEquals(new int[] {(int) (100 * t), (int) -t}, xy);
            assertTrue(h.positionAt(7, t, xy));
            assertArrayEquals(new int[] {(int) t, 7}, xy);
            assertEquals(t % 2 == 0, h.positionAt(9, t, xy), "entity 9 exists on even ticks only");
        }
        xy[0] = 42;
        xy[1] = 43;
        assertFalse(h.positionAt(3, 1000 - CAP - 1, xy), "older than the cap (overwritten in the ring anyway)");
        assertFalse(h.positionAt(3, 1000, xy), "the tick being simulated is not history");
        assertFalse(h.positionAt(3, 1001, xy), "future");
        assertFalse(h.positionAt(3, Long.MIN_VALUE, xy));
        assertFalse(h.positionAt(3, -1, xy));
        assertFalse(h.positionAt(5, 999, xy), "no such entity");
        assertFalse(h.positionAt(Integer.MAX_VALUE, 999, xy));
        assertArrayEquals(new int[] {42, 43}, xy, "a miss leaves the output alone");
        assertEquals(5, h.outOfRangeQueries(), "the five out-of-range ticks; an absent entity is not a range error");
    }

    @Test
    void theCapHoldsEvenWhenTheRingStillHoldsTheFrame() {
        PositionHistory h = new PositionHistory(CAP, 8);
        WorldSnapshot w = new WorldSnapshot(8);
        int[] xy = new int[2];
        for (long t = 0; t < 10; t++) {
            runTick(h, w, t);
        }
        // Ticks skipped by the loop (catch-up limit): the frames 6..9 are still in the ring, but
        // tick 20 may only reach back to 16.
        h.beginTick(20);
        assertFalse(h.positionAt(3, 9, xy));
        assertFalse(h.positionAt(3, 16, xy), "within the cap but never recorded");
    }

    @Test
    void beforeTheFirstTickAndWithCapZeroThereIsNoHistory() {
        int[] xy = new int[2];
        PositionHistory fresh = new PositionHistory(CAP, 8);
        assertFalse(fresh.positionAt(3, 0, xy));
        fresh.beginTick(2);
        assertFalse(fresh.positionAt(3, 1, xy), "nothing recorded yet");

        PositionHistory off = new PositionHistory(0, 8);
        WorldSnapshot w = new WorldSnapshot(8);
        runTick(off, w, 0);
        off.beginTick(1);
        assertEquals(0, off.capTicks());
        assertFalse(off.positionAt(3, 0, xy));
    }

    @Test
    void refusesBadSizes() {
        assertThrows(IllegalArgumentException.class, () -> new PositionHistory(-1, 8));
        assertThrows(IllegalArgumentException.class, () -> new PositionHistory(8, -1));
        assertThrows(IllegalArgumentException.class, () -> new PositionHistory(1 << 16, 1 << 16));
    }

    @Test
    void capInTicksFromTheConfig() {
        assertEquals(12, SessionConfig.of(1, 60, 4, 0).lagCompensationTicks(), "200 ms default at 60 Hz");
        assertEquals(0, SessionConfig.of(1, 60, 4, 0).withLagCompensationMs(0).lagCompensationTicks());
        assertEquals(6, SessionConfig.of(1, 30, 4, 0).lagCompensationTicks());
        assertEquals(48, SessionConfig.of(1, 240, 4, 0).lagCompensationTicks());
        assertThrows(IllegalArgumentException.class, () -> SessionConfig.of(1, 60, 4, 0).withLagCompensationMs(-1));
        assertThrows(IllegalArgumentException.class, () -> SessionConfig.of(1, 60, 4, 0).withLagCompensationMs(1001));
    }
}
