package io.tickforge.shared.log;

import org.junit.jupiter.api.Test;
import org.slf4j.helpers.NOPLogger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DistinctErrorLogTest {
    @Test
    void repeatsOfOneErrorAreOneEntryAndTheMapIsCapped() {
        DistinctErrorLog log = new DistinctErrorLog(NOPLogger.NOP_LOGGER);
        IllegalStateException same = new IllegalStateException("x");
        for (int i = 0; i < 1000; i++) {
            log.record("handling a frame", same);
        }
        assertEquals(1, log.distinct());
        assertEquals(1000, log.total());
        log.record("another place", same);
        assertEquals(2, log.distinct());
        for (int i = 0; i < 10_000; i++) {
            log.record("hostile message " + i, null); // a peer choosing the text must not grow the map
        }
        assertEquals(DistinctErrorLog.MAX_DISTINCT + 1, log.distinct());
        log.logRepeats(); // must not throw with the cap reached
        assertEquals(11_001, log.total());
    }
}
