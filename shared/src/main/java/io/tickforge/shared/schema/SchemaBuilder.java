package io.tickforge.shared.schema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Fluent builder of an {@link EntitySchema} or {@link InputSchema}: fields in declaration order,
 * each checked when declared (name, ranges, bits), the whole at {@link #build()} (not empty, at
 * most {@link Schema#MAX_FIELDS} fields, kinds the schema allows). Errors are
 * {@link IllegalArgumentException}s naming the schema and the field. Not thread-safe; build once.
 *
 * @param <S> the schema it builds
 */
public final class SchemaBuilder<S extends Schema> {
    /** Field, enum value and flag bit names: a letter, then letters, digits or '_'; at most 32 characters. */
    static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,31}");
    /** Schema names: lower-case letter, then lower-case letters, digits, '.', '-' or '_'; at most 48. */
    static final Pattern SCHEMA_NAME = Pattern.compile("[a-z][a-z0-9._-]{0,47}");
    static final int MAX_INT_BITS = 32;
    static final int MAX_ANGLE_BITS = 16;
    static final int MAX_FLAG_BITS = 32;
    static final int MAX_ENUM_VALUES = 256;
    static final int MAX_UNITS_PER_METRE = 1 << 16;

    /** One declaration; becomes a {@link SchemaField} at build time. */
    static final class Decl {
        FieldKind kind;
        String name;
        long min;
        long max;
        int bits;
        int dims;
        int unitsPerMetre;
        boolean predicted;
        List<String> names = List.of();

        int width() {
            return kind == FieldKind.POSITION ? dims * bits : kind == FieldKind.BOOL ? 1 : bits;
        }
    }

    private final String schemaName;
    private final Set<FieldKind> allowed;
    private final Function<SchemaBuilder<S>, S> factory;
    private final List<Decl> decls = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private boolean built;

    SchemaBuilder(String schemaName, Set<FieldKind> allowed, Function<SchemaBuilder<S>, S> factory) {
        if (schemaName == null || !SCHEMA_NAME.matcher(schemaName).matches()) {
            throw new IllegalArgumentException("schema name must match " + SCHEMA_NAME + ": '" + schemaName + "'");
        }
        this.schemaName = schemaName;
        this.allowed = allowed;
        this.factory = factory;
    }

    String schemaName() {
        return schemaName;
    }

    List<Decl> decls() {
        return decls;
    }

    /** A 2D position ({@code x, y}) in {@code 1/unitsPerMetre} m, each axis {@code minUnits..maxUnits}. */
    public SchemaBuilder<S> position2d(String name, int unitsPerMetre, int minUnits, int maxUnits, boolean predicted) {
        return position(name, 2, unitsPerMetre, minUnits, maxUnits, predicted);
    }

    /** A 3D position ({@code x, y, z}) in {@code 1/unitsPerMetre} m, each axis {@code minUnits..maxUnits}. */
    public SchemaBuilder<S> position3d(String name, int unitsPerMetre, int minUnits, int maxUnits, boolean predicted) {
        return position(name, 3, unitsPerMetre, minUnits, maxUnits, predicted);
    }

    private SchemaBuilder<S> position(String name, int dims, int unitsPerMetre, int minUnits, int maxUnits, boolean predicted) {
        final Decl d = decl(FieldKind.POSITION, name);
        if (unitsPerMetre < 1 || unitsPerMetre > MAX_UNITS_PER_METRE) {
            throw error(name, "unitsPerMetre must be in 1.." + MAX_UNITS_PER_METRE + ": " + unitsPerMetre);
        }
        if (minUnits > maxUnits) {
            throw error(name, "empty range " + minUnits + ".." + maxUnits);
        }
        d.dims = dims;
        d.unitsPerMetre = unitsPerMetre;
        d.min = minUnits;
        d.max = maxUnits;
        d.predicted = predicted;
        // Offset from min: the span decides the bits per axis (at least 1).
        d.bits = Math.max(1, bitsFor((long) maxUnits - minUnits));
        if (d.bits > MAX_INT_BITS) {
            throw error(name, "a position axis needs at most " + MAX_INT_BITS + " bits: " + d.bits);
        }
        return add(d);
    }

    /** An angle of {@code bits} bits per turn (1..16): values {@code 0..2^bits-1}. */
    public SchemaBuilder<S> angle(String name, int bits) {
        final Decl d = decl(FieldKind.ANGLE, name);
        if (bits < 1 || bits > MAX_ANGLE_BITS) {
            throw error(name, "angle bits must be in 1.." + MAX_ANGLE_BITS + ": " + bits);
        }
        d.bits = bits;
        d.min = 0;
        d.max = (1L << bits) - 1;
        return add(d);
    }

    /** An unsigned integer of {@code bits} bits (1..32): {@code 0..2^bits-1}. */
    public SchemaBuilder<S> uintBits(String name, int bits) {
        checkBits(name, bits);
        return uint(name, 0, (1L << bits) - 1, bits);
    }

    /** An unsigned integer {@code min..max} ({@code 0 <= min <= max < 2^32}) in the fewest bits that hold {@code max}. */
    public SchemaBuilder<S> uint(String name, long min, long max) {
        return uint(name, min, max, Math.max(1, bitsFor(max)));
    }

    /** An unsigned integer {@code min..max} in {@code bits} bits; {@code max} must fit them. */
    public SchemaBuilder<S> uint(String name, long min, long max, int bits) {
        final Decl d = decl(FieldKind.UINT, name);
        checkBits(name, bits);
        if (min < 0 || min > max) {
            throw error(name, "unsigned range must be 0 <= min <= max: " + min + ".." + max);
        }
        if (max > (1L << bits) - 1) {
            throw error(name, "range " + min + ".." + max + " does not fit " + bits + " unsigned bits (max " + ((1L << bits) - 1) + ")");
        }
        d.min = min;
        d.max = max;
        d.bits = bits;
        return add(d);
    }

    /** A signed integer {@code min..max} in the fewest two's-complement bits that hold both ends. */
    public SchemaBuilder<S> sint(String name, long min, long max) {
        return sint(name, min, max, Math.max(2, Math.max(signedBitsFor(min), signedBitsFor(max))));
    }

    /** A signed integer {@code min..max} in {@code bits} two's-complement bits; both ends must fit them. */
    public SchemaBuilder<S> sint(String name, long min, long max, int bits) {
        final Decl d = decl(FieldKind.SINT, name);
        if (bits < 2 || bits > MAX_INT_BITS) {
            throw error(name, "signed bits must be in 2.." + MAX_INT_BITS + ": " + bits);
        }
        if (min > max) {
            throw error(name, "empty range " + min + ".." + max);
        }
        final long lo = -(1L << (bits - 1));
        final long hi = (1L << (bits - 1)) - 1;
        if (min < lo || max > hi) {
            throw error(name, "range " + min + ".." + max + " does not fit " + bits + " signed bits (" + lo + ".." + hi + ")");
        }
        d.min = min;
        d.max = max;
        d.bits = bits;
        return add(d);
    }

    /** One boolean (1 bit). */
    public SchemaBuilder<S> bool(String name) {
        final Decl d = decl(FieldKind.BOOL, name);
        d.min = 0;
        d.max = 1;
        d.bits = 1;
        return add(d);
    }

    /**
     * A set of named bits: bit i is {@code bitNames[i]}; an empty name declares a reserved bit that
     * must stay 0 (so a mask with holes, {@code 0b101}, is {@code "a", "", "c"}). 1..32 bits; the
     * last bit must be named unless no bit is.
     */
    public SchemaBuilder<S> flags(String name, String... bitNames) {
        final Decl d = decl(FieldKind.FLAGS, name);
        if (bitNames == null || bitNames.length < 1 || bitNames.length > MAX_FLAG_BITS) {
            throw error(name, "flags need 1.." + MAX_FLAG_BITS + " bits: " + (bitNames == null ? 0 : bitNames.length));
        }
        final List<String> list = Arrays.asList(bitNames.clone());
        checkValueNames(name, list, true);
        final boolean anyNamed = list.stream().anyMatch(n -> !n.isEmpty());
        if (anyNamed && list.get(list.size() - 1).isEmpty()) {
            throw error(name, "the last flag bit must be named (drop trailing reserved bits)");
        }
        d.names = List.copyOf(list);
        d.bits = list.size();
        d.min = 0;
        d.max = (1L << d.bits) - 1;
        return add(d);
    }

    /** One of {@code values} (2..256 names), wire value {@code i} for {@code values[i]}. */
    public SchemaBuilder<S> enumeration(String name, String... values) {
        final Decl d = decl(FieldKind.ENUM, name);
        if (values == null || values.length < 2 || values.length > MAX_ENUM_VALUES) {
            throw error(name, "an enum needs 2.." + MAX_ENUM_VALUES + " values: " + (values == null ? 0 : values.length));
        }
        final List<String> list = List.of(values.clone());
        checkValueNames(name, list, false);
        d.names = list;
        d.bits = bitsFor(values.length - 1);
        d.min = 0;
        d.max = values.length - 1;
        return add(d);
    }

    /** Checks the whole and builds the immutable schema. */
    public S build() {
        if (built) {
            throw new IllegalStateException("schema '" + schemaName + "' already built");
        }
        if (decls.isEmpty()) {
            throw new IllegalArgumentException("schema '" + schemaName + "' declares no fields");
        }
        if (decls.size() > Schema.MAX_FIELDS) {
            throw new IllegalArgumentException("schema '" + schemaName + "' declares " + decls.size()
                    + " fields; at most " + Schema.MAX_FIELDS);
        }
        built = true;
        return factory.apply(this);
    }

    private Decl decl(FieldKind kind, String name) {
        if (built) {
            throw new IllegalStateException("schema '" + schemaName + "' already built");
        }
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("schema '" + schemaName + "': field name must match " + NAME + ": '" + name + "'");
        }
        if (names.contains(name)) {
            throw new IllegalArgumentException("schema '" + schemaName + "': duplicate field name '" + name + "'");
        }
        if (!allowed.contains(kind)) {
            throw new IllegalArgumentException("schema '" + schemaName + "': field '" + name + "': a "
                    + kind + " field is not allowed here (allowed: " + allowed + ")");
        }
        final Decl d = new Decl();
        d.kind = kind;
        d.name = name;
        return d;
    }

    private SchemaBuilder<S> add(Decl d) {
        if (decls.size() == Schema.MAX_FIELDS) {
            throw new IllegalArgumentException("schema '" + schemaName + "': too many fields; at most " + Schema.MAX_FIELDS);
        }
        names.add(d.name);
        decls.add(d);
        return this;
    }

    private void checkBits(String name, int bits) {
        if (bits < 1 || bits > MAX_INT_BITS) {
            throw error(name, "unsigned bits must be in 1.." + MAX_INT_BITS + ": " + bits);
        }
    }

    private void checkValueNames(String field, List<String> values, boolean emptyAllowed) {
        final Set<String> seen = new HashSet<>();
        for (String v : values) {
            if (v == null || (!(emptyAllowed && v.isEmpty()) && !NAME.matcher(v).matches())) {
                throw error(field, "value name must match " + NAME + (emptyAllowed ? " (or be empty: reserved)" : "") + ": '" + v + "'");
            }
            if (!v.isEmpty() && !seen.add(v)) {
                throw error(field, "duplicate value name '" + v + "'");
            }
        }
    }

    private IllegalArgumentException error(String field, String message) {
        return new IllegalArgumentException("schema '" + schemaName + "': field '" + field + "': " + message);
    }

    /** Bits to hold {@code 0..v} unsigned (0 for v = 0). */
    static int bitsFor(long v) {
        return 64 - Long.numberOfLeadingZeros(v);
    }

    /** Two's-complement bits to hold {@code v}. */
    static int signedBitsFor(long v) {
        return v >= 0 ? bitsFor(v) + 1 : bitsFor(~v) + 1;
    }
}
