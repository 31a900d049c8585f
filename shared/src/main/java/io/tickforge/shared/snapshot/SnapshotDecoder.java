package io.tickforge.shared.snapshot;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import io.tickforge.shared.seq.AckTracker;
import io.tickforge.shared.seq.SequenceBuffer;
import io.tickforge.shared.seq.Sequences;
import io.tickforge.shared.world.EntityIds;
import io.tickforge.shared.world.Quantization;

/**
 * Client side of the snapshot codec: decodes packets written by {@link SnapshotEncoder}, rebuilds
 * the exact quantized view each one describes on top of the baseline view it names, and keeps
 * the acks the client sends back. Owned by the client's network (or game) thread; one reused Kryo
 * {@link Input}, no allocation per packet in steady state.
 *
 * <p>Usage: for every received snapshot datagram call {@link #decode}; on {@link Result#ACCEPTED}
 * read {@link #view()} (every entity the client knows, each with its values and the server tick
 * they describe), {@link #serverTick()} and {@link #lastAppliedInputTick()}. Put
 * {@link #ackSequence()} / {@link #ackBits()} in every input packet. Stale, duplicate and malformed
 * packets change nothing and are counted.
 *
 * <p>The history length must be at least the server's, so that every baseline the server may pick
 * (one the client acknowledged, still in the server's ring) is still here.
 */
public final class SnapshotDecoder {
    /** What {@link #decode} did with one packet. */
    public enum Result {
        /** Decoded; {@link #view()} is the new newest view. */
        ACCEPTED,
        /** Same sequence as one already accepted: ignored. */
        DUPLICATE,
        /** Older than the newest accepted packet: ignored (and not acknowledged). */
        STALE,
        /** Names a baseline this client does not hold (never received, or too old): dropped. */
        MISSING_BASELINE,
        /** Truncated, trailing bytes, counts or indexes out of range, ids not ascending: dropped. */
        MALFORMED
    }

    /** The server's default history (ReplicationConfig): clients use at least this many views. */
    public static final int DEFAULT_HISTORY_LENGTH = 32;

    private final SequenceBuffer sequences;
    private final SnapshotView[] views;
    private final SnapshotDelta delta = new SnapshotDelta(64);
    private final Input input = new Input();
    private final AckTracker acks = new AckTracker();
    private final SnapshotView empty = new SnapshotView(1);

    private SnapshotView newestView;
    private long serverTick = -1;
    private long lastAppliedInputTick = -1;

    private long acceptedCount;
    private long duplicateCount;
    private long staleCount;
    private long missingBaselineCount;
    private long malformedCount;

    /** A decoder with {@link #DEFAULT_HISTORY_LENGTH} views, each starting with room for 256 entities. */
    public SnapshotDecoder() {
        this(DEFAULT_HISTORY_LENGTH, 256);
    }

    public SnapshotDecoder(int historyLength, int initialEntityCapacity) {
        sequences = new SequenceBuffer(historyLength);
        views = new SnapshotView[historyLength];
        for (int i = 0; i < historyLength; i++) {
            views[i] = new SnapshotView(initialEntityCapacity);
        }
        newestView = empty;
    }

    /** Decodes one packet payload ({@code SnapshotDatagram.bytes/length}). Never throws on bad input. */
    public Result decode(byte[] bytes, int offset, int length) {
        if (bytes == null || offset < 0 || length < 0 || length > bytes.length - offset) {
            malformedCount++;
            return Result.MALFORMED;
        }
        Input in = input;
        in.setBuffer(bytes, offset, length);
        try {
            return decode(in, offset + length);
        } catch (KryoException e) {
            malformedCount++;
            return Result.MALFORMED;
        }
    }

