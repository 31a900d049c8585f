package io.tickforge.benchmarks.tick;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionCreateProbeTest {
    @Test
    @Timeout(60)
    void timesEachPartOfTheWarmSessions() {
        final double[] ms = SessionCreateProbe.run(SessionCreateProbe.COLD + 2, 4, 10);
        assertEquals(3, ms.length);
        for (double part : ms) {
            assertTrue(part > 0, "every part takes some time: " + part);
        }
    }

    @Test
    void refusesTooFewSessions() {
        assertThrows(IllegalArgumentException.class, () -> SessionCreateProbe.run(SessionCreateProbe.COLD, 8, 100));
        assertThrows(IllegalArgumentException.class, () -> SessionCreateProbe.run(30, 0, 100));
    }
}
