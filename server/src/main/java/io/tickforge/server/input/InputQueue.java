package io.tickforge.server.input;

import io.tickforge.shared.protocol.InputPacket;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Hands decoded input packets from the network thread(s) to the tick thread without locks or
 * allocation: a bounded ring of preallocated primitive slots. Producers: any number of network
 * threads ({@link #offer}, multi-producer safe); consumer: the one tick thread ({@link #drain}).
 *
 * <p>The algorithm is the classic bounded queue with one sequence number per cell (Vyukov): a
 * producer claims a cell by CAS on the tail, copies the packet into the cell's primitive slots and
 * then publishes the cell by a release store of its sequence; the consumer reads a cell only after
 * seeing that sequence. A full queue rejects the packet and counts it, it never blocks the network
 * thread.
 */
public final class InputQueue {
    /** Called once per drained packet; the packet instance is reused, copy what you keep. */
    @FunctionalInterface
    public interface Handler {
        void onInput(int slot, InputPacket packet);
    }

    private static final int N = InputPacket.MAX_INPUTS;

    private final int capacity;
    private final int mask;
    private final AtomicLongArray sequence;
    private final AtomicLong tail = new AtomicLong();
    private long head;

    private final int[] slot;
    private final boolean[] hasAcks;
    private final int[] ackSequence;
    private final int[] ackBits;
    private final long[] newestTick;
    private final int[] renderLag;
    private final int[] count;
    /** Lanes per input (the session's input layout). */
    private final int lanes;
    /** Cell c's inputs at {@code c * N * lanes}. */
    private final int[] values;

    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong rejectedFull = new AtomicLong();
    /** Consumer-owned packet the handler sees. */
    private final InputPacket scratch = new InputPacket();

    /** A queue of four-field inputs (the arena's shape). @param capacity cells, rounded up to a power of two */
    public InputQueue(int capacity) {
        this(capacity, InputPacket.FOUR_FIELD_LANES);
    }

    /**
     * @param capacity      cells, rounded up to a power of two
     * @param lanesPerInput lanes of one input (the input schema's field count); a packet with
     *                      another count is queued with count -1 (malformed, for the consumer to count)
     */
    public InputQueue(int capacity, int lanesPerInput) {
        if (capacity < 1 || capacity > (1 << 24)) {
            throw new IllegalArgumentException("capacity must be in 1..2^24: " + capacity);
        }
        if (lanesPerInput < 1 || lanesPerInput > InputPacket.MAX_LANES) {
            throw new IllegalArgumentException("lanesPerInput must be in 1.." + InputPacket.MAX_LANES + ": " + lanesPerInput);
        }
        this.lanes = lanesPerInput;
        this.capacity = roundUp(capacity);
        this.mask = this.capacity - 1;
        this.sequence = new AtomicLongArray(this.capacity);
        for (int i = 0; i < this.capacity; i++) {
            sequence.set(i, i);
        }
        slot = new int[this.capacity];
        hasAcks = new boolean[this.capacity];
        ackSequence = new int[this.capacity];
        ackBits = new int[this.capacity];
        newestTick = new long[this.capacity];
        renderLag = new int[this.capacity];
        count = new int[this.capacity];
        values = new int[this.capacity * N * lanesPerInput];
    }

    private static int roundUp(int n) {
        return n == 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }

    public int capacity() {
        return capacity;
    }

    /**
     * Copies {@code packet} into the queue. Returns false, and counts, when the queue is full.
     * The input count is stored as sent (the consumer validates it; -1 when the packet's lanes per
     * input are not this queue's); at most MAX_INPUTS inputs are copied. Any producer thread; never blocks, never allocates.
     */
    public boolean offer(int playerSlot, InputPacket packet) {
        long pos = tail.get();
        int cell;
        while (true) {
            cell = (int) (pos & mask);
            final long seq = sequence.get(cell);
            final long diff = seq - pos;
            if (diff == 0) {
                if (tail.compareAndSet(pos, pos + 1)) {
                    break;
                }
                pos = tail.get();
            } else if (diff < 0) {
                rejectedFull.incrementAndGet();
                return false;
            } else {
                pos = tail.get();
            }
        }
        slot[cell] = playerSlot;
        hasAcks[cell] = packet.hasAcks;
        ackSequence[cell] = packet.ackSequence;
        ackBits[cell] = packet.ackBits;
        newestTick[cell] = packet.newestTick;
        renderLag[cell] = packet.renderLag;
        final boolean shaped = packet.lanesPerInput == lanes;
        count[cell] = shaped ? packet.count : -1;
        final int copy = shaped ? Math.max(0, Math.min(N, packet.count)) : 0;
        System.arraycopy(packet.lanes, 0, values, cell * N * lanes, copy * lanes);
        sequence.lazySet(cell, pos + 1);
        offered.incrementAndGet();
        return true;
    }

    /**
     * Hands up to {@code maxPackets} queued packets to {@code handler}, oldest first; returns how
     * many. Tick thread only. Bounded so that a flood cannot stretch one tick without limit.
     */
    public int drain(Handler handler, int maxPackets) {
        int drained = 0;
        final InputPacket p = scratch;
        while (drained < maxPackets) {
            final int cell = (int) (head & mask);
            if (sequence.get(cell) != head + 1) {
                break;
            }
            p.hasAcks = hasAcks[cell];
            p.ackSequence = ackSequence[cell];
            p.ackBits = ackBits[cell];
            p.newestTick = newestTick[cell];
            p.renderLag = renderLag[cell];
            p.count = count[cell];
            p.lanesPerInput = lanes;
            final int copy = Math.max(0, Math.min(N, p.count));
            System.arraycopy(values, cell * N * lanes, p.lanes, 0, copy * lanes);
            final int playerSlot = slot[cell];
            // Free the cell before calling out, so producers can reuse it even if the handler throws.
            sequence.lazySet(cell, head + capacity);
            head++;
            drained++;
            handler.onInput(playerSlot, p);
        }
        return drained;
    }

    /** Packets accepted since start. Any thread. */
    public long offered() {
        return offered.get();
    }

    /** Packets rejected because the queue was full. Any thread. */
    public long rejectedFull() {
        return rejectedFull.get();
    }
}
