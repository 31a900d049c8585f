package io.tickforge.server.replication;

import java.util.Arrays;

/**
 * The velocity samples the writers derived, kept once and shared by every client's short
 * exception records, which hold a 32-bit <em>reference</em> to their sample instead of the sample
 * itself ({@link PacketExceptions}). Created once per replication; each {@link PacketWriter} has a
 * writer index and appends only to its own segments, so writers share nothing while they write.
 *
 * <p>Layout: per writer and per world-history slot ({@link WorldHistory}'s ring of recorded
 * ticks), a segment of samples ({@code sampleInts} each: SAMPLE_DT, then the estimates) with a
 * count and the tick it holds. A sample is appended only by {@link PacketWriter}'s coding, at the
 * current tick, to the writer's segment of the current tick's slot; the writer resets that segment
 * lazily, the first time it appends to it in a new tick. A reference is
 * {@code writer << INDEX_BITS | index} (7 bits of writer, 25 of index); which slot it lives in follows from the tick of the record's
 * entry (the tick the sample was derived in), so it is not part of the reference.
 *
 * <p>Why a reference stays valid: a short record's entry tick is still recorded whenever the
 * record is read ({@link PacketWriter}'s baseline falls back to a keyframe when the world of a
 * baseline's tick or of its oldest record is forgotten), and a slot's segment is only reset by an
 * append at a later tick into that slot, which happens only after the history has recorded that
 * later tick into the slot, forgetting the entry's tick. Records carried over to later packets keep
 * their reference. Readers of another writer's segment read what was written in an earlier tick's
 * write phase: the tick barrier ({@link ReplicationWorkers#run} joins) orders it. A read of a
 * reference whose segment no longer holds the entry's tick (the guarantee broken) throws rather
 * than returning another sample ({@link #checked}).
 *
 * <p>Segments grow by doubling (allocation only on growth; sized up front so that the steady state
 * does not grow them). A join's burst of codings (clients on many different baselines share few
 * of them) grows them far beyond the steady state's need, so a segment shrinks when it is reset
 * while its room is at least {@link #SHRINK_FACTOR} times its writer's need: the most samples any
 * of its segments took in a tick during the current and the previous {@link #WINDOW_TICKS} ticks
 * (never below the initial size). It shrinks to the initial size times the smallest power of two
 * that holds the need: back into the initial-size array it kept when it first grew (no
 * allocation: the case of a writer whose steady state fits the initial size), else a new array
 * (a writer that needs more than that even when quiet; a burst then costs one allocation per
 * segment when it grows and one when it shrinks, never in the steady state, where the need stays
 * within a factor {@link #SHRINK_FACTOR} of the room). Not thread-safe beyond the above: one
 * writer per index.
 */
final class SampleLog {
    /** The reference of "no sample" (SAMPLE_DT 0): never a sample's (writer 127 is not allowed). */
    static final int NONE = -1;
    /**
     * 25 bits of index (33 M samples per writer and tick), 7 of writer: the configuration allows
     * {@link ReplicationConfig#MAX_REPLICATION_THREADS} workers plus the tick thread (65 writers).
     */
    static final int INDEX_BITS = 25;
    static final int INDEX_MASK = (1 << INDEX_BITS) - 1;
    /** Writers at most: 7 bits, and writer 127 would make index {@link #INDEX_MASK} equal {@link #NONE}. */
    static final int MAX_WRITERS = (1 << (32 - INDEX_BITS)) - 1;

    static {
        if (ReplicationConfig.MAX_REPLICATION_THREADS + 1 > MAX_WRITERS) {
            throw new ExceptionInInitializerError("sample references need more writer bits");
        }
    }
    /** Ticks of a window of a writer's need (10 s at 60 Hz): a burst is forgotten 1 to 2 windows after it. */
    static final int WINDOW_TICKS = 600;
    /** A segment shrinks when its room is at least this many times its writer's need. */
    static final int SHRINK_FACTOR = 4;

    final int sampleInts;
    private final int slots;
    /** Per writer * slots + slot: the samples, their count, and the tick the segment holds. */
    private final int[][] data;
    private final int[] count;
    private final long[] tickOf;
    /** Per segment that grew: the initial-size array it had (to shrink back into), else null. */
    private final int[][] kept;
    private final int initialSamples;
    /** Per writer: the most samples a segment took in a tick in the current window, the previous window's, and when the current one started. */
    private final int[] windowPeak;
    private final int[] lastWindowPeak;
    private final long[] windowStart;

    /**
     * {@code writers} writers, {@code slots} history slots (the {@link WorldHistory}'s length),
     * samples of {@code sampleInts} ints, segments of room for {@code initialSamples} at first.
     */
    SampleLog(int writers, int slots, int sampleInts, int initialSamples) {
        if (writers < 1 || writers > MAX_WRITERS) {
            throw new IllegalArgumentException("a sample log takes 1.." + MAX_WRITERS + " writers: " + writers);
        }
        if (slots < 1 || sampleInts < 1 || initialSamples < 1) {
            throw new IllegalArgumentException("slots, sample ints and initial samples must be >= 1: " + slots + ", "
                    + sampleInts + ", " + initialSamples);
        }
        this.sampleInts = sampleInts;
        this.slots = slots;
        this.initialSamples = initialSamples;
        data = new int[writers * slots][];
        kept = new int[writers * slots][];
        windowPeak = new int[writers];
        lastWindowPeak = new int[writers];
        windowStart = new long[writers];
        Arrays.fill(windowStart, Long.MIN_VALUE / 2);
        count = new int[writers * slots];
        tickOf = new long[writers * slots];
        Arrays.fill(tickOf, Long.MIN_VALUE);
        for (int k = 0; k < data.length; k++) {
            data[k] = new int[initialSamples * sampleInts];
        }
    }