    private Result decode(Input in, int end) {
        final SnapshotDelta d = delta;
        d.clear();
        d.sequence = in.readShortUnsigned();
        if (sequences.hasAny()) {
            int newest = sequences.newest();
            if (d.sequence == newest) {
                duplicateCount++;
                return Result.DUPLICATE;
            }
            if (!Sequences.sequenceGreaterThan(d.sequence, newest)) {
                if (sequences.exists(d.sequence)) {
                    duplicateCount++;
                    return Result.DUPLICATE;
                }
                staleCount++;
                return Result.STALE;
            }
        }
        d.serverTick = in.readVarLong(true);
        d.lastAppliedInputTick = d.serverTick - in.readVarLong(false);
        int packetFlags = in.readByte() & 0xFF;
        if (d.serverTick < 0 || (packetFlags & ~(SnapshotEncoder.FLAG_KEYFRAME | SnapshotEncoder.FLAG_COMPLETE)) != 0) {
            return malformed();
        }
        d.keyframe = (packetFlags & SnapshotEncoder.FLAG_KEYFRAME) != 0;
        d.complete = (packetFlags & SnapshotEncoder.FLAG_COMPLETE) != 0;
        SnapshotView base = null;
        if (!d.keyframe) {
            int age = in.readVarInt(true);
            if (age <= 0 || age >= sequences.size()) {
                return missingBaseline();
            }
            d.baselineSequence = Sequences.minus(d.sequence, age);
            int slot = sequences.find(d.baselineSequence);
            if (slot < 0) {
                return missingBaseline();
            }
            base = views[slot];
        }
        final int baseCount = base == null ? 0 : base.count;

        int n = in.readVarInt(true);
        if (n < 0 || n > baseCount) {
            return malformed();
        }
        int prev = -1;
        for (int r = 0; r < n; r++) {
            int gap = in.readVarInt(true);
            if (gap < 0 || prev + 1 + (long) gap >= baseCount) {
                return malformed();
            }
            prev += gap + 1;
            d.addRemoved(prev);
        }

        n = in.readVarInt(true);
        if (n < 0 || n > baseCount) {
            return malformed();
        }
        prev = -1;
        int r = 0;
        for (int c = 0; c < n; c++) {
            int head = in.readVarInt(true);
            if (head < 0) {
                return malformed();
            }
            int gap = head >>> SnapshotDelta.FIELD_BITS;
            int mask = head & SnapshotDelta.FIELD_ALL;
            if (prev + 1 + (long) gap >= baseCount) {
                return malformed();
            }
            int b = prev + gap + 1;
            prev = b;
            while (r < d.removedCount && d.removedIndex[r] < b) {
                r++;
            }
            if (r < d.removedCount && d.removedIndex[r] == b) {
                return malformed();
            }
            int xv = base.predictX(b, d.serverTick);
            int yv = base.predictY(b, d.serverTick);
            int h = base.predictHeading(b, d.serverTick);
            int hp = base.health(b);
            int fl = base.flags(b);
            int positionMode = mask & SnapshotDelta.POSITION_MODE_MASK;
            if (positionMode == SnapshotDelta.POSITION_MODE_MASK) {
                return malformed();
            } else if (positionMode == SnapshotDelta.FIELD_POSITION_SMALL) {
                int pair = in.readByte() & 0xFF;
                xv += SnapshotEncoder.unzigzag(pair >>> 4);
                yv += SnapshotEncoder.unzigzag(pair & 0xF);
            } else if (positionMode == SnapshotDelta.FIELD_POSITION) {
                xv += in.readVarInt(false);
                yv += in.readVarInt(false);
            }
            if ((mask & SnapshotDelta.FIELD_HEADING) != 0) {
                int dh = in.readVarInt(false);
                if (dh < -Quantization.HEADING_UNITS_PER_TURN / 2 || dh >= Quantization.HEADING_UNITS_PER_TURN / 2) {
                    return malformed();
                }
                h = SnapshotEncoder.applyHeadingDelta(h, dh);
            }
            if ((mask & SnapshotDelta.FIELD_STATUS) != 0) {
                hp = in.readVarInt(true);
                fl = in.readVarInt(true);
                if (hp < 0 || fl < 0) {
                    return malformed();
                }
            }
            d.addChanged(b, mask, xv, yv, h, hp, fl);
        }

        n = in.readVarInt(true);
        // Every added entity takes at least 6 bytes: a hostile count cannot make us grow arrays.
        if (n < 0 || n > (end - in.position()) / 6 || baseCount - d.removedCount + n > EntityIds.MAX_ENTITIES) {
            return malformed();
        }
        int prevId = -1;
        for (int a = 0; a < n; a++) {
            int gap = in.readVarInt(true);
            if (gap < 0 || prevId + 1 + (long) gap >= EntityIds.MAX_ENTITIES) {
                return malformed();
            }
            int id = prevId + gap + 1;
            prevId = id;
            int xv = in.readVarInt(false);
            int yv = in.readVarInt(false);
            int h = in.readVarInt(true);
            int hp = in.readVarInt(true);
            int fl = in.readVarInt(true);
            if (h < 0 || h >= Quantization.HEADING_UNITS_PER_TURN || hp < 0 || fl < 0) {
                return malformed();
            }
            if (base != null) {
                int bi = base.indexOf(id);
                if (bi >= 0 && !isRemoved(bi)) {
                    return malformed();
                }
            }
            d.addAdded(id, xv, yv, h, hp, fl);
        }
        if (in.position() != end) {
            return malformed();
        }

        int slot = sequences.insert(d.sequence);
        SnapshotView target = views[slot];
        target.applyDelta(base, d);
        newestView = target;
        serverTick = d.serverTick;
        lastAppliedInputTick = d.lastAppliedInputTick;
        acks.onReceived(d.sequence);
        acceptedCount++;
        return Result.ACCEPTED;
    }

    private boolean isRemoved(int baseIndex) {
        // removedIndex is ascending; packets remove few entities, and only malformed-looking adds get here.
        int lo = 0;
        int hi = delta.removedCount - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int v = delta.removedIndex[mid];
            if (v < baseIndex) {
                lo = mid + 1;
            } else if (v > baseIndex) {
                hi = mid - 1;
            } else {
                return true;
            }
        }
        return false;
    }

    private Result malformed() {
        malformedCount++;
        return Result.MALFORMED;
    }

    private Result missingBaseline() {
        missingBaselineCount++;
        return Result.MISSING_BASELINE;
    }

    /** The view of the newest accepted packet (empty before the first). Valid until the next decode. */
    public SnapshotView view() {
        return newestView;
    }

    /** Server tick of the newest accepted packet, -1 before the first. */
    public long serverTick() {
        return serverTick;
    }

    /** Last input tick the server applied for this client, per the newest accepted packet; -1 when none. */
    public long lastAppliedInputTick() {
        return lastAppliedInputTick;
    }

    /** True once any packet was accepted (until then there is nothing to acknowledge). */
    public boolean hasAcks() {
        return acks.hasReceived();
    }

    public int ackSequence() {
        return acks.ackSequence();
    }

    public int ackBits() {
        return acks.ackBits();
    }

    /** The logical content of the last packet that got past the header (for tests and tools). */
    public SnapshotDelta lastDelta() {
        return delta;
    }

    public long acceptedCount() {
        return acceptedCount;
    }

    public long duplicateCount() {
        return duplicateCount;
    }

    public long staleCount() {
        return staleCount;
    }

    public long missingBaselineCount() {
        return missingBaselineCount;
    }

    public long malformedCount() {
        return malformedCount;
    }
}
