package io.tickforge.shared.snapshot;


import java.util.Arrays;

/**
 * What a client knows after one snapshot packet: a set of entities sorted by ascending id, each
 * with its quantized values and the server tick those values describe. Server and client build
 * the same view from the same packet with {@link #applyDelta}, so the server knows exactly what
 * each acknowledged packet left on the client. Owned by one thread (tick thread on the server,
 * the decoding thread on the client). Units as in {@link io.tickforge.shared.world.Quantization}.
 *
 * <p>Arrays grow by doubling when a view needs more room; in steady state nothing is allocated.
 */
public final class SnapshotView {
    /*
     * One entry per entity, STRIDE ints each, in a single array (entry i starts at i * STRIDE), in
     * the layout of ViewEntries. Why one array: the client compares, predicts from and copies
     * entries for every visible entity, and with one array per field (13 of them) each entry
     * touched a dozen cache lines; here it is one or two, a run of entries is one contiguous copy,
     * and a view grows with one allocation.
     */
    private static final int ID = ViewEntries.ID;
    private static final int X = ViewEntries.X;
    private static final int Y = ViewEntries.Y;
    private static final int HEADING = ViewEntries.HEADING;
    private static final int HEALTH = ViewEntries.HEALTH;
    private static final int FLAGS = ViewEntries.FLAGS;
    private static final int STRIDE = ViewEntries.STRIDE;

    int count;
    private int[] entries;
    /** The server tick of the packet that produced this view. */
    long serverTick;

    public SnapshotView(int initialCapacity) {
        entries = new int[Math.max(1, initialCapacity) * STRIDE];
    }

    public int count() {
        return count;
    }

    public long serverTick() {
        return serverTick;
    }

    public int entityId(int i) {
        return entries[i * STRIDE + ID];
    }

    public int x(int i) {
        return entries[i * STRIDE + X];
    }

    public int y(int i) {
        return entries[i * STRIDE + Y];
    }

    public int heading(int i) {
        return entries[i * STRIDE + HEADING];
    }

    public int health(int i) {
        return entries[i * STRIDE + HEALTH];
    }

    public int flags(int i) {
        return entries[i * STRIDE + FLAGS];
    }

    /** The server tick at which entity {@code i} had exactly these values. */
    public long tick(int i) {
        return ViewEntries.tick(entries, i * STRIDE);
    }

    /**
     * True when entity {@code i} holds exactly these values (heading already wrapped to 12 bits):
     * the server's "unchanged" test, reading one entry instead of five accessors.
     */
    public boolean sameValues(int i, int xv, int yv, int h, int hp, int fl) {
        return ViewEntries.sameValues(entries, i * STRIDE, xv, yv, h, hp, fl);
    }

