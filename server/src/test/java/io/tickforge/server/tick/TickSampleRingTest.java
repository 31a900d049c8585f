package io.tickforge.server.tick;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TickSampleRingTest {
    @Test
    void phasesThenTickCompleteOneSample() {
        TickSampleRing ring = new TickSampleRing(4);
        assertEquals(0, ring.published());
        ring.recordPhase(TickStats.PHASE_INPUTS, 10);
        ring.recordPhase(TickStats.PHASE_SIMULATION, 20);
        ring.recordPhase(TickStats.PHASE_REPLICATION, 30);
        assertEquals(0, ring.published(), "phases alone do not publish");
        ring.recordTick(5, 70);
        assertEquals(1, ring.published());
        assertEquals(70, ring.durationNs(0));
        assertEquals(5, ring.latenessNs(0));
        assertEquals(10, ring.phaseNs(TickStats.PHASE_INPUTS, 0));
        assertEquals(20, ring.phaseNs(TickStats.PHASE_SIMULATION, 0));
        assertEquals(30, ring.phaseNs(TickStats.PHASE_REPLICATION, 0));
    }

    @Test
    void aSampleIsValidUntilTheWriterStartsTheTickThatReusesItsSlot() {
        TickSampleRing ring = new TickSampleRing(4);
        for (int i = 0; i < 2; i++) {
            ring.recordTick(0, i);
        }
        // published = 2; the tick in progress (2) writes slot 2: slots 0 and 1 are safe.
        assertTrue(ring.isStillValid(0));
        ring.recordTick(0, 2);
        // published = 3; the tick in progress (3) writes slot 3; sample 0 (slot 0) is still safe
        // but the check is conservative by one tick.
        assertFalse(ring.isStillValid(0));
        assertTrue(ring.isStillValid(1));
        ring.recordTick(0, 3);
        ring.recordTick(0, 4);
        assertEquals(4, ring.durationNs(4), "slot 0 now holds tick 4");
        assertFalse(ring.isStillValid(1));
    }

    @Test
    void skippedSlotsArePublishedAsTheyHappen() {
        TickStats stats = new TickStats(60, 1_000_000_000L);
        assertEquals(0, stats.samples().skippedTotal());
        stats.recordSkipped(7);
        stats.recordSkipped(3);
        assertEquals(10, stats.samples().skippedTotal(), "no wait for the next stats publish");
    }

    @Test
    void capacityMustBeAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new TickSampleRing(3));
        assertThrows(IllegalArgumentException.class, () -> new TickSampleRing(1));
    }
}
