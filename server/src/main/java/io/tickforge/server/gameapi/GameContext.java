package io.tickforge.server.gameapi;

/**
 * Handed to {@link Game#start}: the session the game runs in. Immutable; any thread.
 *
 * @param sessionId  the session's id (logs)
 * @param tickRateHz ticks per second
 * @param maxPlayers player slots ({@code 0..maxPlayers-1})
 * @param firstTick  the tick the session is about to simulate first (its {@link Game#tick} comes next)
 */
public record GameContext(int sessionId, int tickRateHz, int maxPlayers, long firstTick) {
}
