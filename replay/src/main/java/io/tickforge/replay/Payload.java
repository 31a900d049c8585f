package io.tickforge.replay;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked reader of one frame's payload (the layout of {@code ReplayLogFormat}): every
 * read past the payload's end, every over-long varint and every bad string is a
 * {@link CorruptLogException} naming the byte offset in the file. Not thread-safe.
 */
final class Payload {
    private ByteBuffer buffer;
    private int start;
    private int end;
    private int position;
    private long fileOffset;

    /** Reads {@code buffer[start, start + length)}, which lies at {@code fileOffset} in the file. */
    Payload reset(ByteBuffer buffer, int start, int length, long fileOffset) {
        this.buffer = buffer;
        this.start = start;
        this.end = start + length;
        this.position = start;
        this.fileOffset = fileOffset;
        return this;
    }

    /** File offset of the next byte. */
    long offset() {
        return fileOffset + (position - start);
    }

    int remaining() {
        return end - position;
    }

    private void need(int n) throws CorruptLogException {
        if (end - position < n) {
            throw new CorruptLogException(offset(), "the frame's payload ends " + (n - (end - position))
                    + " byte(s) early");
        }
    }

    int u8() throws CorruptLogException {
        need(1);
        return buffer.get(position++) & 0xFF;
    }

    int u16() throws CorruptLogException {
        need(2);
        final int v = buffer.getShort(position) & 0xFFFF;
        position += 2;
        return v;
    }

    int i32() throws CorruptLogException {
        need(4);
        final int v = buffer.getInt(position);
        position += 4;
        return v;
    }

    long i64() throws CorruptLogException {
        need(8);
        final long v = buffer.getLong(position);
        position += 8;
        return v;
    }

    long varint() throws CorruptLogException {
        final long at = offset();
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            final int b = u8();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new CorruptLogException(at, "a varint longer than 10 bytes");
    }

    /** A varint that must lie in {@code 0..max}. */
    int varint(int max, String what) throws CorruptLogException {
        final long at = offset();
        final long v = varint();
        if (v < 0 || v > max) {
            throw new CorruptLogException(at, what + " " + Long.toUnsignedString(v) + " is out of range 0.." + max);
        }
        return (int) v;
    }

    long zigzag() throws CorruptLogException {
        final long v = varint();
        return (v >>> 1) ^ -(v & 1);
    }

    /** A zigzag that must fit an int. */
    int zigzagInt(String what) throws CorruptLogException {
        final long at = offset();
        final long v = zigzag();
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new CorruptLogException(at, what + " " + v + " does not fit 32 bits");
        }
        return (int) v;
    }

    String str() throws CorruptLogException {
        return utf8(u16());
    }

    String shortStr() throws CorruptLogException {
        return utf8(u8());
    }

    private String utf8(int n) throws CorruptLogException {
        final long at = offset();
        need(n);
        final ByteBuffer slice = buffer.duplicate();
        slice.limit(position + n).position(position);
        position += n;
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(slice).toString();
        } catch (CharacterCodingException e) {
            throw new CorruptLogException(at, "a string that is not UTF-8");
        }
    }

    /** The payload must be used up: trailing bytes mean the frame is not what its type says. */
    void end(String frame) throws CorruptLogException {
        if (position != end) {
            throw new CorruptLogException(offset(), (end - position) + " unexpected byte(s) at the end of a " + frame + " frame");
        }
    }
}
