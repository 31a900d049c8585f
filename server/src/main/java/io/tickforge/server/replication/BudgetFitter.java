package io.tickforge.server.replication;

import it.unimi.dsi.fastutil.longs.LongHeaps;

/**
 * Fits one packet's pending entities into what the payload budget leaves after header and
 * removals. When everything fits (nearly always) every pending entity is included and nothing else
 * happens. Otherwise each pending entity's priority accumulator grows (closer ones faster: {@code
 * +1 + 3 * (1 - distance / radius)}; the client's own player goes first), the pending entities
 * are taken first-fit in descending priority (equal priorities: lower id first), and the rest wait
 * for a later packet. Accumulators of included entities are reset by the writer. Scratch owned by
 * one writer; no allocation.
 *
 * <p>Why a heap rather than a sort: when the budget is short it is short by far (at 5000 NPCs a
 * client has ~1000 pending entities and room for ~100), and first-fit stops as soon as what is
 * left is below the cheapest entity still in the heap (a count per cost says which that is).
 * Heapifying is linear and only the entries looked at are popped, on primitive keys (priority and
 * index packed in one long) with no comparator call.
 */
final class BudgetFitter {
    /** Float bits of +infinity: priorities are positive, so their bits order like the floats. */
    private static final long TOP = Float.floatToIntBits(Float.POSITIVE_INFINITY);
    private final double radiusSq;
    /** Pending entities not yet taken from the heap, by cost (costs of 127 bytes and more share the last). */
    private final int[] leftByCost = new int[128];

    BudgetFitter(long radiusUnits) {
        this.radiusSq = (double) (radiusUnits * radiusUnits);
    }

    /**
     * Marks {@code pending.included} and returns how many pending entities were deferred (0 when all
     * fit). {@code values} are the current world's values by id ({@link WorldHistory} layout).
     */
    int fit(PendingEntities pending, int remaining, ClientState c, int[] values, int valuesPerId, int selfId, int cx, int cy) {
        final int n = pending.count;
        if (pending.bytes <= remaining) {
            return 0;
        }
        final float[] priority = c.priority;
        final long[] heap = pending.heap;
        final int[] left = leftByCost;
        final int top = left.length - 1;
        java.util.Arrays.fill(left, 0);
        for (int p = 0; p < n; p++) {
            pending.included[p] = false;
            left[Math.min(top, pending.cost[p])]++;
            final int id = pending.id[p];
            final float pr;
            if (id == selfId) {
                pr = Float.POSITIVE_INFINITY;
            } else {
                final int o = id * valuesPerId;
                long ex = (long) values[o + WorldHistory.X] - cx;
                long ey = (long) values[o + WorldHistory.Y] - cy;
                double d2 = (double) (ex * ex + ey * ey);
                float closeness = 1f - (float) Math.sqrt(d2 / radiusSq);
                float old = priority[id];
                pr = old + 1f + 3f * Math.max(0f, closeness);
                if (old == 0f) {
                    c.raisedPriorities++;
                }
                priority[id] = pr;
            }
            // Smallest key first: highest priority, then lowest index (= lowest id).
            heap[p] = (TOP - Float.floatToIntBits(pr)) << 32 | p;
        }
        LongHeaps.makeHeap(heap, n, null);
        int size = n;
        int deferred = 0;
        int cheapest = 0;
        while (size > 0) {
            while (left[cheapest] == 0) {
                cheapest++; // size > 0: some bucket is not empty
            }
            if (remaining < cheapest) {
                return deferred + size; // nothing left in the heap fits
            }
            final int p = (int) heap[0];
            left[Math.min(top, pending.cost[p])]--;
            if (--size > 0) {
                heap[0] = heap[size];
                LongHeaps.downHeap(heap, size, 0, null);
            }
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
