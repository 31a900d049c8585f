package io.tickforge.shared.protocol;

/**
 * Server to client over TCP in reply to {@link StatsRequest}: the session's tick figures since
 * start (or since the last reset), as published by the tick thread. Durations in microseconds.
 * Percentiles, rates and CPU figures cover the session's last stats interval.
 */
public final class ServerStats {
    public int sessionId;
    public int tickRateHz;
    /** Achieved ticks per second over the last status interval. */
    public double achievedTickRateHz;
    public long ticks;
    public long overruns;
    public long skippedTicks;
    public int players;
    public int entities;
    public long tickDurationP50Us;
    public long tickDurationP99Us;
    public long tickDurationP999Us;
    public long tickDurationMaxUs;
    public long tickLatenessP50Us;
    public long tickLatenessP99Us;
    public long tickLatenessMaxUs;
    public long bytesOutPerSecond;
    public long bytesInPerSecond;
    /**
     * Cores the whole server process used (all threads: tick, network, GC, JIT), e.g. 0.25; negative
     * when unknown (first interval, or the platform cannot tell).
     */
    public double cpuCores = UNKNOWN;
    /**
     * Process CPU microseconds per client-tick (one connected client for one tick); negative when
     * unknown or when no client was connected during the interval.
     */
    public double cpuMicrosPerClientTick = UNKNOWN;
    /**
     * Cores the tick thread alone used (part of {@link #cpuCores}; the rest is network, GC, JIT and
     * any worker threads); negative when unknown.
     */
    public double tickThreadCpuCores = UNKNOWN;

    /** The value of a figure the server could not compute. */
    public static final double UNKNOWN = -1.0;
}
