package io.tickforge.client;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reconnect backoff and the snapshot-silence rule on a hand-driven clock (ns), no sockets. */
class ReconnectScheduleTest {
    private static final long MS = 1_000_000L;

    @Test
    void backoffDoublesFrom100MsAndStopsAt2s() {
        final long[] expectedMs = {100, 200, 400, 800, 1600, 2000, 2000, 2000};
        for (int attempt = 1; attempt <= expectedMs.length; attempt++) {
            assertEquals(expectedMs[attempt - 1] * MS, ReconnectSchedule.backoffNs(attempt), "after attempt " + attempt);
        }
        assertEquals(2000 * MS, ReconnectSchedule.backoffNs(Integer.MAX_VALUE), "no overflow for absurd counts");
    }

    @Test
    void attemptsFollowTheBackoffUntilTheGraceEnds() {
        final ReconnectSchedule s = new ReconnectSchedule();
        long now = 5_000 * MS; // any origin: only differences count
        final long lost = now;
        s.start(now, 3_000);
        final List<Long> attemptAtMs = new ArrayList<>();
        // Every attempt fails at once; poll every millisecond as a driving thread would.
        while (!s.expired(now)) {
            if (s.due(now)) {
                s.begin();
                attemptAtMs.add((now - lost) / MS);
                s.failed(now);
            }
            now += MS;
        }
        // 0, +100, +200, +400, +800, +1600 (= 3100 > the 3000 ms grace: never made).
        assertEquals(List.of(0L, 100L, 300L, 700L, 1500L), attemptAtMs);
        assertEquals(5, s.attempts());
        assertEquals(lost + 3_000 * MS, now, "expired exactly at the end of the grace");
        assertEquals(lost, s.lostAtNs());
    }

    @Test
    void graceBoundariesAndRemainingTime() {
        final ReconnectSchedule s = new ReconnectSchedule();
        s.start(-50 * MS, 1_000); // negative nanoTime values occur
        assertTrue(s.due(-50 * MS), "the first attempt is due at once");
        assertEquals(1_000 * MS, s.remainingNs(-50 * MS));
        assertFalse(s.expired(950 * MS - 1));
        assertTrue(s.expired(950 * MS));
        assertEquals(-10 * MS, s.remainingNs(960 * MS));
    }

    @Test
    void aNewLossStartsTheCountAndBackoffOver() {
        final ReconnectSchedule s = new ReconnectSchedule();
        s.start(0, 10_000);
        for (int i = 0; i < 4; i++) {
            s.begin();
            s.failed(0);
        }
        assertFalse(s.due(800 * MS - 1), "the fourth failure waits 800 ms");
        assertTrue(s.due(800 * MS));
        s.start(2_000 * MS, 10_000);
        assertEquals(0, s.attempts());
        assertTrue(s.due(2_000 * MS));
        s.begin();
        s.failed(2_000 * MS);
        assertFalse(s.due(2_099 * MS));
        assertTrue(s.due(2_100 * MS), "back to 100 ms after a fresh loss");
    }

    @Test
    void silenceIsLongerThanTheLimitAndZeroDisablesIt() {
        final long last = 1_000 * MS;
        assertFalse(ReconnectSchedule.silent(last + 5_000 * MS, last, 5_000), "exactly 5 s is not yet silence");
        assertTrue(ReconnectSchedule.silent(last + 5_000 * MS + 1, last, 5_000));
        assertFalse(ReconnectSchedule.silent(last + 3_600_000 * MS, last, 0), "0 = never");
    }
}
