package io.tickforge.shared.schema;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A declared, immutable list of typed, quantized fields with its precomputed layout, canonical
 * bytes and 64-bit hash: the common part of {@link EntitySchema} and {@link InputSchema}. Any
 * thread.
 *
 * <p><b>Layout.</b> Fields keep their declaration order ({@link SchemaField#index()}); each has a
 * bit width and a bit offset into a full record of all fields in order ({@link #totalBits()}), so
 * a codec can size and walk a record from plain ints, without reflection.
 *
 * <p><b>Canonical encoding</b> (version 1; big-endian; a string is {@code u8 length} + ASCII):
 * <pre>
 * 'T' 'F' 'S' 0x01, u8 schemaKind (1 entity, 2 input), string name, u8 fieldCount, then per field
 * u8 kindCode ({@link FieldKind#code()}), string name, and by kind:
 *   POSITION: u8 dims, i32 unitsPerMetre, i32 min, i32 max, u8 predicted (0/1)
 *   ANGLE:    u8 bits
 *   UINT:     i64 min, i64 max, u8 bits
 *   SINT:     i64 min, i64 max, u8 bits
 *   BOOL:     nothing
 *   FLAGS:    u8 width, width strings (bit names, "" = reserved)
 *   ENUM:     u8 count - 1, count strings
 * </pre>
 * <b>Hash</b>: the first 8 bytes, big-endian, of SHA-256 over the canonical bytes. Everything
 * declared (schema name, field names, kinds, ranges, bits, flags) is in it, so the same
 * declaration gives the same hash on every JVM and run, and any change gives another.
 */
public abstract class Schema {
    /** Most fields in one schema. */
    public static final int MAX_FIELDS = 64;
    static final byte[] MAGIC = {'T', 'F', 'S', 1};
    static final int KIND_ENTITY = 1;
    static final int KIND_INPUT = 2;

    private final String name;
    private final List<SchemaField> fields;
    private final Map<String, SchemaField> byName;
    private final int totalBits;
    private final byte[] canonical;
    private final long hash;

    Schema(SchemaBuilder<?> b, int schemaKind) {
        this.name = b.schemaName();
        final List<SchemaField> list = new ArrayList<>();
        final Map<String, SchemaField> map = new HashMap<>();
        int offset = 0;
        for (SchemaBuilder.Decl d : b.decls()) {
            final SchemaField f = new SchemaField(list.size(), offset, d);
            offset += f.bitWidth();
            list.add(f);
            map.put(f.name(), f);
        }
        this.fields = Collections.unmodifiableList(list);
        this.byName = Map.copyOf(map);
        this.totalBits = offset;
        this.canonical = encode(schemaKind, name, fields);
        this.hash = hashOf(canonical);
    }

    public final String name() {
        return name;
    }

    public final int fieldCount() {
        return fields.size();
    }

    public final SchemaField field(int index) {
        return fields.get(index);
    }

    /** The field called {@code name}, or null. */
    public final SchemaField field(String fieldName) {
        return byName.get(fieldName);
    }

    public final List<SchemaField> fields() {
        return fields;
    }

    /** Bits of one full record (every field, in order, at its full width). */
    public final int totalBits() {
        return totalBits;
    }

    /** A copy of the canonical encoding (see the class comment). */
    public final byte[] canonicalBytes() {
        return canonical.clone();
    }

    /** The stable 64-bit hash of the canonical encoding. */
    public final long hash() {
        return hash;
    }

    /** {@code hash()} as 16 lower-case hex digits, as logs and messages show it. */
    public final String hashHex() {
        return hex(hash);
    }

    public static String hex(long hash) {
        return String.format("%016x", hash);
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof Schema s && s.getClass() == getClass() && Arrays.equals(s.canonical, canonical);
    }

    @Override
    public final int hashCode() {
        return Long.hashCode(hash);
    }

    /** e.g. {@code EntitySchema arena#0123456789abcdef 64 bits [pos: position2d ..., ...]}. */
    @Override
    public final String toString() {
        return getClass().getSimpleName() + ' ' + name + '#' + hashHex() + ' ' + totalBits + " bits " + fields;
    }

    /**
     * Decodes canonical bytes (as {@link #canonicalBytes()} wrote them) back into a schema,
     * re-checking every rule; an {@link EntitySchema} or {@link InputSchema} by the kind byte.
     *
     * @throws IllegalArgumentException for malformed, truncated or trailing bytes, or a schema the builder refuses
     */
    public static Schema decode(byte[] bytes) {
        final ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            final byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException("not a canonical schema (magic/version " + Arrays.toString(magic) + ")");
            }
            final int kind = in.get() & 0xFF;
            final String name = readString(in);
            final SchemaBuilder<? extends Schema> b = switch (kind) {
                case KIND_ENTITY -> EntitySchema.builder(name);
                case KIND_INPUT -> InputSchema.builder(name);
                default -> throw new IllegalArgumentException("unknown schema kind " + kind);
            };
            final int count = in.get() & 0xFF;
            for (int i = 0; i < count; i++) {
                final FieldKind fk = FieldKind.ofCode(in.get() & 0xFF);
                final String field = readString(in);
                switch (fk) {
                    case POSITION -> {
                        final int dims = in.get() & 0xFF;
                        final int upm = in.getInt();
                        final int min = in.getInt();
                        final int max = in.getInt();
                        final int predicted = in.get() & 0xFF;
                        if (predicted > 1 || (dims != 2 && dims != 3)) {
                            throw new IllegalArgumentException("bad position field '" + field + "'");
                        }
                        if (dims == 2) {
                            b.position2d(field, upm, min, max, predicted == 1);
                        } else {
                            b.position3d(field, upm, min, max, predicted == 1);
                        }
                    }
                    case ANGLE -> b.angle(field, in.get() & 0xFF);
                    case UINT -> {
                        final long min = in.getLong();
                        final long max = in.getLong();
                        b.uint(field, min, max, in.get() & 0xFF);
                    }
                    case SINT -> {
                        final long min = in.getLong();
                        final long max = in.getLong();
                        b.sint(field, min, max, in.get() & 0xFF);
                    }
                    case BOOL -> b.bool(field);
                    case FLAGS -> b.flags(field, readStrings(in, in.get() & 0xFF));
                    case ENUM -> b.enumeration(field, readStrings(in, (in.get() & 0xFF) + 1));
                }
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " trailing bytes after the schema");
            }
            return b.build();
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated schema bytes");
        }
    }

    private static String[] readStrings(ByteBuffer in, int n) {
        final String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = readString(in);
        }
        return out;
    }

    private static String readString(ByteBuffer in) {
        final byte[] b = new byte[in.get() & 0xFF];
        in.get(b);
        return new String(b, StandardCharsets.US_ASCII);
    }

    private static byte[] encode(int schemaKind, String name, List<SchemaField> fields) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(64 + fields.size() * 24);
        out.writeBytes(MAGIC);
        out.write(schemaKind);
        writeString(out, name);
        out.write(fields.size());
        for (SchemaField f : fields) {
            out.write(f.kind().code());
            writeString(out, f.name());
            switch (f.kind()) {
                case POSITION -> {
                    out.write(f.dims());
                    writeInt(out, f.unitsPerMetre());
                    writeInt(out, (int) f.min());
                    writeInt(out, (int) f.max());
                    out.write(f.predicted() ? 1 : 0);
                }
                case ANGLE -> out.write(f.bits());
                case UINT, SINT -> {
                    writeLong(out, f.min());
                    writeLong(out, f.max());
                    out.write(f.bits());
                }
                case BOOL -> {
                }
                case FLAGS -> {
                    out.write(f.names().size());
                    f.names().forEach(n -> writeString(out, n));
                }
                case ENUM -> {
                    out.write(f.names().size() - 1);
                    f.names().forEach(n -> writeString(out, n));
                }
            }
        }
        return out.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        final byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        out.write(b.length);
        out.writeBytes(b);
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    private static void writeLong(ByteArrayOutputStream out, long v) {
        writeInt(out, (int) (v >>> 32));
        writeInt(out, (int) v);
    }

    static long hashOf(byte[] canonical) {
        try {
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical);
            return ByteBuffer.wrap(digest, 0, 8).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
