package io.tickforge.server.tick;

import org.HdrHistogram.Histogram;

/**
 * Per-tick timing figures of one tick loop: HdrHistograms of start lateness, total duration and
 * each phase, plus overrun, skipped-tick and error counts. Recorded on the tick thread without
 * allocating; {@link #maybePublish} turns the interval into an immutable {@link TickStatsSnapshot}
 * (one allocation per publish interval, by default once a second) that any thread may read via
 * {@link #snapshot()}. Values are recorded in nanoseconds and published in microseconds.
 */
public final class TickStats {
    public static final int PHASE_INPUTS = 0;
    public static final int PHASE_SIMULATION = 1;
    public static final int PHASE_REPLICATION = 2;
    public static final int PHASES = 3;
    private static final String[] PHASE_NAMES = {"inputs", "simulation", "replication"};

    /** Values above this are clamped (a 10 s tick is already a disaster; the max still shows it). */
    static final long HIGHEST_TRACKABLE_NS = 10_000_000_000L;
    private static final int SIGNIFICANT_DIGITS = 3;

    private final int tickRateHz;
    private final long publishIntervalNs;
    private final Histogram startLatenessNs = newHistogram();
    private final Histogram durationNs = newHistogram();
    private final Histogram[] phaseNs = new Histogram[PHASES];
    /** Per tick: its duration minus the tick thread's CPU time in it (only when the loop measures it). */
    private final Histogram offCpuNs = newHistogram();
    private boolean offCpuMeasured;
    /** Per tick: run-queue wait between the previous tick's end and its start, and during it. */
    private final Histogram wakeRunQueueNs = newHistogram();
    private final Histogram tickRunQueueNs = newHistogram();
    private boolean runQueueMeasured;
    /** Raw per-tick figures for readers on other threads (admin metrics, live chart). */
    private final TickSampleRing samples = new TickSampleRing(TickSampleRing.DEFAULT_CAPACITY);
    /** This tick's phase durations, for the JFR event. */
    private final long[] lastPhaseNs = new long[PHASES];
    private TickEventFields eventFields = TickEventFields.NONE;

    private long ticks;
    private long overruns;
    private long skippedTicks;
    private long tickErrors;
    private long intervalStartNs;
    private long intervalTicks;
    private boolean intervalStarted;

    private volatile TickStatsSnapshot published;

    public TickStats(int tickRateHz, long publishIntervalNs) {
        if (publishIntervalNs <= 0) {
            throw new IllegalArgumentException("publishIntervalNs must be > 0: " + publishIntervalNs);
        }
        this.tickRateHz = tickRateHz;
        this.publishIntervalNs = publishIntervalNs;
        for (int i = 0; i < PHASES; i++) {
            phaseNs[i] = newHistogram();
        }
        this.published = TickStatsSnapshot.empty(tickRateHz);
    }

    public static String phaseName(int phase) {
        return PHASE_NAMES[phase];
    }

    /** One executed tick: its start lateness and total duration; counts an overrun if longer than a period. */
    public void recordTick(long startNs, long latenessNs, long durationNs, long periodNs) {
        if (!intervalStarted) {
            // Each tick stands for the period before its start, so the first interval of N ticks
            // spans N periods (else N ticks over N - 1 periods would read as a too-high rate).
            intervalStarted = true;
            intervalStartNs = startNs - periodNs;
        }
        ticks++;
        intervalTicks++;
        startLatenessNs.recordValue(clamp(latenessNs));
        this.durationNs.recordValue(clamp(durationNs));
        if (durationNs > periodNs) {
            overruns++;
        }
        samples.recordTick(latenessNs, durationNs);
        if (TickEvent.enabled()) {
            commitEvent(latenessNs, durationNs);
        }
    }

    public void recordPhase(int phase, long durationNs) {
        phaseNs[phase].recordValue(clamp(durationNs));
        samples.recordPhase(phase, durationNs);
        lastPhaseNs[phase] = durationNs;
    }

    /**
     * How long of the tick just recorded the tick thread was off the CPU (its duration minus the
     * thread's CPU time in it; see {@link TickStatsSnapshot}).
     */
    public void recordOffCpu(long offCpuNs) {
        this.offCpuNs.recordValue(clamp(offCpuNs));
        offCpuMeasured = true;
    }

    /**
     * How long the tick thread waited runnable for a CPU before the tick just recorded (since the
     * previous tick's end) and during it; see {@link TickStatsSnapshot}.
     */
    public void recordRunQueueWait(long beforeTickNs, long inTickNs) {
        wakeRunQueueNs.recordValue(clamp(beforeTickNs));
        tickRunQueueNs.recordValue(clamp(inTickNs));
        runQueueMeasured = true;
    }