    /** Binary search by id; the index or a negative value (-(insertion point) - 1) when absent. */
    public int indexOf(int id) {
        final int[] e = entries;
        int lo = 0;
        int hi = count - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int v = e[mid * STRIDE + ID];
            if (v < id) {
                lo = mid + 1;
            } else if (v > id) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    public void clear() {
        count = 0;
        serverTick = 0;
    }

    public void copyFrom(SnapshotView other) {
        ensureCapacity(other.count);
        count = other.count;
        serverTick = other.serverTick;
        System.arraycopy(other.entries, 0, entries, 0, count * STRIDE);
    }

    /** Entities this view can hold without growing. */
    public int capacity() {
        return entries.length / STRIDE;
    }

    /** Grows the storage to hold at least {@code n} entities (never shrinks). */
    public void reserve(int n) {
        ensureCapacity(n);
    }

    void ensureCapacity(int n) {
        int c = entries.length / STRIDE;
        if (n <= c) {
            return;
        }
        entries = Arrays.copyOf(entries, Math.max(n, c * 2) * STRIDE);
    }

    /** Longest extrapolation; beyond it the prediction is the stored value itself. */
    public static final int MAX_PREDICT_TICKS = ViewEntries.MAX_PREDICT_TICKS;

    /** Predicted x of entity {@code i} at {@code atTick}: the value moved on by its velocity. */
    public int predictX(int i, long atTick) {
        return ViewEntries.predictX(entries, i * STRIDE, atTick);
    }

    public int predictY(int i, long atTick) {
        return ViewEntries.predictY(entries, i * STRIDE, atTick);
    }

    public int predictHeading(int i, long atTick) {
        return ViewEntries.predictHeading(entries, i * STRIDE, atTick);
    }

    static long floorDivSmall(long n, long d) {
        return ViewEntries.floorDivSmall(n, d);
    }

    /** Appends an entry without a velocity sample (its estimates read as zero, see the layout). */
    private void appendStill(int id, int xv, int yv, int h, int hp, int fl, long t) {
        ViewEntries.writeStill(entries, count * STRIDE, id, xv, yv, h, hp, fl, t);
        count++;
    }

    /**
     * Rebuilds this view as {@code base} with {@code delta} applied: removed entities dropped,
     * changed entities overwritten (tick = the packet's server tick), new entities inserted in id
     * order. When the delta is complete (nothing was deferred for lack of budget) every entity's
     * values are current at the packet's tick, so every tick becomes the packet's tick.
     * {@code base} may be null (keyframe: empty baseline) and must not be this view.
     * The delta must be valid against base (the decoder checks before calling).
     */
    public void applyDelta(SnapshotView base, SnapshotDelta delta) {
        if (base == this) {
            throw new IllegalArgumentException("base must not be the target view");
        }
        final int baseCount = base == null ? 0 : base.count;
        ensureCapacity(baseCount - delta.removedCount + delta.addedCount);
        count = 0;
        serverTick = delta.serverTick;
        final long t = delta.serverTick;
        final boolean complete = delta.complete;
        final int[] be = base == null ? null : base.entries;
        int r = 0;
        int c = 0;
        int a = 0;
        // The next base index at which something happens (removal, change), so the entries in
        // between are copied without looking at the delta.
        int nextRemoved = delta.removedCount > 0 ? delta.removedIndex[0] : Integer.MAX_VALUE;
        int nextChanged = delta.changedCount > 0 ? delta.changedIndex[0] : Integer.MAX_VALUE;
        int nextAddedId = delta.addedCount > 0 ? delta.addedId[0] : Integer.MAX_VALUE;
        for (int b = 0; b < baseCount; b++) {
            final int o = b * STRIDE;
            final int id = be[o + ID];
            while (nextAddedId < id) {
                appendStill(nextAddedId, delta.addedX[a], delta.addedY[a], delta.addedHeading[a],
                        delta.addedHealth[a], delta.addedFlags[a], t);
                a++;
                nextAddedId = a < delta.addedCount ? delta.addedId[a] : Integer.MAX_VALUE;
            }
            if (b == nextRemoved) {
                r++;
                nextRemoved = r < delta.removedCount ? delta.removedIndex[r] : Integer.MAX_VALUE;
                continue;
            }
            if (b == nextChanged) {
                ViewEntries.writeChanged(entries, count * STRIDE, be, o, delta.changedX[c], delta.changedY[c],
                        delta.changedHeading[c], delta.changedHealth[c], delta.changedFlags[c], t);
                count++;
                c++;
                nextChanged = c < delta.changedCount ? delta.changedIndex[c] : Integer.MAX_VALUE;
                continue;
            }
            // Unchanged in a complete packet means it stood still: its velocity is zero. Otherwise it
            // may merely have been deferred, so the old entry (tick and estimates) stays as it is.
            if (complete) {
                appendStill(id, be[o + X], be[o + Y], be[o + HEADING], be[o + HEALTH], be[o + FLAGS], t);
            } else {
                System.arraycopy(be, o, entries, count * STRIDE, STRIDE);
                count++;
            }
        }
        while (a < delta.addedCount) {
            appendStill(delta.addedId[a], delta.addedX[a], delta.addedY[a], delta.addedHeading[a],
                    delta.addedHealth[a], delta.addedFlags[a], t);
            a++;
        }
    }
}
