package io.tickforge.server.replication;

import io.tickforge.shared.world.EntityLayout;
import com.esotericsoftware.kryo.io.Output;
import io.tickforge.shared.seq.Sequences;
import io.tickforge.shared.snapshot.SnapshotDelta;
import io.tickforge.shared.snapshot.SnapshotEncoder;
import io.tickforge.shared.snapshot.ViewEntries;
import io.tickforge.shared.world.EntityIds;

import java.util.Arrays;

/**
 * Writes one client's snapshot packet for the current tick. One writer per thread that writes
 * packets (the tick thread and each replication worker): it owns its scratch and cache, and reads
 * the shared {@link WorldHistory} and {@link InterestGrid}, which nobody writes while packets are
 * written. No allocation in steady state; positions in 1/256 m units, sizes in bytes.
 *
 * <p>Steps: {@link #baseline} (the newest acknowledged packet still held), {@link #diff}
 * (interest query, then removals, changes and additions against what that packet left on the
 * client; in a packet that cannot carry them all, changed entities past that point are left uncoded),
 * the {@link BudgetFitter} (only when the packet would not fit; it has uncoded entities coded as it
 * takes them, {@link #codePending}), {@link #emit} (the bytes,
 * with {@link SnapshotEncoder}'s primitives), then {@link #store} (what this packet leaves on the
 * client, kept sparsely: see {@link ClientState}).
 */
final class PacketWriter {
    private final EntityLayout layout;
    private final ViewEntries entries;
    private final PacketExceptions exceptions;
    /** Ints of a view entry, values per entity, ints of an exception slot. */
    private final int stride;
    private final int values;
    private final int slotInts;

    private final int historyLength;
    private final int payloadBudgetBytes;
    private final long radiusOutUnits;
    private final long radiusSq;
    private final WorldHistory history;
    private final InterestGrid grid;
    private final PendingEntities pending = new PendingEntities(256);
    private final BudgetFitter budget;
    private long[] interest = new long[0];
    /** Ids sent to every client whatever the distance (the game's {@code alwaysReplicated}), as ranges and as a bitmap. */
    private final int[] alwaysRanges;
    private long[] always = new long[0];
    private int[] incompleteScratch;
    private final ClientState.ArenaScratch arenaScratch;
    /** Per record age (ticks before the baseline's tick), the world slot of that tick, or -1 when not looked up yet. */
    private final int[] ageSlots = new int[PacketExceptions.MAX_AGE + 1];
    /** One view entry of scratch. */
    private final int[] entry;
    /** One entity's residuals (per lane) of scratch. */
    private final int[] residuals;
    /**
     * "Changed since baseline tick" bitmaps ({@link WorldHistory#changedSince}) of the current tick,
     * a few baseline ticks at once: most clients of a tick share one or two baseline ticks, so each
     * bitmap is built once per tick and writer and reused by every client on that baseline.
     */
    private static final int CHANGED_SETS = 4;
    private final long[][] changedSets = new long[CHANGED_SETS][0];
    private final long[] changedSetTick = new long[CHANGED_SETS];
    private final long[] changedSetBase = new long[CHANGED_SETS];
    private int changedSetNext;

    // Baseline of the packet being written (set by baseline()).
    private int baseSlot;
    private int baseCount;
    private long baseTick;
    private int baseWorld;

