package io.tickforge.shared.snapshot;

import io.tickforge.shared.world.EntityLayout;

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

    private final EntityLayout layout;
    private final ViewEntries entries;
    private final SequenceBuffer sequences;
    private final SnapshotView[] views;
    private final SnapshotDelta delta;
    /** One entity's values while it is decoded. */
    private final int[] scratch;
    /** The layout's position range (the same for every axis) and, per angle lane, its mask bit and wrap mask. */
    private final int axisMin;
    private final int axisMax;
    private final int[] angleBit;
    private final int[] angleMask;
    private final Input input = new Input();
    private final AckTracker acks = new AckTracker();
    private final SnapshotView empty;

    private SnapshotView newestView;
    private long serverTick = -1;
    private long lastAppliedInputTick = -1;

    private long acceptedCount;
    private long duplicateCount;
    private long staleCount;
    private long missingBaselineCount;
    private long malformedCount;

    /** A decoder of the fixed shape with {@link #DEFAULT_HISTORY_LENGTH} views, each starting with room for 256 entities. */
    public SnapshotDecoder() {
        this(EntityLayout.FIXED, DEFAULT_HISTORY_LENGTH, 256);
    }

    /** A decoder of the fixed shape (the arena's layout). */
    public SnapshotDecoder(int historyLength, int initialEntityCapacity) {
        this(EntityLayout.FIXED, historyLength, initialEntityCapacity);
    }

    /** A decoder of entities of {@code layout} (the game's entity schema, checked in the handshake). */
    public SnapshotDecoder(EntityLayout layout, int historyLength, int initialEntityCapacity) {
        this.layout = layout;
        this.entries = new ViewEntries(layout);
        this.delta = new SnapshotDelta(layout, 64);
        this.scratch = new int[layout.values];
        this.axisMin = layout.min[0];
        this.axisMax = layout.max[0];
        this.angleBit = new int[layout.angleLanes.length];
        this.angleMask = new int[layout.angleLanes.length];
        for (int i = 0; i < angleBit.length; i++) {
            angleBit[i] = layout.maskBit[layout.angleLanes[i]];
            angleMask[i] = layout.max[layout.angleLanes[i]];
        }
        this.empty = new SnapshotView(entries, 1);
        sequences = new SequenceBuffer(historyLength);
        views = new SnapshotView[historyLength];
        for (int i = 0; i < historyLength; i++) {
            views[i] = new SnapshotView(entries, initialEntityCapacity);
        }
        newestView = empty;
    }

    public EntityLayout layout() {
        return layout;
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
        final EntityLayout l = layout;
        final int values = l.values;
        final int maskBits = l.maskBits;
        final int maskAll = (1 << maskBits) - 1;
        final int[] v = scratch;
        final int[] coding = l.coding;
        for (int c = 0; c < n; c++) {
            int head = in.readVarInt(true);
            if (head < 0) {
                return malformed();
            }
            int gap = head >>> maskBits;
            int mask = head & maskAll;
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
            base.predictInto(b, d.serverTick, v);
            int positionMode = mask & EntityLayout.POSITION_MODE_MASK;
            if (positionMode == EntityLayout.POSITION_MODE_MASK) {
                return malformed();
            } else if (positionMode == EntityLayout.POSITION_SMALL) {
                int pair = in.readByte() & 0xFF;
                v[0] += SnapshotEncoder.unzigzag(pair >>> 4);
                v[1] += SnapshotEncoder.unzigzag(pair & 0xF);
                if (l.dims == 3) {
                    int z = in.readByte() & 0xFF;
                    if (z > 0xF) {
                        return malformed();
                    }
                    v[2] += SnapshotEncoder.unzigzag(z);
                }
            } else if (positionMode == EntityLayout.POSITION_FULL) {
                for (int k = 0; k < l.dims; k++) {
                    v[k] += in.readVarInt(false);
                }
            }
            if (positionMode != 0 && (v[0] < axisMin || v[0] > axisMax || v[1] < axisMin || v[1] > axisMax
                    || (l.dims == 3 && (v[2] < axisMin || v[2] > axisMax)))) {
                return malformed();
            }
            final int[] angles = l.angleLanes;
            for (int i = 0; i < angles.length; i++) {
                final int k = angles[i];
                if ((mask & angleBit[i]) != 0) {
                    final int delta = in.readVarInt(false);
                    final int turn = angleMask[i] + 1;
                    if (delta < -(turn >>> 1) || delta >= turn >>> 1) {
                        return malformed();
                    }
                    v[k] = (v[k] + delta) & angleMask[i];
                }
            }
            if ((mask & l.statusBit) != 0 && !readAbsolutes(in, v)) {
                return malformed();
            }
            d.addChanged(b, mask, v, 0);
        }

        n = in.readVarInt(true);
        // Every added entity takes at least one byte per lane and one for its id: a hostile count
        // cannot make us grow arrays.
        if (n < 0 || n > (end - in.position()) / l.minAddedBytes
                || baseCount - d.removedCount + n > EntityIds.MAX_ENTITIES) {
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
            for (int k = 0; k < values; k++) {
                final int c = coding[k];
                if (c == EntityLayout.AXIS) {
                    v[k] = in.readVarInt(false);
                    if (v[k] < l.min[k] || v[k] > l.max[k]) {
                        return malformed();
                    }
                } else if (c == EntityLayout.ANGLE) {
                    v[k] = in.readVarInt(true);
                    if (v[k] < 0 || v[k] > l.max[k]) {
                        return malformed();
                    }
                } else if (!readAbsolute(in, v, k)) {
                    return malformed();
                }
            }
            if (base != null) {
                int bi = base.indexOf(id);
                if (bi >= 0 && !isRemoved(bi)) {
                    return malformed();
                }
            }
            d.addAdded(id, v, 0);
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

    /** Reads every absolute lane into {@code v}; false when one is out of its declared range. */
    private boolean readAbsolutes(Input in, int[] v) {
        final int[] absolutes = layout.absoluteLanes;
        for (int i = 0; i < absolutes.length; i++) {
            if (!readAbsolute(in, v, absolutes[i])) {
                return false;
            }
        }
        return true;
    }

    private boolean readAbsolute(Input in, int[] v, int k) {
        final int u = in.readVarInt(true);
        final long span = (long) layout.max[k] - layout.min[k];
        if (u < 0 || u > span) {
            return false;
        }
        v[k] = layout.min[k] + u;
        return layout.accepts(k, v[k]);
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
