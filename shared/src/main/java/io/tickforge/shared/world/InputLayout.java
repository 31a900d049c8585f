package io.tickforge.shared.world;

import io.tickforge.shared.schema.FieldKind;
import io.tickforge.shared.schema.FixedShape;
import io.tickforge.shared.schema.InputSchema;
import io.tickforge.shared.schema.SchemaField;

import java.util.Arrays;

/**
 * An {@link InputSchema} compiled once into plain ints for the input wire and the server's input
 * pipeline: one int <em>lane</em> per field, in declaration order, with how many bytes it takes on
 * the wire and which values are valid. Immutable; any thread. Built once per session or client
 * ({@link #of}); the hot path reads its final int fields and arrays, with no reflection and no
 * per-field object dispatch.
 *
 * <p><b>Wire</b>: each lane in {@code ceil(bits / 8)} bytes ({@link #bytes}; bits = the field's
 * {@link SchemaField#bitWidth()}: 1 for a boolean, the width for flags, the declared bits
 * otherwise), little-endian as Kryo writes shorts and ints; a signed integer lane ({@code SINT}) is
 * sign-extended on read, every other lane read unsigned. One input is {@link #bytesPerInput}
 * bytes. The arena's input (and the engine's fixed shape) is {@code moveX} 1 byte, {@code moveY}
 * 1, {@code aim} 2, {@code buttons} 1: the bytes the engine sent before schemas.
 *
 * <p><b>Validation</b>: a value is valid when it is within the lane's declared {@code min..max}
 * (an angle: {@code 0..2^bits-1}; an enum: {@code 0..count-1}; a boolean: {@code 0..1}) and, for
 * flags, sets no bit outside the named ones ({@link #invalidBits}). Lanes are ints: a field whose
 * range does not fit an int is refused by {@link #of}.
 */
public final class InputLayout {
    /** Most lanes (fields) an input has: the schema's field cap. */
    public static final int MAX_LANES = io.tickforge.shared.schema.Schema.MAX_FIELDS;

    /**
     * The layout of the engine's fixed four-field shape with every button bit allowed (what
     * {@code Protocol.newKryo()} codes): its wire is the arena's, byte for byte.
     */
    public static final InputLayout FIXED = of(FixedShape.input("fixed", 0xFF, 127));

    private final InputSchema schema;
    /** Lanes (fields) per input. */
    public final int lanes;
    /** Per lane: wire bytes, 1..4. */
    public final int[] bytes;
    /** Per lane: sign-extended on read (a {@code SINT} field). */
    public final boolean[] signed;
    /** Per lane: the smallest valid value. */
    public final int[] min;
    /** Per lane: the largest valid value. */
    public final int[] max;
    /** Per lane: bits that must be clear (flags: the reserved bits; 0 for every other kind). */
    public final int[] invalidBits;
    /** Per lane: a FLAGS field (its rejections are counted as invalid buttons, the others as invalid values). */
    public final boolean[] flags;
    /** Wire bytes of one input: the sum of {@link #bytes}. */
    public final int bytesPerInput;
    private final boolean fourField;

    private InputLayout(InputSchema schema) {
        this.schema = java.util.Objects.requireNonNull(schema, "schema");
        lanes = schema.fieldCount();
        bytes = new int[lanes];
        signed = new boolean[lanes];
        min = new int[lanes];
        max = new int[lanes];
        invalidBits = new int[lanes];
        flags = new boolean[lanes];
        int total = 0;
        for (int k = 0; k < lanes; k++) {
            final SchemaField f = schema.field(k);
            if (f.kind() == FieldKind.POSITION) {
                throw new IllegalArgumentException("input schema '" + schema.name() + "': field '" + f.name()
                        + "': an input carries no position");
            }
            if (f.min() < Integer.MIN_VALUE || f.max() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("input schema '" + schema.name() + "': field '" + f.name()
                        + "': range " + f.min() + ".." + f.max() + " does not fit an input lane (an int)");
            }
            bytes[k] = (f.bitWidth() + 7) / 8;
            signed[k] = f.kind() == FieldKind.SINT;
            min[k] = (int) f.min();
            max[k] = (int) f.max();
            flags[k] = f.kind() == FieldKind.FLAGS;
            invalidBits[k] = flags[k] ? ~(int) f.validMask() : 0;
            total += bytes[k];
        }
        bytesPerInput = total;
        fourField = lanes == 4 && isAxis(schema.field(0)) && isAxis(schema.field(1))
                && schema.field(2).kind() == FieldKind.ANGLE && schema.field(2).bits() == 16
                && schema.field(3).kind() == FieldKind.FLAGS && schema.field(3).bitWidth() <= 8;
    }

