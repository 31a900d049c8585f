package io.tickforge.client.bot;

import io.tickforge.client.GameClient;
import io.tickforge.client.PlayerInput;

/**
 * Decides one input per tick for one bot. Implementations keep their own seeded state, so the
 * same seed and the same situations give the same inputs. A game brings its behaviours through
 * {@link BotGame}; the {@link BotController} plugs one into a {@link GameClient}. Owned by the
 * thread that drives the bot; {@link #decide} and {@link #afterDecide} must not allocate.
 */
public interface BotBehaviour {
    /** Writes this tick's input into {@code out} (which holds the previous tick's input). */
    void decide(BotSituation situation, PlayerInput out);

    /**
     * Input packets to send per client tick. 1 for well-behaved bots; the flood bot sends more to
     * exercise the server's flood protection.
     */
    default int packetsPerTick() {
        return 1;
    }

    /**
     * True when the behaviour reads the interpolated world ({@link BotSituation#world}) and its own
     * entity ({@link BotSituation#self}); the controller then samples them before every decision.
     * Default false.
     */
    default boolean readsWorld() {
        return false;
    }

    /**
     * True when the behaviour reads the controller's target ({@link BotSituation#targetId}: the
     * nearest living player in view, else the nearest living NPC); the controller then samples the
     * interpolated world before every decision and picks it. Default false.
     */
    default boolean usesTarget() {
        return false;
    }

    /**
     * Called after {@link #decide} with the input about to be sent, for behaviours that keep
     * figures on what they did (the arena's hit registration). {@code situation} is the one
     * {@code decide} saw; its {@link BotSituation#world} is the interpolated world when the
     * behaviour {@linkplain #readsWorld reads it} or {@linkplain #usesTarget uses a target} and one
     * was seen, else null. Default: nothing.
     */
    default void afterDecide(GameClient client, BotSituation situation, PlayerInput out) {
    }
}
