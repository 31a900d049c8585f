package io.tickforge.server.replication;

import it.unimi.dsi.fastutil.ints.IntArrays;
import it.unimi.dsi.fastutil.ints.IntComparator;

/**
 * Fits one packet's pending entities into what the payload budget leaves after header and
 * removals. When everything fits (nearly always) every pending entity is included and nothing else
 * happens. Otherwise each pending entity's priority accumulator grows (closer ones faster: {@code
 * +1 + 3 * (1 - distance / radius)}; the client's own player goes first), the pending entities
 * are taken first-fit in descending priority, and the rest wait for a later packet. Accumulators of
 * included entities are reset by the writer. Scratch owned by one writer; no allocation.
 */
final class BudgetFitter {
    private final double radiusSq;
    private PendingEntities sorting;
    private final IntComparator byKeyDescending = (a, b) -> Float.compare(sorting.key[b], sorting.key[a]);

    BudgetFitter(long radiusUnits) {
        this.radiusSq = (double) (radiusUnits * radiusUnits);
    }

    /**
     * Marks {@code pending.included} and returns how many pending entities were deferred (0 when all
     * fit). {@code values} are the current world's values by id ({@link WorldHistory} layout).
     */
    int fit(PendingEntities pending, int remaining, ClientState c, int[] values, int selfId, int cx, int cy) {
        final int n = pending.count;
        if (pending.bytes <= remaining) {
            return 0;
        }
        final float[] priority = c.priority;
        for (int p = 0; p < n; p++) {
            pending.order[p] = p;
            pending.included[p] = false;
            final int id = pending.id[p];
            if (id == selfId) {
                pending.key[p] = Float.POSITIVE_INFINITY;
            } else {
                final int o = id * WorldHistory.VALUES;
                long ex = (long) values[o + WorldHistory.X] - cx;
                long ey = (long) values[o + WorldHistory.Y] - cy;
                double d2 = (double) (ex * ex + ey * ey);
                float closeness = 1f - (float) Math.sqrt(d2 / radiusSq);
                float old = priority[id];
                float pr = old + 1f + 3f * Math.max(0f, closeness);
                if (old == 0f) {
                    c.raisedPriorities++;
                }
                priority[id] = pr;
                pending.key[p] = pr;
            }
        }
        sorting = pending;
        IntArrays.quickSort(pending.order, 0, n, byKeyDescending);
        int deferred = 0;
        for (int q = 0; q < n; q++) {
            int p = pending.order[q];
            if (pending.cost[p] <= remaining) {
                remaining -= pending.cost[p];
                pending.included[p] = true;
            } else {
                deferred++;
            }
        }
        return deferred;
    }
}