    /**
     * Shared encoding: most clients acknowledge with the same delay, so many of them code an entity
     * against the same baseline entry in the same tick. Per entity id, the baseline entry this writer
     * last coded it against this tick (the key), with what that gave: field mask, the encoded bytes
     * after the entry's header ({@code cacheBody}), and the velocity sample the client derives. A client whose baseline entry is the same copies
     * the bytes and the sample instead of predicting, encoding and sampling again; only the entry's
     * one-byte header (the index gap in front of it differs per client) is written per client.
     *
     * <p>The key test is cheap because an entry's values are always the recorded world's values of
     * the entry's tick (every packet carries exact values): for the same id, two entries with the
     * same tick and the same velocity sample are the same entry, so a block keeps only those as its
     * key (full records, entries older than {@link PacketExceptions#MAX_AGE} whose world may be
     * forgotten, too: the invariant holds for them as for any entry). One cache per writer: no
     * sharing between threads. Packets are the same with or without it, and after {@link #diff}
     * one of the cache's blocks of every changed entity of the packet that is not left uncoded
     * holds exactly the packet's baseline entry, and the packet knows which
     * ({@link PendingEntities#block}; each id is visited once per packet, so no later lookup of the
     * same packet evicts it; {@link #codePending} fills an uncoded one when the fitter takes it),
     * which {@link #emit} and {@link #store} read.
     *
     * <p>Layout: {@link #WAYS} blocks of {@code cs} ints per entity id (one per distinct baseline
     * entry of the id this tick, see {@link #WAYS}), so that a hit touches two cache lines rather
     * than one per array: the tick it was filled in, the baseline entry's tick and velocity sample
     * (the key: with the id, they determine the entry's values), the field mask, the body length,
     * whether the entity gets a velocity sample, and that sample; the bodies in a byte array
     * beside it, and a tag per block ({@link #tags}) so that a lookup reads only the block whose
     * key it is likely to be. The packet being written remembers which block holds
     * each of its codings ({@link PendingEntities#block}).
     */
    private int[] cache = new int[0];
    private byte[] cacheBody = new byte[0];
    /**
     * Blocks per entity id ("ways", indexed by {@link WorldHistory#denseId}): clients whose acks do
     * not arrive in step hold different baseline entries of the same entity (an entry's coding
     * depends on the baseline tick and the two before it in the client's chain), a handful of
     * distinct ones per tick; with one block per id, clients visited in turn evict each other's
     * coding (one tick of ack jitter in {@code TickBenchmark}'s bots world: 14% of codings shared
     * instead of 94%). Block {@code b} of id {@code id} is {@code denseId(id) * WAYS + way}, its
     * ints at {@code b * cs}, its body at {@code b * body}.
     */
    static final int WAYS = 8;
    /** The way a miss evicts when every way of the id was filled this tick (round robin). */
    private int victimNext;
    /**
     * Per block, a hash of the tick it was filled in and its key's tick and velocity sample
     * ({@link #tag}): a lookup compares the tags of an id's ways, one cache line for all of them,
     * and reads a block only when its tag matches (then it verifies the key), so a miss
     * reads no block and a hit reads one, as with a single way.
     */
    private int[] tags = new int[0];
    /**
     * Per dense id ({@link WorldHistory#denseId}), the low bits of the tick whose blocks
     * {@link #fillCount} counts, and how many of its ways that tick filled.
     */
    private int[] fillTick = new int[0];
    private int[] fillCount = new int[0];
    private static final int C_TICK_LO = 0;
    private static final int C_TICK_HI = 1;
    /**
     * Where a block's key starts: the baseline entry's tick and velocity sample (TICK_LO, TICK_HI,
     * SAMPLE_DT, estimates: the last ints of an entry), not its id and values, which the id and the
     * tick determine (an entry's values are the recorded world's of its tick).
     */
    private static final int C_KEY = 2;
    /**
     * Added to a block's offset: where an entry whose tick and sample are the block's key would
     * start ({@code C_KEY - tickLo}, negative for the first blocks; only its tick and sample are
     * ever read through it).
     */
    private final int keyBase;
    /** Ints of a block's key (the entry's tick and sample). */
    private final int keyInts;
    /** The baseline entry a miss codes against, whole (values too); its tick and sample go to the block's key. */
    private final int[] keyEntry;
    private final int cMask;
    private final int cBodyLength;
    private final int cSampled;
    private final int cSample;
    /** Ints of the velocity sample (from SAMPLE_DT to the end of an entry). */
    private final int sample;
    /** Ints of one cache block. */
    private final int cs;
    /** Longest changed-entry body (5-byte varints for every lane; 25 for the arena). */
    private final int body;

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
    /** {@link #code} calls (codings not served by the shared-encoding cache). */
    long codings;
    /** Of {@link #codings}, those in packets that deferred something; and the changed entities those packets carried. */
    long boundCodings;
    long boundChangesCarried;
    /** {@link #code} calls for the last packet written, and the changed entities it carried. */
    int lastPacketCodings;
    int lastPacketChangesCarried;

    // The packet being written, for coding pending entities lazily (codePending).
    private ClientState curClient;
    private int[] curNow;
    private int[] curBaseValues;
    private long curTick;
    /** Oldest short record {@link #storeIncomplete} wrote, in ticks before the packet (0 when none). */
    private int incompleteMaxAge;
    /** Changed entities the packet being written carries (set by emit). */
    private int changesSent;

    PacketWriter(ReplicationConfig config, long radiusUnits, long radiusOutUnits, WorldHistory history, InterestGrid grid,
                 ViewEntries entries, PacketExceptions exceptions) {
        this(config, radiusUnits, radiusOutUnits, history, grid, entries, exceptions, new ClientState.ArenaScratch());
    }

    /** {@code arenaScratch}: this writer's compaction room and spare arenas ({@link ClientState.ArenaScratch}). */
    PacketWriter(ReplicationConfig config, long radiusUnits, long radiusOutUnits, WorldHistory history, InterestGrid grid,
                 ViewEntries entries, PacketExceptions exceptions, ClientState.ArenaScratch arenaScratch) {
        this.arenaScratch = arenaScratch;
        this.layout = entries.layout;
        this.entries = entries;
        this.exceptions = exceptions;
        this.stride = entries.stride;
        this.values = entries.values;
        this.slotInts = exceptions.slot;
        this.entry = new int[stride];
        this.residuals = new int[values];
        this.incompleteScratch = new int[512 * slotInts];
        this.keyBase = C_KEY - layout.tickLo;
        this.keyInts = stride - layout.tickLo;
        this.keyEntry = new int[stride];
        if (layout.tickHi != layout.tickLo + 1 || layout.sampleDt != layout.tickLo + 2) {
            throw new IllegalStateException("an entry's tick and sample must be its last ints: " + layout);
        }
        this.cMask = C_KEY + keyInts;
        this.cBodyLength = cMask + 1;
        this.cSampled = cBodyLength + 1;
        this.cSample = cSampled + 1;
        this.sample = entries.sampleInts;
        this.cs = cSample + sample;
        this.body = layout.maxChangedBodyBytes;
        this.historyLength = config.historyLength;
        this.payloadBudgetBytes = config.payloadBudgetBytes();
        this.radiusOutUnits = radiusOutUnits;
        this.radiusSq = radiusUnits * radiusUnits;
        this.history = history;
        this.grid = grid;
        this.budget = new BudgetFitter(radiusUnits, history.idGap());
        this.alwaysRanges = config.alwaysReplicated();
        Arrays.fill(changedSetTick, Long.MIN_VALUE);
    }

