package io.tickforge.server.replication;

import com.esotericsoftware.kryo.io.Output;
import io.tickforge.shared.seq.Sequences;
import io.tickforge.shared.snapshot.SnapshotDelta;
import io.tickforge.shared.snapshot.SnapshotEncoder;
import io.tickforge.shared.snapshot.ViewEntries;
import io.tickforge.shared.world.EntityIds;

import java.util.Arrays;

/**
 * Writes one client's snapshot packet for the current tick. One writer per thread that writes
 * packets (the tick thread and each replication worker): it owns its scratch, delta and encoder,
 * and reads the shared {@link WorldHistory} and {@link InterestGrid}, which nobody writes while
 * packets are written. No allocation in steady state; positions in 1/256 m units, sizes in bytes.
 *
 * <p>Steps: {@link #baseline} (the newest acknowledged packet still held), {@link #diff}
 * (interest query, then removals, changes and additions against what that packet left on the
 * client), the {@link BudgetFitter}, {@link #fillDelta} and the encoder, then {@link #store}
 * (what this packet leaves on the client, kept sparsely: see {@link ClientState}).
 */
final class PacketWriter {
    private static final int S = ViewEntries.STRIDE;
    private static final int V = WorldHistory.VALUES;

    private final int historyLength;
    private final int payloadBudgetBytes;
    private final long radiusOutUnits;
    private final long radiusSq;
    private final WorldHistory history;
    private final InterestGrid grid;
    private final PendingEntities pending = new PendingEntities(256);
    private final BudgetFitter budget;
    private final SnapshotDelta delta = new SnapshotDelta(256);
    private final SnapshotEncoder encoder = new SnapshotEncoder();
    private long[] interest = new long[0];
    private int[] incompleteScratch = new int[512 * PacketExceptions.SLOT];
    private final ClientState.ArenaScratch arenaScratch = new ClientState.ArenaScratch();
    /** One view entry of scratch. */
    private final int[] entry = new int[S];

    // Baseline of the packet being written (set by baseline()).
    private int baseSlot;
    private int baseCount;
    private long baseTick;
    private int baseWorld;

    /**
     * Shared encoding: most clients acknowledge with the same delay, so many of them code an entity
     * against the same baseline entry in the same tick. Per entity id, the last baseline entry this
     * writer coded it against this tick, with the residuals, mask, size and the new velocity sample
     * that gave; a client whose baseline entry is identical reuses them instead of predicting and
     * sampling again. The bytes themselves are still written per client (the index gap in front of
     * them differs), which is a handful of varint bytes. One cache per writer: no sharing between
     * threads. Packets are the same with or without it.
     */
    private long[] cacheTick = new long[0];
    private int[] cacheKey = new int[0];
    private int[] cacheResult = new int[0];
    /** Per cached entity: 0 no sample computed yet, 1 computed (in {@link #cacheSample}). */
    private boolean[] cacheHasSample = new boolean[0];
    private int[] cacheSample = new int[0];
    private static final int RESULT = 5;
    private static final int SAMPLE = S - ViewEntries.SAMPLE_DT;
    /** Pending entity index -> whether its baseline entry matched the cache (its sample may be reused). */
    private boolean[] pendingCached = new boolean[256];

    // Counters, read by the tick thread after the write phase.
    long codedChanges;
    long sharedCodings;
    long packetsWritten;
    long bytesWritten;
    long keyframesWritten;
    long deferredPackets;
    long deferredEntities;
    int maxPacketBytes;
    boolean lastPacketDeferred;

    PacketWriter(ReplicationConfig config, long radiusUnits, long radiusOutUnits, WorldHistory history, InterestGrid grid) {
        this.historyLength = config.historyLength;
        this.payloadBudgetBytes = config.payloadBudgetBytes();
        this.radiusOutUnits = radiusOutUnits;
        this.radiusSq = radiusUnits * radiusUnits;
        this.history = history;
        this.grid = grid;
        this.budget = new BudgetFitter(radiusUnits);
    }

    void resetCounters() {
        codedChanges = 0;
        sharedCodings = 0;
        packetsWritten = 0;
        bytesWritten = 0;
        keyframesWritten = 0;
        deferredPackets = 0;
        deferredEntities = 0;
        maxPacketBytes = 0;
    }

