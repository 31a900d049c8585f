package io.tickforge.client.predict;

/**
 * Client-side prediction and reconciliation of the own player. Owned by the thread driving the
 * client; positions in 1/256 m units, ticks are server ticks.
 *
 * <p>Every local input is applied at once with the same step function the server uses, and kept
 * (with the predicted result) in a ring keyed by tick. When a snapshot gives the server's own
 * state of the player at tick {@code T} (which includes the server's input for {@code T}), the
 * prediction error is the distance between what we predicted for {@code T} and that state; then
 * the player is reset to the server state and the inputs after {@code T} are replayed. On a clean
 * network with the shared movement code the error is exactly zero; it is non-zero when the server
 * applied a different input (ours arrived late or was lost) or the player died or respawned.
 *
 * <p>Preallocated parallel arrays; nothing allocates after construction.
 */
public final class Predictor {
    private final PlayerStep step;
    private final int capacity;
    private final long[] tick;
    private final byte[] moveX;
    private final byte[] moveY;
    private final short[] aim;
    private final byte[] buttons;
    private final int[] predictedX;
    private final int[] predictedY;
    private final boolean[] predictedAlive;

    private boolean initialised;
    private boolean alive = true;
    private int x;
    private int y;
    /** Newest tick that has an input in the ring; Long.MIN_VALUE when none. */
    private long newestTick = Long.MIN_VALUE;
    private long authoritativeTick = Long.MIN_VALUE;

    private long replayedSteps;
    private long reconciliations;
    private long corrections;

    public Predictor(PlayerStep step, int capacity) {
        if (step == null || capacity < 8 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("need a step function and a power-of-two capacity >= 8");
        }
        this.step = step;
        this.capacity = capacity;
        tick = new long[capacity];
        java.util.Arrays.fill(tick, Long.MIN_VALUE);
        moveX = new byte[capacity];
        moveY = new byte[capacity];
        aim = new short[capacity];
        buttons = new byte[capacity];
        predictedX = new int[capacity];
        predictedY = new int[capacity];
        predictedAlive = new boolean[capacity];
    }

    /**
     * Records and applies the local input for {@code inputTick} (ticks must ascend; gaps are
     * allowed). Before the first server state is known the input is only recorded.
     */
    public void applyLocalInput(long inputTick, int moveXByte, int moveYByte, int aimUnits, int buttonBits) {
        if (inputTick <= newestTick) {
            throw new IllegalArgumentException("input ticks must ascend: " + inputTick + " after " + newestTick);
        }
        if (initialised && newestTick != Long.MIN_VALUE && inputTick > newestTick + 1
                && newestTick > authoritativeTick) {
            // Skipped ticks: the server repeats our previous input there, so do we.
            final int prev = slot(newestTick);
            final long gap = Math.min(inputTick - newestTick - 1, capacity);
            for (long g = 0; g < gap; g++) {
                stepRaw(moveX[prev], moveY[prev], buttons[prev]);
            }
        }
        final int i = slot(inputTick);
        tick[i] = inputTick;
        moveX[i] = (byte) moveXByte;
        moveY[i] = (byte) moveYByte;
        aim[i] = (short) aimUnits;
        buttons[i] = (byte) buttonBits;
        newestTick = inputTick;
        if (initialised && inputTick > authoritativeTick) {
            stepWith(i);
        }
        predictedX[i] = x;
        predictedY[i] = y;
        predictedAlive[i] = initialised && alive;
    }

    private void stepWith(int i) {
        stepRaw(moveX[i], moveY[i], buttons[i]);
    }

    private void stepRaw(int mx, int my, int b) {
        if (!alive) {
            return; // the server does not move dead players
        }
        final long p = step.step(x, y, mx, my, b);
        x = (int) (p >> 32);
        y = (int) p;
    }

    /**
     * The server's state of the own player at {@code serverTick}. Returns the prediction error in
     * position units (Euclidean), or -1 when it cannot be measured: no prediction for that tick,
     * or the player was dead (then or by our prediction). Resets to the server state and replays the
     * inputs after {@code serverTick}. A state older than the last one applied is ignored (-1).
     */
    public double reconcile(long serverTick, int serverX, int serverY, boolean serverAlive) {
        if (initialised && serverTick <= authoritativeTick) {
            return -1;
        }
        double errorUnits = -1;
        final int at = slot(serverTick);
        if (initialised && tick[at] == serverTick && predictedAlive[at] && serverAlive) {
            final double dx = predictedX[at] - serverX;
            final double dy = predictedY[at] - serverY;
            errorUnits = Math.sqrt(dx * dx + dy * dy);
            if (errorUnits != 0) {
                corrections++;
            }
        }
        initialised = true;
        authoritativeTick = serverTick;
        alive = serverAlive;
        x = serverX;
        y = serverY;
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
                predictedX[i] = x;
                predictedY[i] = y;
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

    /** Predicted x after the newest input, 1/256 m. */
    public int x() {
        return x;
    }

    public int y() {
        return y;
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
