package io.tickforge.shared.snapshot;

import io.tickforge.shared.world.EntityLayout;
import io.tickforge.shared.world.WorldSnapshot;


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
     * One entry per entity, stride ints each, in a single array (entry i starts at i * stride), in
     * the layout of ViewEntries. Why one array: the client compares, predicts from and copies
     * entries for every visible entity, and with one array per field each entry touched a dozen
     * cache lines; here it is one or two, a run of entries is one contiguous copy, and a view
     * grows with one allocation.
     */
    private static final int ID = ViewEntries.ID;
    private static final int VALUES = ViewEntries.VALUES;

    private final ViewEntries layout;
    private final int stride;
    private final int values;
    int count;
    private int[] entries;
    /** The server tick of the packet that produced this view. */
    long serverTick;

    /** A view of the fixed shape (the arena's layout). */
    public SnapshotView(int initialCapacity) {
        this(ViewEntries.FIXED, initialCapacity);
    }

    public SnapshotView(ViewEntries layout, int initialCapacity) {
        this.layout = layout;
        this.stride = layout.stride;
        this.values = layout.values;
        entries = new int[Math.max(1, initialCapacity) * stride];
    }

    public ViewEntries entries() {
        return layout;
    }

    public EntityLayout layout() {
        return layout.layout;
    }

    public int count() {
        return count;
    }

    public long serverTick() {
        return serverTick;
    }

    public int entityId(int i) {
        return entries[i * stride + ID];
    }

    /** The position's x axis (lane 0) of entity {@code i}. */
    public int x(int i) {
        return entries[i * stride + VALUES];
    }

    /** The position's y axis (lane 1) of entity {@code i}. */
    public int y(int i) {
        return entries[i * stride + VALUES + 1];
    }

    /** Lane {@code lane} of entity {@code i} (see {@link EntityLayout}: {@code layout().lane("name")}). */
    public int value(int i, int lane) {
        return entries[i * stride + VALUES + lane];
    }

    /** The fixed shape's (the arena's) heading, lane {@code WorldSnapshot.HEADING}. */
    public int heading(int i) {
        return value(i, WorldSnapshot.HEADING);
    }

    /** The fixed shape's health, lane {@code WorldSnapshot.HEALTH}. */
    public int health(int i) {
        return value(i, WorldSnapshot.HEALTH);
    }

    /** The fixed shape's flags, lane {@code WorldSnapshot.FLAGS}. */
    public int flags(int i) {
        return value(i, WorldSnapshot.FLAGS);
    }

    /** The fixed shape's heading predicted for {@code atTick}. */
    public int predictHeading(int i, long atTick) {
        return predict(i, WorldSnapshot.HEADING, atTick);
    }

    /** The server tick at which entity {@code i} had exactly these values. */
    public long tick(int i) {
        return layout.tick(entries, i * stride);
    }

    /** True when entity {@code i} holds exactly the values {@code v[vo..]} (angles wrapped). */
    public boolean sameValues(int i, int[] v, int vo) {
        return layout.sameValues(entries, i * stride, v, vo);
    }

    /** Binary search by id; the index or a negative value (-(insertion point) - 1) when absent. */
    public int indexOf(int id) {
        final int[] e = entries;
        final int s = stride;
        int lo = 0;
        int hi = count - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int v = e[mid * s + ID];
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
        if (other.stride != stride) {
            throw new IllegalArgumentException("layouts differ: " + other.layout() + " vs " + layout());
        }
        ensureCapacity(other.count);
        count = other.count;
        serverTick = other.serverTick;
        System.arraycopy(other.entries, 0, entries, 0, count * stride);
    }

    /** Entities this view can hold without growing. */
    public int capacity() {
        return entries.length / stride;
    }

    /** Grows the storage to hold at least {@code n} entities (never shrinks). */
    public void reserve(int n) {
        ensureCapacity(n);
    }

    void ensureCapacity(int n) {
        int c = entries.length / stride;
        if (n <= c) {
            return;
        }
        entries = Arrays.copyOf(entries, Math.max(n, c * 2) * stride);
    }

    /** Longest extrapolation; beyond it the prediction is the stored value itself. */
    public static final int MAX_PREDICT_TICKS = ViewEntries.MAX_PREDICT_TICKS;

    /** Lane {@code lane} of entity {@code i} predicted for {@code atTick}: moved on by its velocity. */
    public int predict(int i, int lane, long atTick) {
        return layout.predict(entries, i * stride, lane, atTick);
    }

    /** Every lane of entity {@code i} as predicted for {@code atTick} (absolute lanes as held), into {@code out[0..)}. */
    public void predictInto(int i, long atTick, int[] out) {
        layout.predictInto(entries, i * stride, atTick, out);
    }

    /** Predicted x of entity {@code i} at {@code atTick}. */
    public int predictX(int i, long atTick) {
        return predict(i, 0, atTick);
    }

    public int predictY(int i, long atTick) {
        return predict(i, 1, atTick);
    }

    /**
     * The residuals of values {@code v[vo..]} against entity {@code i}'s prediction for
     * {@code atTick}, into {@code r[0..)}: per axis the difference, per angle the shortest wrapped
     * difference; absolute lanes are left as they are (they travel whole). Returns the position mode
     * and angle bits of the field mask ({@link ViewEntries#residuals}).
     */
    public int residuals(int i, long atTick, int[] v, int vo, int[] r) {
        return layout.residuals(entries, i * stride, atTick, v, vo, r);
    }

    static long floorDivSmall(long n, long d) {
        return ViewEntries.floorDivSmall(n, d);
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
        final ViewEntries l = layout;
        final int s = stride;
        final int baseCount = base == null ? 0 : base.count;
        ensureCapacity(baseCount - delta.removedCount + delta.addedCount);
        count = 0;
        serverTick = delta.serverTick;
        final long t = delta.serverTick;
        final boolean complete = delta.complete;
        final int[] be = base == null ? null : base.entries;
        final int[] e = entries;
        final int[] changedValues = delta.changedValues;
        final int[] addedValues = delta.addedValues;
        int r = 0;
        int c = 0;
        int a = 0;
        // The next base index at which something happens (removal, change), so the entries in
        // between are copied without looking at the delta.
        int nextRemoved = delta.removedCount > 0 ? delta.removedIndex[0] : Integer.MAX_VALUE;
        int nextChanged = delta.changedCount > 0 ? delta.changedIndex[0] : Integer.MAX_VALUE;
        int nextAddedId = delta.addedCount > 0 ? delta.addedId[0] : Integer.MAX_VALUE;
        for (int b = 0; b < baseCount; b++) {
            final int o = b * s;
            final int id = be[o + ID];
            while (nextAddedId < id) {
                l.writeStill(e, count * s, nextAddedId, addedValues, a * values, t);
                count++;
                a++;
                nextAddedId = a < delta.addedCount ? delta.addedId[a] : Integer.MAX_VALUE;
            }
            if (b == nextRemoved) {
                r++;
                nextRemoved = r < delta.removedCount ? delta.removedIndex[r] : Integer.MAX_VALUE;
                continue;
            }
            if (b == nextChanged) {
                l.writeChanged(e, count * s, be, o, changedValues, c * values, t);
                count++;
                c++;
                nextChanged = c < delta.changedCount ? delta.changedIndex[c] : Integer.MAX_VALUE;
                continue;
            }
            // Unchanged in a complete packet means it stood still: its velocity is zero. Otherwise it
            // may merely have been deferred, so the old entry (tick and estimates) stays as it is.
            if (complete) {
                l.writeStill(e, count * s, id, be, o + VALUES, t);
            } else {
                System.arraycopy(be, o, e, count * s, s);
            }
            count++;
        }
        while (a < delta.addedCount) {
            l.writeStill(e, count * s, delta.addedId[a], addedValues, a * values, t);
            count++;
            a++;
        }
    }
}
