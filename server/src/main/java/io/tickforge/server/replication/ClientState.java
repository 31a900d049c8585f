package io.tickforge.server.replication;

import io.tickforge.shared.seq.SequenceBuffer;
import io.tickforge.shared.seq.Sequences;

import java.util.Arrays;

/**
 * What the server knows of one client: the packets it sent that can still become a baseline, what
 * each of them left on the client, and the newest one the client acknowledged. Touched by one
 * writer at a time (the tick thread, or the worker that writes this client's packet this tick);
 * acks are applied by the tick thread between the write phases.
 *
 * <p>What a packet P left on the client (its view, built on the client by
 * {@code SnapshotView.applyDelta}) is kept sparsely: the set of entity ids the client holds (a
 * bitmap), and only those entries that differ from the <em>default</em>, which is "the recorded
 * world's values at P's tick, that tick, no velocity sample". In a complete packet every entry is
 * current at P's tick, so the exceptions are exactly the entities P carried with a velocity sample
 * (the moving ones): upkeep per packet is proportional to what changed, not to what is visible.
 * A packet that deferred something for lack of budget keeps the older entries of what it did not
 * carry, so those become exceptions too (the rare, budget-starved case). Exceptions are
 * {@link PacketExceptions} records, sorted by id.
 */
final class ClientState {
    /** Ints per exception slot ({@link PacketExceptions#slot}). */
    final int slotInts;
    final int slot;
    boolean active;
    int nextSequence;
    final SequenceBuffer sent;
    /** Per ring slot ({@code sent.index(sequence)}): the packet's server tick. */
    final long[] packetTick;
    final boolean[] packetComplete;
    /** Per ring slot: the oldest tick among the packet's entries (its own tick or an aged record's). */
    final long[] packetOldestTick;
    /** Entities held after the packet (the baseline count of a packet built on it). */
    final int[] packetCount;
    /**
     * Ids held after the packet, one bit each, in {@link WorldHistory#heldWords} words (the id
     * bitmap without the words no id can be in: {@link WorldHistory#heldWord}).
     */
    final long[][] members;
    /**
     * Every live packet's exceptions ({@link PacketExceptions} records in 7-int slots, sorted by
     * id), packet after packet in sequence order. Packets die oldest first,
     * so this is a ring: a new packet's entries go after the newest one's (or wrap to the front when
     * they do not fit before the end), and freeing the oldest packet moves the head to the next
     * one's start. It grows (by doubling, compacting the live entries) only when it is full.
     */
    int[] arena;
    private int arenaEntries;
    private final int initialArenaEntries;
    /** Packets stored since the arena's size was last reconsidered, and the most slots live meanwhile. */
    private int packetsSinceResize;
    private int usedSlots;
    private int peakLiveSlots;
    private int head;
    private int tail;
    /** Per ring slot: the arena slot where the packet's exceptions start, and how many slots they take. */
    final int[] exceptionStart;
    final int[] exceptionCount;
    /** Per ring slot: the packet is live (can still become a baseline). */
    final boolean[] live;
    /** Live packets are the contiguous range oldestLive .. nextSequence - 1 (liveCount of them). */
    int oldestLive;
    int liveCount;
    boolean hasAck;
    int newestAcked;
    /** Priority accumulator by entity id ({@link WorldHistory#denseId}). */
    float[] priority;
    /**
     * Entries of {@link #priority} above zero: they only become so in a packet that defers, so
     * while this is 0 (nearly always) sending an entity needs no reset of its accumulator.
     */
    int raisedPriorities;
    /**
     * The client's last packet deferred something (did not fit the budget): a hint to the writer
     * that the next one will not fit either, so it codes changes lazily from the start (only the
     * cost of the packet depends on it, never its bytes).
     */
    boolean lastDeferred;

    /** A client of the fixed shape (record slots of {@code PacketExceptions.FIXED}). */
    ClientState(int slot, int historyLength, int idWords, int initialExceptions) {
        this(slot, historyLength, idWords, initialExceptions, PacketExceptions.FIXED.slot);
    }

    ClientState(int slot, int historyLength, int idWords, int initialExceptions, int slotInts) {
        this(slot, historyLength, idWords, idWords << 6, initialExceptions, slotInts);
    }

