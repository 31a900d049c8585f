package io.tickforge.client.predict;

import io.tickforge.shared.snapshot.SnapshotView;

import java.util.Arrays;

/**
 * Client-side prediction and reconciliation of the own player, for any game's
 * {@link PlayerMovement}. Owned by the thread driving the client; ticks are server ticks, the
 * state and the inputs are the movement's int lanes (positions in the game's position units).
 *
 * <p>Every local input is applied at once with the same step the server uses, and kept (with the
 * predicted state after it) in a ring keyed by tick. When a snapshot gives the server's own state
 * of the player at tick {@code T} (which includes the server's input for {@code T}), the
 * prediction error is the movement's distance between what we predicted for {@code T} and that
 * state; then the player is reset to the server state and the inputs after {@code T} are replayed.
 * On a clean network with the shared movement code the error is exactly zero; it is non-zero when
 * the server applied a different input (ours arrived late or was lost) or the player died or
 * respawned. Skipped input ticks repeat the previous input (as the server does); dead players do
 * not move; a server state older than the last one applied is ignored.
 *
 * <p>Inputs and states live in preallocated flat arrays ({@code capacity × lanes}); nothing
 * allocates after construction.
 */
public final class Predictor {
    private final PlayerMovement movement;
    private final int capacity;
    private final int inputLanes;
    private final int stateLanes;
    private final long[] tick;
    /** Per slot, {@link #inputLanes} ints: the input of that tick. */
    private final int[] inputs;
    /** Per slot, {@link #stateLanes} ints: the predicted state after that tick's input. */
    private final int[] predicted;
    private final boolean[] predictedAlive;
    /** The current state: after the newest input (or the server's, before any input after it). */
    private final int[] state;
    /** Scratch: the server's state being reconciled. */
    private final int[] server;
    /** Scratch: a four-field input. */
    private final int[] fourField = new int[4];

    private boolean initialised;
    private boolean alive = true;
    /** Newest tick that has an input in the ring; Long.MIN_VALUE when none. */
    private long newestTick = Long.MIN_VALUE;
    private long authoritativeTick = Long.MIN_VALUE;
    private double lastErrorUnits = -1;

    private long replayedSteps;
    private long reconciliations;
    private long corrections;

    /**
     * @param movement   the game's movement (its state lanes size the ring)
     * @param inputLanes ints per input: the client's input schema's field count
     * @param capacity   ticks kept, a power of two {@code >= 8}
     */
    public Predictor(PlayerMovement movement, int inputLanes, int capacity) {
        if (movement == null || capacity < 8 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("need a movement and a power-of-two capacity >= 8, not " + capacity);
        }
        if (inputLanes < 1 || movement.stateLanes() < 1) {
            throw new IllegalArgumentException("need at least one input lane and one state lane: " + inputLanes
                    + " input, " + movement.stateLanes() + " state");
        }
        this.movement = movement;
        this.capacity = capacity;
        this.inputLanes = inputLanes;
        this.stateLanes = movement.stateLanes();
        tick = new long[capacity];
        Arrays.fill(tick, Long.MIN_VALUE);
        inputs = new int[capacity * inputLanes];
        predicted = new int[capacity * stateLanes];
        predictedAlive = new boolean[capacity];
        state = new int[stateLanes];
        server = new int[stateLanes];
    }

    /**
     * Records and applies the local four-field input ({@code moveX, moveY, aim, buttons}: the
     * arena's shape) for {@code inputTick}; see {@link #applyLocalInput(long, int[], int)}.
     */
    public void applyLocalInput(long inputTick, int moveXByte, int moveYByte, int aimUnits, int buttonBits) {
        if (inputLanes != 4) {
            throw new IllegalStateException("a four-field input for a predictor of " + inputLanes + " input lanes");
        }
        final int[] in = fourField;
        in[0] = moveXByte;
        in[1] = moveYByte;
        in[2] = aimUnits;
        in[3] = buttonBits;
        applyLocalInput(inputTick, in, 0);
    }

    /**
     * Records and applies the local input {@code input[offset .. offset + input lanes)} for
     * {@code inputTick} (ticks must ascend; gaps are allowed). Before the first server state is
     * known the input is only recorded.
     */
    public void applyLocalInput(long inputTick, int[] input, int offset) {
        if (inputTick <= newestTick) {
            throw new IllegalArgumentException("input ticks must ascend: " + inputTick + " after " + newestTick);
        }
        if (initialised && newestTick != Long.MIN_VALUE && inputTick > newestTick + 1
                && newestTick > authoritativeTick) {
            // Skipped ticks: the server repeats our previous input there, so do we.
            final int prev = slot(newestTick);
            final long gap = Math.min(inputTick - newestTick - 1, capacity);
            for (long g = 0; g < gap; g++) {
                stepWith(prev);
            }
        }
        final int i = slot(inputTick);
        tick[i] = inputTick;
        System.arraycopy(input, offset, inputs, i * inputLanes, inputLanes);
        newestTick = inputTick;
        if (initialised && inputTick > authoritativeTick) {
            stepWith(i);
        }
        System.arraycopy(state, 0, predicted, i * stateLanes, stateLanes);
        predictedAlive[i] = initialised && alive;
    }

