package io.tickforge.server.tick;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The raw figures of the most recent ticks (duration, start lateness, phase durations), written by
 * the tick thread into preallocated arrays and read by any other thread that wants to aggregate
 * them (the admin endpoint's histograms and live chart). The tick thread only stores numbers: one
 * plain store per figure and one release store of the tick count, no allocation, no lock, no
 * computation; all bucketing and percentiles happen on the reader's thread. Nanoseconds.
 *
 * <p>Reading: {@link #published()} (acquire) says how many ticks are complete; sample {@code i}
 * lives at {@code i & mask}. A reader that falls more than {@link #capacity()} ticks behind loses
 * the oldest ones, and a sample read while the writer may have lapped it must be re-checked with
 * {@link #published()} afterwards (see {@link #isStillValid}).
 */
public final class TickSampleRing {
    /** Ticks kept: 68 s at 60 Hz, 17 s at 240 Hz; readers poll far more often. */
    public static final int DEFAULT_CAPACITY = 4096;
    private static final VarHandle PUBLISHED;

    static {
        try {
            PUBLISHED = MethodHandles.lookup().findVarHandle(TickSampleRing.class, "published", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int mask;
    private final long[] durationNs;
    private final long[] latenessNs;
    private final long[][] phaseNs = new long[TickStats.PHASES][];
    /** Completed samples; written by the tick thread with release semantics. */
    @SuppressWarnings("unused")
    private long published;
    /** Schedule slots skipped since start (rarely changes); release store by the tick thread. */
    private volatile long skippedTotal;

    public TickSampleRing(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two >= 2: " + capacity);
        }
        this.mask = capacity - 1;
        this.durationNs = new long[capacity];
        this.latenessNs = new long[capacity];
        for (int p = 0; p < TickStats.PHASES; p++) {
            phaseNs[p] = new long[capacity];
        }
    }

    public int capacity() {
        return mask + 1;
    }

    // ---------------------------------------------------------------- tick thread

    /** A phase of the tick in progress (before {@link #recordTick}). Tick thread. */
    void recordPhase(int phase, long ns) {
        phaseNs[phase][(int) ((long) PUBLISHED.getOpaque(this)) & mask] = ns;
    }

    /** Completes the tick in progress. Tick thread. */
    void recordTick(long tickLatenessNs, long tickDurationNs) {
        final long next = (long) PUBLISHED.getOpaque(this);
        final int i = (int) next & mask;
        durationNs[i] = tickDurationNs;
        latenessNs[i] = tickLatenessNs;
        PUBLISHED.setRelease(this, next + 1);
    }

    /** The loop skipped slots; {@code total} since start. Tick thread (rare: only when far behind). */
    void recordSkipped(long total) {
        skippedTotal = total;
    }

    // ---------------------------------------------------------------- any thread

    /** Schedule slots skipped since start. */
    public long skippedTotal() {
        return skippedTotal;
    }

    /** Ticks completed so far (acquire: the samples below it are visible). */
    public long published() {
        return (long) PUBLISHED.getAcquire(this);
    }

    public long durationNs(long sample) {
        return durationNs[(int) sample & mask];
    }

    public long latenessNs(long sample) {
        return latenessNs[(int) sample & mask];
    }

    public long phaseNs(int phase, long sample) {
        return phaseNs[phase][(int) sample & mask];
    }

    /**
     * Whether sample {@code sample}, read before this call, cannot have been overwritten: the
     * writer had not yet started the tick that reuses its slot. Call after reading the values.
     */
    public boolean isStillValid(long sample) {
        // The writer stores into slot (published & mask) before publishing, so the slot of
        // `sample` is reused once published reaches sample + capacity - 1 (the tick in progress).
        VarHandle.acquireFence();
        return published() < sample + capacity() - 1;
    }
}