    /** Encodes this tick's packet for {@code c} into {@code out} from index 0; returns its length. */
    int write(ClientState c, long lastAppliedInputTick, byte[] out) {
        final int words = history.idWords();
        if (interest.length < words) {
            interest = new long[words];
        }
        if (cacheTick.length < words << 6) {
            final int ids = words << 6;
            cacheTick = new long[ids];
            Arrays.fill(cacheTick, Long.MIN_VALUE);
            cacheKey = new int[ids * S];
            cacheResult = new int[ids * RESULT];
            cacheHasSample = new boolean[ids];
            cacheSample = new int[ids * SAMPLE];
        }
        c.ensureIds(words);
        final int sequence = c.nextSequence;
        final int cur = history.currentSlot();
        final long tick = history.currentTick();
        final int[] now = history.values(cur);
        final int selfId = EntityIds.player(c.slot);
        final boolean selfPresent = history.isPresent(cur, selfId);
        final int cx = selfPresent ? now[selfId * V + WorldHistory.X] : 0;
        final int cy = selfPresent ? now[selfId * V + WorldHistory.Y] : 0;

        baseline(c, sequence);
        if (selfPresent) {
            grid.query(cx, cy, radiusOutUnits, interest);
        }
        diff(c, now, tick, words, selfId, cx, cy);

        final SnapshotDelta d = delta;
        d.clear();
        d.sequence = sequence;
        d.serverTick = tick;
        d.lastAppliedInputTick = lastAppliedInputTick;
        d.keyframe = baseSlot < 0;
        d.baselineSequence = baseSlot < 0 ? 0 : c.newestAcked;
        final int baselineAge = baseSlot < 0 ? 0 : Sequences.difference(sequence, c.newestAcked);

        // Budget: header (with worst-case counts), then removals, then pending by priority.
        final PendingEntities pe = pending;
        int remaining = payloadBudgetBytes - SnapshotEncoder.headerBytes(tick, lastAppliedInputTick, d.keyframe,
                baselineAge, pe.removals, pe.count, pe.count);
        int removalsSent = pe.removals;
        int deferred = 0;
        final int removalCost = SnapshotEncoder.removedBytes(baseCount);
        if (removalsSent * removalCost > remaining) {
            removalsSent = Math.max(0, remaining / removalCost);
            deferred += pe.removals - removalsSent;
        }
        remaining -= removalsSent * removalCost;
        int deferredPending = budget.fit(pe, remaining, c, now, selfId, cx, cy);
        deferred += deferredPending;
        final boolean complete = deferred == 0 && removalsSent == pe.removals;
        fillDelta(c, d, now, removalsSent);
        d.complete = complete;

        final int length = encoder.encode(d, null, out, payloadBudgetBytes);
        store(c, sequence, tick, now, removalsSent, complete);

        packetsWritten++;
        bytesWritten += length;
        if (baseSlot < 0) {
            keyframesWritten++;
        }
        if (!complete) {
            deferredPackets++;
            deferredEntities += deferred;
        }
        lastPacketDeferred = !complete;
        if (length > maxPacketBytes) {
            maxPacketBytes = length;
        }
        return length;
    }

    /** The newest acknowledged packet that can be a baseline, with its recorded world; or none (keyframe). */
    private void baseline(ClientState c, int sequence) {
        baseSlot = c.baselineSlot(sequence, historyLength);
        if (baseSlot >= 0) {
            baseTick = c.packetTick[baseSlot];
            baseWorld = history.slotOf(baseTick);
            if (baseWorld < 0 || history.slotOf(c.packetOldestTick[baseSlot]) < 0) {
                // The world of that tick (or of an older entry it holds) is no longer recorded (the
                // client was skipped for longer than the history): its entries are unknown, so
                // start over with a keyframe.
                baseSlot = -1;
            }
        }
        baseCount = baseSlot < 0 ? 0 : c.packetCount[baseSlot];
    }

