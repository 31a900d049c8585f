package io.tickforge.server.gameapi;

import java.util.List;

/**
 * A game that Tickforge can host: found by {@link java.util.ServiceLoader} (list the implementing
 * class in {@code META-INF/services/io.tickforge.server.gameapi.GameProvider}; it needs a public
 * no-argument constructor), listed by {@code --list-games} and chosen by {@code --game NAME}.
 * Stateless and thread-safe: the server calls it on its main thread, before any session runs.
 */
public interface GameProvider {
    /** How {@code --game} names it: lower-case letters, digits and '-', starting with a letter ({@link #isValidName}). */
    String name();

    /** One line (no line breaks) for {@code --list-games}. */
    String description();

    /**
     * The options this game accepts ({@code --game-option KEY=VALUE}, the config file's
     * {@code [game]} section), each with its default and its check. Any other key is an error.
     */
    List<GameOption> options();

    /**
     * One game for one session, with its options resolved and checked against {@link #options()}.
     * Allocate here what the game needs for its whole life (per-player arrays sized by
     * {@link GameSetup#maxPlayers()}): the tick callbacks must not allocate. Runs on the caller's
     * thread; the returned game is then owned by the session's tick thread.
     *
     * @throws IllegalArgumentException when the setup does not suit the game (a clear one-line message)
     */
    Game create(GameSetup setup);

    /** Whether {@code name} is a valid game name (see {@link #name()}). */
    static boolean isValidName(String name) {
        return name != null && name.matches("[a-z][a-z0-9-]{0,31}");
    }
}
