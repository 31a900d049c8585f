package io.tickforge.server.tick;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunQueueClockTest {
    private static long parse(String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buffer = ByteBuffer.allocateDirect(64);
        buffer.put(b);
        return RunQueueClock.parseRunDelay(buffer, b.length);
    }

    @Test
    void theRunDelayIsTheSecondFigure() {
        assertEquals(988_140L, parse("4062572 988140 1\n"));
        assertEquals(0L, parse("12 0 3\n"));
        assertEquals(-1L, parse("4062572\n"), "no second figure");
        assertEquals(-1L, parse(""));
        assertEquals(-1L, parse("1 x 2\n"));
        assertEquals(-1L, parse("1 1234567890123456789 2\n"), "more digits than a long holds safely");
    }

    @Test
    void readsTheCallingThreadsOwnFigureWhereThePlatformHasOne() {
        LongSupplier clock = RunQueueClock.openForCurrentThread();
        if (!Files.isReadable(RunQueueClock.SCHEDSTAT)) {
            assertNull(clock, "no schedstat, no clock");
            return;
        }
        assertNotNull(clock);
        long previous = clock.getAsLong();
        assertTrue(previous >= 0, "run delay " + previous);
        for (int i = 0; i < 1000; i++) {
            long now = clock.getAsLong();
            assertTrue(now >= previous, "cumulative: " + now + " after " + previous);
            previous = now;
        }
    }
}