    /**
     * Walks the interest bitmap and the baseline's id bitmap word by word: held but no longer of
     * interest is a removal, of interest but not held is a candidate addition (within the radius;
     * held ones stay until the hysteresis radius), both is a candidate change. An entity unchanged
     * since the baseline costs one comparison of its last change tick with the baseline's tick;
     * only entities that changed are compared value by value and predicted.
     */
    private void diff(ClientState c, int[] now, long tick, int words, int selfId, int cx, int cy) {
        final PendingEntities pe = pending;
        pe.clear();
        final long[] q = interest;
        final boolean hasBase = baseSlot >= 0;
        final long[] held = hasBase ? c.members[baseSlot] : null;
        final int[] exc = c.arena;
        final int excFirst = hasBase ? c.exceptionStart[baseSlot] : 0;
        final int excEnd = excFirst + (hasBase ? c.exceptionCount[baseSlot] : 0);
        final int[] baseValues = hasBase ? history.values(baseWorld) : null;
        final long tB = baseTick;
        final long[] lastChange = history.lastChanges();
        final int costGap = baseCount;
        int ec = excFirst;
        int rank = 0;
        for (int word = 0; word < words; word++) {
            final long qw = q[word];
            q[word] = 0L;
            final long hw = hasBase ? held[word] : 0L;
            if ((qw | hw) == 0L) {
                continue;
            }
            long removed = hw & ~qw;
            while (removed != 0L) {
                final long bit = removed & -removed;
                pe.addRemoval((word << 6) + Long.numberOfTrailingZeros(removed), rank + Long.bitCount(hw & (bit - 1)));
                removed ^= bit;
            }
            long cand = qw;
            while (cand != 0L) {
                final long bit = cand & -cand;
                cand ^= bit;
                final int id = (word << 6) + Long.numberOfTrailingZeros(bit);
                final int o = id * WorldHistory.VALUES;
                final int xv = now[o + WorldHistory.X];
                final int yv = now[o + WorldHistory.Y];
                final int h = now[o + WorldHistory.HEADING];
                final int hp = now[o + WorldHistory.HEALTH];
                final int fl = now[o + WorldHistory.FLAGS];
                if ((hw & bit) == 0L) {
                    long ex = (long) xv - cx;
                    long ey = (long) yv - cy;
                    if (ex * ex + ey * ey > radiusSq && id != selfId) {
                        continue;
                    }
                    final int p = pe.add(id, -1, SnapshotDelta.FIELD_ALL, SnapshotEncoder.addedBytes(id, xv, yv, h, hp, fl), 0, 0, 0);
                    if (pendingCached.length <= p) {
                        pendingCached = Arrays.copyOf(pendingCached, pendingCached.length * 2);
                    }
                    pendingCached[p] = false;
                    continue;
                }
                while (ec < excEnd && PacketExceptions.id(exc, ec) < id) {
                    ec += PacketExceptions.slots(exc, ec);
                }
                pe.reserveNext();
                final int[] be = pe.baseEntries;
                final int bo = pe.count * S;
                final boolean hasRecord = ec < excEnd && PacketExceptions.id(exc, ec) == id;
                if (hasRecord && (PacketExceptions.isFull(exc, ec) || PacketExceptions.age(exc, ec) > 0)) {
                    // An entry older than the baseline's tick (left by a packet that deferred).
                    PacketExceptions.toEntry(exc, ec, baseValues, tB, history, be, bo);
                    final long entryTick = ViewEntries.tick(be, bo);
                    if (history.slotOf(entryTick) >= 0 && lastChange[id] <= entryTick) {
                        continue;
                    }
                    if (ViewEntries.sameValues(be, bo, xv, yv, h, hp, fl)) {
                        continue;
                    }
                } else {
                    // The baseline holds the recorded world's values of its tick (with a velocity
                    // sample when it carried the entity moving): unchanged unless it changed since.
                    if (lastChange[id] <= tB) {
                        continue;
                    }
                    final int[] bv = baseValues;
                    if (bv[o + WorldHistory.X] == xv && bv[o + WorldHistory.Y] == yv && bv[o + WorldHistory.HEADING] == h
                            && bv[o + WorldHistory.HEALTH] == hp && bv[o + WorldHistory.FLAGS] == fl) {
                        continue;
                    }
                    if (hasRecord) {
                        PacketExceptions.toEntry(exc, ec, bv, tB, history, be, bo);
                    } else {
                        ViewEntries.writeStill(be, bo, id, bv[o + WorldHistory.X], bv[o + WorldHistory.Y],
                                bv[o + WorldHistory.HEADING], bv[o + WorldHistory.HEALTH], bv[o + WorldHistory.FLAGS], tB);
                    }
                }
                // Changed: x, y and heading go as residuals against the baseline entry's prediction,
                // computed once per distinct baseline entry per tick (see the cache fields).
                codedChanges++;
                final int ro = id * RESULT;
                final int ko = id * S;
                final int[] result = cacheResult;
                final boolean shared = cacheTick[id] == tick && Arrays.equals(cacheKey, ko, ko + S, be, bo, bo + S);
                if (shared) {
                    sharedCodings++;
                } else {
                    final boolean status = hp != be[bo + ViewEntries.HEALTH] || fl != be[bo + ViewEntries.FLAGS];
                    final int dx = xv - ViewEntries.predictX(be, bo, tick);
                    final int dy = yv - ViewEntries.predictY(be, bo, tick);
                    final int dh = SnapshotEncoder.headingDelta(h, ViewEntries.predictHeading(be, bo, tick));
                    result[ro] = SnapshotDelta.positionMode(dx, dy)
                            | (dh != 0 ? SnapshotDelta.FIELD_HEADING : 0) | (status ? SnapshotDelta.FIELD_STATUS : 0);
                    result[ro + 1] = dx;
                    result[ro + 2] = dy;
                    result[ro + 3] = dh;
                    result[ro + 4] = SnapshotEncoder.changedBytes(0, result[ro], dx, dy, dh, hp, fl)
                            - Output.varIntLength(result[ro], true);
                    cacheTick[id] = tick;
                    cacheHasSample[id] = false;
                    System.arraycopy(be, bo, cacheKey, ko, S);
                }
                final int mask = result[ro];
                final int p = pe.add(id, rank + Long.bitCount(hw & (bit - 1)), mask,
                        Output.varIntLength((costGap << SnapshotDelta.FIELD_BITS) | mask, true) + result[ro + 4],
                        result[ro + 1], result[ro + 2], result[ro + 3]);
                if (pendingCached.length <= p) {
                    pendingCached = Arrays.copyOf(pendingCached, pendingCached.length * 2);
                }
                pendingCached[p] = true;
            }
            rank += Long.bitCount(hw);
        }
    }