    int writers() {
        return data.length / slots;
    }

    /**
     * Appends the sample at {@code src[so..]} as writer {@code writer}'s, derived at tick
     * {@code tick} (the current one), whose world is in history slot {@code slot}; returns its reference.
     */
    int append(int writer, int slot, long tick, int[] src, int so) {
        final int seg = writer * slots + slot;
        int n = count[seg];
        if (tickOf[seg] != tick) {
            tickOf[seg] = tick;
            n = 0;
            if (tick - windowStart[writer] >= WINDOW_TICKS) {
                lastWindowPeak[writer] = windowPeak[writer];
                windowPeak[writer] = 0;
                windowStart[writer] = tick;
            }
            if (data[seg].length > initialSamples * sampleInts) {
                maybeShrink(writer, seg);
            }
        }
        int[] d = data[seg];
        final int si = sampleInts;
        if (n >= windowPeak[writer]) {
            windowPeak[writer] = n + 1;
        }
        if ((n + 1) * si > d.length) {
            if (n >= INDEX_MASK) {
                throw new IllegalStateException("more than " + INDEX_MASK + " samples in one tick for writer " + writer);
            }
            if (kept[seg] == null && d.length == initialSamples * si) {
                kept[seg] = d;
            }
            d = data[seg] = Arrays.copyOf(d, Math.max(si, 2 * d.length));
        }
        System.arraycopy(src, so, d, n * si, si);
        count[seg] = n + 1;
        return writer << INDEX_BITS | n;
    }

    /** Shrinks grown segment {@code seg} (being reset) when its room is far above its writer's recent need (see above). */
    private void maybeShrink(int writer, int seg) {
        final int need = Math.max(initialSamples, Math.max(windowPeak[writer], lastWindowPeak[writer]));
        final long room = data[seg].length / sampleInts;
        if (room < (long) SHRINK_FACTOR * need) {
            return;
        }
        long target = initialSamples;
        while (target < need) {
            target *= 2;
        }
        if (target == initialSamples && kept[seg] != null) {
            data[seg] = kept[seg];
        } else {
            data[seg] = new int[(int) target * sampleInts];
        }
        kept[seg] = null;
    }

    /**
     * The segment holding sample {@code ref} (not {@link #NONE}) of an entry of tick {@code tick}
     * whose world is in history slot {@code slot}, after checking that it still holds that tick;
     * the sample starts at {@link #offset}. Throws when the segment was reused (the lifetime
     * guarantee above broken): a wrong sample would silently change packets.
     */
    int[] checked(int ref, int slot, long tick) {
        final int seg = (ref >>> INDEX_BITS) * slots + slot;
        if (tickOf[seg] != tick || (ref & INDEX_MASK) >= count[seg]) {
            throw new IllegalStateException("sample " + Integer.toHexString(ref) + " of tick " + tick
                    + " read from a segment of tick " + tickOf[seg] + " (" + count[seg] + " samples)");
        }
        return data[seg];
    }

    int offset(int ref) {
        return (ref & INDEX_MASK) * sampleInts;
    }

    /**
     * Writes sample {@code ref} of an entry of tick {@code tick} (history slot {@code slot}) into
     * {@code e[sd..]} (SAMPLE_DT, then the estimates); {@link #NONE} writes SAMPLE_DT 0 and zero estimates.
     */
    void read(int ref, int slot, long tick, int[] e, int sd) {
        if (ref == NONE) {
            Arrays.fill(e, sd, sd + sampleInts, 0);
            return;
        }
        System.arraycopy(checked(ref, slot, tick), offset(ref), e, sd, sampleInts);
    }

    /**
     * True when sample {@code ref} (of an entry of tick {@code tick}, slot {@code slot}) is the
     * sample at {@code e[sd..]}: the same span, and when that is not 0 the same estimates (with span 0
     * the estimates are not part of an entry).
     */
    boolean sameAs(int ref, int slot, long tick, int[] e, int sd) {
        final int dt = e[sd];
        if (ref == NONE) {
            return dt == 0;
        }
        final int[] d = checked(ref, slot, tick);
        final int o = offset(ref);
        if (d[o] != dt) {
            return false;
        }
        if (dt == 0) {
            return true;
        }
        for (int k = 1; k < sampleInts; k++) {
            if (d[o + k] != e[sd + k]) {
                return false;
            }
        }
        return true;
    }

    /** Ints of the arrays of writer {@code writer}'s segments (tests). */
    long capacityInts(int writer) {
        long n = 0;
        for (int k = writer * slots; k < (writer + 1) * slots; k++) {
            n += data[k].length;
        }
        return n;
    }

    /** Samples writer {@code writer} holds for tick {@code tick} in slot {@code slot} (0 when the segment holds another tick). */
    int samples(int writer, int slot, long tick) {
        final int seg = writer * slots + slot;
        return tickOf[seg] == tick ? count[seg] : 0;
    }

    /** Bytes the log holds (every segment's array), for the memory report. */
    long retainedBytes() {
        long bytes = 4 * 16 + (4L + 4 + 8 + 4) * data.length; // the segment references, counts, ticks, kept references
        for (int k = 0; k < data.length; k++) {
            bytes += 16 + 4L * data[k].length;
            if (kept[k] != null) {
                bytes += 16 + 4L * kept[k].length;
            }
        }
        return bytes;
    }
}
