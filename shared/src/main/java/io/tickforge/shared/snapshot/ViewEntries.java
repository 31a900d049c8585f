package io.tickforge.shared.snapshot;

import io.tickforge.shared.world.EntityLayout;

/**
 * The layout and arithmetic of one view entry: what a client holds for one entity,
 * {@link EntityLayout#stride} ints in an {@code int[]} starting at an offset. {@link SnapshotView}
 * stores its entries this way, and the server's replication keeps the entries that differ from the
 * recorded world in the same layout, so both sides predict, and derive velocity samples, with this
 * one piece of code: the prediction is a coding choice shared by encoder and decoder, and any drift
 * between two copies would cost exactness. One instance per entity layout; immutable, any thread.
 *
 * <pre>
 *   ID, the layout's values (lanes)   e.g. X, Y, HEADING, HEALTH, FLAGS for the arena
 *   TICK_LO, TICK_HI                  the server tick of those values (a long, split)
 *   SAMPLE_DT                         0: no velocity sample; else the ticks the last velocity
 *                                     sample spans (1..MAX_PREDICT_TICKS): its doubled midpoint
 *                                     tick is 2 * tick - SAMPLE_DT
 *   one velocity per predicted lane   1/256 unit per tick (the axes and the angles, when the
 *                                     schema's position is predicted)
 *   one acceleration per axis         1/65536 unit per tick squared
 * </pre>
 * Invariant: SAMPLE_DT == 0 implies zero velocities and accelerations; the estimates are then not
 * written (stale values may remain) and every reader treats them as zero. The arena's entry is the
 * 14-int layout the engine used before schemas, field for field.
 */
public final class ViewEntries {
    public static final int ID = EntityLayout.ID;
    /** Offset of the first value (lane 0). */
    public static final int VALUES = EntityLayout.VALUES;

    /** Longest extrapolation; beyond it the prediction is the stored value itself. */
    public static final int MAX_PREDICT_TICKS = EntityLayout.MAX_PREDICT_TICKS;
    /** Velocities are fixed point, 1/256 unit per tick: integer units per tick would round away up to 0.5 unit each tick. */
    private static final int VELOCITY_SHIFT = 8;
    private static final int MAX_ACCELERATION = 1 << 20;

    /** The entries of the fixed shape (the arena's layout). */
    public static final ViewEntries FIXED = new ViewEntries(EntityLayout.FIXED);

    public final EntityLayout layout;
    /** Values per entry. */
    public final int values;
    public final int stride;
    public final int tickLo;
    public final int tickHi;
    public final int sampleDt;
    /** Ints of the velocity sample: SAMPLE_DT, then the estimates, to the end of the entry. */
    public final int sampleInts;
    private final int dims;
    private final boolean predicted;
    private final int[] coding;
    private final int[] velocity;
    private final int[] acceleration;
    private final int[] angleMask;
    private final int[] angleShift;
    /** Angle lanes, and the velocity offset of each (-1 when not predicted). */
    private final int[] angleLanes;
    private final int[] angleVelocity;
    private final int[] angleMaskBit;
    /**
     * Where the estimates start (when predicted): axis k's velocity at {@code vel0 + k}, angle i's
     * at {@code angVel0 + i}, axis k's acceleration at {@code acc0 + k}. Scalars rather than the
     * layout's per-lane arrays: the hot paths then do offset arithmetic, not a load per estimate.
     */
    private final int vel0;
    private final int angVel0;
    private final int acc0;

    public ViewEntries(EntityLayout layout) {
        this.layout = layout;
        this.values = layout.values;
        this.stride = layout.stride;
        this.tickLo = layout.tickLo;
        this.tickHi = layout.tickHi;
        this.sampleDt = layout.sampleDt;
        this.sampleInts = layout.sampleInts;
        this.dims = layout.dims;
        this.predicted = layout.predicted;
        this.coding = layout.coding.clone();
        this.velocity = layout.velocity.clone();
        this.acceleration = layout.acceleration.clone();
        this.angleMask = new int[values];
        this.angleShift = new int[values];
        for (int k = 0; k < values; k++) {
            if (coding[k] == EntityLayout.ANGLE) {
                angleMask[k] = (1 << layout.angleBits[k]) - 1;
                angleShift[k] = 32 - layout.angleBits[k];
            }
        }
        this.angleLanes = layout.angleLanes.clone();
        this.angleVelocity = new int[angleLanes.length];
        this.angleMaskBit = new int[angleLanes.length];
        for (int i = 0; i < angleLanes.length; i++) {
            angleVelocity[i] = velocity[angleLanes[i]];
            angleMaskBit[i] = layout.maskBit[angleLanes[i]];
        }
        this.vel0 = sampleDt + 1;
        this.angVel0 = vel0 + dims;
        this.acc0 = angVel0 + angleLanes.length;
        if (predicted) {
            for (int k = 0; k < dims; k++) {
                if (velocity[k] != vel0 + k || acceleration[k] != acc0 + k) {
                    throw new IllegalStateException("entry layout: axis estimates out of order in " + layout);
                }
            }
            for (int i = 0; i < angleLanes.length; i++) {
                if (angleVelocity[i] != angVel0 + i) {
                    throw new IllegalStateException("entry layout: angle estimates out of order in " + layout);
                }
            }
        }
    }

