package io.tickforge.server.gameapi;

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
 */
public interface PlayerInputs {
    /** Entries this tick: the joined players. */
    int size();

    /** The player slot of entry {@code i} ({@code 0 <= i < size()}); ascending in {@code i}. */
    int slot(int i);

    /** Movement on x, {@code -moveAxisMax..moveAxisMax} (signed byte; 127 = full speed). */
    int moveX(int i);

    /** Movement on y, as {@link #moveX}. */
    int moveY(int i);

    /** Aim direction in 16-bit units per turn, {@code 0..65535} (0 = +x, counter-clockwise). */
    int aimUnits(int i);

    /** Button bits, within the game's {@code InputLimits.buttonMask()}. */
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
