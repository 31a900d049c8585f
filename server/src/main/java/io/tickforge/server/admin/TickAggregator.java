package io.tickforge.server.admin;

import io.tickforge.server.tick.TickSampleRing;
import io.tickforge.server.tick.TickStats;

import java.util.Arrays;

/**
 * Turns the tick thread's raw samples ({@link TickSampleRing}) into what operators read: classic
 * histogram bucket counts since start (for Prometheus) and one point per second with tick
 * duration p50/p99/max and lateness p99/max (for the dashboard). Runs on the admin sampler thread
 * ({@link #poll}) and is read by HTTP threads; every method is synchronized, none is ever called
 * by the tick thread. Durations in nanoseconds inside, seconds in what it hands out.
 */
public final class TickAggregator {
    /** Bucket upper bounds of the tick histograms, seconds: 0.1 ms to 50 ms (plus +Inf). */
    public static final double[] TICK_BUCKETS_S = {0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05};
    private static final long[] TICK_BUCKETS_NS = new long[TICK_BUCKETS_S.length];

    static {
        for (int i = 0; i < TICK_BUCKETS_S.length; i++) {
            TICK_BUCKETS_NS[i] = Math.round(TICK_BUCKETS_S[i] * 1e9);
        }
    }

    /** Cumulative classic histogram: per-bucket (non-cumulative) counts, +Inf last, and the sum. */
    public record Buckets(long[] counts, double sumSeconds) {
        public long count() {
            long n = 0;
            for (long c : counts) {
                n += c;
            }
            return n;
        }
    }

    /**
     * One second of ticks and traffic, for the live chart. Durations in seconds; time in epoch
     * millis. p50 and max cover the second; the p99s cover the last {@link #P99_WINDOW_SECONDS}
     * seconds (at 60 Hz the p99 of one second's 60 ticks would just be its max).
     */
    public record Point(long epochMs, int ticks, double tickRateHz, double durationP50S, double durationP99S, double durationMaxS,
                        double latenessP99S, double latenessMaxS, int players, long inBytesPerS, long outBytesPerS) {
    }

    private final TickSampleRing ring;
    private final long periodNs;
    private final long[] durationCounts = new long[TICK_BUCKETS_NS.length + 1];
    private final long[] latenessCounts = new long[TICK_BUCKETS_NS.length + 1];
    private final long[][] phaseCounts = new long[TickStats.PHASES][TICK_BUCKETS_NS.length + 1];
    private long durationSumNs;
    private long latenessSumNs;
    private final long[] phaseSumNs = new long[TickStats.PHASES];
    private long overruns;
    private long lostSamples;
    private long nextSample;

    /** This second's samples (reused arrays). */
    private long[] windowDurations = new long[256];
    private long[] windowLateness = new long[256];
    private int windowSize;
    private long windowStartNs = Long.MIN_VALUE;
    private long windowStartBytesIn;
    private long windowStartBytesOut;

    /** Seconds the chart's p99 figures cover. */
    public static final int P99_WINDOW_SECONDS = 10;
    private final java.util.ArrayDeque<long[]> recentDurations = new java.util.ArrayDeque<>();
    private final java.util.ArrayDeque<long[]> recentLateness = new java.util.ArrayDeque<>();

    private final Point[] history;
    private int historyStart;
    private int historySize;

    /**
     * @param ring          the session's samples
     * @param periodNs      the tick budget (a longer tick is an overrun)
     * @param historyPoints seconds of chart history kept
     */
    public TickAggregator(TickSampleRing ring, long periodNs, int historyPoints) {
        if (ring == null || periodNs <= 0 || historyPoints < 1) {
            throw new IllegalArgumentException("ring required, periodNs > 0, historyPoints >= 1");
        }
        this.ring = ring;
        this.periodNs = periodNs;
        this.history = new Point[historyPoints];
        // Start with the oldest sample still held, so ticks run before the endpoint started count too.
        this.nextSample = Math.max(0, ring.published() - ring.capacity() + 2);
    }

    /** Folds every new sample in and closes the current second when it is over. Sampler thread. */
    public synchronized void poll(long nowNs, long epochMs, int players, long bytesIn, long bytesOut) {
        final long published = ring.published();
        long from = nextSample;
        if (published - from > ring.capacity() - 2) {
            final long oldest = published - ring.capacity() + 2;
            lostSamples += oldest - from;
            from = oldest;
        }
        for (long s = from; s < published; s++) {
            final long duration = ring.durationNs(s);
            final long lateness = ring.latenessNs(s);
            final long p0 = ring.phaseNs(0, s);
            final long p1 = ring.phaseNs(1, s);
            final long p2 = ring.phaseNs(2, s);
            if (!ring.isStillValid(s)) {
                lostSamples++;
                continue;
            }
            durationCounts[bucket(duration)]++;
            latenessCounts[bucket(lateness)]++;
            phaseCounts[0][bucket(p0)]++;
            phaseCounts[1][bucket(p1)]++;
            phaseCounts[2][bucket(p2)]++;
            durationSumNs += Math.max(0, duration);
            latenessSumNs += Math.max(0, lateness);
            phaseSumNs[0] += Math.max(0, p0);
            phaseSumNs[1] += Math.max(0, p1);
            phaseSumNs[2] += Math.max(0, p2);
            if (duration > periodNs) {
                overruns++;
            }
            addToWindow(duration, lateness);
        }
        nextSample = published;
        if (windowStartNs == Long.MIN_VALUE) {
            startWindow(nowNs, bytesIn, bytesOut);
        } else if (nowNs - windowStartNs >= 1_000_000_000L) {
            final double seconds = (nowNs - windowStartNs) / 1e9;
            closeWindow(epochMs, seconds, players, Math.round((bytesIn - windowStartBytesIn) / seconds),
                    Math.round((bytesOut - windowStartBytesOut) / seconds));
            startWindow(nowNs, bytesIn, bytesOut);
        }
    }

