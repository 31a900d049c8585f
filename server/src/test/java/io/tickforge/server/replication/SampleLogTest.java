package io.tickforge.server.replication;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The sample log's segments: lazy reset per tick, growth in a burst, shrink back after a quiet spell, limits. */
class SampleLogTest {
    private static final int SLOTS = 4;
    private static final int[] SAMPLE = {1, 2, 3, 4, 5, 6};

    /** Appends {@code n} samples as writer 0 at {@code tick} (slot {@code tick % SLOTS}). */
    private static void fill(SampleLog log, long tick, int n) {
        for (int k = 0; k < n; k++) {
            assertEquals(k, log.append(0, (int) (tick % SLOTS), tick, SAMPLE, 0) & SampleLog.INDEX_MASK);
        }
    }

    @Test
    void aSegmentGrownByABurstShrinksBackToItsInitialArrayOnceTheBurstLeftTheWindows() {
        SampleLog log = new SampleLog(2, SLOTS, 6, 8);
        final long initial = SLOTS * 8L * 6;
        assertEquals(initial, log.capacityInts(0));
        long tick = 100;
        // A burst: 40 samples in one tick grow that slot's segment to 64 samples.
        fill(log, tick, 40);
        assertEquals(initial - 8 * 6 + 64 * 6, log.capacityInts(0));
        assertEquals(initial, log.capacityInts(1), "the other writer's segments are its own");
        // Quiet ticks (within the initial size): the grown segment keeps its room while the burst
        // is in the current or the previous window, then its next reset takes the initial array back.
        for (tick = 101; tick < 100 + 2 * SampleLog.WINDOW_TICKS; tick++) {
            fill(log, tick, 1);
            assertEquals(1, log.samples(0, (int) (tick % SLOTS), tick), "reset lazily at the first append of a tick");
        }
        assertEquals(initial - 8 * 6 + 64 * 6, log.capacityInts(0));
        for (int k = 0; k < SLOTS; k++, tick++) {
            fill(log, tick, 1);
        }
        assertEquals(initial, log.capacityInts(0));
    }

    @Test
    void aWriterThatNeedsMoreThanTheInitialSizeKeepsThatMuchAndNeverReallocatesInItsSteadyState() {
        SampleLog log = new SampleLog(1, SLOTS, 6, 8);
        long tick = 1;
        // Steady state: 20 samples a tick, every slot grows once (8 -> 16 -> 32).
        for (; tick <= SLOTS; tick++) {
            fill(log, tick, 20);
        }
        assertEquals(SLOTS * 32L * 6, log.capacityInts(0));
        // A burst in one slot while the others hold less than the writer's peak: each still grows
        // as it needs (its own room, not the writer's peak, decides).
        fill(log, tick++, 200);
        fill(log, tick++, 50);
        assertEquals((SLOTS - 2) * 32L * 6 + 256 * 6 + 64 * 6, log.capacityInts(0));
        // Steady again: no growth, and once the burst left the windows the segment at 256, four
        // times the need or more, shrinks to what the steady state needs (32), not to the initial
        // size; the one at 64 (less than four times) keeps its room. Then nothing changes.
        for (long end = tick + 2 * SampleLog.WINDOW_TICKS + SLOTS; tick < end; tick++) {
            fill(log, tick, 20);
        }
        final long steady = (SLOTS - 1) * 32L * 6 + 64 * 6;
        assertEquals(steady, log.capacityInts(0));
        for (long end = tick + 3 * SampleLog.WINDOW_TICKS; tick < end; tick++) {
            fill(log, tick, 20);
            assertEquals(steady, log.capacityInts(0));
        }
    }

    @Test
    void referencesNameTheWriterAndAreNeverNone() {
        SampleLog log = new SampleLog(SampleLog.MAX_WRITERS, 1, 6, 1);
        for (int w = 0; w < SampleLog.MAX_WRITERS; w++) {
            int ref = log.append(w, 0, 5, SAMPLE, 0);
            assertEquals(w, ref >>> SampleLog.INDEX_BITS);
            assertEquals(true, ref != SampleLog.NONE);
        }
        assertThrows(IllegalArgumentException.class, () -> new SampleLog(0, 1, 6, 1));
        assertThrows(IllegalArgumentException.class, () -> new SampleLog(SampleLog.MAX_WRITERS + 1, 1, 6, 1));
    }
}