    /**
     * {@code heldWords}: words of a held-id bitmap ({@link WorldHistory#heldWords});
     * {@code denseIds}: entries of {@link #priority} ({@link WorldHistory#denseIdCapacity}).
     */
    ClientState(int slot, int historyLength, int heldWords, int denseIds, int initialExceptions, int slotInts) {
        this.slotInts = slotInts;
        this.slot = slot;
        sent = new SequenceBuffer(historyLength);
        packetTick = new long[historyLength];
        packetComplete = new boolean[historyLength];
        packetOldestTick = new long[historyLength];
        packetCount = new int[historyLength];
        members = new long[historyLength][heldWords];
        exceptionStart = new int[historyLength];
        exceptionCount = new int[historyLength];
        live = new boolean[historyLength];
        arenaEntries = Math.max(16, initialExceptions);
        initialArenaEntries = arenaEntries;
        arena = new int[arenaEntries * slotInts];
        priority = new float[denseIds];
    }

    /**
     * Grows the id-indexed arrays to {@code heldWords} words of held ids
     * ({@link WorldHistory#heldWords}) and {@code denseIds} dense ids
     * ({@link WorldHistory#denseIdCapacity}; only when the world outgrew them). Held-id bitmaps
     * grow at their end, where the words of the new ids go.
     */
    void ensureIds(int heldWords, int denseIds) {
        if (members[0].length < heldWords) {
            for (int s = 0; s < members.length; s++) {
                members[s] = Arrays.copyOf(members[s], heldWords);
            }
        }
        if (priority.length < denseIds) {
            priority = Arrays.copyOf(priority, denseIds);
        }
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
        lastDeferred = false;
    }

    private void releaseOldest() {
        live[sent.index(oldestLive)] = false;
        usedSlots -= exceptionCount[sent.index(oldestLive)];
        oldestLive = Sequences.next(oldestLive);
        liveCount--;
        if (liveCount == 0) {
            head = 0;
            tail = 0;
        } else {
            head = exceptionStart[sent.index(oldestLive)];
        }
    }

    /**
     * Frees the state of packets that can no longer be a baseline when {@code sequence} is written:
     * the baseline is always the newest acknowledged packet, which only moves forward.
     */
    void releaseDead(int sequence, int historyLength) {
        while (liveCount > 0
                && (Sequences.difference(sequence, oldestLive) >= historyLength
                || (hasAck && Sequences.sequenceGreaterThan(newestAcked, oldestLive)))) {
            releaseOldest();
        }
    }

    /**
     * Reserves {@code entries} slots for the next packet's exceptions and returns the slot they
     * start at in {@link #arena} (which may be a new, larger array afterwards, and the live records
     * may have moved: read both after this call). Call {@link #storeLive} with the number actually written.
     */
    int reserveExceptions(int entries, ArenaScratch scratch) {
        int start = fit(entries);
        if (start < 0 && liveSlots() + entries <= arenaEntries - arenaEntries / 4) {
            // Room enough, only in the wrong places: move the live records to the front instead
            // of growing (a ring wastes up to one packet's worth at its end when it wraps).
            compact(scratch);
            start = fit(entries);
        }
        if (start < 0) {
            grow(entries, scratch);
            start = fit(entries);
        }
        return start;
    }

    /**
     * Owned by one writer (one per writing thread): reusable room for {@link #compact}, and spare
     * arenas allocated up front that a client's arena grows into instead of a new array, so that
     * the rare budget-starved burst that outgrows an arena in steady state allocates nothing while
     * spares last. Spares come in two sizes (tiers, smaller first; twice and four times a client's
     * initial arena in {@link DeltaReplication}): a growth takes the smallest spare left that fits
     * it, and an array given back (the one a growth left, or one a shrink left) is kept by the tier
     * of exactly its size while that tier has room, so the number of spares of a tier never exceeds
     * what it was allocated with.
     */
    static final class ArenaScratch {
        int[] ints;
        /** Per tier (smaller first): the spares left (the first {@code spareCount[t]}), their slots and ints. */
        private final int[][][] spares;
        private final int[] spareCount;
        private final int[] spareEntries;
        private final int[] spareInts;

        /** Scratch only, no spares (tests). */
        ArenaScratch() {
            this(0, 0, 0, 0, 0);
        }

        /** One tier: {@code spares} spares of {@code spareEntries} slots. */
        ArenaScratch(int spares, int spareEntries, int slotInts) {
            this(spares, spareEntries, 0, 0, slotInts);
        }

        /**
         * Two tiers: {@code smallSpares} spares of {@code smallEntries} slots and {@code largeSpares}
         * of {@code largeEntries} (larger). The compaction room holds what a compaction of the largest
         * spare's arena moves at most (three quarters of it; {@link ClientState#reserveExceptions}), or a small
         * spare's size if that is more.
         */
        ArenaScratch(int smallSpares, int smallEntries, int largeSpares, int largeEntries, int slotInts) {
            this(0, 0, smallSpares, smallEntries, largeSpares, largeEntries, slotInts);
        }

