package io.tickforge.shared.seq;

import java.util.Arrays;

/**
 * Which 16-bit sequence currently owns each slot of a ring of {@code size} entries (the
 * yojimbo/reliable.io sequence buffer). Callers keep their payload in their own parallel arrays
 * indexed by {@link #index}; this class only says whether a slot holds a given sequence.
 * Owned by one thread; preallocated, no allocation after construction.
 */
public final class SequenceBuffer {
    private static final int EMPTY = -1;

    private final int size;
    private final int[] entrySequence;
    private int newest;
    private boolean any;

    public SequenceBuffer(int size) {
        if (size < 2 || size > 32768) {
            throw new IllegalArgumentException("size must be 2..32768: " + size);
        }
        this.size = size;
        this.entrySequence = new int[size];
        Arrays.fill(entrySequence, EMPTY);
    }

    public int size() {
        return size;
    }

    public int index(int sequence) {
        return (sequence & Sequences.MASK) % size;
    }

    /**
     * Claims the slot of {@code sequence}. Returns its index, or -1 when the sequence is too old
     * to fit (more than size-1 behind the newest). Slots of sequences skipped between the old
     * newest and this one are cleared, so a stale entry is never mistaken for a fresh one.
     */
    public int insert(int sequence) {
        sequence &= Sequences.MASK;
        if (any) {
            if (Sequences.sequenceGreaterThan(sequence, newest)) {
                int gap = Sequences.difference(sequence, newest);
                if (gap >= size) {
                    Arrays.fill(entrySequence, EMPTY);
                } else {
                    for (int s = newest + 1, k = 1; k < gap; k++, s++) {
                        entrySequence[index(s)] = EMPTY;
                    }
                }
                newest = sequence;
            } else if (Sequences.difference(newest, sequence) >= size) {
                return -1;
            }
        } else {
            any = true;
            newest = sequence;
        }
        int i = index(sequence);
        entrySequence[i] = sequence;
        return i;
    }

    /** The slot holding {@code sequence}, or -1. */
    public int find(int sequence) {
        sequence &= Sequences.MASK;
        int i = index(sequence);
        return entrySequence[i] == sequence ? i : -1;
    }

    public boolean exists(int sequence) {
        return find(sequence) >= 0;
    }

    public void remove(int sequence) {
        int i = find(sequence);
        if (i >= 0) {
            entrySequence[i] = EMPTY;
        }
    }

    public boolean hasAny() {
        return any;
    }

    public int newest() {
        return newest;
    }

    public void reset() {
        Arrays.fill(entrySequence, EMPTY);
        any = false;
        newest = 0;
    }
}
