package io.tickforge.server.replication;

import it.unimi.dsi.fastutil.longs.LongHeaps;

/**
 * Fits one packet's pending entities into what the payload budget leaves after header and
 * removals. When everything fits (nearly always) every pending entity is included and nothing else
 * happens. Otherwise each pending entity's priority accumulator grows (closer ones faster: {@code
 * +1 + 3 * (1 - distance / radius)}; the client's own player goes first), the pending entities
 * are taken first-fit in descending priority (equal priorities: lower id first) until nothing left
 * can fit or {@link #DEFAULT_REJECTION_LIMIT} entities did not fit, and the rest wait for a later
 * packet. Accumulators of included entities are reset by the writer. Scratch owned by one writer;
 * no allocation.
 *
 * <p>Lazy coding: a budget-bound packet's changed entities may come uncoded (a lower bound of their
 * size, see {@link PendingEntities#addUncoded}); the fitter has the writer code one when it reaches
 * it in priority order and then compares its exact size, so what is coded is what is taken plus the
 * entities looked at and refused. Why the rejection limit: with lower bounds instead of sizes,
 * "nothing left can fit" (the stop of plain first-fit) comes late (a changed entity's lower bound
 * is its 1-2 byte header), so plain first-fit would code nearly every pending entity of a packet
 * that ends a few bytes short. Stopping after a few refusals bounds the codings per packet by what
 * it carries plus that constant and leaves at most a few bytes of the budget unused. The rule
 * reads only exact sizes and priorities, so which entities are taken does not depend on which ones
 * were coded early or came from the shared-encoding cache (that differs with the writer thread).
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
    /** Entities refused (did not fit what was left) after which a packet takes no more. */
    static final int DEFAULT_REJECTION_LIMIT = 8;
    private int rejectionLimit = DEFAULT_REJECTION_LIMIT;
    /** The clients' priority accumulators are indexed by {@link WorldHistory#denseId} with this gap. */
    private final int idGap;

    /** A fitter whose clients' accumulators are indexed by id. */
    BudgetFitter(long radiusUnits) {
        this(radiusUnits, 0);
    }

    /** {@code idGap}: the history's {@link WorldHistory#idGap}, by which the accumulators are indexed. */
    BudgetFitter(long radiusUnits, int idGap) {
        this.radiusSq = (double) (radiusUnits * radiusUnits);
        this.idGap = idGap;
    }

    /** Tests: the refusals after which a packet takes no more ({@link Integer#MAX_VALUE}: plain first-fit). */
    void rejectionLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("rejection limit must be >= 1: " + limit);
        }
        this.rejectionLimit = limit;
    }

    /** {@link #fit(PendingEntities, int, ClientState, int[], int, int, int, int, PacketWriter)} of pending entities all coded. */
    int fit(PendingEntities pending, int remaining, ClientState c, int[] values, int valuesPerId, int selfId, int cx, int cy) {
        return fit(pending, remaining, c, values, valuesPerId, selfId, cx, cy, null);
    }

    /**
     * Marks {@code pending.included} and returns how many pending entities were deferred (0 when all
     * fit). {@code values} are the current world's values by id ({@link WorldHistory} layout).
     * Uncoded pending entities ({@link PendingEntities#uncoded}) are coded by {@code coder} when
     * taken from the heap; when there are any, {@code pending.bytes} (with their lower bounds)
     * must exceed {@code remaining} (the writer codes them all first otherwise).
     */
    int fit(PendingEntities pending, int remaining, ClientState c, int[] values, int valuesPerId, int selfId, int cx, int cy,
            PacketWriter coder) {
        final int n = pending.count;
        if (pending.bytes <= remaining) {
            if (pending.uncoded != 0) {
                throw new IllegalStateException("uncoded entities in a packet that may fit");
            }
            return 0;
        }
        final float[] priority = c.priority;
        final long[] heap = pending.heap;
        final int[] left = leftByCost;
        final int top = left.length - 1;
        java.util.Arrays.fill(left, 0);
        for (int p = 0; p < n; p++) {
            pending.included[p] = false;
            final int known = pending.cost[p]; // negative: minus the lower bound of an uncoded change
            left[Math.min(top, Math.abs(known))]++;
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
                final int d = WorldHistory.denseId(id, idGap);
                float old = priority[d];
                pr = old + 1f + 3f * Math.max(0f, closeness);
                if (old == 0f) {
                    c.raisedPriorities++;
                }
                priority[d] = pr;
            }
            // Smallest key first: highest priority, then lowest index (= lowest id).
            heap[p] = (TOP - Float.floatToIntBits(pr)) << 32 | p;
        }
        LongHeaps.makeHeap(heap, n, null);
        int size = n;
        int deferred = 0;
        int refusals = rejectionLimit;
        int cheapest = 0;
        while (size > 0) {
            while (left[cheapest] == 0) {
                cheapest++; // size > 0: some bucket is not empty
            }
            if (remaining < cheapest) {
                return deferred + size; // nothing left in the heap fits
            }
            final int p = (int) heap[0];
            final int known = pending.cost[p];
            left[Math.min(top, Math.abs(known))]--; // the bucket it was counted in
            if (--size > 0) {
                heap[0] = heap[size];
                LongHeaps.downHeap(heap, size, 0, null);
            }
            final int cost = known >= 0 ? known : coder.codePending(p);
            if (cost <= remaining) {
                remaining -= cost;
                pending.included[p] = true;
            } else {
                deferred++;
                if (--refusals == 0) {
                    return deferred + size;
                }
            }
        }
        return deferred;
    }
}