        /**
         * As above, plus room to keep up to {@code keptInitial} arrays of a client's initial size
         * ({@code initialEntries} slots, smaller than the small spares), none at first: the array a
         * client's first growth leaves is kept here and taken back by that client's (or another's)
         * shrink, so a burst that grows an arena and the quiet that shrinks it again allocate
         * nothing, and hold no more memory than before the burst (the client holds a spare, this
         * scratch the array the spare replaced).
         */
        ArenaScratch(int keptInitial, int initialEntries, int smallSpares, int smallEntries, int largeSpares,
                     int largeEntries, int slotInts) {
            if (keptInitial < 0 || initialEntries < 0 || smallSpares < 0 || smallEntries < 0 || largeSpares < 0
                    || largeEntries < 0) {
                throw new IllegalArgumentException("spares and their sizes must be >= 0: " + keptInitial + ", "
                        + initialEntries + ", " + smallSpares + ", " + smallEntries + ", " + largeSpares + ", " + largeEntries);
            }
            if (largeSpares > 0 && largeEntries <= smallEntries) {
                throw new IllegalArgumentException("the large spares must be larger than the small ones: "
                        + largeEntries + " <= " + smallEntries);
            }
            if (keptInitial > 0 && initialEntries >= smallEntries) {
                throw new IllegalArgumentException("the kept initial arrays must be smaller than the small spares: "
                        + initialEntries + " >= " + smallEntries);
            }
            final int room = Math.max(smallEntries, largeSpares > 0 ? largeEntries - largeEntries / 4 : 0);
            this.ints = new int[room * slotInts];
            // Tier 0 (the kept initial arrays) starts empty; the spare tiers start full.
            final int[] capacities = {keptInitial, smallSpares, largeSpares};
            final int[] allocated = {0, smallSpares, largeSpares};
            final int[] sizes = {initialEntries, smallEntries, largeEntries};
            this.spares = new int[3][][];
            this.spareCount = new int[3];
            this.spareEntries = new int[3];
            this.spareInts = new int[3];
            for (int t = 0; t < 3; t++) {
                spares[t] = new int[capacities[t]][];
                for (int k = 0; k < allocated[t]; k++) {
                    spares[t][k] = new int[sizes[t] * slotInts];
                }
                spareCount[t] = allocated[t];
                spareEntries[t] = sizes[t];
                spareInts[t] = sizes[t] * slotInts;
            }
        }

        /** Arena growths of the clients this scratch's writer wrote (counted by the writer's thread). */
        long growths;
        /** Of {@link #growths}, those no spare was left for, which allocated their arena. */
        long allocatingGrowths;

        /** The smallest spare arena left that {@code entries} slots fit; null when there is none. */
        int[] takeSpare(int entries) {
            for (int t = 0; t < spares.length; t++) {
                if (spareCount[t] > 0 && entries <= spareEntries[t]) {
                    return pop(t);
                }
            }
            return null;
        }

        /** Takes the last array left in tier {@code t} (one must be left). */
        private int[] pop(int t) {
            final int[] a = spares[t][--spareCount[t]];
            spares[t][spareCount[t]] = null;
            return a;
        }

        /**
         * Keeps {@code a} (of {@code entries} slots) as a spare when it is exactly a tier's size and
         * that tier has room; else drops it. The caller must no longer reference {@code a}: the next
         * growth (of any client this writer writes) may take it.
         */
        void giveBack(int[] a, int entries) {
            for (int t = 0; t < spares.length; t++) {
                if (entries == spareEntries[t] && a.length == spareInts[t] && spareCount[t] < spares[t].length) {
                    spares[t][spareCount[t]++] = a;
                    return;
                }
            }
        }

        /**
         * For a shrink to {@code entries} slots: a kept initial array when {@code entries} fits
         * one and one is left; null otherwise (the shrink then allocates exactly what it needs).
         * Never a spare: a quiet client does not hold on to room a growing one may need.
         */
        int[] takeKept(int entries) {
            return spareCount[0] == 0 || entries > spareEntries[0] ? null : pop(0);
        }

        /** Spares left, all tiers. */
        int sparesLeft() {
            int n = 0;
            for (int c : spareCount) {
                n += c;
            }
            return n;
        }

        /** Spares left of {@code entries} slots (0 when no tier has that size). */
        int sparesLeft(int entries) {
            final int t = tierOf(entries);
            return t < 0 ? 0 : spareCount[t];
        }