    /**
     * Every lane of the entry at {@code o} as predicted for {@code atTick}, into {@code out[0..)}:
     * what a changed entry's residuals apply to (absolute lanes: as held). One pass, the sample
     * read once: the client decodes every changed entity with it.
     */
    public void predictInto(int[] e, int o, long atTick, int[] out) {
        final int eo = o + VALUES;
        copy(e, eo, out, 0, values);
        final int span = e[o + sampleDt];
        if (span == 0) {
            return;
        }
        final long t = tick(e, o);
        final long mid2 = 2 * t - span;
        final int vo = o + vel0;
        final int ao = o + acc0;
        out[0] += travel(e[vo], e[ao], mid2, t, atTick);
        out[1] += travel(e[vo + 1], e[ao + 1], mid2, t, atTick);
        if (dims == 3) {
            out[2] += travel(e[vo + 2], e[ao + 2], mid2, t, atTick);
        }
        final int[] lanes = angleLanes;
        final int wo = o + angVel0;
        for (int i = 0; i < lanes.length; i++) {
            final int k = lanes[i];
            out[k] = (out[k] + travel(e[wo + i], atTick - t)) & angleMask[k];
        }
    }

    /**
     * The residuals of values {@code v[vo..]} against the prediction of the entry at {@code o} for
     * {@code atTick}, into {@code r[0..)} (per lane: axes the difference, angles the shortest
     * wrapped difference; absolute lanes untouched), and the field mask they give: the position
     * mode and the bits of the angles that differ (the caller adds the status bit). One pass, the
     * sample read once: the server codes every changed entity with it.
     */
    public int residuals(int[] e, int o, long atTick, int[] v, int vo, int[] r) {
        final int eo = o + VALUES;
        final int span = e[o + sampleDt];
        final long t = span == 0 ? 0 : tick(e, o);
        final long mid2 = 2 * t - span;
        final int velo = o + vel0;
        final int acco = o + acc0;
        // Straight-line code for the two or three axes and the usual single angle: counted loops of
        // one to three iterations cost more to set up than their bodies (measured in TickBenchmark).
        int d0 = v[vo] - e[eo];
        int d1 = v[vo + 1] - e[eo + 1];
        int d2 = dims == 3 ? v[vo + 2] - e[eo + 2] : 0;
        if (span != 0) {
            d0 -= travel(e[velo], e[acco], mid2, t, atTick);
            d1 -= travel(e[velo + 1], e[acco + 1], mid2, t, atTick);
            if (dims == 3) {
                d2 -= travel(e[velo + 2], e[acco + 2], mid2, t, atTick);
            }
        }
        r[0] = d0;
        r[1] = d1;
        if (dims == 3) {
            r[2] = d2;
        }
        int mask = (d0 | d1 | d2) == 0 ? 0
                : d0 >= -8 && d0 <= 7 && d1 >= -8 && d1 <= 7 && d2 >= -8 && d2 <= 7
                ? EntityLayout.POSITION_SMALL : EntityLayout.POSITION_FULL;
        final int[] lanes = angleLanes;
        final int n = lanes.length;
        if (n == 0) {
            return mask;
        }
        final int wo = o + angVel0;
        final long dt = atTick - t;
        int i = 0;
        do {
            final int k = lanes[i];
            int predicted = e[eo + k];
            if (span != 0) {
                predicted = (predicted + travel(e[wo + i], dt)) & angleMask[k];
            }
            final int sh = angleShift[k];
            final int d = ((v[vo + k] - predicted) << sh) >> sh;
            r[k] = d;
            if (d != 0) {
                mask |= angleMaskBit[i];
            }
        } while (++i < n);
        return mask;
    }

    public long tick(int[] e, int o) {
        return ((long) e[o + tickHi] << 32) | (e[o + tickLo] & 0xFFFFFFFFL);
    }

    /** True when the entry at {@code o} holds exactly the values {@code v[vo..vo+values)}. */
    public boolean sameValues(int[] e, int o, int[] v, int vo) {
        final int eo = o + VALUES;
        for (int k = 0; k < values; k++) {
            if (e[eo + k] != v[vo + k]) {
                return false;
            }
        }
        return true;
    }

    /** Lane {@code k} of the entry at {@code o} as predicted for {@code atTick} (absolute lanes: as held). */
    public int predict(int[] e, int o, int k, long atTick) {
        final int value = e[o + VALUES + k];
        final int c = coding[k];
        if (c == EntityLayout.ABSOLUTE || e[o + sampleDt] == 0) {
            return value;
        }
        final long t = tick(e, o);
        if (c == EntityLayout.AXIS) {
            return value + travel(e[o + velocity[k]], e[o + acceleration[k]], 2 * t - e[o + sampleDt], t, atTick);
        }
        return (value + travel(e[o + velocity[k]], atTick - t)) & angleMask[k];
    }

