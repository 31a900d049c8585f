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
    /*
     * One entry per entity, STRIDE ints each, in a single array (entry i starts at i * STRIDE):
     *   ID, X, Y, HEADING, HEALTH, FLAGS   the values
     *   TICK_LO, TICK_HI                   the server tick of those values (a long, split)
     *   SAMPLE_DT                          0: no velocity sample; else the ticks the last velocity
     *                                      sample spans (1..MAX_PREDICT_TICKS): its doubled
     *                                      midpoint tick is 2 * tick - SAMPLE_DT
     *   VX, VY, VH                         velocity estimates, 1/256 unit per tick
     *   AX, AY                             acceleration estimates, 1/65536 unit per tick squared
     * Why one array: the server compares, predicts from and copies entries of two views per packet
     * for every visible entity, and with one array per field (13 of them) each entry touched a
     * dozen cache lines; here it is one or two, a run of entries is one contiguous copy, and a
     * view grows with one allocation.
     * Invariant: SAMPLE_DT == 0 implies zero velocities and accelerations (a velocity is only
     * measured over 1..MAX_PREDICT_TICKS); the five estimates are then not written (stale values
     * may remain) and every reader treats them as zero. Three quarters of the entries of a
     * typical view stand still.
     */
    private static final int ID = 0;
    private static final int X = 1;
    private static final int Y = 2;
    private static final int HEADING = 3;
    private static final int HEALTH = 4;
    private static final int FLAGS = 5;
    private static final int TICK_LO = 6;
    private static final int TICK_HI = 7;
    private static final int SAMPLE_DT = 8;
    private static final int VX = 9;
    private static final int VY = 10;
    private static final int VH = 11;
    private static final int AX = 12;
    private static final int AY = 13;
    private static final int STRIDE = 14;

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
        return tickAt(entries, i * STRIDE);
    }

    private static long tickAt(int[] e, int o) {
        return ((long) e[o + TICK_HI] << 32) | (e[o + TICK_LO] & 0xFFFFFFFFL);
    }

    /**
     * True when entity {@code i} holds exactly these values (heading already wrapped to 12 bits):
     * the server's "unchanged" test, reading one entry instead of five accessors.
     */
    public boolean sameValues(int i, int xv, int yv, int h, int hp, int fl) {
        final int[] e = entries;
        final int o = i * STRIDE;
        return e[o + X] == xv && e[o + Y] == yv && e[o + HEADING] == h && e[o + HEALTH] == hp && e[o + FLAGS] == fl;
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
    public static final int MAX_PREDICT_TICKS = 32;

    /** Predicted x of entity {@code i} at {@code atTick}: the value moved on by its velocity. */
    public int predictX(int i, long atTick) {
        return predictAxis(i * STRIDE, X, VX, AX, atTick);
    }

    public int predictY(int i, long atTick) {
        return predictAxis(i * STRIDE, Y, VY, AY, atTick);
    }

    private int predictAxis(int o, int value, int velocity, int acceleration, long atTick) {
        final int[] e = entries;
        int sampleDt = e[o + SAMPLE_DT];
        if (sampleDt == 0) {
            return e[o + value];
        }
        long t = tickAt(e, o);
        return e[o + value] + travel(e[o + velocity], e[o + acceleration], 2 * t - sampleDt, t, atTick);
    }

    /**
     * Distance covered from tick t to atTick with velocity v (measured at doubled midpoint mid2)
     * and acceleration a: v*dt + a*dt*(atTick + t - mid2)/2, in fixed
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

    /** Acceleration between two velocity samples (doubled midpoint ticks given), 1/65536 unit per tick squared. */
    private static int acceleration(int vNew, long mid2New, int vOld, long mid2Old) {
        long dm2 = mid2New - mid2Old;
        if (dm2 <= 0 || dm2 > 4L * MAX_PREDICT_TICKS) {
            return 0;
        }
        // (vNew - vOld)/256 per (dm2/2) ticks, times 65536 = (vNew - vOld) * 512 / dm2, rounded.
        long a = floorDivSmall(((long) vNew - vOld) * 1024 + dm2, 2 * dm2);
        return (int) Math.max(-MAX_ACCELERATION, Math.min(MAX_ACCELERATION, a));
    }

    public int predictHeading(int i, long atTick) {
        final int[] e = entries;
        final int o = i * STRIDE;
        if (e[o + SAMPLE_DT] == 0) {
            return e[o + HEADING];
        }
        return (e[o + HEADING] + travel(e[o + VH], atTick - tickAt(e, o))) & (Quantization.HEADING_UNITS_PER_TURN - 1);
    }

    /** Velocities are fixed point, 1/256 unit per tick: integer units per tick would round away up to 0.5 unit each tick. */
    private static final int VELOCITY_SHIFT = 8;

    private static int travel(int velocity, long dt) {
        if (dt <= 0 || dt > MAX_PREDICT_TICKS) {
            return 0;
        }
        return (int) ((velocity * dt + (1L << (VELOCITY_SHIFT - 1))) >> VELOCITY_SHIFT);
    }

    /**
     * Math.floorDiv(n, d) for d >= 1, through a double division (pipelined, unlike a 64-bit integer
     * division, which dominated the view rebuild of moving entities). Exact while |n| < 2^52: the
     * quotient is rounded to within half an ulp, less than 1/d, and a non-integer quotient is at
     * least 1/d away from the next integer, so the floor cannot change. Our numerators are below
     * 2^42 (int differences shifted by 9); larger ones take the integer path.
     */
    static long floorDivSmall(long n, long d) {
        if (n > (1L << 52) || n < -(1L << 52)) {
            return Math.floorDiv(n, d);
        }
        return (long) Math.floor((double) n / (double) d);
    }

    /** Rounded fixed-point rate of a change over dt ticks; 0 when dt is out of the prediction range. */
    private static int rate(long diff, long dt) {
        if (dt <= 0 || dt > MAX_PREDICT_TICKS) {
            return 0;
        }
        long r = floorDivSmall((diff << (VELOCITY_SHIFT + 1)) + dt, 2 * dt);
        return (int) Math.max(Integer.MIN_VALUE >> 8, Math.min(Integer.MAX_VALUE >> 8, r));
    }

    /** Appends an entry without a velocity sample (its estimates read as zero, see the layout). */
    private void appendStill(int id, int xv, int yv, int h, int hp, int fl, long t) {
        final int[] e = entries;
        final int o = count * STRIDE;
        e[o + ID] = id;
        e[o + X] = xv;
        e[o + Y] = yv;
        e[o + HEADING] = h;
        e[o + HEALTH] = hp;
        e[o + FLAGS] = fl;
        e[o + TICK_LO] = (int) t;
        e[o + TICK_HI] = (int) (t >>> 32);
        e[o + SAMPLE_DT] = 0;
        count++;
    }

    private void append(int id, int xv, int yv, int h, int hp, int fl, long t, int sampleDt,
                        int vxv, int vyv, int vhv, int axv, int ayv) {
        final int[] e = entries;
        final int o = count * STRIDE;
        e[o + ID] = id;
        e[o + X] = xv;
        e[o + Y] = yv;
        e[o + HEADING] = h;
        e[o + HEALTH] = hp;
        e[o + FLAGS] = fl;
        e[o + TICK_LO] = (int) t;
        e[o + TICK_HI] = (int) (t >>> 32);
        e[o + SAMPLE_DT] = sampleDt;
        e[o + VX] = vxv;
        e[o + VY] = vyv;
        e[o + VH] = vhv;
        e[o + AX] = axv;
        e[o + AY] = ayv;
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
                long baseTick = tickAt(be, o);
                long dt = t - baseTick;
                boolean sampled = dt > 0 && dt <= MAX_PREDICT_TICKS;
                if (!sampled) {
                    appendStill(id, delta.changedX[c], delta.changedY[c], delta.changedHeading[c],
                            delta.changedHealth[c], delta.changedFlags[c], t);
                } else {
                    int vxNew = rate((long) delta.changedX[c] - be[o + X], dt);
                    int vyNew = rate((long) delta.changedY[c] - be[o + Y], dt);
                    int vhNew = rate(SnapshotEncoder.headingDelta(delta.changedHeading[c], be[o + HEADING]), dt);
                    // The base's sample, if any, is the older velocity for the acceleration.
                    int baseSampleDt = be[o + SAMPLE_DT];
                    int axNew = 0;
                    int ayNew = 0;
                    if (baseSampleDt != 0) {
                        long mid2 = t + baseTick;
                        long baseMid2 = 2 * baseTick - baseSampleDt;
                        axNew = acceleration(vxNew, mid2, be[o + VX], baseMid2);
                        ayNew = acceleration(vyNew, mid2, be[o + VY], baseMid2);
                    }
                    append(id, delta.changedX[c], delta.changedY[c], delta.changedHeading[c],
                            delta.changedHealth[c], delta.changedFlags[c], t, (int) dt,
                            vxNew, vyNew, vhNew, axNew, ayNew);
                }
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
