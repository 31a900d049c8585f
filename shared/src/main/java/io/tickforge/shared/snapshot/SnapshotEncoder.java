package io.tickforge.shared.snapshot;

import com.esotericsoftware.kryo.io.Output;
import io.tickforge.shared.world.Quantization;

/**
 * Writes one {@link SnapshotDelta} as a snapshot packet payload, delta-coded against its baseline
 * view, or piece by piece with the static {@code put} methods (the server's replication writes
 * its packets that way). Stateless: any thread may encode; no allocation per packet. Sizes in
 * bytes; the size methods use Kryo's varint length rules, which the {@code put} methods follow.
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

    /**
     * Encodes {@code delta} into {@code out} from index 0 and returns the length. {@code base} is
     * the baseline view (ignored for a keyframe). Throws when the packet exceeds {@code maxBytes}:
     * callers budget with the size methods below, so that is a bug, never a network condition.
     * Written with the {@code put} primitives below, which the server's replication also uses to
     * write packets piece by piece: the byte layout has this one home.
     */
    public int encode(SnapshotDelta delta, SnapshotView base, byte[] out, int maxBytes) {
        int p = putHeader(out, delta.sequence, delta.serverTick, delta.lastAppliedInputTick, delta.keyframe,
                delta.complete, (delta.sequence - delta.baselineSequence) & 0xFFFF);
        p = putVarInt(out, p, delta.removedCount);
        int prev = -1;
        for (int r = 0; r < delta.removedCount; r++) {
            p = putVarInt(out, p, delta.removedIndex[r] - prev - 1);
            prev = delta.removedIndex[r];
        }
        p = putVarInt(out, p, delta.changedCount);
        prev = -1;
        final boolean residualsKnown = delta.residualsKnown;
        final long t = delta.serverTick;
        for (int c = 0; c < delta.changedCount; c++) {
            int b = delta.changedIndex[c];
            int mask = delta.changedMask[c];
            p = putChangedHeader(out, p, b - prev - 1, mask);
            prev = b;
            int dx = 0;
            int dy = 0;
            int dh = 0;
            if ((mask & SnapshotDelta.POSITION_MODE_MASK) != 0) {
                dx = residualsKnown ? delta.changedDx[c] : delta.changedX[c] - base.predictX(b, t);
                dy = residualsKnown ? delta.changedDy[c] : delta.changedY[c] - base.predictY(b, t);
            }
            if ((mask & SnapshotDelta.FIELD_HEADING) != 0) {
                dh = residualsKnown ? delta.changedDh[c] : headingDelta(delta.changedHeading[c], base.predictHeading(b, t));
            }
            p = putChangedBody(out, p, mask, dx, dy, dh, delta.changedHealth[c], delta.changedFlags[c]);
        }
        p = putVarInt(out, p, delta.addedCount);
        prev = -1;
        for (int a = 0; a < delta.addedCount; a++) {
            int id = delta.addedId[a];
            p = putAdded(out, p, id - prev - 1, delta.addedX[a], delta.addedY[a], delta.addedHeading[a],
                    delta.addedHealth[a], delta.addedFlags[a]);
            prev = id;
        }
        if (p > maxBytes) {
            throw new IllegalStateException("snapshot packet " + p + " bytes > budget " + maxBytes);
        }
        return p;
    }

    /**
     * Writes the packet header up to (not including) the removed count at index 0 of {@code b};
     * returns the position after it. {@code baselineAge} is ignored for a keyframe.
     */
    public static int putHeader(byte[] b, int sequence, long serverTick, long lastAppliedInputTick, boolean keyframe,
                                boolean complete, int baselineAge) {
        b[0] = (byte) sequence;
        b[1] = (byte) (sequence >>> 8);
        int p = putVarLong(b, 2, serverTick);
        long lag = serverTick - lastAppliedInputTick;
        p = putVarLong(b, p, (lag << 1) ^ (lag >> 63));
        b[p++] = (byte) ((keyframe ? FLAG_KEYFRAME : 0) | (complete ? FLAG_COMPLETE : 0));
        if (!keyframe) {
            p = putVarInt(b, p, baselineAge);
        }
        return p;
    }

    /** The header of one changed entry: its baseline index gap and field mask. Returns the new position. */
    public static int putChangedHeader(byte[] b, int p, int indexGap, int mask) {
        return putVarInt(b, p, (indexGap << SnapshotDelta.FIELD_BITS) | mask);
    }

    /**
     * The fields of one changed entry after its header, as its mask says: residuals dx, dy (position
     * mode bits), heading residual dh, absolute health and flags (status bit). Returns the new position.
     */
    public static int putChangedBody(byte[] b, int p, int mask, int dx, int dy, int dh, int health, int flags) {
        final int positionMode = mask & SnapshotDelta.POSITION_MODE_MASK;
        if (positionMode == SnapshotDelta.FIELD_POSITION_SMALL) {
            b[p++] = (byte) (zigzag(dx) << 4 | zigzag(dy));
        } else if (positionMode != 0) {
            p = putVarInt(b, p, zigzag(dx));
            p = putVarInt(b, p, zigzag(dy));
        }
        if ((mask & SnapshotDelta.FIELD_HEADING) != 0) {
            p = putVarInt(b, p, zigzag(dh));
        }
        if ((mask & SnapshotDelta.FIELD_STATUS) != 0) {
            p = putVarInt(b, p, health);
            p = putVarInt(b, p, flags);
        }
        return p;
    }

    /** One added entry: id gap, then absolute values. Returns the new position. */
    public static int putAdded(byte[] b, int p, int idGap, int x, int y, int heading, int health, int flags) {
        p = putVarInt(b, p, idGap);
        p = putVarInt(b, p, zigzag(x));
        p = putVarInt(b, p, zigzag(y));
        p = putVarInt(b, p, heading);
        p = putVarInt(b, p, health);
        return putVarInt(b, p, flags);
    }

    /** {@code v} as an unsigned varint, 7 bits a byte, low bits first (Kryo's {@code writeVarInt(v, true)}). */
    public static int putVarInt(byte[] b, int p, int v) {
        while ((v & ~0x7F) != 0) {
            b[p++] = (byte) (v | 0x80);
            v >>>= 7;
        }
        b[p++] = (byte) v;
        return p;
    }

    /** {@code v} as an unsigned varlong (Kryo's {@code writeVarLong(v, true)}). */
    public static int putVarLong(byte[] b, int p, long v) {
        while ((v & ~0x7FL) != 0L) {
            b[p++] = (byte) (v | 0x80);
            v >>>= 7;
        }
        b[p++] = (byte) v;
        return p;
    }

    public static int zigzag(int v) {
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
