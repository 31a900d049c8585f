package io.tickforge.server.replication;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The sample log's segments: lazy reset per tick, growth in a burst, shrink back after a quiet spell, limits. */
class SampleLogTest {
    private static final int SLOTS = 4;
    private static final int[] SAMPLE = {1, 2, 3, 4, 5, 6};

    @Test
    void aSegmentGrownByABurstShrinksBackToItsInitialArrayAfterAQuietSpell() {
        SampleLog log = new SampleLog(2, SLOTS, 6, 8);
        final long initial = SLOTS * 8L * 6;
        assertEquals(initial, log.capacityInts(0));
        long tick = 100;
        // A burst: 40 samples in one tick grow that slot's segment to 64 samples.
        for (int k = 0; k < 40; k++) {
            assertEquals(k, log.append(0, (int) (tick % SLOTS), tick, SAMPLE, 0) & SampleLog.INDEX_MASK);
        }
        assertEquals(initial - 8 * 6 + 64 * 6, log.capacityInts(0));
        assertEquals(initial, log.capacityInts(1), "the other writer's segments are its own");
        // Quiet ticks (within the initial size): the grown segment keeps its room until the quiet
        // spell is long enough, then its next reset takes the initial array back.
        for (tick = 101; tick < 100 + SampleLog.SHRINK_AFTER_QUIET_TICKS; tick++) {
            log.append(0, (int) (tick % SLOTS), tick, SAMPLE, 0);
            assertEquals(1, log.samples(0, (int) (tick % SLOTS), tick), "reset lazily at the first append of a tick");
        }
        assertEquals(initial - 8 * 6 + 64 * 6, log.capacityInts(0));
        for (int k = 0; k < SLOTS; k++, tick++) {
            log.append(0, (int) (tick % SLOTS), tick, SAMPLE, 0);
        }
        assertEquals(initial, log.capacityInts(0));
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
