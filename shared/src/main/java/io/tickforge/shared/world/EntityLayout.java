package io.tickforge.shared.world;

import io.tickforge.shared.schema.EntitySchema;
import io.tickforge.shared.schema.FieldKind;
import io.tickforge.shared.schema.FixedShape;
import io.tickforge.shared.schema.SchemaField;

import java.util.Arrays;

/**
 * An {@link EntitySchema} compiled once into plain ints for the snapshot codec, the world history
 * and the client's views: which <em>lanes</em> (one int each) an entity has, how each is coded, and
 * where everything sits in a view entry. Immutable; any thread. Built once per session or client
 * ({@link #of}); the hot path reads its final int fields and arrays, with no reflection and no
 * per-field object dispatch.
 *
 * <p><b>Lanes</b>, in this order: the position's axes ({@code x, y[, z]}: the schema's first field
 * must be its one position), then one lane per further field, in declaration order. Each lane is
 * one of three codings:
 * <ul>
 *   <li>{@link #AXIS}: a position axis, sent as a residual against the client's prediction (from
 *       velocity and acceleration when the position is {@code predicted}, else the held value);</li>
 *   <li>{@link #ANGLE}: {@code bits} per turn, wrapped; sent as the shortest residual against the
 *       prediction (from an angular velocity when the position is predicted);</li>
 *   <li>{@link #ABSOLUTE}: integers, booleans, flags, enums: sent whole as {@code value - min}.</li>
 * </ul>
 *
 * <p><b>Field mask</b> of a changed entry: bits 0-1 the position mode ({@link #POSITION_SMALL}: every
 * axis residual in -8..7, one nibble each; {@link #POSITION_FULL}: zigzag varints; neither: exactly
 * predicted), then one bit per angle lane (its residual follows), then one <em>status</em> bit when
 * the schema has absolute lanes (all of them follow: they change rarely and are small, so one bit
 * for the group costs less than one per field). The arena's schema gives the mask and bytes the
 * engine used before schemas existed: 2 position bits, heading, status (health and flags).
 *
 * <p><b>View entry</b> ({@link #stride()} ints): {@code ID}, the {@code V} values, {@code TICK_LO,
 * TICK_HI}, {@code SAMPLE_DT} (0: no velocity sample; else the ticks it spans), one velocity per
 * predicted lane (the axes and the angles, when the position is predicted), one acceleration per
 * axis. For the arena: 14 ints, the pre-schema layout exactly.
 */
public final class EntityLayout {
    public static final int AXIS = 0;
    public static final int ANGLE = 1;
    public static final int ABSOLUTE = 2;

    public static final int POSITION_SMALL = 1;
    public static final int POSITION_FULL = 1 << 1;
    public static final int POSITION_MODE_MASK = POSITION_SMALL | POSITION_FULL;

    /** Entry offsets that do not depend on the layout. */
    public static final int ID = 0;
    public static final int VALUES = 1;

    /** Longest extrapolation; beyond it the prediction is the stored value itself. */
    public static final int MAX_PREDICT_TICKS = 32;

    /** The layout of the engine's fixed shape ({@link FixedShape}) in the 256 m world: the arena's. */
    public static final EntityLayout FIXED = of(FixedShape.entity("fixed", 256 * Quantization.POSITION_UNITS_PER_M));

    private final EntitySchema schema;
    /** Axes of the position: 2 or 3. */
    public final int dims;
    /** Lanes (values) per entity. */
    public final int values;
    /** Per lane: {@link #AXIS}, {@link #ANGLE} or {@link #ABSOLUTE}. */
    public final int[] coding;
    /** Per lane: the smallest valid value (0 for angles). */
    public final int[] min;
    /** Per lane: the largest valid value ({@code 2^bits - 1} for angles). */
    public final int[] max;
    /** Per lane: for flags the bits that may be set, else -1 (no restriction beyond min..max). */
    public final int[] validBits;
    /** Per lane: for an angle its bits per turn, else 0. */
    public final int[] angleBits;
    /** Per lane: the field mask bit of an angle lane, or the status bit of an absolute lane; 0 for axes. */
    public final int[] maskBit;
    /** Angle lanes, in lane order. */
    public final int[] angleLanes;
    /** Absolute lanes, in lane order. */
    public final int[] absoluteLanes;
    /** The status bit (0 when the schema has no absolute lane). */
    public final int statusBit;
    /** Bits of the field mask. */
    public final int maskBits;
    /** Whether the position (and with it the angles) is predicted from velocity samples. */
    public final boolean predicted;

    public final int tickLo;
    public final int tickHi;
    public final int sampleDt;
    /** Per lane: offset of its velocity in an entry, or -1 (absolute lanes; all lanes when not predicted). */
    public final int[] velocity;
    /** Per axis: offset of its acceleration in an entry, or -1 when not predicted. */
    public final int[] acceleration;
    /** Ints of one view entry. */
    public final int stride;
    /** Ints from {@code SAMPLE_DT} to the end of an entry: the velocity sample. */
    public final int sampleInts;
    /** Most bytes one changed entry's body (after its header) can take. */
    public final int maxChangedBodyBytes;
    /** Fewest bytes one added entry can take (id gap and one byte per lane). */
    public final int minAddedBytes;

