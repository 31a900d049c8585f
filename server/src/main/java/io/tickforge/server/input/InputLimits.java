package io.tickforge.server.input;

/**
 * What the engine accepts in an input, given by the game and checked here once: the button bits
 * that mean something and the largest magnitude of a move axis. Immutable; any thread. Axes are
 * signed bytes ({@code -moveAxisMax..moveAxisMax}), buttons a bit mask of at most 8 bits (one byte
 * on the wire and in {@link InputBuffer}).
 *
 * @param buttonMask  the valid button bits; an input with any other bit set is rejected
 * @param moveAxisMax largest |axis|, 1..127 (127 keeps -128 out, so both directions reach the same length)
 */
public record InputLimits(int buttonMask, int moveAxisMax) {
    public InputLimits {
        if ((buttonMask & ~0xFF) != 0) {
            throw new IllegalArgumentException("buttonMask must fit in 8 bits (0x00..0xFF): 0x"
                    + Integer.toHexString(buttonMask));
        }
        if (moveAxisMax < 1 || moveAxisMax > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("moveAxisMax must be in 1.." + Byte.MAX_VALUE + ": " + moveAxisMax);
        }
    }

    public boolean isValidAxis(int moveAxisByte) {
        return moveAxisByte >= -moveAxisMax && moveAxisByte <= moveAxisMax;
    }

    /** True when no bit outside {@link #buttonMask} is set. */
    public boolean isValidButtons(int buttonBits) {
        return (buttonBits & ~buttonMask) == 0;
    }
}
