package io.tickforge.server.gameapi;

/**
 * Handed to {@link Game#start}: the session the game runs in. Immutable; any thread (but
 * {@link #rewind()}'s queries are for the tick thread only).
 *
 * @param sessionId  the session's id (logs)
 * @param tickRateHz ticks per second
 * @param maxPlayers player slots ({@code 0..maxPlayers-1})
 * @param firstTick  the tick the session is about to simulate first (its {@link Game#tick} comes next)
 * @param rewind     the engine's position history for lag compensation ({@link Rewind#OFF} when disabled)
 */
public record GameContext(int sessionId, int tickRateHz, int maxPlayers, long firstTick, Rewind rewind) {
    public GameContext {
        if (rewind == null) {
            throw new IllegalArgumentException("rewind is required (Rewind.OFF when lag compensation is off)");
        }
    }

    /** A context without lag compensation. */
    public GameContext(int sessionId, int tickRateHz, int maxPlayers, long firstTick) {
        this(sessionId, tickRateHz, maxPlayers, firstTick, Rewind.OFF);
    }
}