    private void fillDelta(ClientState c, SnapshotDelta d, int[] now, int removalsSent) {
        final PendingEntities pe = pending;
        for (int r = 0; r < removalsSent; r++) {
            d.addRemoved(pe.removedIndex[r]);
        }
        final float[] priority = c.priority;
        for (int p = 0; p < pe.count; p++) {
            if (!pe.included[p]) {
                continue;
            }
            final int id = pe.id[p];
            if (c.raisedPriorities > 0 && priority[id] != 0f) {
                priority[id] = 0f;
                c.raisedPriorities--;
            }
            final int o = id * V;
            if (pe.baseIndex[p] < 0) {
                d.addAdded(id, now[o + WorldHistory.X], now[o + WorldHistory.Y], now[o + WorldHistory.HEADING],
                        now[o + WorldHistory.HEALTH], now[o + WorldHistory.FLAGS]);
            } else {
                d.addChanged(pe.baseIndex[p], pe.mask[p], now[o + WorldHistory.X], now[o + WorldHistory.Y],
                        now[o + WorldHistory.HEADING], now[o + WorldHistory.HEALTH], now[o + WorldHistory.FLAGS],
                        pe.dx[p], pe.dy[p], pe.dh[p]);
            }
        }
    }

    /**
     * Keeps what this packet leaves on the client: the held ids (the baseline's, minus the removals
     * sent, plus the additions sent) and the entries that differ from the default of this tick.
     */
    private void store(ClientState c, int sequence, long tick, int[] now, int removalsSent, boolean complete) {
        final PendingEntities pe = pending;
        c.releaseDead(sequence, historyLength);
        final int ring = c.sent.insert(sequence);
        final long[] m = c.members[ring];
        final int words = m.length;
        if (baseSlot >= 0) {
            System.arraycopy(c.members[baseSlot], 0, m, 0, words);
        } else {
            Arrays.fill(m, 0L);
        }
        for (int r = 0; r < removalsSent; r++) {
            final int id = pe.removedId[r];
            m[id >>> 6] &= ~(1L << id);
        }
        int added = 0;
        for (int p = 0; p < pe.count; p++) {
            if (pe.included[p] && pe.baseIndex[p] < 0) {
                final int id = pe.id[p];
                m[id >>> 6] |= 1L << id;
                added++;
            }
        }
        final int count = baseCount - removalsSent + added;
        final int start;
        final int n;
        long oldestStored = tick;
        if (complete) {
            // Reserve exactly what is written, so the arena grows with the real need.
            int sampled = 0;
            for (int p = 0; p < pe.count; p++) {
                if (pe.baseIndex[p] >= 0 && ViewEntries.sampled(ViewEntries.tick(pe.baseEntries, p * S), tick)) {
                    sampled++;
                }
            }
            start = c.reserveExceptions(sampled, arenaScratch);
            n = storeComplete(c.arena, start, now, tick);
        } else {
            // The size is only known after the walk: write to scratch first (the rare case).
            final int worst = 2 * count * PacketExceptions.SLOT;
            if (incompleteScratch.length < worst) {
                incompleteScratch = new int[Math.max(worst, 2 * incompleteScratch.length)];
            }
            n = storeIncomplete(c, incompleteScratch, m, now, tick);
            oldestStored = tick;
            for (int k = 0; k < n; k += PacketExceptions.slots(incompleteScratch, k)) {
                oldestStored = Math.min(oldestStored, tick - PacketExceptions.age(incompleteScratch, k));
            }
            start = c.reserveExceptions(n, arenaScratch);
            System.arraycopy(incompleteScratch, 0, c.arena, start * PacketExceptions.SLOT, n * PacketExceptions.SLOT);
        }
        c.packetTick[ring] = tick;
        c.packetOldestTick[ring] = complete ? tick : oldestStored;
        c.packetComplete[ring] = complete;
        c.packetCount[ring] = count;
        c.storeLive(ring, sequence, start, n);
        c.nextSequence = Sequences.next(sequence);
    }

