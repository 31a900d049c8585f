package io.tickforge.server.replication;

import java.util.Arrays;

/**
 * One packet's candidate content, built by {@link PacketWriter}'s diff and trimmed by the
 * {@link BudgetFitter}: the removals (ids and baseline indexes, ascending) and the pending
 * entities, changed or new, in ascending id order, each with its exact encoded size (what a changed
 * one is coded as, and against which baseline entry, the writer's cache holds by id).
 * Scratch owned by one writer; grows on demand, never shrinks, no allocation in steady state.
 */
final class PendingEntities {
    int removals;
    int[] removedId;
    int[] removedIndex;

    int count;
    int bytes;
    /** Pending entities the client does not hold yet (the others are changes). */
    int added;
    /** Changed pending entities that leave a velocity sample on the client. */
    int sampled;
    int[] id;
    /** Index in the baseline's id order, or -1 for an entity the client does not hold yet. */
    int[] baseIndex;
    int[] cost;
    boolean[] included;
    /** The fitter's priority heap (priority and index packed per pending entity). */
    long[] heap;

    PendingEntities(int capacity) {
        int c = Math.max(16, capacity);
        removedId = new int[c];
        removedIndex = new int[c];
        id = new int[c];
        baseIndex = new int[c];
        cost = new int[c];
        included = new boolean[c];
        heap = new long[c];
    }

    void clear() {
        removals = 0;
        count = 0;
        bytes = 0;
        added = 0;
        sampled = 0;
    }

    void addRemoval(int entityId, int index) {
        if (removals == removedId.length) {
            removedId = Arrays.copyOf(removedId, removals * 2);
            removedIndex = Arrays.copyOf(removedIndex, removals * 2);
        }
        removedId[removals] = entityId;
        removedIndex[removals] = index;
        removals++;
    }

    /** Appends a pending entity, changed ({@code index} >= 0) or new (-1), included until the fitter says otherwise. */
    void add(int entityId, int index, int bytesCost) {
        int p = count;
        if (p == id.length) {
            grow(p * 2);
        }
        id[p] = entityId;
        baseIndex[p] = index;
        cost[p] = bytesCost;
        included[p] = true;
        bytes += bytesCost;
        if (index < 0) {
            added++;
        }
        count = p + 1;
    }

    private void grow(int c) {
        id = Arrays.copyOf(id, c);
        baseIndex = Arrays.copyOf(baseIndex, c);
        cost = Arrays.copyOf(cost, c);
        included = Arrays.copyOf(included, c);
        heap = Arrays.copyOf(heap, c);
    }
}
