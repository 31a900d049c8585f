package io.tickforge.shared.snapshot;

import com.esotericsoftware.kryo.io.Output;
import io.tickforge.shared.world.EntityLayout;
import io.tickforge.shared.world.Quantization;

/**
 * Writes one {@link SnapshotDelta} as a snapshot packet payload, delta-coded against its baseline
 * view, or piece by piece with the static {@code put} methods (the server's replication writes
 * its packets that way). The static methods are stateless (any thread); an instance keeps a few
 * ints of scratch for {@link #encode} and belongs to one thread. No allocation per packet. Sizes in
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
 *   varint  changedCount, then per changed entity (lanes and mask bits: see EntityLayout):
 *             varint (baseIndex - previousBaseIndex - 1) << maskBits | fieldMask
 *             position residuals d = axis - predictedAxis, per axis:
 *               mask bit 0 (small): zigzag nibbles, all in -8..7: 2D u8 zz(dx) << 4 | zz(dy);
 *                                   3D that byte, then u8 zz(dz)
 *               mask bit 1 (full):  zigzag varint per axis        (bits 0+1 together: invalid)
 *             per angle lane, in lane order, when its mask bit is set:
 *               zigzag angle - predictedAngle, wrapped into -half..half-1 turn
 *             when the status bit is set: per absolute lane, varint value - min
 *           no position bit / clear angle bit mean "exactly the prediction"; a clear status bit means
 *           "as in the baseline". predicted = baseline value + its per-tick velocity * (serverTick
 *           - baseline entity tick), see ViewEntries#predict; a changed entry may have mask 0.
 *   varint  addedCount, then per added entity:
 *             varint id - previousId - 1  (previous starts at -1)
 *             per lane: axis zigzag value, angle varint value, absolute varint value - min
 * </pre>
 * For the arena's schema (2D position, heading, health, flags) this is byte for byte the format the
 * engine had before schemas: mask bits position small/full, heading, status; 4 mask bits.
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

    private int[] residuals = new int[8];

    /**
     * Encodes {@code delta} into {@code out} from index 0 and returns the length. {@code base} is
     * the baseline view (ignored for a keyframe). Throws when the packet exceeds {@code maxBytes}:
     * callers budget with the size methods below, so that is a bug, never a network condition.
     * Written with the {@code put} primitives below, which the server's replication also uses to
     * write packets piece by piece: the byte layout has this one home. Owned by one thread (it
     * keeps a few ints of scratch); no allocation per packet.
     */
    public int encode(SnapshotDelta delta, SnapshotView base, byte[] out, int maxBytes) {
        final EntityLayout layout = delta.layout;
        final int values = layout.values;
        if (residuals.length < values) {
            residuals = new int[values];
        }
        final int[] r = residuals;
        int p = putHeader(out, delta.sequence, delta.serverTick, delta.lastAppliedInputTick, delta.keyframe,
                delta.complete, (delta.sequence - delta.baselineSequence) & 0xFFFF);
        p = putVarInt(out, p, delta.removedCount);
        int prev = -1;
        for (int i = 0; i < delta.removedCount; i++) {
            p = putVarInt(out, p, delta.removedIndex[i] - prev - 1);
            prev = delta.removedIndex[i];
        }
        p = putVarInt(out, p, delta.changedCount);
        prev = -1;
        final boolean residualsKnown = delta.residualsKnown;
        final long t = delta.serverTick;
        for (int c = 0; c < delta.changedCount; c++) {
            final int b = delta.changedIndex[c];
            final int mask = delta.changedMask[c];
            final int vo = c * values;
            p = putChangedHeader(out, p, b - prev - 1, mask, layout.maskBits);
            prev = b;
            if (residualsKnown) {
                System.arraycopy(delta.changedResiduals, vo, r, 0, values);
            } else {
                base.residuals(b, t, delta.changedValues, vo, r);
            }
            p = putChangedBody(out, p, layout, mask, r, 0, delta.changedValues, vo);
        }
        p = putVarInt(out, p, delta.addedCount);
        prev = -1;
        for (int a = 0; a < delta.addedCount; a++) {
            final int id = delta.addedId[a];
            p = putAdded(out, p, layout, id - prev - 1, delta.addedValues, a * values);
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

    /**
     * The sequence a packet's header carries ({@link #putHeader}: a little-endian u16 at index 0),
     * for whoever acknowledges packets without decoding them (the server's warm-up players, the
     * benchmarks' links).
     */
    public static int sequence(byte[] packet) {
        return (packet[0] & 0xFF) | (packet[1] & 0xFF) << 8;
    }

    /** The header of one changed entry: its baseline index gap and field mask. Returns the new position. */
    public static int putChangedHeader(byte[] b, int p, int indexGap, int mask, int maskBits) {
        return putVarInt(b, p, (indexGap << maskBits) | mask);
    }

    /**
     * The fields of one changed entry after its header, as its mask says: the position residuals
     * {@code r[ro..ro+dims)}, the residual {@code r[ro+k]} of each angle lane whose bit is set, and
     * with the status bit every absolute lane's value {@code v[vo+k]}. Returns the new position.
     */
    public static int putChangedBody(byte[] b, int p, EntityLayout layout, int mask, int[] r, int ro, int[] v, int vo) {
        final int positionMode = mask & EntityLayout.POSITION_MODE_MASK;
        if (positionMode == EntityLayout.POSITION_SMALL) {
            b[p++] = (byte) (zigzag(r[ro]) << 4 | zigzag(r[ro + 1]));
            if (layout.dims == 3) {
                b[p++] = (byte) zigzag(r[ro + 2]);
            }
        } else if (positionMode != 0) {
            p = putVarInt(b, p, zigzag(r[ro]));
            p = putVarInt(b, p, zigzag(r[ro + 1]));
            if (layout.dims == 3) {
                p = putVarInt(b, p, zigzag(r[ro + 2]));
            }
        }
        final int[] angles = layout.angleLanes;
        if (angles.length > 0) {
            final int[] maskBit = layout.maskBit;
            int i = 0;
            do {
                final int k = angles[i];
                if ((mask & maskBit[k]) != 0) {
                    p = putVarInt(b, p, zigzag(r[ro + k]));
                }
            } while (++i < angles.length);
        }
        if ((mask & layout.statusBit) != 0) {
            final int[] absolutes = layout.absoluteLanes;
            final int[] min = layout.min;
            for (int i = 0; i < absolutes.length; i++) {
                final int k = absolutes[i];
                p = putVarInt(b, p, v[vo + k] - min[k]);
            }
        }
        return p;
    }

    /** One added entry: id gap, then every lane's value {@code v[vo..]}. Returns the new position. */
    public static int putAdded(byte[] b, int p, EntityLayout layout, int idGap, int[] v, int vo) {
        p = putVarInt(b, p, idGap);
        final int[] coding = layout.coding;
        final int[] min = layout.min;
        for (int k = 0; k < layout.values; k++) {
            final int c = coding[k];
            p = putVarInt(b, p, c == EntityLayout.AXIS ? zigzag(v[vo + k])
                    : c == EntityLayout.ANGLE ? v[vo + k] : v[vo + k] - min[k]);
        }
        return p;
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

    /** Shortest signed difference of two 12-bit headings, in -2048..2047 (the fixed shape's heading). */
    public static int headingDelta(int heading, int baseHeading) {
        return ((heading - baseHeading) << (32 - Quantization.HEADING_BITS)) >> (32 - Quantization.HEADING_BITS);
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

    /** Bytes of one added entry whose id gap is at most {@code maxGap}. */
    public static int addedBytes(EntityLayout layout, int maxGap, int[] v, int vo) {
        int n = Output.varIntLength(maxGap, true);
        final int[] coding = layout.coding;
        for (int k = 0; k < layout.values; k++) {
            final int c = coding[k];
            n += c == EntityLayout.AXIS ? Output.varIntLength(v[vo + k], false)
                    : Output.varIntLength(c == EntityLayout.ANGLE ? v[vo + k] : v[vo + k] - layout.min[k], true);
        }
        return n;
    }
}