    private void stepWith(int i) {
        if (!alive) {
            return; // the server does not move dead players
        }
        movement.step(state, 0, inputs, i * inputLanes);
    }

    /**
     * The server's state of the own player: entry {@code entry} of {@code view}, at its tick
     * ({@code view.tick(entry)}), read by the movement. See {@link #reconcile(long, int[], int, boolean)}.
     */
    public double reconcile(SnapshotView view, int entry) {
        final boolean serverAlive = movement.readServer(view, entry, server, 0);
        return reconcile(view.tick(entry), server, 0, serverAlive);
    }

    /**
     * The server's state of a player whose state is its position {@code x, y} (a two-lane movement,
     * such as the arena's); see {@link #reconcile(long, int[], int, boolean)}.
     */
    public double reconcile(long serverTick, int serverX, int serverY, boolean serverAlive) {
        if (stateLanes != 2) {
            throw new IllegalStateException("an x, y state for a movement of " + stateLanes + " state lanes");
        }
        final int[] s = server;
        s[0] = serverX;
        s[1] = serverY;
        return reconcile(serverTick, s, 0, serverAlive);
    }

    /**
     * The server's state {@code serverState[offset .. offset + state lanes)} of the own player at
     * {@code serverTick}. Returns the prediction error in position units (the movement's
     * {@link PlayerMovement#errorUnits}), or -1 when it cannot be measured: no prediction for that
     * tick, or the player was dead (then or by our prediction). Resets to the server state and
     * replays the inputs after {@code serverTick}. A state not newer than the last one applied is
     * ignored (-1).
     */
    public double reconcile(long serverTick, int[] serverState, int offset, boolean serverAlive) {
        if (initialised && serverTick <= authoritativeTick) {
            return -1;
        }
        double errorUnits = -1;
        final int at = slot(serverTick);
        if (initialised && tick[at] == serverTick && predictedAlive[at] && serverAlive) {
            errorUnits = movement.errorUnits(predicted, at * stateLanes, serverState, offset);
            if (errorUnits != 0) {
                corrections++;
            }
        }
        lastErrorUnits = errorUnits;
        initialised = true;
        authoritativeTick = serverTick;
        alive = serverAlive;
        System.arraycopy(serverState, offset, state, 0, stateLanes);
        reconciliations++;
        if (newestTick > serverTick) {
            final long from = Math.max(serverTick + 1, newestTick - capacity + 1);
            int previous = tick[at] == serverTick ? at : -1;
            for (long t = from; t <= newestTick; t++) {
                final int i = slot(t);
                if (tick[i] != t) {
                    // Skipped tick: the server repeats our previous input there, so do we.
                    if (previous >= 0) {
                        stepWith(previous);
                    }
                    continue;
                }
                stepWith(i);
                previous = i;
                System.arraycopy(state, 0, predicted, i * stateLanes, stateLanes);
                predictedAlive[i] = alive;
                replayedSteps++;
            }
        }
        return errorUnits;
    }

    private int slot(long t) {
        return (int) (t & (capacity - 1));
    }

    public boolean isInitialised() {
        return initialised;
    }

    public PlayerMovement movement() {
        return movement;
    }

    /** Ints of the predicted state ({@code movement().stateLanes()}). */
    public int stateLanes() {
        return stateLanes;
    }

    /** Lane {@code lane} of the predicted state after the newest input (the movement's units). */
    public int state(int lane) {
        return state[lane];
    }

    /** Copies the predicted state after the newest input into {@code out[offset ..]}. */
    public void copyState(int[] out, int offset) {
        System.arraycopy(state, 0, out, offset, stateLanes);
    }

    /** Predicted x after the newest input (state lane 0: the position's x for the engine's games). */
    public int x() {
        return state[0];
    }

    /** Predicted y after the newest input (state lane 1; 0 for a one-lane state). */
    public int y() {
        return stateLanes > 1 ? state[1] : 0;
    }

    public boolean alive() {
        return alive;
    }

    public long newestTick() {
        return newestTick;
    }

    public long authoritativeTick() {
        return authoritativeTick;
    }

    /** What the newest applied {@code reconcile} returned (-1 before any or when not measurable). */
    public double lastErrorUnits() {
        return lastErrorUnits;
    }

    public long replayedSteps() {
        return replayedSteps;
    }

    public long reconciliations() {
        return reconciliations;
    }

    /** Reconciliations whose error was not zero. */
    public long corrections() {
        return corrections;
    }
}