    /** This writer's scratch: its compaction room and spare arenas, and its shared-encoding cache. */
    long scratchBytes() {
        return arenaScratch.retainedBytes() + 4L * (cache.length + tags.length + fillTick.length + fillCount.length)
                + cacheBody.length;
    }

    /** Arena growths of the clients this writer wrote, and of those the ones that found no spare and allocated. */
    long arenaGrowths() {
        return arenaScratch.growths;
    }

    long allocatingArenaGrowths() {
        return arenaScratch.allocatingGrowths;
    }

    void budgetRejectionLimit(int limit) {
        budget.rejectionLimit(limit);
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
        codings = 0;
        boundCodings = 0;
        boundChangesCarried = 0;
    }

    /** Encodes this tick's packet for {@code c} into {@code out} from index 0; returns its length. */
    int write(ClientState c, long lastAppliedInputTick, byte[] out) {
        final int words = history.idWords();
        if (interest.length < words) {
            interest = new long[words];
        }
        if (alwaysRanges.length > 0 && always.length < words) {
            always = new long[words];
            for (int r = 0; r < alwaysRanges.length; r += 2) {
                for (int id = alwaysRanges[r]; id < alwaysRanges[r + 1] && id < words << 6; id++) {
                    always[id >>> 6] |= 1L << id;
                }
            }
        }
        final int denseIds = history.denseIdCapacity();
        if (cache.length < denseIds * WAYS * cs) {
            final int blocks = denseIds * WAYS;
            cache = new int[blocks * cs];
            for (int b = 0; b < blocks; b++) {
                cache[b * cs + C_TICK_HI] = Integer.MIN_VALUE; // no tick is negative: never filled
            }
            cacheBody = new byte[blocks * body];
            tags = new int[blocks];
            fillTick = new int[blocks / WAYS];
            fillCount = new int[blocks / WAYS];
            Arrays.fill(fillTick, Integer.MIN_VALUE);
        }
        c.ensureIds(history.heldWords(), denseIds);
        final int sequence = c.nextSequence;
        final int cur = history.currentSlot();
        final long tick = history.currentTick();
        final int[] now = history.values(cur);
        final int selfId = EntityIds.player(c.slot);
        final boolean selfPresent = history.isPresent(cur, selfId);
        final int cx = selfPresent ? now[selfId * values + WorldHistory.X] : 0;
        final int cy = selfPresent ? now[selfId * values + WorldHistory.Y] : 0;

        baseline(c, sequence);
        if (selfPresent) {
            grid.query(cx, cy, radiusOutUnits, interest);
        }
        final boolean keyframe = baseSlot < 0;
        final int baselineAge = keyframe ? 0 : Sequences.difference(sequence, c.newestAcked);
        final long codingsBefore = codings;
        curClient = c;
        curNow = now;
        curTick = tick;
        curBaseValues = keyframe ? null : history.values(baseWorld);
        // What the budget leaves at most for changes and additions (the header with no counts):
        // once the pending entities need more, the packet cannot carry them all, and diff stops
        // coding (lazy). After a packet that deferred, it does not start coding at all.
        final int bound = payloadBudgetBytes - SnapshotEncoder.headerBytes(tick, lastAppliedInputTick, keyframe,
                baselineAge, 0, 0, 0);
        diff(c, now, tick, words, selfId, cx, cy, bound, c.lastDeferred);

        // Budget: header (with worst-case counts), then removals, then pending by priority.
        final PendingEntities pe = pending;
        int remaining = payloadBudgetBytes - SnapshotEncoder.headerBytes(tick, lastAppliedInputTick, keyframe,
                baselineAge, pe.removals, pe.count, pe.count);
        int removalsSent = pe.removals;
        int deferred = 0;
        final int removalCost = SnapshotEncoder.removedBytes(baseCount);
        if (removalsSent * removalCost > remaining) {
            removalsSent = Math.max(0, remaining / removalCost);
            deferred += pe.removals - removalsSent;
        }
        remaining -= removalsSent * removalCost;
        if (pe.uncoded > 0 && pe.bytes <= remaining) {
            // Coded lazily but it may fit after all (the lower bounds fit): code the rest until it
            // all is (the decision below then reads exact sizes) or the sizes exceed what is left
            // (then it does not fit, and the fitter codes the rest as it reaches them).
            for (int p = 0; p < pe.count && pe.uncoded > 0 && pe.bytes <= remaining; p++) {
                if (pe.cost[p] < 0) {
                    codePending(p);
                }
            }
        }
        deferred += budget.fit(pe, remaining, c, now, values, selfId, cx, cy, this);
        final boolean complete = deferred == 0;

        final int length = emit(c, out, sequence, tick, lastAppliedInputTick, baselineAge, removalsSent, complete, now);
        store(c, sequence, tick, now, removalsSent, complete);

        packetsWritten++;
        bytesWritten += length;
        if (keyframe) {
            keyframesWritten++;
        }
        if (!complete) {
            deferredPackets++;
            deferredEntities += deferred;
        }
        lastPacketDeferred = !complete;
        c.lastDeferred = !complete;
        lastPacketCodings = (int) (codings - codingsBefore);
        lastPacketChangesCarried = changesSent;
        if (!complete) {
            boundCodings += lastPacketCodings;
            boundChangesCarried += changesSent;
        }
        curClient = null;
        curNow = null;
        curBaseValues = null;
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
     *
     * <p>Coding stops (the rest of the changed entities are added uncoded, with a lower bound of
     * their size: {@link PendingEntities#addUncoded}) once the pending entities' sizes exceed
     * {@code bound} (checked once per word of 64 ids), what the budget leaves at most after the header, or from the start when
     * {@code lazy}: the fitter then codes only what it looks at ({@link #codePending}), which is
     * also where the shared-encoding cache is looked up for them (a lookup is a cache line per
     * entity, most of which the fitter never reaches).
     */
    private void diff(ClientState c, int[] now, long tick, int words, int selfId, int cx, int cy, int bound, boolean lazy) {
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
        // After a complete baseline every record is current (age 0), so a held entity needs a look
        // only when it changed since the baseline's tick: skip the others 64 at a time. After an
        // incomplete one (rare) older records may need one, so every held entity is visited.
        final long[] changed = hasBase && c.packetComplete[baseSlot] ? changedSince(tB, tick, words) : null;
        if (changed == null) {
            Arrays.fill(ageSlots, -1); // world slots of the aged records' ticks, looked up once per packet
        }
        final int[] key = cache;
        final int costGap = baseCount;
        // The layout's sizes as locals: the loop below runs per held entity, and final instance
        // fields are re-read from memory in it (the fixed-shape engine had them as constants).
        final int values = this.values;
        final int cs = this.cs;
        final int sl = slotInts;
        final int fullSlots = exceptions.fullSlots;
        final int maskBits = layout.maskBits;
        // The cache's fill tick and a baseline entry's tick (TICK_LO, TICK_HI just before SAMPLE_DT), split.
        final int tickLo = (int) tick;
        final int tickHi = (int) (tick >>> 32);
        final int baseLo = (int) tB;
        final int baseHi = (int) (tB >>> 32);
        final int sdt = entries.sampleDt;
        // An uncoded change costs at least its header varint (index gap, mask 0) and an empty body.
        final int lowerBound = Output.varIntLength(costGap << maskBits, true);
        int ec = excFirst;
        int rank = 0;
        final long[] g = alwaysRanges.length > 0 ? always : null;
        // Always-replicated ids count only while present in this tick's world (the interest query
        // returns present entities only; an id of the range nobody uses now is no entity).
        final long[] present = g == null ? null : history.present(history.currentSlot());
        // word: a word of the id bitmaps (interest, changed, present); h: the same word of the held
        // ids' bitmap, which has no words between the player slots' and NPC_BASE's
        // (WorldHistory.heldWords). The walk skips those words: no id is there, so no interest bit.
        final int playerWords = history.playerWords();
        for (int word = 0, h = 0; word < words; word = word + 1 == playerWords ? WorldHistory.NPC_WORD : word + 1, h++) {
            // Whether to stop coding is decided per word of 64 ids, not per entity: the check stays
            // out of the per-entity loop of the common (not budget-bound) packet, and a packet
            // codes at most one word's changes past the bound (cost only: bytes never depend on it).
            if (!lazy && pe.bytes > bound) {
                lazy = true;
            }
            final long gw = g == null ? 0L : g[word] & present[word];
            final long qw = q[word] | gw;
            q[word] = 0L;
            final long hw = hasBase ? held[h] : 0L;
            if ((qw | hw) == 0L) {
                continue;
            }
            long removed = hw & ~qw;
            while (removed != 0L) {
                final long bit = removed & -removed;
                pe.addRemoval((word << 6) + Long.numberOfTrailingZeros(removed), rank + Long.bitCount(hw & (bit - 1)));
                removed ^= bit;
            }
            long cand = changed == null ? qw : qw & (~hw | changed[word]);
            while (cand != 0L) {
                final long bit = cand & -cand;
                cand ^= bit;
                final int id = (word << 6) + Long.numberOfTrailingZeros(bit);
                final int o = id * values;
                if ((hw & bit) == 0L) {
                    long ex = (long) now[o + WorldHistory.X] - cx;
                    long ey = (long) now[o + WorldHistory.Y] - cy;
                    if (ex * ex + ey * ey > radiusSq && id != selfId && (gw & bit) == 0L) {
                        continue;
                    }
                    pe.add(id, -1, SnapshotEncoder.addedBytes(layout, id, now, o));
                    continue;
                }
                int head = ec < excEnd ? exc[ec * sl] : 0;
                while (ec < excEnd && (head & PacketExceptions.ID_MASK) < id) {
                    ec += head < 0 ? fullSlots : 1;
                    head = ec < excEnd ? exc[ec * sl] : 0;
                }
                final boolean hasRecord = ec < excEnd && (head & PacketExceptions.ID_MASK) == id;
                final boolean aged = hasRecord && (head >>> PacketExceptions.ID_BITS) != 0;
                if (!aged && changed == null && lastChange[id] <= tB) {
                    // Held at the baseline's tick and unchanged since (after a complete baseline the
                    // changed-set mask above already left such entities out).
                    continue;
                }
                // A hit (this tick's cache holds this very baseline entry in one of the id's ways)
                // settles it without reading the entity's values: the cache is only ever filled for
                // an entry whose values differ from the current ones, and the entry is the key.
                int bk;
                if (aged) {
                    final boolean unchanged;
                    if (head >= 0) {
                        // A short record of an entry older than the baseline's tick (left by a packet
                        // that deferred): the world of its tick (recorded: see baseline()) plus its
                        // sample. Unchanged since that tick, or back to those values: not pending.
                        final int age = (head >>> PacketExceptions.ID_BITS) & PacketExceptions.AGE_MASK;
                        final long entryTick = tB - age;
                        if (lastChange[id] <= entryTick) {
                            unchanged = true;
                        } else {
                            int ws = ageSlots[age];
                            if (ws < 0) {
                                ws = ageSlots[age] = history.slotOf(entryTick);
                            }
                            unchanged = sameValues(history.values(ws), now, o);
                        }
                    } else {
                        // A full record (an entry older than PacketExceptions.MAX_AGE, its world maybe
                        // forgotten): the record is the entry (ID flagged FULL), read in place.
                        final int r = ec * sl;
                        final long entryTick = entries.tick(exc, r);
                        unchanged = (lastChange[id] <= entryTick && history.slotOf(entryTick) >= 0)
                                || entries.sameValues(exc, r, now, o);
                    }
                    if (unchanged) {
                        continue;
                    }
                    if (lazy) {
                        pe.addUncoded(id, rank + Long.bitCount(hw & (bit - 1)), lowerBound, ec);
                        continue;
                    }
                    // Same id, tick and sample: the same entry (values are the world's of its tick).
                    final int tag = recordTag(exc, ec, tickLo);
                    bk = cachedAs(id, exc, ec, tag);
                    if (bk >= 0) {
                        sharedCodings++;
                    } else {
                        bk = codeMiss(id, tag, exc, ec, baseValues, tB, now, o, tick);
                    }
                } else {
                    bk = -1;
                    int tag = 0;
                    if (!lazy) {
                        // cachedAs(id, exc, hasRecord ? ec : -1, recordTag(..)), with the loop's locals
                        // (an age-0 record or the default: no head to decode; measured faster).
                        tag = hasRecord ? tag(tickLo, tB, exc, ec * sl + 1) : tag(tickLo, tB, 0);
                        for (int w = 0, b = history.denseId(id) * WAYS; w < WAYS; w++, b++) {
                            if (tags[b] != tag) {
                                continue;
                            }
                            final int co = b * cs;
                            final int ko = co + keyBase;
                            if (key[co + C_TICK_LO] == tickLo && key[co + C_TICK_HI] == tickHi && (hasRecord
                                    ? exceptions.sameSample(exc, ec, key, ko, tB)
                                    : key[ko + sdt] == 0 && key[ko + sdt - 2] == baseLo && key[ko + sdt - 1] == baseHi)) {
                                bk = b;
                                break;
                            }
                        }
                    }
                    if (bk >= 0) {
                        sharedCodings++;
                    } else {
                        // The baseline holds the recorded world's values of its tick (with a velocity
                        // sample when it carried the entity moving), and it changed since that tick.
                        final int[] bv = baseValues;
                        if (sameValues(bv, now, o)) {
                            continue;
                        }
                        if (lazy) {
                            pe.addUncoded(id, rank + Long.bitCount(hw & (bit - 1)), lowerBound, hasRecord ? ec : -1);
                            continue;
                        }
                        // codeMiss(id, tag, exc, hasRecord ? ec : -1, bv, tB, now, o, tick), with the
                        // loop's locals: the common miss (calling codeMiss here measured 2-4% slower
                        // in the jittered bots world). Changed: axes and angles go as residuals against
                        // the baseline entry's prediction, computed and encoded once per distinct
                        // baseline entry per tick (see the cache).
                        bk = victim(id, tickLo);
                        if (hasRecord) {
                            exceptions.toEntry(exc, ec, bv, tB, history, keyEntry, 0);
                        } else {
                            entries.writeStill(keyEntry, 0, id, bv, o, tB);
                        }
                        code(id, bk, now, o, tick);
                        tags[bk] = tag;
                        assert tag == keyTag(bk, tickLo) : "the tag of a record and of the key built from it";
                    }
                }
                codedChanges++;
                // codedSize(bk), with the loop's locals.
                final int co = bk * cs;
                pe.addCoded(id, rank + Long.bitCount(hw & (bit - 1)),
                        Output.varIntLength((costGap << maskBits) | key[co + cMask], true) + key[co + cBodyLength], bk);
                pe.sampled += key[co + cSampled];
            }
            rank += Long.bitCount(hw);
        }
    }

    /**
     * Codes uncoded pending entity {@code p} of the packet being written (see {@link #diff}) the
     * way diff would have: its baseline entry from its record or the baseline's default into the
     * cache key, then {@link #code}. Returns its exact size, which {@code pending} now holds.
     */
    int codePending(int p) {
        final PendingEntities pe = pending;
        final int id = pe.id[p];
        final int o = id * values;
        final int rec = pe.record[p];
        final int[] exc = curClient.arena;
        final int tag = recordTag(exc, rec, (int) curTick);
        int bk = cachedAs(id, exc, rec, tag);
        if (bk >= 0) {
            sharedCodings++;
        } else {
            bk = codeMiss(id, tag, exc, rec, curBaseValues, baseTick, curNow, o, curTick);
        }
        codedChanges++;
        pe.sampled += cache[bk * cs + cSampled];
        final int cost = codedSize(bk);
        pe.coded(p, cost, bk);
        return cost;
    }

    /**
     * Bytes the changed entity coded in the cache block at {@code co} takes in this packet: its
     * header (index gap over the baseline's count, field mask) and its body.
     */
    private int codedSize(int bk) {
        final int co = bk * cs;
        return Output.varIntLength((baseCount << layout.maskBits) | cache[co + cMask], true) + cache[co + cBodyLength];
    }

    /**
     * The block of {@code id} filled this tick for the very baseline entry that record slot
     * {@code rec} of {@code exc} holds (-1: the baseline's default), or -1: among the ways whose
     * tag is {@code tag} (the record's, {@link #recordTag}), the one {@link #blockHolds} confirms.
     * {@link #diff}'s common branch (an age-0 record or the default) makes the same test with its
     * locals.
     */
    private int cachedAs(int id, int[] exc, int rec, int tag) {
        for (int w = 0, b = history.denseId(id) * WAYS; w < WAYS; w++, b++) {
            if (tags[b] == tag && blockHolds(b * cs, exc, rec)) {
                return b;
            }
        }
        return -1;
    }

    /**
     * The tag ({@link #tag(int, long, int[], int)}) of the baseline entry that record slot
     * {@code rec} of {@code exc} holds (-1: the baseline's default), in the tick whose low bits
     * are {@code tickLo}.
     */
    private int recordTag(int[] exc, int rec, int tickLo) {
        if (rec < 0) {
            return tag(tickLo, baseTick, 0);
        }
        final int r = rec * slotInts;
        final int head = exc[r];
        return head < 0
                ? tag(tickLo, entries.tick(exc, r), exc, r + entries.sampleDt)
                : tag(tickLo, baseTick - ((head >>> PacketExceptions.ID_BITS) & PacketExceptions.AGE_MASK), exc, r + 1);
    }

    /**
     * A miss: fills a block of {@code id} ({@link #victim}) with the baseline entry (record
     * {@code rec} of {@code exc}, or with -1 the baseline's default, over {@code bv}, the world of
     * baseline tick {@code tB}), codes the entity against it and tags the block with {@code tag},
     * the record's. Returns the block.
     */
    private int codeMiss(int id, int tag, int[] exc, int rec, int[] bv, long tB, int[] now, int o, long tick) {
        final int tickLo = (int) tick;
        final int bk = victim(id, tickLo);
        if (rec >= 0) {
            exceptions.toEntry(exc, rec, bv, tB, history, keyEntry, 0);
        } else {
            entries.writeStill(keyEntry, 0, id, bv, o, tB);
        }
        code(id, bk, now, o, tick);
        tags[bk] = tag;
        assert tag == keyTag(bk, tickLo) : "the tag of a record and of the key built from it";
        return bk;
    }

    /**
     * The tag of a baseline entry as the cache keys it in the tick whose low bits are
     * {@code tickLo}: its tick and its velocity sample, starting at {@code a[s]} (SAMPLE_DT, then
     * the estimates, which count only when SAMPLE_DT is not 0: the invariant of
     * {@link ViewEntries}). Equal entries have equal tags in the same tick; different ones
     * rarely do, and a lookup verifies the key (tick and sample) anyway.
     */
    private int tag(int tickLo, long entryTick, int[] a, int s) {
        final int dt = a[s];
        int h = tagHash(tickLo, entryTick, dt);
        if (dt != 0) {
            for (int k = s + 1, end = s + sample; k < end; k++) {
                h = (h ^ a[k]) * 0x01000193;
            }
        }
        return h ^ (h >>> 15);
    }

    /** The tag of an entry without a velocity sample (SAMPLE_DT {@code dt}, 0 for the baseline's default). */
    private static int tag(int tickLo, long entryTick, int dt) {
        final int h = tagHash(tickLo, entryTick, dt);
        return h ^ (h >>> 15);
    }

    private static int tagHash(int tickLo, long entryTick, int dt) {
        int h = tickLo * 0x9E3779B1;
        h = (h ^ (int) entryTick) * 0x01000193;
        h = (h ^ (int) (entryTick >>> 32)) * 0x01000193;
        return (h ^ dt) * 0x01000193;
    }

    /** The tag of the key in block {@code bk} (for the assertion that a record's tag is its key's). */
    private int keyTag(int bk, int tickLo) {
        final int ko = bk * cs + keyBase;
        return tag(tickLo, entries.tick(cache, ko), cache, ko + entries.sampleDt);
    }

    /**
     * True when the cache block at {@code co} was filled this tick for the very baseline entry of
     * record slot {@code rec} of {@code exc} (-1: the baseline's default): same tick and sample
     * (an entry's values are the world's of its tick), or for a full record the same entry.
     */
    private boolean blockHolds(int co, int[] exc, int rec) {
        if (!filledIn(co, curTick)) {
            return false;
        }
        final int[] key = cache;
        final int ko = co + keyBase;
        if (rec < 0) {
            return key[ko + entries.sampleDt] == 0 && entries.tick(key, ko) == baseTick;
        }
        final int r = rec * slotInts;
        final int head = exc[r];
        if (head < 0) {
            // A full record is an entry (ID flagged FULL): its tick and sample against the key's.
            return Arrays.equals(key, co + C_KEY, co + C_KEY + keyInts, exc, r + layout.tickLo, r + stride);
        }
        final long entryTick = baseTick - ((head >>> PacketExceptions.ID_BITS) & PacketExceptions.AGE_MASK);
        return exceptions.sameSample(exc, rec, key, ko, entryTick);
    }

    /**
     * The block a miss of entity {@code id} fills: a way of the id not filled this tick, else the
     * next in round robin. A packet visits each id once, so it never evicts its own coding.
     */
    private int victim(int id, int tickLo) {
        final int d = history.denseId(id);
        if (fillTick[d] != tickLo) {
            fillTick[d] = tickLo;
            fillCount[d] = 0;
        }
        final int n = fillCount[d];
        if (n < WAYS) {
            fillCount[d] = n + 1;
            return d * WAYS + n;
        }
        final int w = victimNext;
        victimNext = (w + 1) % WAYS;
        return d * WAYS + w;
    }

    /** The ids changed since baseline tick {@code tB} as of {@code tick}, from this tick's few cached bitmaps. */
    private long[] changedSince(long tB, long tick, int words) {
        for (int k = 0; k < CHANGED_SETS; k++) {
            if (changedSetTick[k] == tick && changedSetBase[k] == tB && changedSets[k].length >= words) {
                return changedSets[k];
            }
        }
        final int k = changedSetNext;
        changedSetNext = (k + 1) % CHANGED_SETS;
        if (changedSets[k].length < words) {
            changedSets[k] = new long[words];
        }
        history.changedSince(tB, changedSets[k]);
        changedSetTick[k] = tick;
        changedSetBase[k] = tB;
        return changedSets[k];
    }

    /**
     * Codes changed entity {@code id} into cache block {@code bk} against the baseline entry now in
     * {@link #keyEntry}: its field mask and residuals, its encoded body, and the velocity sample
     * the client derives when the entry is young enough to sample from; the entry's tick and
     * sample become the block's key.
     */
    private void code(int id, int bk, int[] now, int o, long tick) {
        codings++;
        final int[] c = cache;
        final int co = bk * cs;
        final int[] e = keyEntry;
        final EntityLayout l = layout;
        final int[] r = residuals;
        int mask = entries.residuals(e, 0, tick, now, o, r);
        final int[] absolutes = l.absoluteLanes;
        for (int i = 0; i < absolutes.length; i++) {
            final int k = absolutes[i];
            if (now[o + k] != e[ViewEntries.VALUES + k]) {
                mask |= l.statusBit;
                break;
            }
        }
        System.arraycopy(e, l.tickLo, c, co + C_KEY, keyInts);
        c[co + cMask] = mask;
        c[co + cBodyLength] = SnapshotEncoder.putChangedBody(cacheBody, bk * body, l, mask, r, 0, now, o) - bk * body;
        final boolean sampled = entries.sampled(entries.tick(e, 0), tick);
        c[co + cSampled] = sampled ? 1 : 0;
        if (sampled) {
            entries.writeChanged(entry, 0, e, 0, now, o, tick);
            ViewEntries.copy(entry, entries.sampleDt, c, co + cSample, sample);
        }
        c[co + C_TICK_LO] = (int) tick;
        c[co + C_TICK_HI] = (int) (tick >>> 32);
    }

    /** True when the recorded values of two ticks agree for the entity at {@code o}. */
    private boolean sameValues(int[] a, int[] b, int o) {
        for (int k = 0; k < values; k++) {
            if (a[o + k] != b[o + k]) {
                return false;
            }
        }
        return true;
    }

    /** True when the cache block at {@code co} was filled in tick {@code tick}. */
    private boolean filledIn(int co, long tick) {
        return cache[co + C_TICK_LO] == (int) tick && cache[co + C_TICK_HI] == (int) (tick >>> 32);
    }

    /**
     * Writes the packet into {@code out} from index 0: header, the removals sent, then the included
     * changed entities (index-gap header, then the body coded in {@link #diff}) and the included
     * new ones, in id order. Resets the priority accumulators of what it includes. Returns the length.
     */
    private int emit(ClientState c, byte[] out, int sequence, long tick, long lastAppliedInputTick, int baselineAge,
                     int removalsSent, boolean complete, int[] now) {
        final PendingEntities pe = pending;
        int changed = 0;
        int added = 0;
        if (complete) {
            added = pe.added;
            changed = pe.count - added;
        } else {
            for (int p = 0; p < pe.count; p++) {
                if (pe.included[p]) {
                    if (pe.baseIndex[p] < 0) {
                        added++;
                    } else {
                        changed++;
                    }
                }
            }
        }
        int w = SnapshotEncoder.putHeader(out, sequence, tick, lastAppliedInputTick, baseSlot < 0, complete, baselineAge);
        w = SnapshotEncoder.putVarInt(out, w, removalsSent);
        int prev = -1;
        for (int r = 0; r < removalsSent; r++) {
            w = SnapshotEncoder.putVarInt(out, w, pe.removedIndex[r] - prev - 1);
            prev = pe.removedIndex[r];
        }
        w = SnapshotEncoder.putVarInt(out, w, changed);
        changesSent = changed;
        prev = -1;
        final int[] blocks = cache;
        final byte[] bodies = cacheBody;
        // Layout sizes as locals (see diff).
        final int cs = this.cs;
        final int cMask = this.cMask;
        final int cBodyLength = this.cBodyLength;
        final int body = this.body;
        final int maskBits = layout.maskBits;
        for (int p = 0; p < pe.count; p++) {
            final int b = pe.baseIndex[p];
            if (b < 0 || !pe.included[p]) {
                continue;
            }
            final int bk = pe.block[p];
            final int co = bk * cs;
            w = SnapshotEncoder.putChangedHeader(out, w, b - prev - 1, blocks[co + cMask], maskBits);
            prev = b;
            final int n = blocks[co + cBodyLength];
            System.arraycopy(bodies, bk * body, out, w, n);
            w += n;
        }
        w = SnapshotEncoder.putVarInt(out, w, added);
        if (added > 0) {
            prev = -1;
            for (int p = 0; p < pe.count; p++) {
                if (pe.baseIndex[p] >= 0 || !pe.included[p]) {
                    continue;
                }
                final int id = pe.id[p];
                w = SnapshotEncoder.putAdded(out, w, layout, id - prev - 1, now, id * values);
                prev = id;
            }
        }
        if (w > payloadBudgetBytes) {
            throw new IllegalStateException("snapshot packet " + w + " bytes > budget " + payloadBudgetBytes);
        }
        if (c.raisedPriorities > 0) {
            final float[] priority = c.priority;
            for (int p = 0; p < pe.count; p++) {
                final int d = history.denseId(pe.id[p]);
                if (pe.included[p] && priority[d] != 0f) {
                    priority[d] = 0f;
                    if (--c.raisedPriorities == 0) {
                        break;
                    }
                }
            }
        }
        return w;
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
            m[history.heldWord(id)] &= ~(1L << id);
        }
        int added = 0;
        for (int p = 0; p < pe.count; p++) {
            if (pe.included[p] && pe.baseIndex[p] < 0) {
                final int id = pe.id[p];
                m[history.heldWord(id)] |= 1L << id;
                added++;
            }
        }
        final int count = baseCount - removalsSent + added;
        final int start;
        final int n;
        long oldestStored = tick;
        if (complete) {
            // Reserve exactly what is written, so the arena grows with the real need.
            start = c.reserveExceptions(pe.sampled, arenaScratch);
            n = storeComplete(c.arena, start);
        } else {
            // The size is only known after the walk: write to scratch first (the rare case).
            final int worst = exceptions.fullSlots * count * slotInts;
            if (incompleteScratch.length < worst) {
                incompleteScratch = new int[Math.max(worst, 2 * incompleteScratch.length)];
            }
            n = storeIncomplete(c, incompleteScratch, m, now, tick);
            oldestStored = tick - incompleteMaxAge;
            start = c.reserveExceptions(n, arenaScratch);
            System.arraycopy(incompleteScratch, 0, c.arena, start * slotInts, n * slotInts);
        }
        c.packetTick[ring] = tick;
        c.packetOldestTick[ring] = complete ? tick : oldestStored;
        c.packetComplete[ring] = complete;
        c.packetCount[ring] = count;
        c.storeLive(ring, sequence, start, n, arenaScratch);
        c.nextSequence = Sequences.next(sequence);
    }

    /** Complete packet: the only exceptions are the changed entities it carried with a velocity sample. */
    private int storeComplete(int[] a, int start) {
        final PendingEntities pe = pending;
        final int[] c = cache;
        final int cs = this.cs;
        final int cSampled = this.cSampled;
        final int cSample = this.cSample;
        final int sample = this.sample;
        final int sl = slotInts;
        int n = start;
        for (int p = 0; p < pe.count; p++) {
            if (pe.baseIndex[p] < 0) {
                continue;
            }
            final int co = pe.block[p] * cs;
            if (c[co + cSampled] != 0) {
                final int o = n++ * sl;
                a[o] = pe.id[p];
                ViewEntries.copy(c, co + cSample, a, o + 1, sample);
            }
        }
        return n - start;
    }

    /** The sample record changed entity {@code id} gets from this packet (coded in {@link #diff}). */
    private void writeSample(int[] a, int slot, int id, int bk) {
        final int o = slot * slotInts;
        a[o] = id;
        ViewEntries.copy(cache, bk * cs + cSample, a, o + 1, sample);
    }

    /**
     * Incomplete packet: what it did not carry keeps its baseline entry (older tick, old sample), so
     * every held entity it did not carry gets a record (short while young enough, else full),
     * besides the sampled changes it carried. Sets {@link #incompleteMaxAge}.
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
        int maxAge = 0;
        for (int h = 0; h < held.length; h++) {
            long bits = held[h];
            final int base = history.idWord(h) << 6;
            while (bits != 0L) {
                final int id = base + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                while (p < pe.count && pe.id[p] < id) {
                    p++;
                }
                final boolean pendingHere = p < pe.count && pe.id[p] == id;
                if (pendingHere && pe.included[p]) {
                    if (pe.baseIndex[p] >= 0 && cache[pe.block[p] * cs + cSampled] != 0) {
                        writeSample(a, n++, id, pe.block[p]);
                    }
                    continue;
                }
                // Not carried (unchanged, or a change deferred, coded or not): the client keeps the
                // baseline's entry, from its record or its default, re-aged without reading values
                // while it stays young enough for a short record.
                while (ec < excEnd && exceptions.id(exc, ec) < id) {
                    ec += exceptions.slots(exc, ec);
                }
                final boolean recorded = ec < excEnd && exceptions.id(exc, ec) == id;
                final int carried = exceptions.carryOver(exc, recorded ? ec : -1, baseTick, id, a, n, tick);
                if (carried > 0) {
                    maxAge = Math.max(maxAge, exceptions.age(a, n));
                    n += carried;
                    continue;
                }
                if (recorded) {
                    exceptions.toEntry(exc, ec, bv, baseTick, history, entry, 0);
                } else {
                    entries.writeStill(entry, 0, id, bv, id * values, baseTick);
                }
                final int written = exceptions.write(a, n, entry, 0, tick);
                maxAge = Math.max(maxAge, exceptions.age(a, n));
                n += written;
            }
        }
        incompleteMaxAge = maxAge;
        return n;
    }
}
