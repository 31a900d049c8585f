package io.tickforge.server.replication;

import io.tickforge.shared.seq.SequenceBuffer;
import io.tickforge.shared.seq.Sequences;
import io.tickforge.shared.snapshot.SnapshotDelta;
import io.tickforge.shared.snapshot.SnapshotEncoder;
import io.tickforge.shared.snapshot.SnapshotView;
import io.tickforge.shared.world.EntityIds;
import io.tickforge.shared.world.Quantization;
import io.tickforge.shared.world.WorldSnapshot;
import it.unimi.dsi.fastutil.ints.IntArrays;
import it.unimi.dsi.fastutil.ints.IntComparator;

import java.util.Arrays;

/**
 * THE PREVIOUS ENGINE (main at a75cf83), kept in test scope only as the reference of the
 * differential test until the new engine has replaced it.
 *
 * Snapshot replication with per-client deltas against acknowledged state. Tick thread only;
 * positions in 1/256 m units, sizes in bytes; no allocation per tick in steady state (arrays grow
 * only when the world or a client's view outgrows them).
 *
 * <p>Model: packet P leaves the client with a view, View(P) = View(B) with P's removals, changes
 * and additions applied, where B is the newest packet the client acknowledged when P was written
 * (or nothing, for a keyframe). The server keeps the views of the last {@code historyLength}
 * packets per client that can still become a baseline (the newest acknowledged one and newer;
 * older views are recycled), built with the same {@link SnapshotView#applyDelta} the client's
 * decoder uses, so it always
 * knows exactly what a baseline holds. A lost packet costs nothing but re-sending its entities
 * against an older view; nothing has to be resent "reliably".
 *
 * <p>Per packet: interest (entities within the radius of the client's player, through the
 * {@link InterestGrid}; the player itself always), diff against the baseline view, then removals
 * first and the pending changes and additions by priority (own player first, then the per-entity
 * accumulator that grows each tick an entity waits, faster when it is close) until the payload
 * budget is full. What does not fit follows in later packets.
 */
final class ViewReplication {
    private static final int HEADING_MASK = Quantization.HEADING_UNITS_PER_TURN - 1;

    private final ReplicationConfig config;
    private final int payloadBudgetBytes;
    private final long radiusUnits;
    private final long radiusOutUnits;
    private final long radiusSq;

    private final WorldSnapshot[] worldHistory;
    private final boolean[] worldRecorded;
    private int worldHistoryNext;
    private WorldSnapshot world;
    private final ViewInterestGrid grid;

    private final ClientState[] clients;

    // Per-packet scratch, reused by every writePacket call.
    private int[] candidates;
    private long[] candidateBits;
    private int[] pendingWorld;
    private int[] pendingBase;
    private int[] pendingMask;
    private int[] pendingCost;
    private int[] pendingDx;
    private int[] pendingDy;
    private int[] pendingDh;
    private float[] pendingKey;
    private boolean[] pendingIncluded;
    private int[] pendingOrder;
    private final IntComparator byKeyDescending = (a, b) -> Float.compare(pendingKey[b], pendingKey[a]);
    private final SnapshotDelta delta = new SnapshotDelta(256);
    private final SnapshotEncoder encoder = new SnapshotEncoder();

    private long packetsWritten;
    private long bytesWritten;
    private long keyframesWritten;
    private long deferredPackets;
    private long deferredEntities;
    private int maxPacketBytes;
    private long unknownAcks;
    private boolean lastPacketDeferred;

    ViewReplication(ReplicationConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        this.config = config;
        this.payloadBudgetBytes = config.payloadBudgetBytes();
        this.radiusUnits = Quantization.positionToUnits(config.interestRadiusM);
        this.radiusOutUnits = Quantization.positionToUnits(config.interestRadiusM * config.interestHysteresis);
        this.radiusSq = radiusUnits * radiusUnits;
        worldHistory = new WorldSnapshot[config.historyLength];
        worldRecorded = new boolean[config.historyLength];
        for (int i = 0; i < worldHistory.length; i++) {
            worldHistory[i] = new WorldSnapshot(0);
        }
        grid = new ViewInterestGrid(config.arenaSizeM, config.gridCellM, 1024);
        clients = new ClientState[config.maxPlayers];
        int c = 256;
        candidates = new int[c];
        candidateBits = new long[(c + 63) >>> 6];
        pendingWorld = new int[c];
        pendingBase = new int[c];
        pendingMask = new int[c];
        pendingCost = new int[c];
        pendingDx = new int[c];
        pendingDy = new int[c];
        pendingDh = new int[c];
        pendingKey = new float[c];
        pendingIncluded = new boolean[c];
        pendingOrder = new int[c];
    }