        /** Spares of {@code entries} slots this scratch was allocated with: the most that tier ever holds. */
        int spareCapacity(int entries) {
            final int t = tierOf(entries);
            return t < 0 ? 0 : spares[t].length;
        }

        /** The tier (with room for at least one array) of arrays of {@code entries} slots, or -1. */
        private int tierOf(int entries) {
            for (int t = 0; t < spares.length; t++) {
                if (spareEntries[t] == entries && spares[t].length > 0) {
                    return t;
                }
            }
            return -1;
        }

        /** Bytes this scratch holds (its compaction room, the spares left and the initial arrays kept). */
        long retainedBytes() {
            long bytes = 16 + 4L * ints.length;
            for (int t = 0; t < spares.length; t++) {
                bytes += spareCount[t] * (16 + 4L * spareInts[t]);
            }
            return bytes;
        }
    }

    /** Arena slots the live packets' records take. */
    private int liveSlots() {
        return usedSlots;
    }

    /** Moves the live records, in packet order, to the front of the arena (through the writer's scratch). */
    private void compact(ArenaScratch scratch) {
        final int used = liveSlots() * slotInts;
        if (scratch.ints.length < used) {
            scratch.ints = new int[Math.max(used, 2 * scratch.ints.length)];
        }
        int at = 0;
        for (int k = 0, seq = oldestLive; k < liveCount; k++, seq = Sequences.next(seq)) {
            int r = sent.index(seq);
            System.arraycopy(arena, exceptionStart[r] * slotInts, scratch.ints, at * slotInts,
                    exceptionCount[r] * slotInts);
            exceptionStart[r] = at;
            at += exceptionCount[r];
        }
        System.arraycopy(scratch.ints, 0, arena, 0, used);
        head = 0;
        tail = at;
    }

    private int fit(int entries) {
        if (liveCount == 0) {
            return entries <= arenaEntries ? 0 : -1;
        }
        if (tail >= head) {
            if (entries <= arenaEntries - tail) {
                return tail;
            }
            // Wrap to the front, leaving the end unused; strictly below head so full != empty.
            return entries < head ? 0 : -1;
        }
        return entries < head - tail ? tail : -1;
    }

    /**
     * Doubles the arena (at least enough for {@code entries} more) and compacts the live packets
     * into it: into the smallest of the writer's spares that fits, else a new array. The array it
     * leaves goes back to the writer's spares when it is a spare's size (an arena that had grown
     * into a spare of twice the initial size and grows again into one of four times gives the
     * smaller one back, so the small tier does not drain).
     */
    private void grow(int entries, ArenaScratch scratch) {
        final int capacity = Math.max(arenaEntries * 2, liveSlots() + entries + 1);
        final int[] spare = scratch.takeSpare(capacity);
        scratch.growths++;
        if (spare == null) {
            scratch.allocatingGrowths++;
        }
        resize(spare, capacity, scratch);
        if (shrunk) {
            // It shrank and needs the room again: its bursts recur, so wait longer before the
            // next shrink (each shrink-and-grow is two allocations of the arena). Once per
            // shrink, however many doublings the burst takes.
            quietChecksToShrink = Math.min(MAX_QUIET_CHECKS, quietChecksToShrink * 2);
            shrunk = false;
        }
    }

    /**
     * Moves the live records into {@code taken} (an array from the writer's scratch, its size its
     * own), or into a new array of {@code capacity} slots when null, then gives the old arena to
     * {@code scratch} (may be null): only now, as this client no longer references it.
     */
    private void resize(int[] taken, int capacity, ArenaScratch scratch) {
        final int[] old = arena;
        final int oldEntries = arenaEntries;
        if (taken != null) {
            relocate(taken, taken.length / slotInts);
        } else {
            relocate(new int[capacity * slotInts], capacity);
        }
        if (scratch != null) {
            scratch.giveBack(old, oldEntries);
        }
    }

    /** Copies the live records, in packet order, to the front of {@code next} and makes it the arena. */
    private void relocate(int[] next, int capacity) {
        int at = 0;
        for (int k = 0, seq = oldestLive; k < liveCount; k++, seq = Sequences.next(seq)) {
            int r = sent.index(seq);
            System.arraycopy(arena, exceptionStart[r] * slotInts, next, at * slotInts,
                    exceptionCount[r] * slotInts);
            exceptionStart[r] = at;
            at += exceptionCount[r];
        }
        arena = next;
        arenaEntries = capacity;
        head = 0;
        tail = at;
    }

    void storeLive(int ringSlot, int sequence, int start, int count) {
        storeLive(ringSlot, sequence, start, count, null);
    }

