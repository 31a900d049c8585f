package io.tickforge.server.tick;

/**
 * The engine's tick-rate range and default: the one place they live and are checked. Constants
 * and a pure check; any thread. Units: ticks per second (Hz).
 */
public final class TickRates {
    public static final int MIN_HZ = 1;
    public static final int MAX_HZ = 240;
    public static final int DEFAULT_HZ = 60;

    private TickRates() {
    }

    /** Returns {@code tickRateHz}; throws IllegalArgumentException unless it is within MIN_HZ..MAX_HZ. */
    public static int requireValid(int tickRateHz) {
        if (tickRateHz < MIN_HZ || tickRateHz > MAX_HZ) {
            throw new IllegalArgumentException("tick rate must be in " + MIN_HZ + ".." + MAX_HZ + " Hz: " + tickRateHz);
        }
        return tickRateHz;
    }
}
