package io.tickforge.server.tick;

/**
 * Immutable tick figures published by the tick thread for any reader (status line, stats replies,
 * metrics). Percentiles cover the last publish interval; counters are totals since start.
 * Durations in microseconds.
 *
 * <p>{@code offCpu}: per tick, how long of its duration the tick thread was not running (wall time
 * minus the thread's CPU time): preempted by another thread or process, or blocked. Time a
 * hypervisor takes from the virtual CPU counts only where the guest kernel accounts steal time;
 * elsewhere the kernel charges it to the running thread, so it reads as CPU time. A long tick
 * with little off-CPU time is work (or the hypervisor); one with much is something else on the
 * core. {@link #NOT_MEASURED} unless the loop runs on its own thread.
 *
 * <p>{@code wakeRunQueue}, {@code tickRunQueue}: per tick, how long the tick thread waited runnable
 * for a CPU (the scheduler ran something else on the core) between the previous tick's end and
 * this tick's start, and during the tick (Linux's schedstat run delay). Waiting between ticks
 * adds to the tick's lateness when it falls on the deadline (an upper bound of that share): when
 * lateness is high and this is not, the delay is the timer or the hypervisor, not another thread. {@link #NOT_MEASURED} where the platform has no such figure or
 * the thread is shared.
 */
public record TickStatsSnapshot(
        int tickRateHz,
        double achievedTickRateHz,
        long intervalNs,
        long ticks,
        long overruns,
        long skippedTicks,
        long tickErrors,
        long durationP50Us,
        long durationP99Us,
        long durationP999Us,
        long durationMaxUs,
        long latenessP50Us,
        long latenessP99Us,
        long latenessMaxUs,
        long[] phaseP50Us,
        long[] phaseP99Us,
        long[] phaseMaxUs,
        long offCpuP99Us,
        long offCpuMaxUs,
        long wakeRunQueueP99Us,
        long tickRunQueueP99Us) {

    /** {@link #offCpuP99Us} and {@link #offCpuMaxUs} when the loop does not measure them (a shared tick thread, tests). */
    public static final long NOT_MEASURED = -1;

    /** Before the first publish. */
    public static TickStatsSnapshot empty(int tickRateHz) {
        long[] zeros = new long[TickStats.PHASES];
        return new TickStatsSnapshot(tickRateHz, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                zeros, zeros.clone(), zeros.clone(), NOT_MEASURED, NOT_MEASURED, NOT_MEASURED, NOT_MEASURED);
    }

    public long phaseP50Us(int phase) {
        return phaseP50Us[phase];
    }

    public long phaseP99Us(int phase) {
        return phaseP99Us[phase];
    }

    public long phaseMaxUs(int phase) {
        return phaseMaxUs[phase];
    }
}
