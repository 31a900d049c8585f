package io.tickforge.server.metrics;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;

/**
 * CPU use of one CPU clock over an interval: the whole server process's (the first-class figure
 * next to the tick times: the tick thread's duration says nothing about the network thread, the
 * GC or the JIT, and the process total does), or the tick thread's own (to split the process
 * total into the tick's share and everything else). Two figures per interval:
 * <ul>
 *   <li>{@link #cores()}: CPU time delta / wall time delta (1.0 = one core busy all along);</li>
 *   <li>{@link #microsPerClientTick()}: CPU time delta / client-ticks delta in microseconds, where
 *       a client-tick is one connected client for one tick (the session adds its player count
 *       every tick), so a varying player count is counted exactly.</li>
 * </ul>
 * Thread: whoever calls {@link #sample} (the tick thread, once per stats interval); nothing is
 * allocated per sample. Units: nanoseconds in, cores and microseconds out; {@link #UNAVAILABLE}
 * (negative) when there is no previous sample, no client-tick in the interval, or the platform
 * cannot tell the process CPU time.
 *
 * <p>The JDK's process CPU time on Linux comes from {@code times(2)}, counted in scheduler clock
 * ticks (10 ms at the usual 100 Hz): over a 5 s interval at 0.05 cores that is 250 ms +- 10 ms,
 * so the figure is meant for intervals of seconds, not single ticks. A thread's CPU time
 * ({@code clock_gettime} of the thread's clock) is exact to the nanosecond.
 */
public final class CpuMeter {
    /** Reported when a figure cannot be computed; any negative value means the same. */
    public static final double UNAVAILABLE = -1.0;

    /** CPU time (user + system) in nanoseconds since some fixed origin; negative if unknown. */
    @FunctionalInterface
    public interface CpuTimeSource {
        long cpuTimeNs();
    }

    private final CpuTimeSource source;
    private boolean hasPrevious;
    private long previousCpuNs;
    private long previousNowNs;
    private long previousClientTicks;
    private double cores = UNAVAILABLE;
    private double microsPerClientTick = UNAVAILABLE;

    public CpuMeter(CpuTimeSource source) {
        if (source == null) {
            throw new IllegalArgumentException("source is required");
        }
        this.source = source;
    }

    /**
     * This JVM's process CPU time (all threads) from {@code com.sun.management.OperatingSystemMXBean},
     * or a source that always answers -1 where that bean is missing (the figures then read unavailable).
     */
    public static CpuTimeSource processCpuTime() {
        final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean bean) {
            return bean::getProcessCpuTime;
        }
        return () -> -1L;
    }

    /**
     * The CPU time of whichever thread asks ({@link ThreadMXBean#getCurrentThreadCpuTime()}), so
     * sampled on the tick thread it measures the tick thread; -1 where the JVM cannot tell.
     */
    public static CpuTimeSource currentThreadCpuTime() {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isCurrentThreadCpuTimeSupported()) {
            return () -> -1L;
        }
        return threads::getCurrentThreadCpuTime;
    }

    /**
     * Closes the interval since the previous sample at {@code nowNs} (monotonic clock), with
     * {@code clientTicks} the running total of client-ticks, and updates both figures.
     */
    public void sample(long nowNs, long clientTicks) {
        final long cpuNs = source.cpuTimeNs();
        if (cpuNs < 0) {
            hasPrevious = false;
            cores = UNAVAILABLE;
            microsPerClientTick = UNAVAILABLE;
            return;
        }
        if (hasPrevious) {
            final long cpuDeltaNs = cpuNs - previousCpuNs;
            final long wallDeltaNs = nowNs - previousNowNs;
            final long clientTicksDelta = clientTicks - previousClientTicks;
            final boolean cpuValid = cpuDeltaNs >= 0;
            cores = cpuValid && wallDeltaNs > 0 ? cpuDeltaNs / (double) wallDeltaNs : UNAVAILABLE;
            microsPerClientTick = cpuValid && clientTicksDelta > 0 ? cpuDeltaNs / 1000.0 / clientTicksDelta : UNAVAILABLE;
        }
        hasPrevious = true;
        previousCpuNs = cpuNs;
        previousNowNs = nowNs;
        previousClientTicks = clientTicks;
    }

    /** Cores the process used over the last sampled interval, or {@link #UNAVAILABLE}. */
    public double cores() {
        return cores;
    }

    /** Process CPU microseconds per client-tick over the last sampled interval, or {@link #UNAVAILABLE}. */
    public double microsPerClientTick() {
        return microsPerClientTick;
    }
}
