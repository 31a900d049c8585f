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

    /**
     * {@link #onTick(long, long)} with the tick's scheduled start as well: {@code deadlineNs} is the
     * slot's deadline ({@code nowNs} minus the tick's lateness), so a handler can bound its own work
     * against the schedule rather than against its late start. {@link TickLoop} calls this one; the
     * default ignores the deadline.
     */
    default void onTick(long tick, long nowNs, long deadlineNs) {
        onTick(tick, nowNs);
    }
}
