package io.tickforge.server.gameapi;

/**
 * What a game is created with ({@link GameProvider#create}). Immutable; any thread.
 *
 * @param sessionId  the session's id (logs)
 * @param tickRateHz ticks per second, 1..240; one tick lasts {@code 1 / tickRateHz} seconds
 * @param maxPlayers player slots, 1..1024: slots are {@code 0..maxPlayers-1}
 * @param options    the game's options, resolved against its declarations (defaults filled in)
 */
public record GameSetup(int sessionId, int tickRateHz, int maxPlayers, GameOptions options) {
    public GameSetup {
        if (tickRateHz < 1 || maxPlayers < 1 || options == null) {
            throw new IllegalArgumentException("tickRateHz and maxPlayers must be >= 1 and options given");
        }
    }
}
