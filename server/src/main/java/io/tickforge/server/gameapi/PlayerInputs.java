package io.tickforge.server.gameapi;

import io.tickforge.shared.world.InputLayout;

/**
 * The inputs of one tick, one entry per joined player in ascending slot order, as
 * {@link Game#tick} receives them. A view the session refills every tick (no allocation): read it
 * during the call only, never keep it. Tick thread only.
 *
 * <p>Every joined player has an entry every tick. Its values are the input the player sent for
 * this tick when it arrived in time ({@link #received}), otherwise a repeat of its last applied
 * input, or zeros (no movement, aim 0, no buttons) before its first input and while its
 * connection is down (held for a reconnect). Values were checked against the game's
 * {@code InputLimits} ({@link GameDescriptor#inputLimits()}) before they got here.
 *
 * <p><b>Lanes.</b> An entry is one int per field of the game's input schema, in declaration order
 * ({@link #layout()}): read them with {@link #value(int, int)}. Look a field's lane up once, when
 * the game starts ({@code inputs.layout().requireLane("jump")}, or the layout from
 * {@code GameDescriptor.inputLimits().layout()}), never per tick. Every value is within its
 * field's declared range (flags: only named bits).
 *
 * <p><b>Four-field shape.</b> {@link #moveX}, {@link #moveY}, {@link #aimUnits} and
 * {@link #buttons} read lanes 0..3 of the engine's four-field shape (the arena's:
 * {@link InputLayout#fourField()}); for any other schema they throw {@link IllegalStateException}.
 */
public interface PlayerInputs {
    /** Entries this tick: the joined players. */
    int size();

    /** The player slot of entry {@code i} ({@code 0 <= i < size()}); ascending in {@code i}. */
    int slot(int i);

    /**
     * The input schema's layout (the same every tick): {@code layout().requireLane(name)} finds a
     * field's lane. A view of the four-field shape that does not say gets {@link InputLayout#FIXED}.
     */
    default InputLayout layout() {
        return InputLayout.FIXED;
    }

    /**
     * Lane {@code lane} of entry {@code i}: the value of the schema's field {@code lane} (declaration
     * order). A view of the four-field shape that does not say reads {@link #moveX} .. {@link #buttons}.
     */
    default int value(int i, int lane) {
        return switch (lane) {
            case 0 -> moveX(i);
            case 1 -> moveY(i);
            case 2 -> aimUnits(i);
            case 3 -> buttons(i);
            default -> throw new IndexOutOfBoundsException("lane " + lane + " of 4");
        };
    }

    /** Four-field shape: movement on x, {@code -moveAxisMax..moveAxisMax} (signed byte; 127 = full speed). */
    int moveX(int i);

    /** Four-field shape: movement on y, as {@link #moveX}. */
    int moveY(int i);

    /** Four-field shape: aim direction in 16-bit units per turn, {@code 0..65535} (0 = +x, counter-clockwise). */
    int aimUnits(int i);

    /** Four-field shape: button bits, within the game's {@code InputLimits.buttonMask()}. */
    int buttons(int i);

    /** True when the player's own input for this tick arrived; false for a repeat or zeros. */
    boolean received(int i);

    /**
     * The server tick the player was looking at (its interpolated render time, rounded) when it
     * made this input, for lag compensation ({@link GameContext#rewind()}). Already capped by the
     * engine: never older than {@code tick - rewind.capTicks()}, never newer than {@code tick}.
     * Equals {@code tick} (nothing to rewind) when lag compensation is off, the client sent no
     * render time, or before the player's first input; a repeated input keeps the lag of the last
     * received one.
     */
    long renderTick(int i);
}