    public ReplicationConfig config() {
        return config;
    }

    /**
     * Views live only while they can still become a baseline: the baseline is always the newest
     * acknowledged packet, which only moves forward, so a packet older than it (or one whose ring
     * slot is being reused) is dead and its view goes back to a per-client free list. In steady
     * state a client holds round trip + 1 views (~8 at 100 ms) instead of {@code historyLength},
     * and the view reused for the next packet is the one freed most recently, still warm in the
     * cache: with 32 cold views per client the view rebuild was bound by cache misses.
     */
    private static final class ClientState {
        boolean active;
        int nextSequence;
        final SequenceBuffer sent;
        /** The view each ring slot's packet left on the client; null when that packet is dead. */
        final SnapshotView[] slotView;
        /** Recycled views, used last in first out. */
        final SnapshotView[] free;
        int freeCount;
        /** Live packets are the contiguous range oldestLive .. nextSequence - 1 (liveCount of them). */
        int oldestLive;
        int liveCount;
        /**
         * Largest capacity any of this client's views reached: a recycled or new view is grown to
         * it at once, so the views grow together instead of each one separately.
         */
        int viewCapacity = INITIAL_VIEW_CAPACITY;
        boolean hasAck;
        int newestAcked;
        /** Priority accumulator by entity id. */
        float[] priority = new float[0];
        /**
         * Entries of {@link #priority} above zero: they only become so in a packet that defers,
         * so while this is 0 (nearly always) sending an entity needs no reset of its accumulator.
         */
        int raisedPriorities;

        ClientState(int historyLength) {
            sent = new SequenceBuffer(historyLength);
            slotView = new SnapshotView[historyLength];
            free = new SnapshotView[historyLength];
        }

        void reset() {
            while (liveCount > 0) {
                releaseOldest();
            }
            nextSequence = 0;
            sent.reset();
            hasAck = false;
            newestAcked = 0;
            Arrays.fill(priority, 0f);
            raisedPriorities = 0;
        }

        void releaseOldest() {
            int i = sent.index(oldestLive);
            free[freeCount++] = slotView[i];
            slotView[i] = null;
            oldestLive = Sequences.next(oldestLive);
            liveCount--;
        }

        /** Frees the views of packets that can no longer be a baseline when {@code sequence} is written. */
        void releaseDead(int sequence, int historyLength) {
            while (liveCount > 0
                    && (Sequences.difference(sequence, oldestLive) >= historyLength
                    || (hasAck && Sequences.sequenceGreaterThan(newestAcked, oldestLive)))) {
                releaseOldest();
            }
        }

        SnapshotView takeView() {
            SnapshotView v = freeCount > 0 ? free[--freeCount] : new SnapshotView(viewCapacity);
            v.reserve(viewCapacity);
            return v;
        }

        void storeView(int slotIndex, int sequence, SnapshotView v) {
            slotView[slotIndex] = v;
            if (liveCount == 0) {
                oldestLive = sequence;
            }
            liveCount++;
            if (v.capacity() > viewCapacity) {
                viewCapacity = v.capacity();
            }
        }
    }

    private static final int INITIAL_VIEW_CAPACITY = 64;

    private ClientState client(int slot) {
        if (slot < 0 || slot >= clients.length || clients[slot] == null || !clients[slot].active) {
            throw new IllegalArgumentException("no client in slot " + slot);
        }
        return clients[slot];
    }

    public void addClient(int slot) {
        if (slot < 0 || slot >= clients.length) {
            throw new IllegalArgumentException("slot must be 0.." + (clients.length - 1) + ": " + slot);
        }
        ClientState c = clients[slot];
        if (c == null) {
            c = new ClientState(config.historyLength);
            clients[slot] = c;
        }
        c.reset();
        if (world != null) {
            growPriority(c, world);
        }
        c.active = true;
    }

    public void removeClient(int slot) {
        if (slot >= 0 && slot < clients.length && clients[slot] != null) {
            clients[slot].active = false;
        }
    }