    /** Complete packet: the only exceptions are the changed entities it carried with a velocity sample. */
    private int storeComplete(int[] a, int start, int[] now, long tick) {
        final PendingEntities pe = pending;
        int n = start;
        for (int p = 0; p < pe.count; p++) {
            if (pe.baseIndex[p] >= 0 && ViewEntries.sampled(ViewEntries.tick(pe.baseEntries, p * S), tick)) {
                writeSample(a, n++, p, now, tick);
            }
        }
        return n - start;
    }

    /** The entry changed entity {@code p} gets from this packet, as a sample record (its values are this tick's). */
    private void writeSample(int[] a, int slot, int p, int[] now, long tick) {
        final int id = pending.id[p];
        final int co = id * SAMPLE;
        // The cache still describes this entity's baseline entry if nobody recoded it since (the
        // diff of this packet is done, so only this packet's own entries went through it).
        final boolean cached = pendingCached[p] && cacheTick[id] == tick
                && Arrays.equals(cacheKey, id * S, id * S + S, pending.baseEntries, p * S, p * S + S);
        if (cached && cacheHasSample[id]) {
            a[slot * PacketExceptions.SLOT] = id;
            System.arraycopy(cacheSample, co, a, slot * PacketExceptions.SLOT + 1, SAMPLE);
            return;
        }
        final int o = id * V;
        ViewEntries.writeChanged(entry, 0, pending.baseEntries, p * S, now[o + WorldHistory.X], now[o + WorldHistory.Y],
                now[o + WorldHistory.HEADING], now[o + WorldHistory.HEALTH], now[o + WorldHistory.FLAGS], tick);
        PacketExceptions.writeSample(a, slot, entry, 0);
        if (cached) {
            System.arraycopy(entry, ViewEntries.SAMPLE_DT, cacheSample, co, SAMPLE);
            cacheHasSample[id] = true;
        }
    }

    /**
     * Incomplete packet: what it did not carry keeps its baseline entry (older tick, old sample), so
     * every held entity it did not carry is a full record, besides the sampled changes it carried.
     * Writes from slot 0 of {@code a}; returns the slots written.
     */
    private int storeIncomplete(ClientState c, int[] a, long[] held, int[] now, long tick) {
        final PendingEntities pe = pending;
        final int[] exc = c.arena;
        final int excFirst = baseSlot < 0 ? 0 : c.exceptionStart[baseSlot];
        final int excEnd = excFirst + (baseSlot < 0 ? 0 : c.exceptionCount[baseSlot]);
        final int[] bv = baseSlot < 0 ? null : history.values(baseWorld);
        int n = 0;
        int p = 0;
        int ec = excFirst;
        for (int word = 0; word < held.length; word++) {
            long bits = held[word];
            while (bits != 0L) {
                final int id = (word << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                while (p < pe.count && pe.id[p] < id) {
                    p++;
                }
                final boolean pendingHere = p < pe.count && pe.id[p] == id;
                if (pendingHere && pe.included[p]) {
                    if (pe.baseIndex[p] >= 0 && ViewEntries.sampled(ViewEntries.tick(pe.baseEntries, p * S), tick)) {
                        writeSample(a, n++, p, now, tick);
                    }
                    continue;
                }
                if (pendingHere && pe.baseIndex[p] >= 0) {
                    n += PacketExceptions.write(a, n, pe.baseEntries, p * S, tick);
                    continue;
                }
                // Neither carried nor a pending change: the baseline's entry, from its record or its default.
                while (ec < excEnd && PacketExceptions.id(exc, ec) < id) {
                    ec += PacketExceptions.slots(exc, ec);
                }
                if (ec < excEnd && PacketExceptions.id(exc, ec) == id) {
                    PacketExceptions.toEntry(exc, ec, bv, baseTick, history, entry, 0);
                } else {
                    final int o = id * V;
                    ViewEntries.writeStill(entry, 0, id, bv[o + WorldHistory.X], bv[o + WorldHistory.Y],
                            bv[o + WorldHistory.HEADING], bv[o + WorldHistory.HEALTH], bv[o + WorldHistory.FLAGS], baseTick);
                }
                n += PacketExceptions.write(a, n, entry, 0, tick);
            }
        }
        return n;
    }
}
