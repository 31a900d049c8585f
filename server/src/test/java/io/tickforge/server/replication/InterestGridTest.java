package io.tickforge.server.replication;

import io.tickforge.shared.world.Quantization;
import io.tickforge.shared.world.WorldSnapshot;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The grid query (with its whole-cell shortcut) against a brute-force distance test. */
class InterestGridTest {

    @Test
    void queryEqualsBruteForceIncludingEntitiesOutsideTheArenaAndOnCellEdges() {
        final double arenaM = 256;
        final double cellM = 16;
        final int cellUnits = Quantization.positionToUnits(cellM);
        final int arenaUnits = Quantization.positionToUnits(arenaM);
        InterestGrid grid = new InterestGrid(arenaM, cellM, 8);
        SplittableRandom random = new SplittableRandom(42);
        WorldSnapshot w = new WorldSnapshot(3000);
        long totalMatches = 0;
        for (int round = 0; round < 20; round++) {
            w.clear(round);
            for (int id = 0; id < 2000; id++) {
                int x;
                int y;
                switch (id % 4) {
                    // Exactly on cell edges and the last unit of a cell: the shortcut's corner cases.
                    case 0 -> {
                        x = random.nextInt(16) * cellUnits;
                        y = random.nextInt(16) * cellUnits + cellUnits - 1;
                    }
                    // Outside the arena: clamped into the border cells.
                    case 1 -> {
                        x = random.nextInt(-arenaUnits, 2 * arenaUnits);
                        y = random.nextInt(-arenaUnits, 2 * arenaUnits);
                    }
                    default -> {
                        x = random.nextInt(arenaUnits);
                        y = random.nextInt(arenaUnits);
                    }
                }
                w.add(id, x, y, 0, 100, WorldSnapshot.FLAG_ALIVE);
            }
            grid.rebuild(w);
            long[] bits = new long[(w.count + 63) >>> 6];
            for (int q = 0; q < 20; q++) {
                int cx = random.nextInt(-cellUnits, arenaUnits + cellUnits);
                int cy = random.nextInt(-cellUnits, arenaUnits + cellUnits);
                long radius = Quantization.positionToUnits(random.nextInt(1, 100));
                grid.query(cx, cy, radius, bits);
                long matches = 0;
                for (int i = 0; i < w.count; i++) {
                    long dx = (long) w.x[i] - cx;
                    long dy = (long) w.y[i] - cy;
                    boolean inside = dx * dx + dy * dy <= radius * radius;
                    boolean set = (bits[i >>> 6] & (1L << i)) != 0;
                    assertEquals(inside, set, "entity " + i + " query " + cx + "," + cy + " r " + radius);
                    if (inside) {
                        matches++;
                    }
                }
                java.util.Arrays.fill(bits, 0L);
                totalMatches += matches;
            }
        }
        // 400 queries of radius 1..99 m over 2000 entities: far from vacuous.
        assertTrue(totalMatches > 10_000, "matches " + totalMatches);
    }

    @Test
    void integerSquareRootIsExactAroundSquares() {
        for (long r = 0; r < 100_000; r += 7) {
            long sq = r * r;
            assertEquals(r, InterestGrid.isqrt(sq));
            assertEquals(r, InterestGrid.isqrt(sq + 2 * r)); // (r + 1)^2 - 1
            if (r > 0) {
                assertEquals(r - 1, InterestGrid.isqrt(sq - 1));
            }
        }
        long big = 3_037_000_499L; // the largest r with r * r in a long
        assertEquals(big, InterestGrid.isqrt(big * big));
        assertEquals(big - 1, InterestGrid.isqrt(big * big - 1));
    }
}