    /** As above; an arena that shrinks gives its array back to {@code scratch} (may be null) when it is a spare's size. */
    void storeLive(int ringSlot, int sequence, int start, int count, ArenaScratch scratch) {
        exceptionStart[ringSlot] = start;
        exceptionCount[ringSlot] = count;
        live[ringSlot] = true;
        if (liveCount == 0) {
            oldestLive = sequence;
            head = start;
        }
        tail = start + count;
        liveCount++;
        usedSlots += count;
        peakLiveSlots = Math.max(peakLiveSlots, usedSlots);
        if (++packetsSinceResize >= SHRINK_CHECK_PACKETS) {
            maybeShrink(scratch);
        }
    }

    /** Packets between two checks whether the arena is far larger than its use (10 s at 60 Hz). */
    static final int SHRINK_CHECK_PACKETS = 600;
    /** Consecutive checks with little use before the arena shrinks (40 s at 60 Hz) the first time. */
    static final int SHRINK_AFTER_CHECKS = 4;
    /** The most consecutive quiet checks a shrink waits for after regrowths (about 11 min at 60 Hz). */
    static final int MAX_QUIET_CHECKS = 64;
    private int quietChecks;
    private int quietPeak;
    /** Quiet checks the next shrink waits for: doubles each time the arena has to grow again after a shrink. */
    private int quietChecksToShrink = SHRINK_AFTER_CHECKS;
    /** The last resize was a shrink (a grow after it doubles {@link #quietChecksToShrink}). */
    private boolean shrunk;

    /**
     * A join (every entity new, keyframes and budget-starved packets that keep full records) can
     * grow the arena far beyond what the steady state needs; held forever, that is memory the GC
     * copies for nothing. So an arena whose use stayed below an eighth of it for
     * {@link #SHRINK_AFTER_CHECKS} check periods in a row is replaced by one four times the peak
     * use of those periods (never below its initial size). The wide margins keep a client whose
     * use comes in bursts from shrinking and growing again and again, which would be allocation
     * in steady state; and every time an arena has to grow again after a shrink, the next shrink
     * waits twice as many quiet periods (at most {@link #MAX_QUIET_CHECKS}), so a client whose
     * bursts recur reallocates less and less often, while one that grew for a join gives the
     * memory back after 40 s.
     */
    private void maybeShrink(ArenaScratch scratch) {
        final int peak = peakLiveSlots;
        packetsSinceResize = 0;
        peakLiveSlots = 0;
        if (arenaEntries <= initialArenaEntries || (long) peak * 8 >= arenaEntries) {
            quietChecks = 0;
            quietPeak = 0;
            return;
        }
        quietPeak = Math.max(quietPeak, peak);
        if (++quietChecks < quietChecksToShrink) {
            return;
        }
        final int capacity = Math.max(initialArenaEntries, Math.max(quietPeak * 4, liveSlots() + 1));
        quietChecks = 0;
        quietPeak = 0;
        if (capacity < arenaEntries) {
            resize(scratch == null ? null : scratch.takeKept(capacity), capacity, scratch);
            shrunk = true;
        }
    }

    /** Ring slot of the newest acknowledged packet if it can be a baseline for {@code sequence}, else -1. */
    int baselineSlot(int sequence, int historyLength) {
        if (!hasAck || sent.find(newestAcked) < 0) {
            return -1;
        }
        int age = Sequences.difference(sequence, newestAcked);
        int s = sent.index(newestAcked);
        // A dead ring slot cannot happen for an acknowledged packet inside the window (only older
        // packets are released); checked anyway so a wrapped sequence degrades to a keyframe.
        return age > 0 && age < historyLength && live[s] ? s : -1;
    }

    /** Applies one acknowledged sequence; false when it names no packet held (too old, never sent, forged). */
    boolean ack(int sequence) {
        if (sent.find(sequence) < 0) {
            return false;
        }
        if (!hasAck || Sequences.sequenceGreaterThan(sequence, newestAcked)) {
            hasAck = true;
            newestAcked = sequence;
        }
        return true;
    }

    /** Bytes of replication state this client holds (arrays reachable from it), for the memory report. */
    long retainedBytes() {
        long bytes = 0;
        for (long[] m : members) {
            bytes += 16 + 8L * m.length;
        }
        bytes += 16 + 4L * arena.length;
        bytes += 16 + 4L * priority.length;
        bytes += (8L + 1 + 4 + 4 + 4 + 1) * packetTick.length;
        return bytes;
    }

    /** Packets whose state is held (live): at most the history length. */
    int packetsHeld() {
        return liveCount;
    }

    /** Entries the exception arena holds without growing. */
    int arenaEntries() {
        return arenaEntries;
    }
}
