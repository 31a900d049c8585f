package io.tickforge.server.session;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How many snapshot datagrams of each size the tick thread handed to the network, in fixed
 * buckets (cumulative since start), plus their byte total. The tick thread adds one count per
 * datagram with a release store (single writer, no allocation, no lock); any thread reads.
 */
public final class SnapshotSizeCounts {
    /** Bucket upper bounds in bytes (inclusive); one more bucket above the last for larger datagrams. */
    private static final long[] UPPER_BOUNDS_BYTES = {64, 128, 256, 384, 512, 768, 1024, 1200, 1500, 2048, 4096};

    private final AtomicLongArray counts = new AtomicLongArray(UPPER_BOUNDS_BYTES.length + 1);
    private final AtomicLongArray bytes = new AtomicLongArray(1);

    /** Upper bounds of the finite buckets, bytes (a copy). */
    public static long[] upperBoundsBytes() {
        return UPPER_BOUNDS_BYTES.clone();
    }

    /** Tick thread only (single writer). */
    public void record(int lengthBytes) {
        int b = 0;
        while (b < UPPER_BOUNDS_BYTES.length && lengthBytes > UPPER_BOUNDS_BYTES[b]) {
            b++;
        }
        counts.lazySet(b, counts.getPlain(b) + 1);
        bytes.lazySet(0, bytes.getPlain(0) + lengthBytes);
    }

    /** Datagrams in bucket {@code b} (0..bounds, the last one unbounded). Any thread. */
    public long count(int bucket) {
        return counts.get(bucket);
    }

    public int buckets() {
        return counts.length();
    }

    /** Bytes of all recorded datagrams. Any thread. */
    public long totalBytes() {
        return bytes.get(0);
    }
}
