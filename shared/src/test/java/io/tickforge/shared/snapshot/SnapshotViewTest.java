package io.tickforge.shared.snapshot;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The view's double-division shortcut must equal Math.floorDiv bit for bit: both ends derive predictions from it. */
class SnapshotViewTest {

    @Test
    void floorDivSmallEqualsFloorDiv() {
        SplittableRandom random = new SplittableRandom(7);
        long[] edges = {0, 1, -1, 2, -2, 63, -63, 64, -64, 65, -65, (1L << 42) - 1, -(1L << 42), (1L << 50),
            -(1L << 50), (1L << 50) + 1, -(1L << 50) - 1, Long.MAX_VALUE / 2, Long.MIN_VALUE / 2};
        for (long d = 1; d <= 300; d++) {
            for (long n : edges) {
                assertEquals(Math.floorDiv(n, d), SnapshotView.floorDivSmall(n, d), n + " / " + d);
            }
            // Exact multiples and their neighbours, where a rounded quotient would cross an integer.
            for (int k = 0; k < 2000; k++) {
                long q = random.nextLong(-(1L << 40), 1L << 40);
                for (long n = q * d - 1; n <= q * d + 1; n++) {
                    assertEquals(Math.floorDiv(n, d), SnapshotView.floorDivSmall(n, d), n + " / " + d);
                }
                long n = random.nextLong(-(1L << 51), 1L << 51);
                assertEquals(Math.floorDiv(n, d), SnapshotView.floorDivSmall(n, d), n + " / " + d);
            }
        }
    }
}
