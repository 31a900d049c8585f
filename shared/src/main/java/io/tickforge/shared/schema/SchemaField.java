package io.tickforge.shared.schema;

import java.util.List;

/**
 * One declared field of a {@link Schema}, with its precomputed place in the layout. Immutable; any
 * thread. Only the accessors that make sense for the {@link #kind()} carry information; the
 * others return 0, false or an empty list.
 *
 * <ul>
 *   <li>{@link #index()}: position in the schema (declaration order).</li>
 *   <li>{@link #bitWidth()}: bits of one full (keyframe) value; {@link #bitOffset()}: where the
 *       field starts in a full record of all fields in order ({@link Schema#totalBits()}).</li>
 *   <li>{@link #min()} / {@link #max()}: the valid range of one value (per axis for a position;
 *       {@code 0..2^bits-1} for an angle, {@code 0..1} for a boolean, {@code 0..count-1} for an
 *       enum, {@code 0..2^width-1} for flags, further restricted by {@link #validMask()}).</li>
 * </ul>
 */
public final class SchemaField {
    private final int index;
    private final FieldKind kind;
    private final String name;
    private final int bitOffset;
    private final int bitWidth;
    private final long min;
    private final long max;
    private final int dims;
    private final int axisBits;
    private final int unitsPerMetre;
    private final boolean predicted;
    private final int declaredBits;
    private final List<String> names;
    private final long validMask;

    SchemaField(int index, int bitOffset, SchemaBuilder.Decl d) {
        this.index = index;
        this.kind = d.kind;
        this.name = d.name;
        this.bitOffset = bitOffset;
        this.bitWidth = d.width();
        this.min = d.min;
        this.max = d.max;
        this.dims = d.dims;
        this.axisBits = d.kind == FieldKind.POSITION ? d.bits : 0;
        this.unitsPerMetre = d.unitsPerMetre;
        this.predicted = d.predicted;
        this.declaredBits = d.bits;
        this.names = d.names;
        long mask = 0;
        if (d.kind == FieldKind.FLAGS) {
            for (int i = 0; i < d.names.size(); i++) {
                if (!d.names.get(i).isEmpty()) {
                    mask |= 1L << i;
                }
            }
        }
        this.validMask = mask;
    }

    public int index() {
        return index;
    }

    public FieldKind kind() {
        return kind;
    }

    public String name() {
        return name;
    }

    public int bitOffset() {
        return bitOffset;
    }

    public int bitWidth() {
        return bitWidth;
    }

    public long min() {
        return min;
    }

    public long max() {
        return max;
    }

    /** True when {@code value} is a valid value of this field (per axis for a position). */
    public boolean accepts(long value) {
        if (value < min || value > max) {
            return false;
        }
        return kind != FieldKind.FLAGS || (value & ~validMask) == 0;
    }

    /** Position: 2 or 3. */
    public int dims() {
        return dims;
    }

    /** Position: bits per axis. */
    public int axisBits() {
        return axisBits;
    }

    /** Position: fixed-point units per metre. */
    public int unitsPerMetre() {
        return unitsPerMetre;
    }

    /** Position: predicted from velocity and acceleration between updates. */
    public boolean predicted() {
        return predicted;
    }

    /** Angle: bits per turn. Integers: the declared (or derived) bits. Flags: the width. Enum: bits for the values. */
    public int bits() {
        return declaredBits;
    }

    /** Enum: the value names (value i = name i). Flags: the bit names, "" for a reserved bit. */
    public List<String> names() {
        return names;
    }

    /** Flags: the bits that may be set. */
    public long validMask() {
        return validMask;
    }

    /** e.g. {@code pos: position2d 1/256m 0..65536 17b/axis predicted @0+34}. */
    @Override
    public String toString() {
        final StringBuilder s = new StringBuilder(name).append(": ");
        switch (kind) {
            case POSITION -> s.append("position").append(dims).append("d 1/").append(unitsPerMetre).append("m ")
                    .append(min).append("..").append(max).append(' ').append(axisBits).append("b/axis")
                    .append(predicted ? " predicted" : "");
            case ANGLE -> s.append("angle ").append(declaredBits).append('b');
            case UINT -> s.append("uint ").append(min).append("..").append(max).append(' ').append(declaredBits).append('b');
            case SINT -> s.append("sint ").append(min).append("..").append(max).append(' ').append(declaredBits).append('b');
            case BOOL -> s.append("bool");
            case FLAGS -> s.append("flags ").append(names.stream().map(n -> n.isEmpty() ? "-" : n).toList());
            case ENUM -> s.append("enum ").append(names);
        }
        return s.append(" @").append(bitOffset).append('+').append(bitWidth).toString();
    }
}
