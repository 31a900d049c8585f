package io.tickforge.shared.snapshot;

import io.tickforge.shared.world.Quantization;

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
    int count;
    int[] entityId;
    int[] x;
    int[] y;
    int[] heading;
    int[] health;
    int[] flags;
    long[] tick;
    /**
     * Per-tick velocity estimates (units per tick) from the last two samples of each entity. Only
     * used to predict values so that deltas stay small when the baseline is several ticks old;
     * both sides derive them identically from the same integers, so prediction never costs
     * exactness.
     */
    int[] vx;
    int[] vy;
    int[] vh;
    /** The server tick of the packet that produced this view. */
    long serverTick;

    public SnapshotView(int initialCapacity) {
        int c = Math.max(1, initialCapacity);
        entityId = new int[c];
        x = new int[c];
        y = new int[c];
        heading = new int[c];
        health = new int[c];
        flags = new int[c];
        tick = new long[c];
        vx = new int[c];
        vy = new int[c];
        vh = new int[c];
    }

    public int count() {
        return count;
    }

    public long serverTick() {
        return serverTick;
    }

    public int entityId(int i) {
        return entityId[i];
    }

    public int x(int i) {
        return x[i];
    }

    public int y(int i) {
        return y[i];
    }

    public int heading(int i) {
        return heading[i];
    }

    public int health(int i) {
        return health[i];
    }

    public int flags(int i) {
        return flags[i];
    }

    /** The server tick at which entity {@code i} had exactly these values. */
    public long tick(int i) {
        return tick[i];
    }

    /** Binary search by id; the index or a negative value when absent. */
    public int indexOf(int id) {
        return Arrays.binarySearch(entityId, 0, count, id);
    }

    public void clear() {
        count = 0;
        serverTick = 0;
    }

    public void copyFrom(SnapshotView other) {
        ensureCapacity(other.count);
        count = other.count;
        serverTick = other.serverTick;
        System.arraycopy(other.entityId, 0, entityId, 0, count);
        System.arraycopy(other.x, 0, x, 0, count);
        System.arraycopy(other.y, 0, y, 0, count);
        System.arraycopy(other.heading, 0, heading, 0, count);
        System.arraycopy(other.health, 0, health, 0, count);
        System.arraycopy(other.flags, 0, flags, 0, count);
        System.arraycopy(other.tick, 0, tick, 0, count);
        System.arraycopy(other.vx, 0, vx, 0, count);
        System.arraycopy(other.vy, 0, vy, 0, count);
        System.arraycopy(other.vh, 0, vh, 0, count);
    }

    void ensureCapacity(int n) {
        if (n <= entityId.length) {
            return;
        }
        int c = Math.max(n, entityId.length * 2);
        entityId = Arrays.copyOf(entityId, c);
        x = Arrays.copyOf(x, c);
        y = Arrays.copyOf(y, c);
        heading = Arrays.copyOf(heading, c);
        health = Arrays.copyOf(health, c);
        flags = Arrays.copyOf(flags, c);
        tick = Arrays.copyOf(tick, c);
        vx = Arrays.copyOf(vx, c);
        vy = Arrays.copyOf(vy, c);
        vh = Arrays.copyOf(vh, c);
    }

    /** Longest extrapolation; beyond it the prediction is the stored value itself. */
    public static final int MAX_PREDICT_TICKS = 32;

    /** Predicted x of entity {@code i} at {@code atTick}: the value moved on by its velocity. */
    public int predictX(int i, long atTick) {
        return x[i] + travel(vx[i], atTick - tick[i]);
    }

    public int predictY(int i, long atTick) {
        return y[i] + travel(vy[i], atTick - tick[i]);
    }

    public int predictHeading(int i, long atTick) {
        return (heading[i] + travel(vh[i], atTick - tick[i])) & (Quantization.HEADING_UNITS_PER_TURN - 1);
    }

    /** Velocities are fixed point, 1/256 unit per tick: integer units per tick would round away up to 0.5 unit each tick. */
    private static final int VELOCITY_SHIFT = 8;

    private static int travel(int velocity, long dt) {
        if (dt <= 0 || dt > MAX_PREDICT_TICKS) {
            return 0;
        }
        return (int) ((velocity * dt + (1L << (VELOCITY_SHIFT - 1))) >> VELOCITY_SHIFT);
    }

    /** Rounded fixed-point rate of a change over dt ticks; 0 when dt is out of the prediction range. */
    private static int rate(long diff, long dt) {
        if (dt <= 0 || dt > MAX_PREDICT_TICKS) {
            return 0;
        }
        long r = Math.floorDiv((diff << (VELOCITY_SHIFT + 1)) + dt, 2 * dt);
        return (int) Math.max(Integer.MIN_VALUE >> 8, Math.min(Integer.MAX_VALUE >> 8, r));
    }

    private void append(int id, int xv, int yv, int h, int hp, int fl, long t, int vxv, int vyv, int vhv) {
        int i = count;
        vx[i] = vxv;
        vy[i] = vyv;
        vh[i] = vhv;
        entityId[i] = id;
        x[i] = xv;
        y[i] = yv;
        heading[i] = h;
        health[i] = hp;
        flags[i] = fl;
        tick[i] = t;
        count = i + 1;
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
        int r = 0;
        int c = 0;
        int a = 0;
        for (int b = 0; b < baseCount; b++) {
            int id = base.entityId[b];
            while (a < delta.addedCount && delta.addedId[a] < id) {
                append(delta.addedId[a], delta.addedX[a], delta.addedY[a], delta.addedHeading[a],
                        delta.addedHealth[a], delta.addedFlags[a], t, 0, 0, 0);
                a++;
            }
            if (r < delta.removedCount && delta.removedIndex[r] == b) {
                r++;
                continue;
            }
            if (c < delta.changedCount && delta.changedIndex[c] == b) {
                long dt = t - base.tick[b];
                append(id, delta.changedX[c], delta.changedY[c], delta.changedHeading[c],
                        delta.changedHealth[c], delta.changedFlags[c], t,
                        rate((long) delta.changedX[c] - base.x[b], dt), rate((long) delta.changedY[c] - base.y[b], dt),
                        rate(SnapshotEncoder.headingDelta(delta.changedHeading[c], base.heading[b]), dt));
                c++;
                continue;
            }
            // Unchanged in a complete packet means it stood still: its velocity is zero. Otherwise it
            // may merely have been deferred, so the old estimate stays.
            append(id, base.x[b], base.y[b], base.heading[b], base.health[b], base.flags[b],
                    complete ? t : base.tick[b], complete ? 0 : base.vx[b], complete ? 0 : base.vy[b],
                    complete ? 0 : base.vh[b]);
        }
        while (a < delta.addedCount) {
            append(delta.addedId[a], delta.addedX[a], delta.addedY[a], delta.addedHeading[a],
                    delta.addedHealth[a], delta.addedFlags[a], t, 0, 0, 0);
            a++;
        }
    }
}
