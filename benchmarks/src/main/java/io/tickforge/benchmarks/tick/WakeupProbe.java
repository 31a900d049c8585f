package io.tickforge.benchmarks.tick;

import io.tickforge.server.tick.TickWaiter;
import org.HdrHistogram.Histogram;

import java.util.Locale;

/**
 * The platform's floor under tick start lateness: waits for 60 Hz deadlines exactly as a session's
 * tick thread does ({@link TickWaiter#parkThenSpin}, 200 us spin) but runs no tick, and prints how
 * late each deadline was seen. Whatever this shows on an otherwise idle core (timer slack, the
 * hypervisor pausing the vCPU) no change to the server can remove. Pin it like the server:
 *
 * <pre>
 * taskset -c 0 java -cp benchmarks/target/benchmarks.jar io.tickforge.benchmarks.tick.WakeupProbe [seconds 40] [rateHz 60] [spinUs 200]
 * </pre>
 * Main thread only; bounded by {@code seconds}.
 */
public final class WakeupProbe {
    private static final long[] THRESHOLDS_NS = {100_000, 200_000, 500_000, 1_000_000, 2_000_000, 5_000_000};

    private WakeupProbe() {
    }

    /** Lateness of every deadline over the run, in nanoseconds. */
    static Histogram run(long seconds, int rateHz, long spinNs) {
        if (seconds < 1 || rateHz < 1 || rateHz > 1000 || spinNs < 0) {
            throw new IllegalArgumentException("seconds >= 1, rate 1..1000 Hz, spin >= 0: " + seconds + " s, "
                    + rateHz + " Hz, " + spinNs + " ns");
        }
        final TickWaiter waiter = TickWaiter.parkThenSpin(spinNs);
        final Histogram lateness = new Histogram(1, 10_000_000_000L, 3);
        final long periodNs = 1_000_000_000L / rateHz;
        final long startNs = System.nanoTime();
        final long deadlines = seconds * rateHz;
        for (long slot = 1; slot <= deadlines; slot++) {
            final long deadlineNs = startNs + slot * periodNs;
            long nowNs;
            while ((nowNs = System.nanoTime()) < deadlineNs) {
                waiter.idle(deadlineNs - nowNs);
            }
            lateness.recordValue(Math.min(nowNs - deadlineNs, lateness.getHighestTrackableValue()));
        }
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
