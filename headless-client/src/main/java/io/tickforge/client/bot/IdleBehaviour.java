package io.tickforge.client.bot;

import io.tickforge.client.PlayerInput;

/**
 * Stands still and does nothing, but still sends an input packet (with acks) every tick: the
 * cheapest well-behaved client, useful to isolate replication cost from game-rule cost. Knows no
 * game: its input is all zeros ({@link PlayerInput#clear}), so every game gets it as {@code idle}
 * ({@link BotGames}) unless it names its own (a game whose input schema cannot hold zeros should).
 * Owned by the thread driving the bot.
 */
public final class IdleBehaviour implements BotBehaviour {
    /** {@code idle}, which every game gets unless it names its own. */
    public static final NamedBehaviour NAMED = NamedBehaviour.of("idle", seed -> new IdleBehaviour());

    @Override
    public void decide(BotSituation s, PlayerInput out) {
        out.clear();
    }
}
