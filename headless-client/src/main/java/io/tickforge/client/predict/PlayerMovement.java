package io.tickforge.client.predict;

import io.tickforge.shared.snapshot.SnapshotView;
import io.tickforge.shared.world.EntityLayout;
import io.tickforge.shared.world.InputLayout;

/**
 * The own player's movement as a game defines it, for client-side prediction: the game implements
 * it over the same shared code its server runs (the arena's {@code Movement}, the zone game's
 * {@code ZoneMovement}), so a prediction on a clean network is bit-exact. {@link Predictor} drives
 * it; a game hands a {@link Factory} to {@code GameClientConfig.Builder.movement}.
 *
 * <p><b>State</b>: {@link #stateLanes()} ints, everything the server's step reads and writes for one
 * player (the arena: x, y; the zone game: x, y, the height in fine units, the vertical velocity).
 * <b>Input</b>: one tick's input as the game's input schema declares it, one int per field in
 * declaration order ({@link InputLayout} lanes; for the four-field shape {@code moveX, moveY, aim,
 * buttons}). The state and the input are slices of the predictor's flat arrays, given as an array
 * and an offset.
 *
 * <p>Implementations are created once per join (per tick rate and layouts), used by the thread
 * driving the client only, and must not allocate in {@link #step}, {@link #readServer} or
 * {@link #errorUnits}; they may keep scratch objects of their own.
 */
public interface PlayerMovement {
    /** Ints of the predicted state, at least 1; constant. */
    int stateLanes();

    /**
     * One tick of movement, in place: {@code state[s .. s + stateLanes())} becomes the state after
     * the input {@code input[i .. i + input lanes)}, exactly as the server computes it. Only called
     * for a live player (the server does not move dead ones).
     */
    void step(int[] state, int s, int[] input, int i);

    /**
     * Sets {@code state[s .. s + stateLanes())} from the server's decoded own entity (entry
     * {@code entry} of {@code view}, read by lane: {@code view.value(entry, lane)}), and returns
     * whether the player is alive there (a dead player does not move and is not measured).
     */
    boolean readServer(SnapshotView view, int entry, int[] state, int s);

    /**
     * The prediction error between two states: the Euclidean distance over the replicated
     * position's axes (2D or 3D), in position units. By default over the first two state lanes,
     * which must then be x and y in position units.
     */
    default double errorUnits(int[] predicted, int p, int[] server, int s) {
        final double dx = (double) predicted[p] - server[s];
        final double dy = (double) predicted[p + 1] - server[s + 1];
        return Math.sqrt(dx * dx + dy * dy);
    }

    /**
     * Makes a game's movement for one joined session. Immutable; any thread.
     */
    @FunctionalInterface
    interface Factory {
        /**
         * The movement at {@code tickRateHz} (from {@code Welcome}) for the client's compiled
         * schemas; throws {@link IllegalArgumentException} naming the field when the schemas lack
         * what it needs.
         */
        PlayerMovement create(int tickRateHz, EntityLayout entities, InputLayout inputs);
    }

    /**
     * No prediction: the state is the entity's position axes (2 or 3) and a step leaves it where it
     * is, so the own player is shown where the server last put it. For a game that names no
     * movement. Alive as {@link AliveFlag} says.
     */
    Factory HOLD_STILL = (hz, entities, inputs) -> new PlayerMovement() {
        private final int dims = entities.dims;
        private final AliveFlag alive = AliveFlag.of(entities);

        @Override
        public int stateLanes() {
            return dims;
        }

        @Override
        public void step(int[] state, int s, int[] input, int i) {
        }

        @Override
        public boolean readServer(SnapshotView view, int entry, int[] state, int s) {
            for (int k = 0; k < dims; k++) {
                state[s + k] = view.value(entry, k);
            }
            return alive.test(view, entry);
        }

        @Override
        public double errorUnits(int[] predicted, int p, int[] server, int s) {
            double sum = 0;
            for (int k = 0; k < dims; k++) {
                final double d = (double) predicted[p + k] - server[s + k];
                sum += d * d;
            }
            return Math.sqrt(sum);
        }
    };
}
