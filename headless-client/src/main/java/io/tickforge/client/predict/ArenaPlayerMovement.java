package io.tickforge.client.predict;

import io.tickforge.shared.game.Movement;
import io.tickforge.shared.snapshot.SnapshotView;
import io.tickforge.shared.world.EntityLayout;
import io.tickforge.shared.world.InputLayout;

/**
 * The arena's movement for prediction: {@link Movement#step}, the server's own code, over the state
 * {@code x, y} (1/256 m) and the four-field input ({@code moveX, moveY, aim, buttons}; sprint is a
 * button). Alive is the entity's {@code flags} alive bit. Bit-exact with the server. Created per
 * join by {@link #FACTORY}; driving thread only; allocation-free.
 */
public final class ArenaPlayerMovement implements PlayerMovement {
    /** For {@code GameClientConfig.Builder.movement}: the default for the arena's schema. */
    public static final Factory FACTORY = ArenaPlayerMovement::new;

    private static final int MOVE_X = 0;
    private static final int MOVE_Y = 1;
    private static final int BUTTONS = 3;

    private final int tickRateHz;
    private final AliveFlag alive;

    private ArenaPlayerMovement(int tickRateHz, EntityLayout entities, InputLayout inputs) {
        if (!inputs.fourField()) {
            throw new IllegalArgumentException("the arena's movement needs the four-field input shape (moveX, moveY, aim, buttons), not "
                    + inputs);
        }
        this.tickRateHz = tickRateHz;
        this.alive = AliveFlag.of(entities);
    }

    @Override
    public int stateLanes() {
        return 2;
    }

    @Override
    public void step(int[] state, int s, int[] input, int i) {
        final long p = Movement.step(state[s], state[s + 1], input[i + MOVE_X], input[i + MOVE_Y], input[i + BUTTONS],
                tickRateHz);
        state[s] = Movement.packedX(p);
        state[s + 1] = Movement.packedY(p);
    }

    @Override
    public boolean readServer(SnapshotView view, int entry, int[] state, int s) {
        state[s] = view.x(entry);
        state[s + 1] = view.y(entry);
        return alive.test(view, entry);
    }
}
