package io.tickforge.server.input;

import io.tickforge.shared.schema.FieldKind;
import io.tickforge.shared.schema.FixedShape;
import io.tickforge.shared.schema.InputSchema;
import io.tickforge.shared.schema.SchemaField;

/**
 * What the engine accepts in an input, precomputed once from the game's declared
 * {@link InputSchema}: the range of each move axis and the button bits that mean something.
 * Immutable; any thread. {@link InputBuffer} checks every input against these plain ints (no
 * per-field dispatch, no allocation).
 *
 * <p>Until the input codec follows the schema (issue 11 item 3, next step), the input wire has a
 * fixed shape, so the schema must fit it, field by field in declaration order (names are free):
 * <ol>
 *   <li>{@code moveX}: an integer (SINT or UINT) within a signed byte, {@code -128..127};</li>
 *   <li>{@code moveY}: the same;</li>
 *   <li>{@code aim}: an ANGLE of 16 bits (16 bits per turn; every wire value is valid);</li>
 *   <li>{@code buttons}: FLAGS of at most 8 bits; only the named bits may be set.</li>
 * </ol>
 * {@link #of(InputSchema)} refuses any other schema with a message naming the field.
 *
 * <p>Two limits are {@link #equals equal} when they accept the same inputs (whatever the schemas'
 * names).
 */
public final class InputLimits {
    private final InputSchema schema;
    private final int minX;
    private final int maxX;
    private final int minY;
    private final int maxY;
    private final int buttonMask;

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
        final SchemaField x = axis(schema, 0);
        final SchemaField y = axis(schema, 1);
        final SchemaField aim = schema.field(2);
        if (aim.kind() != FieldKind.ANGLE || aim.bits() != 16) {
            throw misfit(schema, aim, "an angle of 16 bits");
        }
        final SchemaField buttons = schema.field(3);
        if (buttons.kind() != FieldKind.FLAGS || buttons.bitWidth() > 8) {
            throw misfit(schema, buttons, "flags of at most 8 bits");
        }
        this.minX = (int) x.min();
        this.maxX = (int) x.max();
        this.minY = (int) y.min();
        this.maxY = (int) y.max();
        this.buttonMask = (int) buttons.validMask();
    }

    /**
     * The limits of a declared input schema.
     *
     * @throws IllegalArgumentException when the schema does not fit the engine's input wire (class comment)
     */
    public static InputLimits of(InputSchema schema) {
        java.util.Objects.requireNonNull(schema, "schema");
        if (schema.fieldCount() != 4) {
            throw new IllegalArgumentException("input schema '" + schema.name() + "' has " + schema.fieldCount()
                    + " fields; the engine's input wire carries 4 until the codec follows the schema: " + SHAPE);
        }
        return new InputLimits(schema);
    }

    private static final String SHAPE = "(moveX, moveY: integers within -128..127; aim: an angle of 16 bits; "
            + "buttons: flags of at most 8 bits)";

    private static SchemaField axis(InputSchema schema, int index) {
        final SchemaField f = schema.field(index);
        if ((f.kind() != FieldKind.SINT && f.kind() != FieldKind.UINT) || f.min() < Byte.MIN_VALUE || f.max() > Byte.MAX_VALUE) {
            throw misfit(schema, f, "an integer within " + Byte.MIN_VALUE + ".." + Byte.MAX_VALUE);
        }
        return f;
    }

    private static IllegalArgumentException misfit(InputSchema schema, SchemaField f, String needed) {
        return new IllegalArgumentException("input schema '" + schema.name() + "' does not fit the engine's input wire "
                + SHAPE + ": field " + f.index() + " must be " + needed + ", is " + f);
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

    public int buttonMask() {
        return buttonMask;
    }

    /** Largest |axis| any input may carry on either axis. */
    public int moveAxisMax() {
        return Math.max(Math.max(-minX, maxX), Math.max(-minY, maxY));
    }

    public int minMoveX() {
        return minX;
    }

    public int maxMoveX() {
        return maxX;
    }

    public int minMoveY() {
        return minY;
    }

    public int maxMoveY() {
        return maxY;
    }

    /** True when {@code moveAxisByte} is valid on both axes. */
    public boolean isValidAxis(int moveAxisByte) {
        return moveAxisByte >= minX && moveAxisByte <= maxX && moveAxisByte >= minY && moveAxisByte <= maxY;
    }

    /** True when both axes are within their declared ranges. */
    public boolean isValidMove(int moveX, int moveY) {
        return moveX >= minX && moveX <= maxX && moveY >= minY && moveY <= maxY;
    }

    /** True when no bit outside {@link #buttonMask} is set. */
    public boolean isValidButtons(int buttonBits) {
        return (buttonBits & ~buttonMask) == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputLimits l && l.minX == minX && l.maxX == maxX && l.minY == minY && l.maxY == maxY
                && l.buttonMask == buttonMask;
    }

    @Override
    public int hashCode() {
        return ((minX * 31 + maxX) * 31 + minY) * 31 * 31 + maxY * 31 + buttonMask;
    }

    @Override
    public String toString() {
        return "InputLimits[schema=" + schema.name() + '#' + schema.hashHex() + ", moveX=" + minX + ".." + maxX
                + ", moveY=" + minY + ".." + maxY + ", buttonMask=0x" + Integer.toHexString(buttonMask) + ']';
    }
}
