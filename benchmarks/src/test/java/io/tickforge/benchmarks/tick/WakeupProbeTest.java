package io.tickforge.benchmarks.tick;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WakeupProbeTest {
    @Test
    @Timeout(30)
    void waitsForEveryDeadlineAndNeverStartsEarly() {
        final Histogram h = WakeupProbe.run(1, 100, 200_000);
        assertEquals(100, h.getTotalCount(), "one sample per deadline");
        assertTrue(h.getMinValue() >= 0, "a deadline seen before it passed: " + h.getMinValue());
        final String report = WakeupProbe.report(h, 100, 200_000);
        assertTrue(report.startsWith("100 deadlines at 100 Hz, park then spin 200 us: lateness p50 "), report);
        assertTrue(report.contains("later than 1.0 ms: "), report);
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> WakeupProbe.run(0, 60, 200_000));
        assertThrows(IllegalArgumentException.class, () -> WakeupProbe.run(1, 0, 200_000));
        assertThrows(IllegalArgumentException.class, () -> WakeupProbe.run(1, 60, -1));
    }
}
