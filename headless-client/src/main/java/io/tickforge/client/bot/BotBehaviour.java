package io.tickforge.client.bot;

import io.tickforge.client.PlayerInput;
/**
 * Decides one input per tick for one bot. Implementations keep their own seeded state, so the
 * same seed and the same situations give the same inputs. Owned by the thread that drives the bot;
 * {@link #decide} must not allocate.
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

    BotKind kind();

    /**
     * True when the behaviour reads the interpolated world ({@link BotSituation#world}); the
     * controller then samples it before every decision. Default false (the arena's target-picking
     * behaviours get their target from the controller).
     */
    default boolean readsWorld() {
        return false;
    }
}
