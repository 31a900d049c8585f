package io.tickforge.server.input;

import io.tickforge.shared.schema.FixedShape;
import io.tickforge.shared.schema.InputSchema;
import io.tickforge.shared.world.InputLayout;

/**
 * What the engine accepts in an input, precomputed once from the game's declared
 * {@link InputSchema}: its {@link InputLayout} (one int lane per field, the wire bytes of each,
 * the declared range and flag bits of each). Immutable; any thread. {@link InputBuffer} checks
 * every input lane by lane against these plain ints ({@link InputLayout#firstInvalid}: no
 * per-field dispatch, no allocation); the input wire follows the same layout.
 *
 * <p>Any input schema whose fields fit an int lane is accepted. The accessors named after the
 * engine's four-field shape ({@link #buttonMask()}, {@link #moveAxisMax()}, {@link #isValidMove},
 * ...) need that shape ({@link InputLayout#fourField()}: lanes 0 and 1 integers within
 * {@code -128..127}, lane 2 an angle of 16 bits, lane 3 flags of at most 8 bits; names free) and
 * throw {@link IllegalStateException} for any other.
 *
 * <p>Two limits are {@link #equals equal} when they code and accept the same inputs (whatever the
 * schemas' names).
 */
public final class InputLimits {
    private final InputSchema schema;
    private final InputLayout layout;

    /**
     * Limits of the engine's fixed input shape (what games declared before schemas): axes
     * {@code -moveAxisMax..moveAxisMax}, the buttons of {@code buttonMask}; the schema is
     * {@link FixedShape#input} named {@code "fixed"}.
     *
     * @param buttonMask  the valid button bits; an input with any other bit set is rejected
     * @param moveAxisMax largest |axis|, 1..127 (127 keeps -128 out, so both directions reach the same length)
     */
    public InputLimits(int buttonMask, int moveAxisMax) {
        this(FixedShape.input("fixed", checkMask(buttonMask), checkAxis(moveAxisMax)));
    }

    private InputLimits(InputSchema schema) {
        this.schema = schema;
        this.layout = InputLayout.of(schema);
    }

    /**
     * The limits of a declared input schema.
     *
     * @throws IllegalArgumentException when a field's range does not fit an int lane
     */
    public static InputLimits of(InputSchema schema) {
        java.util.Objects.requireNonNull(schema, "schema");
        return new InputLimits(schema);
    }

    private static int checkMask(int buttonMask) {
        if ((buttonMask & ~0xFF) != 0) {
            throw new IllegalArgumentException("buttonMask must fit in 8 bits (0x00..0xFF): 0x"
                    + Integer.toHexString(buttonMask));
        }
        return buttonMask;
    }

    private static int checkAxis(int moveAxisMax) {
        if (moveAxisMax < 1 || moveAxisMax > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("moveAxisMax must be in 1.." + Byte.MAX_VALUE + ": " + moveAxisMax);
        }
        return moveAxisMax;
    }

    /** The declared schema these limits come from. */
    public InputSchema schema() {
        return schema;
    }

    /** The schema compiled into lanes: the wire's and the validation's layout. */
    public InputLayout layout() {
        return layout;
    }

    private InputLayout four() {
        if (!layout.fourField()) {
            throw new IllegalStateException("input schema '" + schema.name()
                    + "' is not the four-field shape (moveX, moveY, aim, buttons); read its lanes via layout()");
        }
        return layout;
    }

    /** Four-field shape: the valid button bits. */
    public int buttonMask() {
        return ~four().invalidBits[3];
    }

    /** Four-field shape: largest |axis| any input may carry on either axis. */
    public int moveAxisMax() {
        final InputLayout l = four();
        return Math.max(Math.max(-l.min[0], l.max[0]), Math.max(-l.min[1], l.max[1]));
    }

    public int minMoveX() {
        return four().min[0];
    }

    public int maxMoveX() {
        return four().max[0];
    }

    public int minMoveY() {
        return four().min[1];
    }

    public int maxMoveY() {
        return four().max[1];
    }

    /** Four-field shape: true when {@code moveAxisByte} is valid on both axes. */
    public boolean isValidAxis(int moveAxisByte) {
        final InputLayout l = four();
        return l.accepts(0, moveAxisByte) && l.accepts(1, moveAxisByte);
    }

    /** Four-field shape: true when both axes are within their declared ranges. */
    public boolean isValidMove(int moveX, int moveY) {
        final InputLayout l = four();
        return l.accepts(0, moveX) && l.accepts(1, moveY);
    }

    /** Four-field shape: true when no bit outside {@link #buttonMask} is set. */
    public boolean isValidButtons(int buttonBits) {
        return (buttonBits & four().invalidBits[3]) == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputLimits l && l.layout.codesLike(layout);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(layout.min) * 31 * 31 + java.util.Arrays.hashCode(layout.max) * 31
                + java.util.Arrays.hashCode(layout.invalidBits);
    }

    @Override
    public String toString() {
        final StringBuilder s = new StringBuilder("InputLimits[schema=").append(schema.name()).append('#')
                .append(schema.hashHex());
        for (int k = 0; k < layout.lanes; k++) {
            s.append(", ").append(schema.field(k).name()).append('=').append(layout.min[k]).append("..")
                    .append(layout.max[k]);
            if (layout.flags[k]) {
                s.append(" mask 0x").append(Integer.toHexString(~layout.invalidBits[k]));
            }
        }
        return s.append(']').toString();
    }
}
