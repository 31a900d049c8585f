package io.tickforge.server.replication;

import io.tickforge.shared.world.Quantization;
import io.tickforge.shared.world.WorldSnapshot;

/**
 * Uniform grid over the arena, rebuilt once per tick by counting sort, so a client's interest
 * query touches only the cells its radius covers instead of every entity. Positions outside the
 * arena are clamped into the border cells, which keeps queries exact. Tick thread only;
 * positions in 1/256 m units; preallocated (grows only when the world outgrows it).
 */
final class ViewInterestGrid {
    private final int cellUnits;
    private final int cellsPerAxis;
    private final int[] cellStart;
    private int[] items;
    /** Positions of {@link #items} in the same (cell) order, so a query reads them sequentially. */
    private int[] itemX;
    private int[] itemY;

    ViewInterestGrid(double arenaSizeM, double cellM, int initialCapacity) {
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
            items[k] = i;
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
     * True when every point of cell (gx, gy) is within the radius: its farthest corner is. Border
     * cells also hold the entities clamped into them from outside the arena, so they always take
     * the exact test.
     */
    private boolean cellInside(int gx, int gy, int cx, int cy, long r2) {
        if (gx == 0 || gy == 0 || gx == cellsPerAxis - 1 || gy == cellsPerAxis - 1) {
            return false;
        }
        long x0 = (long) gx * cellUnits;
        long y0 = (long) gy * cellUnits;
        // Cell spans [x0, x0 + cellUnits) in whole units: its farthest point is a corner.
        long fx = Math.max(Math.abs(x0 - cx), Math.abs(x0 + cellUnits - 1 - cx));
        long fy = Math.max(Math.abs(y0 - cy), Math.abs(y0 + cellUnits - 1 - cy));
        return fx * fx + fy * fy <= r2;
    }

    /**
     * Sets in {@code bits} (one bit per world index, all clear on entry) the entities within
     * {@code radiusUnits} of (cx, cy). A bitmap rather than a list: reading it word by word
     * yields the indexes in ascending order, i.e. in id order, without sorting.
     */
    void query(int cx, int cy, long radiusUnits, long[] bits) {
        final long r2 = radiusUnits * radiusUnits;
        final int x0 = cellOf((int) Math.max(Integer.MIN_VALUE, cx - radiusUnits));
        final int x1 = cellOf((int) Math.min(Integer.MAX_VALUE, cx + radiusUnits));
        final int y0 = cellOf((int) Math.max(Integer.MIN_VALUE, cy - radiusUnits));
        final int y1 = cellOf((int) Math.min(Integer.MAX_VALUE, cy + radiusUnits));
        for (int gy = y0; gy <= y1; gy++) {
            int row = gy * cellsPerAxis;
            for (int gx = x0; gx <= x1; gx++) {
                int c = row + gx;
                int k = cellStart[c];
                final int end = cellStart[c + 1];
                if (k == end) {
                    continue;
                }
                if (cellInside(gx, gy, cx, cy, r2)) {
                    for (; k < end; k++) {
                        int i = items[k];
                        bits[i >>> 6] |= 1L << i;
                    }
                    continue;
                }
                for (; k < end; k++) {
                    long dx = (long) itemX[k] - cx;
                    long dy = (long) itemY[k] - cy;
                    if (dx * dx + dy * dy <= r2) {
                        int i = items[k];
                        bits[i >>> 6] |= 1L << i;
                    }
                }
            }
        }
    }
}
