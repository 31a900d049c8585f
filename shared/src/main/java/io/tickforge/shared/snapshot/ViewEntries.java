package io.tickforge.shared.snapshot;

import io.tickforge.shared.world.Quantization;

/**
 * The layout and arithmetic of one view entry: what a client holds for one entity, STRIDE ints
 * in an {@code int[]} starting at an offset. {@link SnapshotView} stores its entries this way, and
 * the server's replication keeps the entries that differ from the recorded world in the same
 * layout, so both sides predict, and derive velocity samples, with this one piece of code: the
 * prediction is a coding choice shared by encoder and decoder, and any drift between two copies
 * would cost exactness. Stateless; units as in {@link Quantization}.
 *
 * <pre>
 *   ID, X, Y, HEADING, HEALTH, FLAGS   the values
 *   TICK_LO, TICK_HI                   the server tick of those values (a long, split)
 *   SAMPLE_DT                          0: no velocity sample; else the ticks the last velocity
 *                                      sample spans (1..MAX_PREDICT_TICKS): its doubled
 *                                      midpoint tick is 2 * tick - SAMPLE_DT
 *   VX, VY, VH                         velocity estimates, 1/256 unit per tick
 *   AX, AY                             acceleration estimates, 1/65536 unit per tick squared
 * </pre>
 * Invariant: SAMPLE_DT == 0 implies zero velocities and accelerations; the five estimates are then
 * not written (stale values may remain) and every reader treats them as zero.
 */
public final class ViewEntries {
    public static final int ID = 0;
    public static final int X = 1;
    public static final int Y = 2;
    public static final int HEADING = 3;
    public static final int HEALTH = 4;
    public static final int FLAGS = 5;
    public static final int TICK_LO = 6;
    public static final int TICK_HI = 7;
    public static final int SAMPLE_DT = 8;
    public static final int VX = 9;
    public static final int VY = 10;
    public static final int VH = 11;
    public static final int AX = 12;
    public static final int AY = 13;
    public static final int STRIDE = 14;

    /** Longest extrapolation; beyond it the prediction is the stored value itself. */
    public static final int MAX_PREDICT_TICKS = 32;
    /** Velocities are fixed point, 1/256 unit per tick: integer units per tick would round away up to 0.5 unit each tick. */
    private static final int VELOCITY_SHIFT = 8;
    private static final int MAX_ACCELERATION = 1 << 20;
    private static final int HEADING_MASK = Quantization.HEADING_UNITS_PER_TURN - 1;

    private ViewEntries() {
    }

    public static long tick(int[] e, int o) {
        return ((long) e[o + TICK_HI] << 32) | (e[o + TICK_LO] & 0xFFFFFFFFL);
    }

    /** True when the entry at {@code o} holds exactly these values (heading already wrapped to 12 bits). */
    public static boolean sameValues(int[] e, int o, int xv, int yv, int h, int hp, int fl) {
        return e[o + X] == xv && e[o + Y] == yv && e[o + HEADING] == h && e[o + HEALTH] == hp && e[o + FLAGS] == fl;
    }

    /** Predicted x of the entry at {@code o} at {@code atTick}: the value moved on by its velocity. */
    public static int predictX(int[] e, int o, long atTick) {
        return predictAxis(e, o, X, VX, AX, atTick);
    }

    public static int predictY(int[] e, int o, long atTick) {
        return predictAxis(e, o, Y, VY, AY, atTick);
    }

    private static int predictAxis(int[] e, int o, int value, int velocity, int acceleration, long atTick) {
        int sampleDt = e[o + SAMPLE_DT];
        if (sampleDt == 0) {
            return e[o + value];
        }
        long t = tick(e, o);
        return e[o + value] + travel(e[o + velocity], e[o + acceleration], 2 * t - sampleDt, t, atTick);
    }

    public static int predictHeading(int[] e, int o, long atTick) {
        if (e[o + SAMPLE_DT] == 0) {
            return e[o + HEADING];
        }
        return (e[o + HEADING] + travel(e[o + VH], atTick - tick(e, o))) & HEADING_MASK;
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

    /** Writes an entry without a velocity sample (its estimates read as zero, see the layout). */
    public static void writeStill(int[] e, int o, int id, int xv, int yv, int h, int hp, int fl, long t) {
        e[o + ID] = id;
        e[o + X] = xv;
        e[o + Y] = yv;
        e[o + HEADING] = h;
        e[o + HEALTH] = hp;
        e[o + FLAGS] = fl;
        e[o + TICK_LO] = (int) t;
        e[o + TICK_HI] = (int) (t >>> 32);
        e[o + SAMPLE_DT] = 0;
    }

    /**
     * True when an entity whose baseline entry has tick {@code baseTick} and that a packet of tick
     * {@code t} carries as changed gets a velocity sample (else it is written still).
     */
    public static boolean sampled(long baseTick, long t) {
        long dt = t - baseTick;
        return dt > 0 && dt <= MAX_PREDICT_TICKS;
    }

    /**
     * Writes the entry a changed entity gets from a packet of tick {@code t}: the new values, and
     * when {@link #sampled} a velocity sample over the interval since the baseline entry at
     * {@code bo} in {@code be} (plus an acceleration when that entry had a sample too).
     */
    public static void writeChanged(int[] e, int o, int[] be, int bo, int xv, int yv, int h, int hp, int fl, long t) {
        final int id = be[bo + ID];
        final long baseTick = tick(be, bo);
        final long dt = t - baseTick;
        if (!(dt > 0 && dt <= MAX_PREDICT_TICKS)) {
            writeStill(e, o, id, xv, yv, h, hp, fl, t);
            return;
        }
        int vxNew = rate((long) xv - be[bo + X], dt);
        int vyNew = rate((long) yv - be[bo + Y], dt);
        int vhNew = rate(SnapshotEncoder.headingDelta(h, be[bo + HEADING]), dt);
        // The base's sample, if any, is the older velocity for the acceleration.
        int baseSampleDt = be[bo + SAMPLE_DT];
        int axNew = 0;
        int ayNew = 0;
        if (baseSampleDt != 0) {
            long mid2 = t + baseTick;
            long baseMid2 = 2 * baseTick - baseSampleDt;
            axNew = acceleration(vxNew, mid2, be[bo + VX], baseMid2);
            ayNew = acceleration(vyNew, mid2, be[bo + VY], baseMid2);
        }
        e[o + ID] = id;
        e[o + X] = xv;
        e[o + Y] = yv;
        e[o + HEADING] = h;
        e[o + HEALTH] = hp;
        e[o + FLAGS] = fl;
        e[o + TICK_LO] = (int) t;
        e[o + TICK_HI] = (int) (t >>> 32);
        e[o + SAMPLE_DT] = (int) dt;
        e[o + VX] = vxNew;
        e[o + VY] = vyNew;
        e[o + VH] = vhNew;
        e[o + AX] = axNew;
        e[o + AY] = ayNew;
    }
}
