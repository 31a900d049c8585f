package io.tickforge.server.replication;

import io.tickforge.shared.world.Quantization;
import io.tickforge.shared.world.WorldSnapshot;

/**
 * Uniform grid over the arena, rebuilt once per tick by counting sort, so a client's interest
 * query touches only the cells its radius covers instead of every entity. Positions outside the
 * arena are clamped into the border cells, which keeps queries exact. Tick thread only;
 * positions in 1/256 m units; preallocated (grows only when the world outgrows it).
 */
final class InterestGrid {
    private final int cellUnits;
    private final int cellsPerAxis;
    private final int[] cellStart;
    /** Entity ids in cell order. */
    private int[] items;
    /** Positions of {@link #items} in the same (cell) order, so a query reads them sequentially. */
    private int[] itemX;
    private int[] itemY;

    InterestGrid(double arenaSizeM, double cellM, int initialCapacity) {
        cellUnits = Math.max(1, Quantization.positionToUnits(cellM));
        cellsPerAxis = Math.max(1, (int) Math.ceil(arenaSizeM / cellM));
        cellStart = new int[cellsPerAxis * cellsPerAxis + 1];
        items = new int[Math.max(1, initialCapacity)];
        itemX = new int[items.length];
        itemY = new int[items.length];
    }

    private int cellOf(int units) {
        int c = Math.floorDiv(units, cellUnits);
        return c < 0 ? 0 : c >= cellsPerAxis ? cellsPerAxis - 1 : c;
    }

    void rebuild(WorldSnapshot w) {
        final int n = w.count;
        if (items.length < n) {
            items = new int[Math.max(n, items.length * 2)];
            itemX = new int[items.length];
            itemY = new int[items.length];
        }
        final int[] start = cellStart;
        java.util.Arrays.fill(start, 0);
        for (int i = 0; i < n; i++) {
            start[cellOf(w.y[i]) * cellsPerAxis + cellOf(w.x[i]) + 1]++;
        }
        for (int c = 1; c < start.length; c++) {
            start[c] += start[c - 1];
        }
        // start[c] is now the end of cell c-1 == the start of cell c; fill with a moving cursor.
        for (int i = 0; i < n; i++) {
            int c = cellOf(w.y[i]) * cellsPerAxis + cellOf(w.x[i]);
            int k = start[c]++;
            items[k] = w.entityId[i];
            itemX[k] = w.x[i];
            itemY[k] = w.y[i];
        }
        // The fill advanced each start to its cell's end; shift back.
        for (int c = start.length - 1; c > 0; c--) {
            start[c] = start[c - 1];
        }
        start[0] = 0;
    }

    /**
     * Sets in {@code bits} (one bit per entity id, all clear on entry) the entities within
     * {@code radiusUnits} of (cx, cy). A bitmap rather than a list: reading it word by word
     * yields the ids in ascending order without sorting, and it combines word by word with the
     * id bitmaps of what a client holds. Read-only: several writers may query at once.
     *
     * <p>Row by row: a row's cells are contiguous in {@link #items}, and the cells of a row that
     * lie wholly inside the circle (every point within the radius) form one run in its middle,
     * found with one integer square root per row. That run's entities are taken without a distance
     * test; the cells on either side of it are tested entity by entity. Border cells also hold the
     * entities clamped into them from outside the arena, so they are always tested.
     */
    void query(int cx, int cy, long radiusUnits, long[] bits) {
        final long r2 = radiusUnits * radiusUnits;
        final int last = cellsPerAxis - 1;
        final int x0 = cellOf((int) Math.max(Integer.MIN_VALUE, cx - radiusUnits));
        final int x1 = cellOf((int) Math.min(Integer.MAX_VALUE, cx + radiusUnits));
        final int y0 = cellOf((int) Math.max(Integer.MIN_VALUE, cy - radiusUnits));
        final int y1 = cellOf((int) Math.min(Integer.MAX_VALUE, cy + radiusUnits));
        for (int gy = y0; gy <= y1; gy++) {
            final int row = gy * cellsPerAxis;
            // Whole cells of this row: [in0, in1] (empty when in0 > in1).
            int in0 = 1;
            int in1 = 0;
            if (gy > 0 && gy < last) {
                final long top = (long) gy * cellUnits;
                final long fy = Math.max(Math.abs(top - cy), Math.abs(top + cellUnits - 1 - cy));
                final long room = r2 - fy * fy;
                if (room >= 0) {
                    // A cell is whole when its farthest corner is in: |x0 - cx| and |x0 + cell - 1 - cx| <= dx.
                    final long dx = isqrt(room);
                    in0 = (int) Math.max(Math.max(x0, 1), Math.floorDiv(cx - dx + cellUnits - 1, cellUnits));
                    in1 = (int) Math.min(Math.min(x1, last - 1), Math.floorDiv(cx + dx - cellUnits + 1, cellUnits));
                }
            }
            if (in0 > in1) {
                testAndSet(cellStart[row + x0], cellStart[row + x1 + 1], cx, cy, r2, bits);
                continue;
            }
            testAndSet(cellStart[row + x0], cellStart[row + in0], cx, cy, r2, bits);
            final int[] it = items;
            for (int k = cellStart[row + in0], end = cellStart[row + in1 + 1]; k < end; k++) {
                final int i = it[k];
                bits[i >>> 6] |= 1L << i;
            }
            testAndSet(cellStart[row + in1 + 1], cellStart[row + x1 + 1], cx, cy, r2, bits);
        }
    }

    /** Sets the bits of the entities at {@code items[k..end)} within the radius. */
    private void testAndSet(int k, int end, int cx, int cy, long r2, long[] bits) {
        final int[] it = items;
        final int[] ix = itemX;
        final int[] iy = itemY;
        // Branch-free: about half the entities of a border cell are in, so a branch on the test
        // would mispredict for every other one. (r2 - d) >> 63 is all ones exactly when d > r2.
        for (; k < end; k++) {
            final long dx = (long) ix[k] - cx;
            final long dy = (long) iy[k] - cy;
            final int i = it[k];
            bits[i >>> 6] |= (1L << i) & ~((r2 - (dx * dx + dy * dy)) >> 63);
        }
    }

    /** floor(sqrt(v)) for v >= 0, exact. */
    static long isqrt(long v) {
        long s = (long) Math.sqrt((double) v);
        if (v < 1L << 62) {
            // s < 2^31 + 1: the squares fit a long, no division needed (every real radius).
            while (s * s > v) {
                s--;
            }
            while ((s + 1) * (s + 1) <= v) {
                s++;
            }
            return s;
        }
        while (s > 0 && s > v / s) { // s * s > v, without overflow
            s--;
        }
        while (s + 1 <= v / (s + 1)) { // (s + 1)^2 <= v
            s++;
        }
        return s;
    }
}