    /** Raw per-tick figures any thread may read; see {@link TickSampleRing}. */
    public TickSampleRing samples() {
        return samples;
    }

    /** Where the JFR tick event takes its session figures from. Set before the tick thread starts. */
    public void setEventFields(TickEventFields fields) {
        this.eventFields = fields == null ? TickEventFields.NONE : fields;
    }

    /** Only while a recording enables {@link TickEvent}: allocates the event. */
    private void commitEvent(long latenessNs, long durationNs) {
        final TickEvent event = new TickEvent();
        if (!event.shouldCommit()) {
            return;
        }
        event.session = eventFields.sessionId();
        event.tick = ticks - 1;
        event.durationNs = durationNs;
        event.latenessNs = latenessNs;
        event.inputsNs = lastPhaseNs[PHASE_INPUTS];
        event.simulationNs = lastPhaseNs[PHASE_SIMULATION];
        event.replicationNs = lastPhaseNs[PHASE_REPLICATION];
        event.players = eventFields.playersNow();
        event.bytesOut = eventFields.snapshotBytesLastTick();
        event.commit();
    }

    public void recordSkipped(long skipped) {
        skippedTicks += skipped;
        samples.recordSkipped(skippedTicks);
    }

    public void recordError() {
        tickErrors++;
    }

    public long ticks() {
        return ticks;
    }

    public long overruns() {
        return overruns;
    }

    public long skippedTicks() {
        return skippedTicks;
    }

    public long tickErrors() {
        return tickErrors;
    }

    /** The latest published figures; never null. Any thread. */
    public TickStatsSnapshot snapshot() {
        return published;
    }

    /**
     * Publishes the interval that ends at {@code nowNs} when it is at least one publish interval
     * long, resets the interval histograms and returns the new snapshot; otherwise returns null.
     */
    public TickStatsSnapshot maybePublish(long nowNs) {
        if (!intervalStarted || nowNs - intervalStartNs < publishIntervalNs) {
            return null;
        }
        return publish(nowNs);
    }

    /** Publishes now regardless of the interval length (tests, shutdown). */
    public TickStatsSnapshot publish(long nowNs) {
        final long intervalNs = intervalStarted ? Math.max(0, nowNs - intervalStartNs) : 0;
        final double achieved = intervalNs > 0 ? intervalTicks * 1e9 / intervalNs : 0.0;
        long[] p50 = new long[PHASES];
        long[] p99 = new long[PHASES];
        long[] max = new long[PHASES];
        for (int i = 0; i < PHASES; i++) {
            p50[i] = us(phaseNs[i].getValueAtPercentile(50));
            p99[i] = us(phaseNs[i].getValueAtPercentile(99));
            max[i] = us(phaseNs[i].getMaxValue());
        }
        TickStatsSnapshot snapshot = new TickStatsSnapshot(tickRateHz, achieved, intervalNs,
                ticks, overruns, skippedTicks, tickErrors,
                us(durationNs.getValueAtPercentile(50)), us(durationNs.getValueAtPercentile(99)),
                us(durationNs.getValueAtPercentile(99.9)), us(durationNs.getMaxValue()),
                us(startLatenessNs.getValueAtPercentile(50)), us(startLatenessNs.getValueAtPercentile(99)),
                us(startLatenessNs.getMaxValue()),
                p50, p99, max,
                offCpuMeasured ? us(offCpuNs.getValueAtPercentile(99)) : TickStatsSnapshot.NOT_MEASURED,
                offCpuMeasured ? us(offCpuNs.getMaxValue()) : TickStatsSnapshot.NOT_MEASURED,
                runQueueMeasured ? us(wakeRunQueueNs.getValueAtPercentile(99)) : TickStatsSnapshot.NOT_MEASURED,
                runQueueMeasured ? us(tickRunQueueNs.getValueAtPercentile(99)) : TickStatsSnapshot.NOT_MEASURED);
        startLatenessNs.reset();
        offCpuNs.reset();
        offCpuMeasured = false;
        wakeRunQueueNs.reset();
        tickRunQueueNs.reset();
        runQueueMeasured = false;
        durationNs.reset();
        for (Histogram h : phaseNs) {
            h.reset();
        }
        intervalTicks = 0;
        intervalStartNs = nowNs;
        intervalStarted = true;
        published = snapshot;
        return snapshot;
    }

    private static long clamp(long ns) {
        if (ns < 0) {
            return 0;
        }
        return Math.min(ns, HIGHEST_TRACKABLE_NS);
    }

    private static long us(long ns) {
        return ns / 1000;
    }

    private static Histogram newHistogram() {
        return new Histogram(1, HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
    }
}
