package io.tickforge.server.replication;

import io.tickforge.shared.snapshot.ViewEntries;

import java.util.Arrays;

/**
 * One packet's candidate content, built by {@link PacketWriter}'s diff and trimmed by the
 * {@link BudgetFitter}: the removals (ids and baseline indexes, ascending) and the pending
 * entities, changed or new, in ascending id order, each with its field mask, its exact encoded
 * size, its residuals and, for a changed entity, a copy of the baseline entry it is coded against.
 * Scratch owned by one writer; grows on demand, never shrinks, no allocation in steady state.
 */
final class PendingEntities {
    int removals;
    int[] removedId;
    int[] removedIndex;

    int count;
    int bytes;
    int[] id;
    /** Index in the baseline's id order, or -1 for an entity the client does not hold yet. */
    int[] baseIndex;
    int[] mask;
    int[] cost;
    int[] dx;
    int[] dy;
    int[] dh;
    float[] key;
    boolean[] included;
    int[] order;
    /** Baseline entries of changed entities, {@link ViewEntries} layout, at {@code p * STRIDE}. */
    int[] baseEntries;

    PendingEntities(int capacity) {
        int c = Math.max(16, capacity);
        removedId = new int[c];
        removedIndex = new int[c];
        id = new int[c];
        baseIndex = new int[c];
        mask = new int[c];
        cost = new int[c];
        dx = new int[c];
        dy = new int[c];
        dh = new int[c];
        key = new float[c];
        included = new boolean[c];
        order = new int[c];
        baseEntries = new int[c * ViewEntries.STRIDE];
    }

    void clear() {
        removals = 0;
        count = 0;
        bytes = 0;
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

    /** Appends a pending entity and returns its index; for a changed one, fill {@link #baseEntries} at it. */
    int add(int entityId, int index, int fieldMask, int bytesCost, int rx, int ry, int rh) {
        int p = count;
        if (p == id.length) {
            grow(p * 2);
        }
        id[p] = entityId;
        baseIndex[p] = index;
        mask[p] = fieldMask;
        cost[p] = bytesCost;
        dx[p] = rx;
        dy[p] = ry;
        dh[p] = rh;
        included[p] = true;
        bytes += bytesCost;
        count = p + 1;
        return p;
    }

    /** Makes room for one more entry at index {@link #count} before it is added (for its base entry). */
    void reserveNext() {
        if (count == id.length) {
            grow(count * 2);
        }
    }

    private void grow(int c) {
        id = Arrays.copyOf(id, c);
        baseIndex = Arrays.copyOf(baseIndex, c);
        mask = Arrays.copyOf(mask, c);
        cost = Arrays.copyOf(cost, c);
        dx = Arrays.copyOf(dx, c);
        dy = Arrays.copyOf(dy, c);
        dh = Arrays.copyOf(dh, c);
        key = Arrays.copyOf(key, c);
        included = Arrays.copyOf(included, c);
        order = Arrays.copyOf(order, c);
        baseEntries = Arrays.copyOf(baseEntries, c * ViewEntries.STRIDE);
    }
}