    private void startWindow(long nowNs, long bytesIn, long bytesOut) {
        windowStartNs = nowNs;
        windowStartBytesIn = bytesIn;
        windowStartBytesOut = bytesOut;
    }

    private void addToWindow(long duration, long lateness) {
        if (windowSize == windowDurations.length) {
            windowDurations = Arrays.copyOf(windowDurations, windowSize * 2);
            windowLateness = Arrays.copyOf(windowLateness, windowSize * 2);
        }
        windowDurations[windowSize] = duration;
        windowLateness[windowSize] = lateness;
        windowSize++;
    }

    private void closeWindow(long epochMs, double seconds, int players, long inPerS, long outPerS) {
        final int n = windowSize;
        final Point point;
        if (n == 0) {
            point = new Point(epochMs, 0, 0, 0, 0, 0, 0, 0, players, inPerS, outPerS);
        } else {
            Arrays.sort(windowDurations, 0, n);
            Arrays.sort(windowLateness, 0, n);
            remember(recentDurations, Arrays.copyOf(windowDurations, n));
            remember(recentLateness, Arrays.copyOf(windowLateness, n));
            point = new Point(epochMs, n, n / seconds, s(percentile(windowDurations, n, 50)), s(recentP99(recentDurations)),
                    s(windowDurations[n - 1]), s(recentP99(recentLateness)), s(windowLateness[n - 1]),
                    players, inPerS, outPerS);
        }
        windowSize = 0;
        final int at = (historyStart + historySize) % history.length;
        history[at] = point;
        if (historySize < history.length) {
            historySize++;
        } else {
            historyStart = (historyStart + 1) % history.length;
        }
    }

    private static void remember(java.util.ArrayDeque<long[]> recent, long[] second) {
        recent.addLast(second);
        while (recent.size() > P99_WINDOW_SECONDS) {
            recent.removeFirst();
        }
    }

    private static long recentP99(java.util.ArrayDeque<long[]> recent) {
        int n = 0;
        for (long[] second : recent) {
            n += second.length;
        }
        final long[] all = new long[n];
        int at = 0;
        for (long[] second : recent) {
            System.arraycopy(second, 0, all, at, second.length);
            at += second.length;
        }
        Arrays.sort(all);
        return percentile(all, n, 99);
    }

    /** Nearest-rank percentile of the first {@code n} sorted values. */
    static long percentile(long[] sorted, int n, double p) {
        final int rank = (int) Math.ceil(p / 100.0 * n);
        return sorted[Math.max(0, Math.min(n - 1, rank - 1))];
    }

    private static int bucket(long ns) {
        for (int b = 0; b < TICK_BUCKETS_NS.length; b++) {
            if (ns <= TICK_BUCKETS_NS[b]) {
                return b;
            }
        }
        return TICK_BUCKETS_NS.length;
    }

    private static double s(long ns) {
        return ns / 1e9;
    }

    // ---------------------------------------------------------------- readers (HTTP threads)

    public synchronized Buckets duration() {
        return new Buckets(durationCounts.clone(), s(durationSumNs));
    }

    public synchronized Buckets lateness() {
        return new Buckets(latenessCounts.clone(), s(latenessSumNs));
    }

    public synchronized Buckets phase(int phase) {
        return new Buckets(phaseCounts[phase].clone(), s(phaseSumNs[phase]));
    }

    /** Ticks longer than the tick budget, among the samples seen. */
    public synchronized long overruns() {
        return overruns;
    }

    /** Samples the aggregator could not read in time (should stay 0). */
    public synchronized long lostSamples() {
        return lostSamples;
    }

    /** Chart points, oldest first. */
    public synchronized Point[] history() {
        final Point[] out = new Point[historySize];
        for (int i = 0; i < historySize; i++) {
            out[i] = history[(historyStart + i) % history.length];
        }
        return out;
    }

    /** The newest chart point, or null before the first full second. */
    public synchronized Point latest() {
        return historySize == 0 ? null : history[(historyStart + historySize - 1) % history.length];
    }
}
