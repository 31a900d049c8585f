package io.tickforge.server.net;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenBucketTest {
    private static final long MS = 1_000_000L;

    @Test
    void startsFullThenRefillsAtTheRateUpToTheBurst() {
        TokenBucket b = new TokenBucket(5, 3); // one token per 200 ms
        long t = 1_000 * MS;
        assertTrue(b.tryTake(t));
        assertTrue(b.tryTake(t));
        assertTrue(b.tryTake(t));
        assertFalse(b.tryTake(t), "burst of 3 spent");
        assertFalse(b.tryTake(t + 199 * MS));
        assertTrue(b.tryTake(t + 200 * MS), "one token after 200 ms");
        assertFalse(b.tryTake(t + 200 * MS));
        t += 10_000 * MS; // long idle: refills to the burst, not beyond
        assertTrue(b.isFull(t));
        for (int i = 0; i < 3; i++) {
            assertTrue(b.tryTake(t));
        }
        assertFalse(b.tryTake(t));
    }

    @Test
    void aClockGoingBackwardsGrantsNothingExtra() {
        TokenBucket b = new TokenBucket(1, 1);
        assertTrue(b.tryTake(5_000 * MS));
        assertFalse(b.tryTake(4_000 * MS));
        assertFalse(b.tryTake(5_500 * MS));
    }

    @Test
    void argumentsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(Double.NaN, 1));
    }
}