    private static boolean isAxis(SchemaField f) {
        return (f.kind() == FieldKind.SINT || f.kind() == FieldKind.UINT) && f.min() >= Byte.MIN_VALUE
                && f.max() <= Byte.MAX_VALUE;
    }

    /** The layout of {@code schema}; throws {@link IllegalArgumentException} when a field does not fit an int lane. */
    public static InputLayout of(InputSchema schema) {
        return new InputLayout(schema);
    }

    public InputSchema schema() {
        return schema;
    }

    /**
     * True for the engine's four-field shape (the arena's and {@link FixedShape#input}'s): lane 0
     * and 1 move axes (integers within {@code -128..127}), lane 2 an angle of 16 bits, lane 3
     * flags of at most 8 bits; names are free. Its wire is the pre-schema input wire, and the
     * four-field accessors ({@code moveX, moveY, aim, buttons}) of the input views work on it.
     */
    public boolean fourField() {
        return fourField;
    }

    /** The lane of field {@code name}, or -1. */
    public int lane(String fieldName) {
        final SchemaField f = schema.field(fieldName);
        return f == null ? -1 : f.index();
    }

    /** The lane of field {@code name}; throws naming the schema when it has no such field. */
    public int requireLane(String fieldName) {
        final int lane = lane(fieldName);
        if (lane < 0) {
            throw new IllegalArgumentException("input schema '" + schema.name() + "' has no field '" + fieldName + "'");
        }
        return lane;
    }

    /** True when {@code v} is a valid value of lane {@code k}. */
    public boolean accepts(int k, int v) {
        return v >= min[k] && v <= max[k] && (v & invalidBits[k]) == 0;
    }

    /**
     * The first lane of the input at {@code values[offset .. offset + lanes)} whose value is not
     * valid, or -1 when every lane is. Plain comparisons of final arrays; no allocation.
     */
    public int firstInvalid(int[] values, int offset) {
        final int[] lo = min;
        final int[] hi = max;
        final int[] bad = invalidBits;
        for (int k = 0; k < lanes; k++) {
            final int v = values[offset + k];
            if (v < lo[k] || v > hi[k] || (v & bad[k]) != 0) {
                return k;
            }
        }
        return -1;
    }

    /**
     * True when {@code other} codes and validates inputs exactly as this layout does (same lanes,
     * wire bytes, signs, ranges and flag bits), whatever the schemas' and fields' names.
     */
    public boolean codesLike(InputLayout other) {
        return other == this || (other != null && lanes == other.lanes && Arrays.equals(bytes, other.bytes)
                && Arrays.equals(signed, other.signed) && Arrays.equals(min, other.min)
                && Arrays.equals(max, other.max) && Arrays.equals(invalidBits, other.invalidBits));
    }

    /** True when {@code other} puts the same bytes on the wire (lane count, bytes and signs), ranges aside. */
    public boolean wireLike(InputLayout other) {
        return other == this || (other != null && lanes == other.lanes && Arrays.equals(bytes, other.bytes)
                && Arrays.equals(signed, other.signed));
    }

    /** "field 'aim' (lane 2)" for messages. */
    public String describeLane(int k) {
        return "field '" + schema.field(k).name() + "' (lane " + k + ")";
    }

    @Override
    public String toString() {
        return "InputLayout[" + schema.name() + '#' + schema.hashHex() + ", " + lanes + " lanes, " + bytesPerInput
                + " bytes per input]";
    }
}
