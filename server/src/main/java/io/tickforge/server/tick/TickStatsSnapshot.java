package io.tickforge.server.tick;

/**
 * Immutable tick figures published by the tick thread for any reader (status line, stats replies,
 * metrics). Percentiles cover the last publish interval; counters are totals since start.
 * Durations in microseconds.
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
        long[] phaseMaxUs) {

    /** Before the first publish. */
    public static TickStatsSnapshot empty(int tickRateHz) {
        long[] zeros = new long[TickStats.PHASES];
        return new TickStatsSnapshot(tickRateHz, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                zeros, zeros.clone(), zeros.clone());
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
