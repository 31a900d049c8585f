package io.tickforge.server.tick;

/** The work of one tick, called by {@link TickLoop} on the tick thread. */
@FunctionalInterface
public interface TickHandler {
    /**
     * Runs game tick {@code tick} (0, 1, 2, ... with no gaps, even when the schedule skipped slots).
     *
     * @param tick  the game tick number
     * @param nowNs the clock value read once at the start of this tick
     */
    void onTick(long tick, long nowNs);
}
