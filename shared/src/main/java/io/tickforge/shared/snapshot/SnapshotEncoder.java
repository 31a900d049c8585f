package io.tickforge.shared.snapshot;

import com.esotericsoftware.kryo.io.Output;
import io.tickforge.shared.world.Quantization;

/**
 * Writes one {@link SnapshotDelta} as a snapshot packet payload, delta-coded against its baseline
 * view. Owned by one thread (the server's tick thread); one reused Kryo {@link Output}, no
 * allocation per packet. Sizes in bytes.
 *
 * <pre>
 * Byte layout (varint = Kryo writeVarInt(v, true); zigzag = writeVarInt(v, false)):
 *   u16     sequence                       little-endian (Kryo 5 writeShort), wraps 65535 -> 0
 *   varlong serverTick                     the tick this packet describes
 *   zigzag  serverTick - lastAppliedInput  varlong; lastAppliedInput -1 means none yet
 *   u8      packetFlags                    bit0 keyframe (empty baseline), bit1 complete
 *   varint  baselineAge                    only when not keyframe: (sequence - baseline) mod 2^16, 1..
 *   varint  removedCount, then per removed entity:
 *             varint baseIndex - previousBaseIndex - 1       (previous starts at -1)
 *   varint  changedCount, then per changed entity:
 *             varint (baseIndex - previousBaseIndex - 1) << 4 | fieldMask
 *             position (1/256 m units), residuals dx = x - predictedX, dy = y - predictedY:
 *               mask bit 0 (small): u8 zigzag(dx) << 4 | zigzag(dy), both in -8..7
 *               mask bit 1 (full):  zigzag dx, zigzag dy            (bits 0+1 together: invalid)
 *             [zigzag heading - predictedHeading wrapped into -2048..2047]   (mask bit 2)
 *             [varint health, varint flags]                  (mask bit 3, absolute)
 *           no position bit / clear heading bit mean "exactly the prediction"; a clear status bit means
 *           "as in the baseline". predicted = baseline value + its per-tick velocity * (serverTick
 *           - baseline entity tick), see SnapshotView#predictX; a changed entry may have mask 0.
 *   varint  addedCount, then per added entity:
 *             varint id - previousId - 1  (previous starts at -1)
 *             zigzag x, zigzag y, varint heading, varint health, varint flags
 * </pre>
 * Baseline indexes refer to the sorted entity list of the baseline view, which the client holds
 * exactly, so a changed entity costs a one-byte header while the gap is below 8. Predicting from
 * the baseline's velocity keeps residuals near one byte even when acks make the baseline several
 * ticks old (orbiting NPCs: ~15 units instead of ~130 at 100 ms round trip).
 */
public final class SnapshotEncoder {
    public static final int FLAG_KEYFRAME = 1;
    public static final int FLAG_COMPLETE = 1 << 1;
    /** Worst-case header: 2 + varlong(9) + zigzag varlong(10) + 1 + varint(3) + three counts. */
    public static final int HEADER_MAX_BYTES = 2 + 9 + 10 + 1 + 3;
    private static final int HEADING_MASK = Quantization.HEADING_UNITS_PER_TURN - 1;

    private final Output output = new Output(0);