    private EntityLayout(EntitySchema schema) {
        this.schema = schema;
        if (schema.fieldCount() == 0 || schema.field(0).kind() != FieldKind.POSITION) {
            throw new IllegalArgumentException("entity schema '" + schema.name()
                    + "': the first field must be the entity's position (replication centres interest on it)");
        }
        final SchemaField pos = schema.field(0);
        this.dims = pos.dims();
        this.predicted = pos.predicted();
        this.values = dims + schema.fieldCount() - 1;
        coding = new int[values];
        min = new int[values];
        max = new int[values];
        validBits = new int[values];
        angleBits = new int[values];
        maskBit = new int[values];
        velocity = new int[values];
        Arrays.fill(validBits, -1);
        Arrays.fill(velocity, -1);
        int angles = 0;
        int absolutes = 0;
        for (int k = 0; k < dims; k++) {
            coding[k] = AXIS;
            min[k] = (int) pos.min();
            max[k] = (int) pos.max();
        }
        for (int f = 1; f < schema.fieldCount(); f++) {
            final SchemaField field = schema.field(f);
            final int k = dims + f - 1;
            switch (field.kind()) {
                case POSITION -> throw new IllegalArgumentException("entity schema '" + schema.name()
                        + "': field '" + field.name() + "': one position per entity (the first field)");
                case ANGLE -> {
                    coding[k] = ANGLE;
                    angleBits[k] = field.bits();
                    min[k] = 0;
                    max[k] = (1 << field.bits()) - 1;
                    angles++;
                }
                default -> {
                    if (field.min() < Integer.MIN_VALUE || field.max() > Integer.MAX_VALUE
                            || field.max() - field.min() > Integer.MAX_VALUE) {
                        throw new IllegalArgumentException("entity schema '" + schema.name() + "': field '"
                                + field.name() + "': range " + field.min() + ".." + field.max()
                                + " is wider than the codec's 31 bits");
                    }
                    coding[k] = ABSOLUTE;
                    min[k] = (int) field.min();
                    max[k] = (int) field.max();
                    if (field.kind() == FieldKind.FLAGS) {
                        validBits[k] = (int) field.validMask();
                    }
                    absolutes++;
                }
            }
        }
        angleLanes = new int[angles];
        absoluteLanes = new int[absolutes];
        int a = 0;
        int s = 0;
        int bit = 2;
        for (int k = dims; k < values; k++) {
            if (coding[k] == ANGLE) {
                angleLanes[a++] = k;
                maskBit[k] = 1 << bit++;
            }
        }
        statusBit = absolutes > 0 ? 1 << bit++ : 0;
        for (int k = dims; k < values; k++) {
            if (coding[k] == ABSOLUTE) {
                absoluteLanes[s++] = k;
                maskBit[k] = statusBit;
            }
        }
        maskBits = bit;
        if (maskBits > 24) {
            throw new IllegalArgumentException("entity schema '" + schema.name() + "': " + angles
                    + " angle fields: the codec takes at most 21");
        }
        tickLo = VALUES + values;
        tickHi = tickLo + 1;
        sampleDt = tickHi + 1;
        int o = sampleDt + 1;
        acceleration = new int[dims];
        Arrays.fill(acceleration, -1);
        if (predicted) {
            for (int k = 0; k < values; k++) {
                if (coding[k] != ABSOLUTE) {
                    velocity[k] = o++;
                }
            }
            for (int k = 0; k < dims; k++) {
                acceleration[k] = o++;
            }
        }
        stride = o;
        sampleInts = stride - sampleDt;
        // Per axis a 5-byte varint, per angle 5, per absolute 5 (varints of ints).
        maxChangedBodyBytes = 5 * values;
        minAddedBytes = 1 + values;
    }

    /** The layout of {@code schema}; throws {@link IllegalArgumentException} when the codec cannot carry it. */
    public static EntityLayout of(EntitySchema schema) {
        return new EntityLayout(schema);
    }

    public EntitySchema schema() {
        return schema;
    }

    /** The lane of field {@code name} (a position's first axis for the position), or -1. */
    public int lane(String fieldName) {
        final SchemaField f = schema.field(fieldName);
        if (f == null) {
            return -1;
        }
        return f.index() == 0 ? 0 : dims + f.index() - 1;
    }

    /** The lane of field {@code name}; throws naming the schema when it has no such field. */
    public int requireLane(String fieldName) {
        final int lane = lane(fieldName);
        if (lane < 0) {
            throw new IllegalArgumentException("entity schema '" + schema.name() + "' has no field '" + fieldName + "'");
        }
        return lane;
    }

    /**
     * True when {@code other} codes entities exactly as this layout does (same lanes, codings,
     * ranges, flag bits, angle widths and prediction), whatever the schemas' names: e.g. the
     * arena's schema and the fixed shape of the same world. Replication needs no more than this.
     */
    public boolean codesLike(EntityLayout other) {
        return other == this || (other != null && dims == other.dims && predicted == other.predicted
                && Arrays.equals(coding, other.coding) && Arrays.equals(min, other.min)
                && Arrays.equals(max, other.max) && Arrays.equals(validBits, other.validBits)
                && Arrays.equals(angleBits, other.angleBits));
    }

    /** True when {@code v} is a valid value of lane {@code k}. */
    public boolean accepts(int k, int v) {
        return v >= min[k] && v <= max[k] && (validBits[k] == -1 || (v & ~validBits[k]) == 0);
    }

    /** "field 'health' (lane 3)" for messages. */
    public String describeLane(int k) {
        if (k < dims) {
            return "field '" + schema.field(0).name() + "' axis " + "xyz".charAt(k);
        }
        return "field '" + schema.field(k - dims + 1).name() + "'";
    }

    @Override
    public String toString() {
        return "EntityLayout[" + schema.name() + '#' + schema.hashHex() + ", " + values + " lanes, stride " + stride + ']';
    }
}
