package io.tickforge.server.tick;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TickRatesTest {
    @Test
    void acceptsTheRangeAndItsEnds() {
        assertEquals(1, TickRates.requireValid(1));
        assertEquals(60, TickRates.requireValid(TickRates.DEFAULT_HZ));
        assertEquals(240, TickRates.requireValid(240));
    }

    @Test
    void rejectsOutsideWithTheRangeInTheMessage() {
        for (int hz : new int[] {0, -60, 241, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TickRates.requireValid(hz));
            assertEquals("tick rate must be in 1..240 Hz: " + hz, e.getMessage());
        }
    }

    @Test
    void defaultIsInsideTheRange() {
        assertTrue(TickRates.MIN_HZ <= TickRates.DEFAULT_HZ && TickRates.DEFAULT_HZ <= TickRates.MAX_HZ);
    }
}