    /**
     * Encodes {@code delta} into {@code out} from index 0 and returns the length. {@code base} is
     * the baseline view (ignored for a keyframe). Throws when the packet exceeds {@code maxBytes}:
     * callers budget with the size methods below, so that is a bug, never a network condition.
     */
    public int encode(SnapshotDelta delta, SnapshotView base, byte[] out, int maxBytes) {
        Output o = output;
        o.setBuffer(out, out.length);
        o.writeShort(delta.sequence);
        o.writeVarLong(delta.serverTick, true);
        o.writeVarLong(delta.serverTick - delta.lastAppliedInputTick, false);
        o.writeByte((delta.keyframe ? FLAG_KEYFRAME : 0) | (delta.complete ? FLAG_COMPLETE : 0));
        if (!delta.keyframe) {
            o.writeVarInt((delta.sequence - delta.baselineSequence) & 0xFFFF, true);
        }
        o.writeVarInt(delta.removedCount, true);
        int prev = -1;
        for (int r = 0; r < delta.removedCount; r++) {
            o.writeVarInt(delta.removedIndex[r] - prev - 1, true);
            prev = delta.removedIndex[r];
        }
        o.writeVarInt(delta.changedCount, true);
        prev = -1;
        final boolean residualsKnown = delta.residualsKnown;
        for (int c = 0; c < delta.changedCount; c++) {
            int b = delta.changedIndex[c];
            int mask = delta.changedMask[c];
            o.writeVarInt(((b - prev - 1) << SnapshotDelta.FIELD_BITS) | mask, true);
            prev = b;
            final long t = delta.serverTick;
            int positionMode = mask & SnapshotDelta.POSITION_MODE_MASK;
            if (positionMode != 0) {
                int dx = residualsKnown ? delta.changedDx[c] : delta.changedX[c] - base.predictX(b, t);
                int dy = residualsKnown ? delta.changedDy[c] : delta.changedY[c] - base.predictY(b, t);
                if (positionMode == SnapshotDelta.FIELD_POSITION_SMALL) {
                    o.writeByte(zigzag(dx) << 4 | zigzag(dy));
                } else {
                    o.writeVarInt(dx, false);
                    o.writeVarInt(dy, false);
                }
            }
            if ((mask & SnapshotDelta.FIELD_HEADING) != 0) {
                o.writeVarInt(residualsKnown ? delta.changedDh[c]
                        : headingDelta(delta.changedHeading[c], base.predictHeading(b, t)), false);
            }
            if ((mask & SnapshotDelta.FIELD_STATUS) != 0) {
                o.writeVarInt(delta.changedHealth[c], true);
                o.writeVarInt(delta.changedFlags[c], true);
            }
        }
        o.writeVarInt(delta.addedCount, true);
        prev = -1;
        for (int a = 0; a < delta.addedCount; a++) {
            int id = delta.addedId[a];
            o.writeVarInt(id - prev - 1, true);
            prev = id;
            o.writeVarInt(delta.addedX[a], false);
            o.writeVarInt(delta.addedY[a], false);
            o.writeVarInt(delta.addedHeading[a], true);
            o.writeVarInt(delta.addedHealth[a], true);
            o.writeVarInt(delta.addedFlags[a], true);
        }
        int length = o.position();
        if (length > maxBytes) {
            throw new IllegalStateException("snapshot packet " + length + " bytes > budget " + maxBytes);
        }
        return length;
    }

    static int zigzag(int v) {
        return (v << 1) ^ (v >> 31);
    }

    static int unzigzag(int z) {
        return (z >>> 1) ^ -(z & 1);
    }

    /** Shortest signed difference of two 12-bit headings, in -2048..2047. */
    public static int headingDelta(int heading, int baseHeading) {
        return ((heading - baseHeading) << (32 - Quantization.HEADING_BITS)) >> (32 - Quantization.HEADING_BITS);
    }

    public static int applyHeadingDelta(int baseHeading, int delta) {
        return (baseHeading + delta) & HEADING_MASK;
    }

    /** Exact header size for these values (the three counts included). */
    public static int headerBytes(long serverTick, long lastAppliedInputTick, boolean keyframe, int baselineAge,
                                  int removedCount, int changedCount, int addedCount) {
        return 2 + Output.varLongLength(serverTick, true)
                + Output.varLongLength(serverTick - lastAppliedInputTick, false) + 1
                + (keyframe ? 0 : Output.varIntLength(baselineAge, true))
                + Output.varIntLength(removedCount, true) + Output.varIntLength(changedCount, true)
                + Output.varIntLength(addedCount, true);
    }

    /** Bytes of one removal entry whose index gap is at most {@code maxGap}. */
    public static int removedBytes(int maxGap) {
        return Output.varIntLength(maxGap, true);
    }

    /** Bytes of one changed entry whose index gap is at most {@code maxGap}. */
    public static int changedBytes(int maxGap, int mask, int dx, int dy, int dHeading, int health, int flags) {
        int n = Output.varIntLength((maxGap << SnapshotDelta.FIELD_BITS) | mask, true);
        int positionMode = mask & SnapshotDelta.POSITION_MODE_MASK;
        if (positionMode == SnapshotDelta.FIELD_POSITION_SMALL) {
            n += 1;
        } else if (positionMode == SnapshotDelta.FIELD_POSITION) {
            n += Output.varIntLength(dx, false) + Output.varIntLength(dy, false);
        }
        if ((mask & SnapshotDelta.FIELD_HEADING) != 0) {
            n += Output.varIntLength(dHeading, false);
        }
        if ((mask & SnapshotDelta.FIELD_STATUS) != 0) {
            n += Output.varIntLength(health, true) + Output.varIntLength(flags, true);
        }
        return n;
    }

    /** Bytes of one added entry whose id gap is at most {@code maxGap}. */
    public static int addedBytes(int maxGap, int x, int y, int heading, int health, int flags) {
        return Output.varIntLength(maxGap, true) + Output.varIntLength(x, false) + Output.varIntLength(y, false)
                + Output.varIntLength(heading, true) + Output.varIntLength(health, true)
                + Output.varIntLength(flags, true);
    }
}
