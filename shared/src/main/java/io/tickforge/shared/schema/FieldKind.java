package io.tickforge.shared.schema;

/**
 * The kinds of declared field. Each has a fixed code in the canonical encoding ({@link #code()});
 * codes are never reused or renumbered (a new kind takes a new code), so a schema's hash does not
 * depend on the order of this enum. Immutable; any thread.
 */
public enum FieldKind {
    /** 2D or 3D fixed-point position: {@code dims} axes on the same grid and range; may be predicted. */
    POSITION(1),
    /** An angle of {@code n} bits per turn, {@code 0..2^n-1}, 0 = +x, counter-clockwise. */
    ANGLE(2),
    /** Unsigned integer {@code min..max} in {@code bits} bits ({@code max < 2^bits}). */
    UINT(3),
    /** Signed integer {@code min..max} in {@code bits} two's-complement bits. */
    SINT(4),
    /** One boolean, 1 bit. */
    BOOL(5),
    /** A set of named bits (bit i = the i-th name; an empty name is a reserved bit that must be 0). */
    FLAGS(6),
    /** One of a list of named values, {@code 0..count-1}. */
    ENUM(7);

    private final int code;

    FieldKind(int code) {
        this.code = code;
    }

    /** The kind's byte in the canonical encoding. */
    public int code() {
        return code;
    }

    static FieldKind ofCode(int code) {
        for (FieldKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown field kind code " + code);
    }
}
