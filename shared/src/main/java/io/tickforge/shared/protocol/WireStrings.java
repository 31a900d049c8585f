package io.tickforge.shared.protocol;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Length-capped UTF-8 strings for the hand-written serializers. Kryo's own {@code readString}
 * trusts the peer's length and allocates it, so a hostile 5-byte varint could ask for gigabytes;
 * here the length is checked against a per-field cap and against the bytes actually present
 * before anything is allocated.
 *
 * <p>Layout: {@code varint(utf8Length + 1)} then the UTF-8 bytes; {@code 0} encodes null.
 * Malformed UTF-8 is refused on read, like an over-long length.
 */
final class WireStrings {
    private WireStrings() {
    }

    static void write(Output output, String value, int maxBytes, boolean nullable, String field) {
        if (value == null) {
            if (!nullable) {
                throw new KryoException(field + " must not be null");
            }
            output.writeVarInt(0, true);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > maxBytes) {
            throw new KryoException(field + " is " + utf8.length + " bytes, limit " + maxBytes);
        }
        output.writeVarInt(utf8.length + 1, true);
        output.writeBytes(utf8);
    }

    static String read(Input input, int maxBytes, boolean nullable, String field) {
        int lengthPlusOne = input.readVarInt(true);
        if (lengthPlusOne == 0) {
            if (!nullable) {
                throw new KryoException(field + " must not be null");
            }
            return null;
        }
        int length = lengthPlusOne - 1;
        if (length < 0 || length > maxBytes) {
            throw new KryoException(field + " length " + (long) (lengthPlusOne & 0xFFFFFFFFL) + " - 1 exceeds limit " + maxBytes);
        }
        int available = input.limit() - input.position();
        if (input.getInputStream() == null && length > available) {
            throw new KryoException(field + " length " + length + " exceeds the " + available + " bytes left");
        }
        byte[] utf8 = input.readBytes(length);
        try {
            // Strict: malformed UTF-8 would decode to U+FFFD (3 bytes each), so a string read at the
            // cap could not be written back (relayed) within it. Valid UTF-8 round-trips byte for byte.
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw new KryoException(field + " is not valid UTF-8");
        }
    }

    /** Nullable byte array, same layout as a string: {@code varint(length + 1)} then the bytes; 0 = null. */
    static void writeNullableBytes(Output output, byte[] value, int maxBytes, String field) {
        if (value == null) {
            output.writeVarInt(0, true);
            return;
        }
        if (value.length > maxBytes) {
            throw new KryoException(field + " is " + value.length + " bytes, limit " + maxBytes);
        }
        output.writeVarInt(value.length + 1, true);
        output.writeBytes(value);
    }

    static byte[] readNullableBytes(Input input, int maxBytes, String field) {
        int lengthPlusOne = input.readVarInt(true);
        if (lengthPlusOne == 0) {
            return null;
        }
        int length = lengthPlusOne - 1;
        if (length < 0 || length > maxBytes) {
            throw new KryoException(field + " length " + (long) (lengthPlusOne & 0xFFFFFFFFL) + " - 1 exceeds limit " + maxBytes);
        }
        int available = input.limit() - input.position();
        if (input.getInputStream() == null && length > available) {
            throw new KryoException(field + " length " + length + " exceeds the " + available + " bytes left");
        }
        return input.readBytes(length);
    }

    /** Encoded size of a non-null string, for wire-size arithmetic in tests and budgets. */
    static int encodedBytes(String value) {
        if (value == null) {
            return 1;
        }
        int utf8 = value.getBytes(StandardCharsets.UTF_8).length;
        return varIntBytes(utf8 + 1) + utf8;
    }

    static int varIntBytes(int value) {
        if ((value >>> 7) == 0) return 1;
        if ((value >>> 14) == 0) return 2;
        if ((value >>> 21) == 0) return 3;
        if ((value >>> 28) == 0) return 4;
        return 5;
    }
}
