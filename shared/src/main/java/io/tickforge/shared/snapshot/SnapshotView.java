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
    /**
     * Position acceleration estimates (1/65536 unit per tick squared) and the doubled midpoint
     * tick of the velocity sample ({@link #NO_SAMPLE} when the velocity is not a measurement):
     * the velocity is an average over the last update interval, so it belongs to that interval's
     * midpoint, and curved paths (orbits) then predict to within a unit or two.
     */
    int[] ax;
    int[] ay;
    /**
     * Invariant: {@link #NO_SAMPLE} implies zero velocities and accelerations (a velocity is only
     * measured over 1..MAX_PREDICT_TICKS). The five estimate arrays are then not written for that
     * entry (stale values may remain) and every reader treats them as zero: three quarters of
     * the entries of a typical view stand still, and this saves five stores each.
     */
    long[] velocityMid2;
    static final long NO_SAMPLE = Long.MIN_VALUE;
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
        ax = new int[c];
        ay = new int[c];
        velocityMid2 = new long[c];
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
        System.arraycopy(other.ax, 0, ax, 0, count);
        System.arraycopy(other.ay, 0, ay, 0, count);
        System.arraycopy(other.velocityMid2, 0, velocityMid2, 0, count);
    }

    /** Entities this view can hold without growing. */
    public int capacity() {
        return entityId.length;
    }

    /** Grows the arrays to hold at least {@code n} entities (never shrinks). */
    public void reserve(int n) {
        ensureCapacity(n);
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
        ax = Arrays.copyOf(ax, c);
        ay = Arrays.copyOf(ay, c);
        velocityMid2 = Arrays.copyOf(velocityMid2, c);
    }

    /** Longest extrapolation; beyond it the prediction is the stored value itself. */
    public static final int MAX_PREDICT_TICKS = 32;

    /** Predicted x of entity {@code i} at {@code atTick}: the value moved on by its velocity. */
    public int predictX(int i, long atTick) {
        long mid2 = velocityMid2[i];
        return mid2 == NO_SAMPLE ? x[i] : x[i] + travel(vx[i], ax[i], mid2, tick[i], atTick);
    }

    public int predictY(int i, long atTick) {
        long mid2 = velocityMid2[i];
        return mid2 == NO_SAMPLE ? y[i] : y[i] + travel(vy[i], ay[i], mid2, tick[i], atTick);
    }

    /**
     * Distance covered from tick t to atTick with velocity v (measured at doubled midpoint mid2,
     * never {@link #NO_SAMPLE}) and acceleration a: v*dt + a*dt*(atTick + t - mid2)/2, in fixed
     * point, rounded.
     */
    private static int travel(int v, int a, long mid2, long t, long atTick) {
        long dt = atTick - t;
        if (dt <= 0 || dt > MAX_PREDICT_TICKS) {
            return 0;
        }
        // Units of 1/131072: v is 1/256 (x512), a is 1/65536 (x2, the /2 of the formula folded in).
        long num = (long) v * dt * 512;
        if (a != 0) {
            num += (long) a * dt * (atTick + t - mid2);
        }
        // floorDiv(num + 65536, 131072): an arithmetic shift is floor division by a power of two.
        return (int) ((num + 65536) >> 17);
    }

    private static final int MAX_ACCELERATION = 1 << 20;

    /** Acceleration between two velocity samples, 1/65536 unit per tick squared; 0 without two samples. */
    private static int acceleration(int vNew, long mid2New, int vOld, long mid2Old) {
        if (mid2New == NO_SAMPLE || mid2Old == NO_SAMPLE) {
            return 0;
        }
        long dm2 = mid2New - mid2Old;
        if (dm2 <= 0 || dm2 > 4L * MAX_PREDICT_TICKS) {
            return 0;
        }
        // (vNew - vOld)/256 per (dm2/2) ticks, times 65536 = (vNew - vOld) * 512 / dm2, rounded.
        long a = Math.floorDiv(((long) vNew - vOld) * 1024 + dm2, 2 * dm2);
        return (int) Math.max(-MAX_ACCELERATION, Math.min(MAX_ACCELERATION, a));
    }

    public int predictHeading(int i, long atTick) {
        if (velocityMid2[i] == NO_SAMPLE) {
            return heading[i];
        }
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

    /** Appends an entry without a velocity sample (its estimates read as zero, see {@link #velocityMid2}). */
    private void appendStill(int id, int xv, int yv, int h, int hp, int fl, long t) {
        int i = count;
        entityId[i] = id;
        x[i] = xv;
        y[i] = yv;
        heading[i] = h;
        health[i] = hp;
        flags[i] = fl;
        tick[i] = t;
        velocityMid2[i] = NO_SAMPLE;
        count = i + 1;
    }

    private void append(int id, int xv, int yv, int h, int hp, int fl, long t, int vxv, int vyv, int vhv,
                        int axv, int ayv, long mid2) {
        int i = count;
        ax[i] = axv;
        ay[i] = ayv;
        velocityMid2[i] = mid2;
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
                appendStill(delta.addedId[a], delta.addedX[a], delta.addedY[a], delta.addedHeading[a],
                        delta.addedHealth[a], delta.addedFlags[a], t);
                a++;
            }
            if (r < delta.removedCount && delta.removedIndex[r] == b) {
                r++;
                continue;
            }
            if (c < delta.changedCount && delta.changedIndex[c] == b) {
                long dt = t - base.tick[b];
                boolean sampled = dt > 0 && dt <= MAX_PREDICT_TICKS;
                long mid2 = sampled ? t + base.tick[b] : NO_SAMPLE;
                int vxNew = rate((long) delta.changedX[c] - base.x[b], dt);
                int vyNew = rate((long) delta.changedY[c] - base.y[b], dt);
                append(id, delta.changedX[c], delta.changedY[c], delta.changedHeading[c],
                        delta.changedHealth[c], delta.changedFlags[c], t, vxNew, vyNew,
                        rate(SnapshotEncoder.headingDelta(delta.changedHeading[c], base.heading[b]), dt),
                        acceleration(vxNew, mid2, base.vx[b], base.velocityMid2[b]),
                        acceleration(vyNew, mid2, base.vy[b], base.velocityMid2[b]), mid2);
                c++;
                continue;
            }
            // Unchanged in a complete packet means it stood still: its velocity is zero. Otherwise it
            // may merely have been deferred, so the old estimate stays.
            if (complete || base.velocityMid2[b] == NO_SAMPLE) {
                appendStill(id, base.x[b], base.y[b], base.heading[b], base.health[b], base.flags[b],
                        complete ? t : base.tick[b]);
            } else {
                append(id, base.x[b], base.y[b], base.heading[b], base.health[b], base.flags[b], base.tick[b],
                        base.vx[b], base.vy[b], base.vh[b], base.ax[b], base.ay[b], base.velocityMid2[b]);
            }
        }
        while (a < delta.addedCount) {
            appendStill(delta.addedId[a], delta.addedX[a], delta.addedY[a], delta.addedHeading[a],
                    delta.addedHealth[a], delta.addedFlags[a], t);
            a++;
        }
    }
}