    /**
     * Acks name packets by 16-bit sequence; any that is not among this client's last
     * {@code historyLength} packets (too old, never sent, forged) is ignored and counted.
     */
    public void onAcks(int slot, int ackSequence, int ackBits) {
        if (slot < 0 || slot >= clients.length || clients[slot] == null || !clients[slot].active) {
            unknownAcks++;
            return;
        }
        ClientState c = clients[slot];
        ack(c, ackSequence & Sequences.MASK);
        for (int bit = 0; bit < 32 && ackBits != 0; bit++) {
            if ((ackBits & (1 << bit)) != 0) {
                ack(c, Sequences.minus(ackSequence, bit + 1));
            }
        }
    }

    private void ack(ClientState c, int sequence) {
        if (c.sent.find(sequence) < 0) {
            unknownAcks++;
            return;
        }
        if (!c.hasAck || Sequences.sequenceGreaterThan(sequence, c.newestAcked)) {
            c.hasAck = true;
            c.newestAcked = sequence;
        }
    }

    public void recordWorld(WorldSnapshot snapshot) {
        WorldSnapshot w = worldHistory[worldHistoryNext];
        if (w.capacity() < snapshot.count) {
            w = new WorldSnapshot(Math.max(snapshot.count, 2 * w.capacity()));
            worldHistory[worldHistoryNext] = w;
        }
        w.copyFrom(snapshot);
        worldRecorded[worldHistoryNext] = true;
        worldHistoryNext = (worldHistoryNext + 1) % worldHistory.length;
        world = w;
        grid.rebuild(w);
        if (candidates.length < w.count) {
            growScratch(Math.max(w.count, candidates.length * 2));
        }
        for (ClientState c : clients) {
            if (c != null && c.active) {
                growPriority(c, w);
            }
        }
    }

    private static void growPriority(ClientState c, WorldSnapshot w) {
        int need = w.count == 0 ? 0 : w.entityId[w.count - 1] + 1;
        if (c.priority.length < need) {
            c.priority = Arrays.copyOf(c.priority, Math.max(need, c.priority.length * 2));
        }
    }

    private void growScratch(int n) {
        candidates = new int[n];
        candidateBits = new long[(n + 63) >>> 6];
        pendingWorld = new int[n];
        pendingBase = new int[n];
        pendingMask = new int[n];
        pendingCost = new int[n];
        pendingDx = new int[n];
        pendingDy = new int[n];
        pendingDh = new int[n];
        pendingKey = new float[n];
        pendingIncluded = new boolean[n];
        pendingOrder = new int[n];
    }

    /** The recorded world of {@code tick} if still in the history ring, else null. */
    public WorldSnapshot worldAt(long tick) {
        for (int i = 0; i < worldHistory.length; i++) {
            if (worldRecorded[i] && worldHistory[i].tick == tick) {
                return worldHistory[i];
            }
        }
        return null;
    }

