package io.tickforge.server.replication;

import io.tickforge.shared.seq.SequenceBuffer;
import io.tickforge.shared.seq.Sequences;
import io.tickforge.shared.snapshot.ViewEntries;

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
 * carry, so those become exceptions too (the rare, budget-starved case). Exceptions use the
 * {@link ViewEntries} layout, sorted by id.
 */
final class ClientState {
    final int slot;
    boolean active;
    int nextSequence;
    final SequenceBuffer sent;
    /** Per ring slot ({@code sent.index(sequence)}): the packet's server tick. */
    final long[] packetTick;
    final boolean[] packetComplete;
    /** Entities held after the packet (the baseline count of a packet built on it). */
    final int[] packetCount;
    /** Ids held after the packet, one bit each. */
    final long[][] members;
    /** Entries that differ from the default, sorted by id; null while the ring slot holds no live packet. */
    final int[][] exceptions;
    final int[] exceptionCount;
    private final int[][] free;
    private int freeCount;
    /** Largest exception array any packet needed: reused and new arrays are grown to it at once. */
    private int exceptionCapacity;
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

    ClientState(int slot, int historyLength, int idWords, int initialExceptions) {
        this.slot = slot;
        sent = new SequenceBuffer(historyLength);
        packetTick = new long[historyLength];
        packetComplete = new boolean[historyLength];
        packetCount = new int[historyLength];
        members = new long[historyLength][idWords];
        exceptions = new int[historyLength][];
        exceptionCount = new int[historyLength];
        free = new int[historyLength][];
        exceptionCapacity = Math.max(1, initialExceptions);
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
    }

    private void releaseOldest() {
        int i = sent.index(oldestLive);
        free[freeCount++] = exceptions[i];
        exceptions[i] = null;
        oldestLive = Sequences.next(oldestLive);
        liveCount--;
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

    /** An exception array for a new packet holding at least {@code entries} entries (last freed, first reused). */
    int[] takeExceptions(int entries) {
        if (entries > exceptionCapacity) {
            exceptionCapacity = Math.max(entries, exceptionCapacity * 2);
        }
        int[] a = freeCount > 0 ? free[--freeCount] : null;
        if (a == null || a.length < exceptionCapacity * ViewEntries.STRIDE) {
            a = new int[exceptionCapacity * ViewEntries.STRIDE];
        }
        return a;
    }

    void storeLive(int ringSlot, int sequence, int[] packetExceptions, int count) {
        exceptions[ringSlot] = packetExceptions;
        exceptionCount[ringSlot] = count;
        if (liveCount == 0) {
            oldestLive = sequence;
        }
        liveCount++;
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
        return age > 0 && age < historyLength && exceptions[s] != null ? s : -1;
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
        for (int[] e : exceptions) {
            bytes += e == null ? 0 : 16 + 4L * e.length;
        }
        for (int f = 0; f < freeCount; f++) {
            bytes += 16 + 4L * free[f].length;
        }
        bytes += 16 + 4L * priority.length;
        bytes += (8L + 1 + 4 + 4 + 8) * packetTick.length;
        return bytes;
    }

    /** Packets whose state is held (live) plus recycled exception arrays: at most the history length. */
    int packetsHeld() {
        return liveCount + freeCount;
    }
}
