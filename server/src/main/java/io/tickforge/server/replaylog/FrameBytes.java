package io.tickforge.server.replaylog;

import java.nio.charset.StandardCharsets;

/**
 * A frame payload being written into a preallocated {@code byte[]}: big-endian fixed-width
 * integers, varints and zigzags as {@link ReplayLogFormat} describes. No allocation (but
 * {@link #str}). Not thread-safe: one owner (the recorder's tick thread, or a tool).
 */
public final class FrameBytes {
    private final byte[] bytes;
    private int position;

    public FrameBytes(int capacity) {
        this.bytes = new byte[capacity];
    }

    /** The backing array; bytes {@code 0..position()-1} are the payload so far. */
    public byte[] array() {
        return bytes;
    }

    public int position() {
        return position;
    }

    public FrameBytes reset() {
        position = 0;
        return this;
    }

    /** Bytes left before the array is full. */
    public int remaining() {
        return bytes.length - position;
    }

    public FrameBytes u8(int v) {
        bytes[position++] = (byte) v;
        return this;
    }

    /** Writes {@code v} at {@code at} without moving the position (patching a count). */
    public void putU8(int at, int v) {
        bytes[at] = (byte) v;
    }

    public FrameBytes u16(int v) {
        bytes[position++] = (byte) (v >>> 8);
        bytes[position++] = (byte) v;
        return this;
    }

    public FrameBytes i32(int v) {
        bytes[position++] = (byte) (v >>> 24);
        bytes[position++] = (byte) (v >>> 16);
        bytes[position++] = (byte) (v >>> 8);
        bytes[position++] = (byte) v;
        return this;
    }

    public FrameBytes i64(long v) {
        i32((int) (v >>> 32));
        return i32((int) v);
    }

    /** Unsigned LEB128 of {@code v} (treated as unsigned 64-bit), 1..10 bytes. */
    public FrameBytes varint(long v) {
        while ((v & ~0x7FL) != 0) {
            bytes[position++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        bytes[position++] = (byte) v;
        return this;
    }

    /** {@code v} zigzag-mapped (small magnitudes, either sign, stay short), as a varint. */
    public FrameBytes zigzag(long v) {
        return varint((v << 1) ^ (v >> 63));
    }

    /** A u16 byte length and the UTF-8 bytes (allocates: for headers only). */
    public FrameBytes str(String s) {
        final byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > 0xFFFF) {
            throw new IllegalArgumentException("string of " + utf8.length + " bytes is too long for the log (max 65535)");
        }
        u16(utf8.length);
        System.arraycopy(utf8, 0, bytes, position, utf8.length);
        position += utf8.length;
        return this;
    }

    /** A u8 length and at most {@code 255} bytes of {@code utf8}. */
    public FrameBytes shortBytes(byte[] utf8) {
        final int n = Math.min(utf8.length, ReplayLogFormat.MAX_NAME_BYTES);
        u8(n);
        System.arraycopy(utf8, 0, bytes, position, n);
        position += n;
        return this;
    }

    /** Most bytes a {@link #varint} takes. */
    public static final int MAX_VARINT_BYTES = 10;
}