    public int writePacket(int slot, long lastAppliedInputTick, byte[] out) {
        final ClientState c = client(slot);
        if (out == null || out.length < payloadBudgetBytes) {
            throw new IllegalArgumentException("out must hold the payload budget of " + payloadBudgetBytes + " bytes");
        }
        final WorldSnapshot w = world;
        if (w == null) {
            throw new IllegalStateException("writePacket before the first recordWorld");
        }
        final int sequence = c.nextSequence;

        // Baseline: the newest acknowledged packet whose view is still in the ring.
        SnapshotView base = null;
        int baselineAge = 0;
        if (c.hasAck && c.sent.find(c.newestAcked) >= 0) {
            int age = Sequences.difference(sequence, c.newestAcked);
            // A null view cannot happen for an acknowledged packet inside the window (only older
            // packets are released); checked anyway so a wrapped sequence degrades to a keyframe.
            if (age > 0 && age < config.historyLength && c.slotView[c.sent.index(c.newestAcked)] != null) {
                base = c.slotView[c.sent.index(c.newestAcked)];
                baselineAge = age;
            }
        }
        final int baseCount = base == null ? 0 : base.count();

        // Interest: grid query around the client's player; entities already held stay until
        // they are beyond the hysteresis radius, so a border crossing does not flap add/remove.
        int n = 0;
        final int self = w.indexOf(EntityIds.player(slot));
        if (self >= 0) {
            final long[] bits = candidateBits;
            grid.query(w.x[self], w.y[self], radiusOutUnits, bits);
            // Indexes into the id-sorted world: ascending index order is ascending id order.
            final int words = (w.count + 63) >>> 6;
            for (int word = 0; word < words; word++) {
                long v = bits[word];
                bits[word] = 0L;
                while (v != 0L) {
                    candidates[n++] = (word << 6) + Long.numberOfTrailingZeros(v);
                    v &= v - 1;
                }
            }
        }
        final int cx = self >= 0 ? w.x[self] : 0;
        final int cy = self >= 0 ? w.y[self] : 0;

        final SnapshotDelta d = delta;
        d.clear();
        d.sequence = sequence;
        d.serverTick = w.tick;
        d.lastAppliedInputTick = lastAppliedInputTick;
        d.keyframe = base == null;
        d.baselineSequence = base == null ? 0 : c.newestAcked;

        // Diff the sorted candidates against the sorted baseline view.
        int pending = 0;
        int removals = 0;
        int pendingBytes = 0;
        final float[] priority = c.priority;
        int k = 0;
        int b = 0;
        while (k < n || b < baseCount) {
            int candId = k < n ? w.entityId[candidates[k]] : Integer.MAX_VALUE;
            int baseId = b < baseCount ? base.entityId(b) : Integer.MAX_VALUE;
            if (baseId < candId) {
                d.addRemoved(b);
                removals++;
                b++;
                continue;
            }
            int i = candidates[k];
            k++;
            int mask;
            int cost;
            int bi;
            int dx = 0;
            int dy = 0;
            int dh = 0;
            int hw = w.heading[i] & HEADING_MASK;
            if (candId < baseId) {
                long ex = (long) w.x[i] - cx;
                long ey = (long) w.y[i] - cy;
                if (ex * ex + ey * ey > radiusSq && i != self) {
                    continue;
                }
                bi = -1;
                mask = SnapshotDelta.FIELD_ALL;
                cost = SnapshotEncoder.addedBytes(candId, w.x[i], w.y[i], hw, w.health[i], w.flags[i]);
            } else {
                bi = b++;
                if (base.sameValues(bi, w.x[i], w.y[i], hw, w.health[i], w.flags[i])) {
                    continue;
                }
                boolean status = w.health[i] != base.health(bi) || w.flags[i] != base.flags(bi);
                // Changed: x, y and heading go as residuals against the baseline's prediction.
                dx = w.x[i] - base.predictX(bi, w.tick);
                dy = w.y[i] - base.predictY(bi, w.tick);
                dh = SnapshotEncoder.headingDelta(hw, base.predictHeading(bi, w.tick));
                mask = SnapshotDelta.positionMode(dx, dy)
                        | (dh != 0 ? SnapshotDelta.FIELD_HEADING : 0) | (status ? SnapshotDelta.FIELD_STATUS : 0);
                cost = SnapshotEncoder.changedBytes(baseCount, mask, dx, dy, dh, w.health[i], w.flags[i]);
            }
            pendingWorld[pending] = i;
            pendingBase[pending] = bi;
            pendingMask[pending] = mask;
            pendingCost[pending] = cost;
            pendingDx[pending] = dx;
            pendingDy[pending] = dy;
            pendingDh[pending] = dh;
            pendingIncluded[pending] = true;
            pendingBytes += cost;
            pending++;
        }

        // Budget: header (with worst-case counts), then removals, then pending by priority.
        int remaining = payloadBudgetBytes - SnapshotEncoder.headerBytes(w.tick, lastAppliedInputTick, d.keyframe,
                baselineAge, removals, pending, pending);
        boolean deferred = false;
        final int removalCost = SnapshotEncoder.removedBytes(baseCount);
        if (removals * removalCost > remaining) {
            int keep = Math.max(0, remaining / removalCost);
            d.removedCount = keep;
            deferred = true;
            deferredEntities += removals - keep;
        }
        remaining -= d.removedCount * removalCost;
        if (pendingBytes > remaining) {
            deferred = true;
            // Priorities only matter when something has to wait, so they are computed here: every
            // pending entity's accumulator grows (closer ones faster), the sent ones are reset
            // below. When everything fits, the reset alone gives the same accumulators.
            for (int p = 0; p < pending; p++) {
                pendingOrder[p] = p;
                pendingIncluded[p] = false;
                int i = pendingWorld[p];
                if (i == self) {
                    pendingKey[p] = Float.POSITIVE_INFINITY;
                } else {
                    long ex = (long) w.x[i] - cx;
                    long ey = (long) w.y[i] - cy;
                    double d2 = (double) (ex * ex + ey * ey);
                    int id = w.entityId[i];
                    float closeness = 1f - (float) Math.sqrt(d2 / (double) radiusSq);
                    float old = priority[id];
                    float pr = old + 1f + 3f * Math.max(0f, closeness);
                    if (old == 0f) {
                        c.raisedPriorities++;
                    }
                    priority[id] = pr;
                    pendingKey[p] = pr;
                }
            }
            IntArrays.quickSort(pendingOrder, 0, pending, byKeyDescending);
            for (int q = 0; q < pending; q++) {
                int p = pendingOrder[q];
                if (pendingCost[p] <= remaining) {
                    remaining -= pendingCost[p];
                    pendingIncluded[p] = true;
                } else {
                    deferredEntities++;
                }
            }
        }
        for (int p = 0; p < pending; p++) {
            if (!pendingIncluded[p]) {
                continue;
            }
            int i = pendingWorld[p];
            int id = w.entityId[i];
            if (c.raisedPriorities > 0 && priority[id] != 0f) {
                priority[id] = 0f;
                c.raisedPriorities--;
            }
            int hw = w.heading[i] & HEADING_MASK;
            if (pendingBase[p] < 0) {
                d.addAdded(id, w.x[i], w.y[i], hw, w.health[i], w.flags[i]);
            } else {
                d.addChanged(pendingBase[p], pendingMask[p], w.x[i], w.y[i], hw, w.health[i], w.flags[i],
                        pendingDx[p], pendingDy[p], pendingDh[p]);
            }
        }
        d.complete = !deferred;

        int length = encoder.encode(d, base, out, payloadBudgetBytes);
        c.releaseDead(sequence, config.historyLength);
        SnapshotView view = c.takeView();
        view.applyDelta(base, d);
        c.storeView(c.sent.insert(sequence), sequence, view);
        c.nextSequence = Sequences.next(sequence);

        packetsWritten++;
        bytesWritten += length;
        if (base == null) {
            keyframesWritten++;
        }
        if (deferred) {
            deferredPackets++;
        }
        lastPacketDeferred = deferred;
        if (length > maxPacketBytes) {
            maxPacketBytes = length;
        }
        return length;
    }


