package io.tickforge.replay;

import io.tickforge.server.replaylog.FrameBytes;
import io.tickforge.server.replaylog.ReplayLogFormat;
import io.tickforge.shared.world.InputLayout;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** Test tool: rewrites one input in a log, giving its frame a valid checksum again. */
final class LogSurgery {
    /** Where the change went. */
    record Flip(byte[] log, long tick, int slot, int before, int after) {
    }

    private LogSurgery() {
    }

    /**
     * Flips one bit of lane {@code lane} in the first input entry that carries that lane (the
     * value then holds until the lane's next value in the log), in the
     * first TICK frame of tick {@code >= minTick} without control events.
     */
    static Flip flipInputBit(byte[] log, long minTick, int lane, InputLayout layout) {
        final ByteBuffer b = ByteBuffer.wrap(log);
        int at = ReplayLogFormat.FILE_HEADER_BYTES;
        while (at + ReplayLogFormat.FRAME_HEADER_BYTES <= log.length) {
            final int length = b.getInt(at);
            final int type = log[at + 8] & 0xFF;
            final int payload = at + ReplayLogFormat.FRAME_HEADER_BYTES;
            if (type == ReplayLogFormat.FRAME_TICK && b.getLong(payload) >= minTick && log[payload + 8] == 0) {
                final int[] pos = {payload + 9};
                final long n = varint(log, pos);
                for (int i = 0; i < n; i++) {
                    final int slot = (int) varint(log, pos);
                    final long head = varint(log, pos);
                    if ((head & ReplayLogFormat.INPUT_LAG) != 0) {
                        varint(log, pos); // render lag
                    }
                    for (int k = 0; k < lane; k++) {
                        if ((head & (1L << (ReplayLogFormat.INPUT_LANE_SHIFT + k))) != 0) {
                            varint(log, pos);
                        }
                    }
                    if ((head & (1L << (ReplayLogFormat.INPUT_LANE_SHIFT + lane))) == 0) {
                        // The lane is not in this entry: skip the rest of it.
                        for (int k = lane + 1; k < layout.lanes; k++) {
                            if ((head & (1L << (ReplayLogFormat.INPUT_LANE_SHIFT + k))) != 0) {
                                varint(log, pos);
                            }
                        }
                        continue;
                    }
                    final int laneAt = pos[0];
                    final long z = varint(log, pos);
                    final int before = (int) ((z >>> 1) ^ -(z & 1));
                    int after = before ^ 0x20;
                    if (!layout.accepts(lane, after)) {
                        after = before ^ 0x10;
                    }
                    if (!layout.accepts(lane, after)) {
                        after = before ^ 1;
                    }
                    final byte[] lanes = new FrameBytes(16).zigzag(after).array();
                    final int newLen = new FrameBytes(16).zigzag(after).position();
                    final int oldLen = pos[0] - laneAt;
                    final int payloadEnd = payload + length;
                    final byte[] newPayload = new byte[length - oldLen + newLen];
                    System.arraycopy(log, payload, newPayload, 0, laneAt - payload);
                    System.arraycopy(lanes, 0, newPayload, laneAt - payload, newLen);
                    System.arraycopy(log, pos[0], newPayload, laneAt - payload + newLen, payloadEnd - pos[0]);
                    final CRC32C crc = new CRC32C();
                    crc.update(type);
                    crc.update(newPayload);
                    final ByteBuffer out = ByteBuffer.allocate(log.length - length + newPayload.length);
                    out.put(log, 0, at).putInt(newPayload.length).putInt((int) crc.getValue()).put((byte) type)
                            .put(newPayload).put(log, payloadEnd, log.length - payloadEnd);
                    return new Flip(out.array(), b.getLong(payload), slot, before, after);
                }
            }
            at = payload + length;
        }
        throw new IllegalStateException("no TICK frame with an input to flip from tick " + minTick);
    }

    /** The log up to the TICK frame of {@code tick} (exclusive), then a GAP frame there and an END frame. */
    static byte[] gapAt(byte[] log, long tick) {
        final ByteBuffer b = ByteBuffer.wrap(log);
        int at = ReplayLogFormat.FILE_HEADER_BYTES;
        while (at + ReplayLogFormat.FRAME_HEADER_BYTES <= log.length) {
            final int length = b.getInt(at);
            final int type = log[at + 8] & 0xFF;
            final int payload = at + ReplayLogFormat.FRAME_HEADER_BYTES;
            if (type == ReplayLogFormat.FRAME_TICK && b.getLong(payload) == tick) {
                final FrameBytes gap = new FrameBytes(16).i64(tick).i64(5);
                final FrameBytes end = new FrameBytes(24).i64(tick - 1).i64(tick).i64(5);
                final ByteBuffer out = ByteBuffer.allocate(at + 2 * ReplayLogFormat.FRAME_HEADER_BYTES + 40);
                out.put(log, 0, at);
                frame(out, ReplayLogFormat.FRAME_GAP, gap);
                frame(out, ReplayLogFormat.FRAME_END, end);
                return out.array();
            }
            at = payload + length;
        }
        throw new IllegalStateException("no TICK frame of tick " + tick);
    }

    private static void frame(ByteBuffer out, int type, FrameBytes payload) {
        final CRC32C crc = new CRC32C();
        crc.update(type);
        crc.update(payload.array(), 0, payload.position());
        out.putInt(payload.position()).putInt((int) crc.getValue()).put((byte) type).put(payload.array(), 0, payload.position());
    }

    private static long varint(byte[] log, int[] pos) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            final int x = log[pos[0]++] & 0xFF;
            v |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
    }
}
