package io.tickforge.benchmarks.tick;

import io.tickforge.server.tick.TickClock;
import io.tickforge.server.tick.TickLoop;
import io.tickforge.server.tick.TickStats;
import io.tickforge.server.tick.TickWaiter;
import org.HdrHistogram.Histogram;

import java.util.Locale;

/**
 * The platform's floor under tick start lateness: runs a session's {@link TickLoop} with its wait
 * ({@link TickWaiter#parkThenSpin}, 200 us spin) and a tick that does nothing, and prints how late
 * each deadline was seen. Whatever this shows on an otherwise idle core (timer slack, the
 * hypervisor pausing the vCPU) no change to the server can remove. Pin it like the server:
 *
 * <pre>
 * taskset -c 0 java -cp benchmarks/target/benchmarks.jar io.tickforge.benchmarks.tick.WakeupProbe [seconds 40] [rateHz 60] [spinUs 200]
 * </pre>
 * Main thread only; bounded by {@code seconds} plus one second of warm-up.
 */
public final class WakeupProbe {
    private static final long[] THRESHOLDS_NS = {100_000, 200_000, 500_000, 1_000_000, 2_000_000, 5_000_000};

    private WakeupProbe() {
    }

    /**
     * Lateness of every deadline over the run, in nanoseconds, as the server's {@link TickLoop}
     * measures it: the loop itself runs with a tick that does nothing but record. No slot is ever
     * skipped (a late deadline is caught up, not dropped), so tick {@code t} is slot {@code t}. The
     * first second is warm-up and not counted (the first ticks load and compile the loop's classes:
     * a few hundred milliseconds late, then caught up), then {@code seconds} of deadlines are.
     */
    static Histogram run(long seconds, int rateHz, long spinNs) {
        if (seconds < 1 || spinNs < 0) {
            throw new IllegalArgumentException("seconds >= 1, spin >= 0: " + seconds + " s, " + spinNs + " ns");
        }
        final Histogram lateness = new Histogram(1, 10_000_000_000L, 3);
        final long warmup = rateHz;
        final long last = warmup + seconds * rateHz;
        final TickLoop[] loop = new TickLoop[1];
        loop[0] = new TickLoop(TickClock.SYSTEM, rateHz, Integer.MAX_VALUE, (tick, nowNs) -> {
            if (tick > warmup) {
                lateness.recordValue(Math.min(nowNs - loop[0].deadlineNs(tick), lateness.getHighestTrackableValue()));
            }
            if (tick >= last) {
                loop[0].stop();
            }
        }, new TickStats(rateHz, 1_000_000_000L), TickWaiter.parkThenSpin(spinNs), TickLoop.PublishListener.NONE);
        loop[0].run();
        return lateness;
    }

    static String report(Histogram h, int rateHz, long spinNs) {
        final StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%d deadlines at %d Hz, park then spin %d us: lateness p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms%n",
                h.getTotalCount(), rateHz, spinNs / 1000, ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)),
                ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue())));
        for (long t : THRESHOLDS_NS) {
            final long over = h.getTotalCount() - h.getCountBetweenValues(0, t);
            out.append(String.format(Locale.ROOT, "  later than %.1f ms: %d (%.2f%%)%n", t / 1e6, over,
                    100.0 * over / Math.max(1, h.getTotalCount())));
        }
        return out.toString();
    }

    private static double ms(long ns) {
        return ns / 1e6;
    }

    public static void main(String[] args) {
        final long seconds = args.length > 0 ? Long.parseLong(args[0]) : 40;
        final int rateHz = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        final long spinNs = (args.length > 2 ? Long.parseLong(args[2]) : 200) * 1000;
        System.out.print(report(run(seconds, rateHz, spinNs), rateHz, spinNs));
    }
}
