package io.tickforge.server.replication;

import java.util.Arrays;

/**
 * One packet's candidate content, built by {@link PacketWriter}'s diff and trimmed by the
 * {@link BudgetFitter}: the removals (ids and baseline indexes, ascending) and the pending
 * entities, changed or new, in ascending id order, each with its exact encoded size (what a changed
 * one is coded as, and against which baseline entry, the writer's cache holds by id), or, for a
 * changed one the writer left uncoded because the packet cannot carry everything (see
 * {@link #addUncoded}), a lower bound of its size and where its baseline entry is.
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
    /** Changed pending entities not coded yet ({@link #addUncoded}). */
    int uncoded;
    /** Changed pending entities that leave a velocity sample on the client. */
    int sampled;
    int[] id;
    /** Index in the baseline's id order, or -1 for an entity the client does not hold yet. */
    int[] baseIndex;
    /**
     * Exact encoded size (at least 1), or for an uncoded change minus a lower bound of it (so a
     * packet with no uncoded change writes nothing more per entity than before).
     */
    int[] cost;
    /**
     * For an uncoded change (negative {@link #cost}) only: its baseline entry's record slot in the
     * client's arena, or -1 when the entry is the baseline's default.
     */
    int[] record;
    /**
     * For a coded change: the block of the writer's shared-encoding cache that holds its coding
     * (what {@link PacketWriter}'s emit and store read); unset for additions and uncoded changes.
     */
    int[] block;
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
        record = new int[c];
        block = new int[c];
        included = new boolean[c];
        heap = new long[c];
    }

    void clear() {
        removals = 0;
        count = 0;
        bytes = 0;
        added = 0;
        sampled = 0;
        uncoded = 0;
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

    /** Appends a coded change whose coding is in block {@code cacheBlock} of the writer's cache. */
    void addCoded(int entityId, int index, int bytesCost, int cacheBlock) {
        final int p = count;
        add(entityId, index, bytesCost);
        block[p] = cacheBlock;
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

    /**
     * Appends a changed pending entity ({@code index} >= 0) that is not coded yet: {@code lowerBound}
     * bytes at least, its baseline entry in record slot {@code baselineRecord} of the client's
     * arena (-1: the baseline's default). The writer codes it when the fitter takes it
     * ({@link #coded}). {@code lowerBound} must be at least 1.
     */
    void addUncoded(int entityId, int index, int lowerBound, int baselineRecord) {
        int p = count;
        if (p == id.length) {
            grow(p * 2);
        }
        id[p] = entityId;
        baseIndex[p] = index;
        cost[p] = -lowerBound;
        record[p] = baselineRecord;
        included[p] = true;
        bytes += lowerBound;
        uncoded++;
        count = p + 1;
    }

    /** Uncoded entity {@code p} is coded now: {@code exact} bytes, in block {@code cacheBlock} of the writer's cache. */
    void coded(int p, int exact, int cacheBlock) {
        block[p] = cacheBlock;
        bytes += exact + cost[p];
        cost[p] = exact;
        uncoded--;
    }

    private void grow(int c) {
        id = Arrays.copyOf(id, c);
        baseIndex = Arrays.copyOf(baseIndex, c);
        cost = Arrays.copyOf(cost, c);
        record = Arrays.copyOf(record, c);
        block = Arrays.copyOf(block, c);
        included = Arrays.copyOf(included, c);
        heap = Arrays.copyOf(heap, c);
    }
}
