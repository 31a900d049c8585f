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
    /** Ids held after the packet, one bit each. */
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
    /** Priority accumulator by entity id. */
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
        this.slotInts = slotInts;
        this.slot = slot;
        sent = new SequenceBuffer(historyLength);
        packetTick = new long[historyLength];
        packetComplete = new boolean[historyLength];
        packetOldestTick = new long[historyLength];
        packetCount = new int[historyLength];
        members = new long[historyLength][idWords];
        exceptionStart = new int[historyLength];
        exceptionCount = new int[historyLength];
        live = new boolean[historyLength];
        arenaEntries = Math.max(16, initialExceptions);
        initialArenaEntries = arenaEntries;
        arena = new int[arenaEntries * slotInts];
        priority = new float[idWords << 6];
    }

    /** Grows the id-indexed arrays to {@code idWords} words of ids (only when the world outgrew them). */
    void ensureIds(int idWords) {
        if (members[0].length < idWords) {
            for (int s = 0; s < members.length; s++) {
                members[s] = Arrays.copyOf(members[s], idWords);
            }
        }
        if (priority.length < idWords << 6) {
            priority = Arrays.copyOf(priority, idWords << 6);
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
     * spares last. An arena that shrinks gives its array back when it is a spare's size.
     */
    static final class ArenaScratch {
        int[] ints;
        private final int[][] spares;
        private int spareCount;
        /** Slots of each spare arena, and its ints. */
        final int spareEntries;
        private final int spareInts;

        /** Scratch only, no spares (tests). */
        ArenaScratch() {
            this(0, 0, 0);
        }

        ArenaScratch(int spares, int spareEntries, int slotInts) {
            if (spares < 0 || spareEntries < 0) {
                throw new IllegalArgumentException("spares and their size must be >= 0: " + spares + ", " + spareEntries);
            }
            this.ints = new int[spareEntries * slotInts];
            this.spares = new int[spares][];
            for (int k = 0; k < spares; k++) {
                this.spares[k] = new int[spareEntries * slotInts];
            }
            this.spareCount = spares;
            this.spareEntries = spareEntries;
            this.spareInts = spareEntries * slotInts;
        }

        /** A spare arena when one is left and {@code entries} slots fit it; else null. */
        int[] takeSpare(int entries) {
            if (spareCount == 0 || entries > spareEntries) {
                return null;
            }
            final int[] a = spares[--spareCount];
            spares[spareCount] = null;
            return a;
        }

        /** Keeps {@code a} (of {@code entries} slots) as a spare when it is a spare's size and there is room. */
        void giveBack(int[] a, int entries) {
            if (entries == spareEntries && spareCount < spares.length) {
                spares[spareCount++] = a;
            }
        }

        int sparesLeft() {
            return spareCount;
        }

        /** Bytes this scratch holds (its compaction room and the spares left). */
        long retainedBytes() {
            return 16 + 4L * ints.length + spareCount * (16 + 4L * spareInts);
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
     * into it: into one of the writer's spares when it fits one, else a new array.
     */
    private void grow(int entries, ArenaScratch scratch) {
        final int capacity = Math.max(arenaEntries * 2, liveSlots() + entries + 1);
        final int[] spare = scratch.takeSpare(capacity);
        if (spare != null) {
            relocate(spare, scratch.spareEntries);
        } else {
            relocate(new int[capacity * slotInts], capacity);
        }
        if (shrunk) {
            // It shrank and needs the room again: its bursts recur, so wait longer before the
            // next shrink (each shrink-and-grow is two allocations of the arena). Once per
            // shrink, however many doublings the burst takes.
            quietChecksToShrink = Math.min(MAX_QUIET_CHECKS, quietChecksToShrink * 2);
            shrunk = false;
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
            final int[] old = arena;
            final int oldEntries = arenaEntries;
            relocate(new int[capacity * slotInts], capacity);
            if (scratch != null) {
                scratch.giveBack(old, oldEntries);
            }
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