    /** Packets written since construction (all clients). */
    public long packetsWritten() {
        return packetsWritten;
    }

    public long bytesWritten() {
        return bytesWritten;
    }

    public long keyframesWritten() {
        return keyframesWritten;
    }

    /** Packets whose changes did not all fit the budget (the rest followed later). */
    public long deferredPackets() {
        return deferredPackets;
    }

    /** Entity updates (and removals) pushed to a later packet for lack of budget, summed over packets. */
    public long deferredEntities() {
        return deferredEntities;
    }

    public int maxPacketBytes() {
        return maxPacketBytes;
    }

    /** Acks naming a packet this server does not hold for that client (too old, never sent, forged). */
    public long unknownAcks() {
        return unknownAcks;
    }

    /** True when the last packet written deferred something. */
    public boolean lastPacketDeferred() {
        return lastPacketDeferred;
    }

    /** True when the client's next packet will be a keyframe (no usable acknowledged baseline). */
    public boolean nextPacketIsKeyframe(int slot) {
        ClientState c = client(slot);
        if (!c.hasAck || c.sent.find(c.newestAcked) < 0) {
            return true;
        }
        int age = Sequences.difference(c.nextSequence, c.newestAcked);
        return age <= 0 || age >= config.historyLength;
    }

    /** Views this client holds (live ones and recycled ones): at most {@code historyLength}. */
    int viewsHeld(int slot) {
        ClientState c = client(slot);
        return c.liveCount + c.freeCount;
    }

    /** Sets the sequence of the client's next packet (tests of wraparound; a fresh client starts at 0). */
    void setNextSequence(int slot, int sequence) {
        ClientState c = client(slot);
        c.reset();
        c.nextSequence = sequence & Sequences.MASK;
    }

    public void resetCounters() {
        packetsWritten = 0;
        bytesWritten = 0;
        keyframesWritten = 0;
        deferredPackets = 0;
        deferredEntities = 0;
        maxPacketBytes = 0;
        unknownAcks = 0;
    }
}