    /**
     * Distance covered from tick t to atTick with velocity v (measured at doubled midpoint mid2)
     * and acceleration a: v*dt + a*dt*(atTick + t - mid2)/2, in fixed point, rounded.
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

    private static int travel(int velocity, long dt) {
        if (dt <= 0 || dt > MAX_PREDICT_TICKS) {
            return 0;
        }
        return (int) ((velocity * dt + (1L << (VELOCITY_SHIFT - 1))) >> VELOCITY_SHIFT);
    }

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

    /**
     * Copies {@code n} ints. The copies here are a handful of ints (an entity's values, a velocity
     * sample) whose count is the layout's, not a constant: {@code System.arraycopy} of a variable
     * small length goes through a stub call per copy.
     */
    public static void copy(int[] from, int fo, int[] to, int too, int n) {
        // Straight-line moves for the usual sizes (C2 turns a counted loop of a few iterations into
        // pre-, main- and post-loops whose set-up costs more than the copy); the stub beyond.
        switch (n) {
            case 8: to[too + 7] = from[fo + 7]; // fall through
            case 7: to[too + 6] = from[fo + 6]; // fall through
            case 6: to[too + 5] = from[fo + 5]; // fall through
            case 5: to[too + 4] = from[fo + 4]; // fall through
            case 4: to[too + 3] = from[fo + 3]; // fall through
            case 3: to[too + 2] = from[fo + 2]; // fall through
            case 2: to[too + 1] = from[fo + 1]; // fall through
            case 1: to[too] = from[fo]; // fall through
            case 0: return;
            default: System.arraycopy(from, fo, to, too, n);
        }
    }

    /** Writes an entry of values {@code v[vo..]} without a velocity sample (its estimates read as zero). */
    public void writeStill(int[] e, int o, int id, int[] v, int vo, long t) {
        e[o + ID] = id;
        copy(v, vo, e, o + VALUES, values);
        e[o + tickLo] = (int) t;
        e[o + tickHi] = (int) (t >>> 32);
        e[o + sampleDt] = 0;
    }

    /**
     * True when an entity whose baseline entry has tick {@code baseTick} and that a packet of tick
     * {@code t} carries as changed gets a velocity sample (else it is written still).
     */
    public boolean sampled(long baseTick, long t) {
        long dt = t - baseTick;
        return predicted && dt > 0 && dt <= MAX_PREDICT_TICKS;
    }

    /**
     * Writes the entry a changed entity gets from a packet of tick {@code t}: the new values
     * {@code v[vo..]}, and when {@link #sampled} a velocity sample over the interval since the
     * baseline entry at {@code bo} in {@code be} (plus an acceleration when that entry had a sample too).
     */
    public void writeChanged(int[] e, int o, int[] be, int bo, int[] v, int vo, long t) {
        final int id = be[bo + ID];
        final long baseTick = tick(be, bo);
        final long dt = t - baseTick;
        if (!predicted || !(dt > 0 && dt <= MAX_PREDICT_TICKS)) {
            writeStill(e, o, id, v, vo, t);
            return;
        }
        final int baseSampleDt = be[bo + sampleDt];
        final long mid2 = t + baseTick;
        final long baseMid2 = 2 * baseTick - baseSampleDt;
        final int bv = bo + VALUES;
        final int velo = o + vel0;
        final int acco = o + acc0;
        final int baseVel = bo + vel0;
        final int vx = rate((long) v[vo] - be[bv], dt);
        final int vy = rate((long) v[vo + 1] - be[bv + 1], dt);
        final int vz = dims == 3 ? rate((long) v[vo + 2] - be[bv + 2], dt) : 0;
        // The base's sample, if any, is the older velocity for the acceleration.
        if (baseSampleDt != 0) {
            e[acco] = acceleration(vx, mid2, be[baseVel], baseMid2);
            e[acco + 1] = acceleration(vy, mid2, be[baseVel + 1], baseMid2);
            if (dims == 3) {
                e[acco + 2] = acceleration(vz, mid2, be[baseVel + 2], baseMid2);
            }
        } else {
            e[acco] = 0;
            e[acco + 1] = 0;
            if (dims == 3) {
                e[acco + 2] = 0;
            }
        }
        e[velo] = vx;
        e[velo + 1] = vy;
        if (dims == 3) {
            e[velo + 2] = vz;
        }
        final int[] lanes = angleLanes;
        final int wo = o + angVel0;
        for (int i = 0; i < lanes.length; i++) {
            final int k = lanes[i];
            final int sh = angleShift[k];
            e[wo + i] = rate(((v[vo + k] - be[bv + k]) << sh) >> sh, dt);
        }
        e[o + ID] = id;
        copy(v, vo, e, o + VALUES, values);
        e[o + tickLo] = (int) t;
        e[o + tickHi] = (int) (t >>> 32);
        e[o + sampleDt] = (int) dt;
    }
}
