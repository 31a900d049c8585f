package io.tickforge.shared.netsim;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded in-process network for one direction of datagrams (kernel netem is not available on our
 * machines). {@link #send} copies a datagram in and decides its fate (lost, delayed with jitter,
 * duplicated, held back to reorder); {@link #receive} hands out, one by one, every copy whose
 * delivery time has come, earliest first. Time is passed in (nanoseconds, any monotonic origin);
 * nothing sleeps and there are no threads inside, so tests drive it with a manual clock.
 *
 * <p>Memory is bounded: {@code capacityPackets} slots of {@code maxPacketBytes} each, allocated up
 * front. A datagram arriving while every slot is in flight is dropped and counted as overflow,
 * like a full router queue. Each datagram carries an int destination (a client slot, a
 * connection id) so one simulator can sit in front of many peers. Owned by one thread.
 */
public final class NetworkSimulator {
    private static final long NS_PER_MS = 1_000_000L;

    private NetworkConditions conditions;
    private final SplittableRandom random;
    private final int maxPacketBytes;

    private final byte[][] data;
    private final int[] length;
    private final int[] destination;
    private final long[] deliverAtNs;
    private final long[] order;
    /** Binary min-heap of slot indexes by (deliverAtNs, order). */
    private final int[] heap;
    private int heapSize;
    private final int[] freeSlots;
    private int freeCount;
    private long nextOrder;

    private int lastDestination = -1;

    private long sentCount;
    private long lostCount;
    private long duplicatedCount;
    private long reorderedCount;
    private long overflowCount;
    private long oversizeCount;
    private long deliveredCount;

    public NetworkSimulator(NetworkConditions conditions, int capacityPackets, int maxPacketBytes, long seed) {
        if (conditions == null) {
            throw new IllegalArgumentException("conditions must not be null");
        }
        if (capacityPackets < 1 || capacityPackets > 1 << 20) {
            throw new IllegalArgumentException("capacityPackets must be 1..1048576: " + capacityPackets);
        }
        if (maxPacketBytes < 1 || maxPacketBytes > 65_507) {
            throw new IllegalArgumentException("maxPacketBytes must be 1..65507: " + maxPacketBytes);
        }
        this.conditions = conditions;
        this.random = new SplittableRandom(seed);
        this.maxPacketBytes = maxPacketBytes;
        data = new byte[capacityPackets][maxPacketBytes];
        length = new int[capacityPackets];
        destination = new int[capacityPackets];
        deliverAtNs = new long[capacityPackets];
        order = new long[capacityPackets];
        heap = new int[capacityPackets];
        freeSlots = new int[capacityPackets];
        for (int i = 0; i < capacityPackets; i++) {
            freeSlots[i] = capacityPackets - 1 - i;
        }
        freeCount = capacityPackets;
    }

    public void setConditions(NetworkConditions conditions) {
        if (conditions == null) {
            throw new IllegalArgumentException("conditions must not be null");
        }
        this.conditions = conditions;
    }

    public NetworkConditions conditions() {
        return conditions;
    }

    /** Offers one datagram sent at {@code nowNs}. Its bytes are copied; the caller keeps its buffer. */
    public void send(int to, byte[] bytes, int offset, int len, long nowNs) {
        sentCount++;
        if (len < 0 || len > maxPacketBytes) {
            oversizeCount++;
            return;
        }
        NetworkConditions c = conditions;
        if (c.lossPercent > 0 && random.nextDouble() * 100 < c.lossPercent) {
            lostCount++;
            return;
        }
        enqueue(to, bytes, offset, len, nowNs, c);
        if (c.duplicatePercent > 0 && random.nextDouble() * 100 < c.duplicatePercent) {
            duplicatedCount++;
            enqueue(to, bytes, offset, len, nowNs, c);
        }
    }

    private void enqueue(int to, byte[] bytes, int offset, int len, long nowNs, NetworkConditions c) {
        if (freeCount == 0) {
            overflowCount++;
            return;
        }
        double delayMs = c.latencyMs;
        if (c.jitterMs > 0) {
            delayMs += (random.nextDouble() * 2 - 1) * c.jitterMs;
        }
        if (c.reorderPercent > 0 && random.nextDouble() * 100 < c.reorderPercent) {
            // Held back long enough that packets sent after it overtake it.
            delayMs += 2 * c.jitterMs + 1 + random.nextDouble() * Math.max(10, c.latencyMs);
            reorderedCount++;
        }
        int slot = freeSlots[--freeCount];
        System.arraycopy(bytes, offset, data[slot], 0, len);
        length[slot] = len;
        destination[slot] = to;
        deliverAtNs[slot] = nowNs + (long) (Math.max(0, delayMs) * NS_PER_MS);
        order[slot] = nextOrder++;
        heapPush(slot);
    }

    /**
     * Copies the earliest datagram due at {@code nowNs} into {@code dst} and returns its length,
     * or -1 when none is due. {@link #lastDestination()} then says whom it is for.
     */
    public int receive(long nowNs, byte[] dst) {
        if (heapSize == 0 || deliverAtNs[heap[0]] > nowNs) {
            return -1;
        }
        int slot = heapPop();
        int len = length[slot];
        if (len > dst.length) {
            throw new IllegalArgumentException("destination buffer " + dst.length + " < datagram " + len);
        }
        System.arraycopy(data[slot], 0, dst, 0, len);
        lastDestination = destination[slot];
        freeSlots[freeCount++] = slot;
        deliveredCount++;
        return len;
    }

    /** Delivery time of the earliest datagram in flight, or Long.MAX_VALUE when none. */
    public long nextDeliveryNs() {
        return heapSize == 0 ? Long.MAX_VALUE : deliverAtNs[heap[0]];
    }

    public int lastDestination() {
        return lastDestination;
    }

    public int inFlight() {
        return heapSize;
    }

    /** Forgets everything in flight (counters are kept). */
    public void clear() {
        while (heapSize > 0) {
            freeSlots[freeCount++] = heap[--heapSize];
        }
        Arrays.fill(length, 0);
    }

    public long sentCount() {
        return sentCount;
    }

    public long lostCount() {
        return lostCount;
    }

    public long duplicatedCount() {
        return duplicatedCount;
    }

    public long reorderedCount() {
        return reorderedCount;
    }

    public long overflowCount() {
        return overflowCount;
    }

    public long oversizeCount() {
        return oversizeCount;
    }

    public long deliveredCount() {
        return deliveredCount;
    }

    private boolean before(int a, int b) {
        long da = deliverAtNs[a];
        long db = deliverAtNs[b];
        return da < db || (da == db && order[a] < order[b]);
    }

    private void heapPush(int slot) {
        int i = heapSize++;
        heap[i] = slot;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(heap[i], heap[parent])) {
                break;
            }
            int t = heap[i];
            heap[i] = heap[parent];
            heap[parent] = t;
            i = parent;
        }
    }

    private int heapPop() {
        int top = heap[0];
        heap[0] = heap[--heapSize];
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            if (l >= heapSize) {
                break;
            }
            int m = l;
            int r = l + 1;
            if (r < heapSize && before(heap[r], heap[l])) {
                m = r;
            }
            if (!before(heap[m], heap[i])) {
                break;
            }
            int t = heap[i];
            heap[i] = heap[m];
            heap[m] = t;
            i = m;
        }
        return top;
    }
}
