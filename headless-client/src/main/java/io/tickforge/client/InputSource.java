package io.tickforge.client;


/**
 * Supplies the own player's input for one tick: a bot behaviour, or a game's input handling.
 * Called on the thread driving the client, once per input tick; must not block or allocate.
 * {@code out} holds the previous tick's input.
 */
@FunctionalInterface
public interface InputSource {
    void sample(long tick, GameClient client, PlayerInput out);

    /** Input packets per tick (1 for every well-behaved client). */
    default int packetsPerTick() {
        return 1;
    }
}
