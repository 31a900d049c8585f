package io.tickforge.client;

import io.tickforge.shared.game.ArenaRules;

/**
 * One tick's input of the own player, as an {@link InputSource} (a bot behaviour, a game's input
 * handling) produces it, already on the wire grid. Mutable and reused; owned by the thread that
 * drives the client.
 *
 * <p>For the engine's four-field input shape (the arena's; {@code InputLayout.fourField()}) the
 * input is the named fields: move axes as signed bytes (-127..127 = -1..1), aim as 16-bit units per
 * turn, buttons as {@link ArenaRules} bits; {@link #lanes} is unused. For any other input schema
 * the input is {@link #lanes}, one value per field in declaration order (look a field's lane up
 * once with {@code InputLayout.requireLane}), each within its declared range (the server rejects
 * and counts any other); the named fields then reach only the local predictor.
 */
public final class PlayerInput {
    public static final int MOVE_MAX = 127;

    public int moveX;
    public int moveY;
    public int aimUnits;
    public int buttons;
    /** The input's lanes, for a schema other than the four-field shape (see the class comment). */
    public final int[] lanes;

    /** An input of the four-field shape (four lanes). */
    public PlayerInput() {
        this(4);
    }

    /** An input of {@code laneCount} lanes (the client's input schema's field count). */
    public PlayerInput(int laneCount) {
        this.lanes = new int[laneCount];
    }

    /** Zeroes the move axes, the buttons and every lane (aim is kept). */
    public void clear() {
        moveX = 0;
        moveY = 0;
        buttons = 0;
        java.util.Arrays.fill(lanes, 0);
    }

    /** Sets the move axes from a direction in radians at the given fraction of full speed (0..1). */
    public void moveTowards(double radians, double fraction) {
        final double f = Math.max(0.0, Math.min(1.0, fraction));
        moveX = clampAxis((int) Math.round(Math.cos(radians) * f * MOVE_MAX));
        moveY = clampAxis((int) Math.round(Math.sin(radians) * f * MOVE_MAX));
    }

    public void set(int moveXByte, int moveYByte, int aim, int buttonBits) {
        moveX = clampAxis(moveXByte);
        moveY = clampAxis(moveYByte);
        aimUnits = aim & 0xFFFF;
        buttons = buttonBits & ArenaRules.BUTTON_MASK;
    }

    public void copyFrom(PlayerInput other) {
        moveX = other.moveX;
        moveY = other.moveY;
        aimUnits = other.aimUnits;
        buttons = other.buttons;
        System.arraycopy(other.lanes, 0, lanes, 0, Math.min(lanes.length, other.lanes.length));
    }

    static int clampAxis(int v) {
        return Math.max(-MOVE_MAX, Math.min(MOVE_MAX, v));
    }
}
