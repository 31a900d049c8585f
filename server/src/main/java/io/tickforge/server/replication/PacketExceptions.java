package io.tickforge.server.replication;

import io.tickforge.shared.snapshot.ViewEntries;

/**
 * How {@link ClientState} stores what a packet left on the client where it differs from the
 * default ("the recorded world's values at the packet's tick, that tick, no velocity sample").
 * Every entry a client holds has exactly the recorded world's values of the entry's own tick (the
 * invariant the property test checks), so a record needs only that tick and the velocity sample,
 * as long as the world of that tick is still recorded; and the sample itself lives once in the
 * shared {@link SampleLog}, where the writer that derived it put it, so the record holds only its
 * 32-bit reference. Records of slots of 2 ints, sorted by id:
 * <pre>
 *   short (1 slot):   ID | AGE &lt;&lt; 17, the sample's reference ({@link SampleLog#NONE}: no sample)
 *                     the entry's tick is the packet's tick - AGE (0..{@link #MAX_AGE}); AGE 0 is an
 *                     entity the packet carried moving (the common case); AGE > 0 an older entry
 *                     that a packet which deferred something did not carry. The sample was derived
 *                     at the entry's tick, so it sits in the log's segment of that tick's slot.
 *   full (fullSlots): ID | FULL, then the rest of the {@link ViewEntries} entry (values, tick,
 *                     sample inline), padded to whole slots (7 slots for the arena)
 *                     an entry older than {@link #MAX_AGE} ticks (its world may be forgotten)
 * </pre>
 * Why: a full arena entry is 56 bytes and nearly every record fits in 8 (it was 28 with the six
 * sample ints inline, which every client kept, walked, compared and copied per changed entity;
 * a client's state at 256 players / 1000 NPCs went from 75 KB to 34 KB, the tick's time did not
 * measurably change in TickProbe). Ids take 17 bits ({@code EntityIds.MAX_ENTITIES} is below
 * 2^17), the age 14, the full flag the top bit. One instance per entity layout; immutable, any
 * thread; the log is passed to the methods that read samples.
 */
final class PacketExceptions {
    private static final int FULL = 0x8000_0000;
    static final int ID_BITS = 17;
    static final int ID_MASK = (1 << ID_BITS) - 1;
    static final int AGE_MASK = 0x3FFF;
    /** Oldest entry (ticks before its packet) a short record holds; the world history keeps this much more. */
    static final int MAX_AGE = 32;

    /** The records of the fixed shape (the arena's layout). */
    static final PacketExceptions FIXED = new PacketExceptions(ViewEntries.FIXED);

    static {
        if (io.tickforge.shared.world.EntityIds.MAX_ENTITIES > 1 << ID_BITS) {
            throw new ExceptionInInitializerError("entity ids need more than " + ID_BITS + " bits");
        }
    }

    private final ViewEntries entries;
    /** Ints per slot. */
    final int slot;
    /** Slots of a full record. */
    final int fullSlots;
    private final int stride;
    private final int sampleDt;
    private final int values;

    /** Ints per slot: a short record's head and sample reference. */
    static final int SLOT = 2;
    /** {@link #toEntry}'s answer for an entry with a sample but no reference (a full record's). */
    static final int UNREFERENCED = -2;

    PacketExceptions(ViewEntries entries) {
        this.entries = entries;
        this.slot = SLOT;
        this.stride = entries.stride;
        this.fullSlots = (stride + slot - 1) / slot;
        this.sampleDt = entries.sampleDt;
        if (entries.tickLo != sampleDt - 2 || entries.tickHi != sampleDt - 1) {
            throw new IllegalStateException("entry layout: the tick must sit just before SAMPLE_DT");
        }
        this.values = entries.values;
    }

    int id(int[] a, int s) {
        return a[s * slot] & ID_MASK;
    }

    /** Ticks between a short record's entry and its packet (0 for a full record: it carries its tick). */
    int age(int[] a, int s) {
        int head = a[s * slot];
        return head < 0 ? 0 : (head >>> ID_BITS) & AGE_MASK;
    }

    boolean isFull(int[] a, int s) {
        return (a[s * slot] & FULL) != 0;
    }

    /** True for a short record of age 0: the entry is the packet tick's world plus this sample (the common case). */
    boolean isCurrent(int[] a, int s) {
        return (a[s * slot] >>> ID_BITS) == 0;
    }

    /** Slots taken by the record at {@code s}. */
    int slots(int[] a, int s) {
        return (a[s * slot] & FULL) != 0 ? fullSlots : 1;
    }

    /** Writes an age-0 short record: entity {@code id} with the sample of reference {@code ref} (the packet carried it moving). */
    void writeShort(int[] a, int s, int id, int ref) {
        final int o = s * slot;
        a[o] = id;
        a[o + 1] = ref;
    }

    /** The sample reference of the short record at {@code s}. */
    int ref(int[] a, int s) {
        return a[s * slot + 1];
    }

    /**
     * Writes view entry {@code e[eo..]} of a packet of tick {@code packetTick}, whose sample has
     * reference {@code ref} ({@link SampleLog#NONE} when its span is 0; what {@link #toEntry} gave
     * for it): a short record when the entry is at most {@link #MAX_AGE} ticks older than the
     * packet, else (or when the sample has no reference, {@link #UNREFERENCED}) a full one. Returns
     * the slots written.
     */
    int write(int[] a, int s, int[] e, int eo, long packetTick, int ref) {
        final long age = packetTick - entries.tick(e, eo);
        if (age < 0 || age > MAX_AGE || (ref == UNREFERENCED && e[eo + sampleDt] != 0)) {
            writeFull(a, s, e, eo);
            return fullSlots;
        }
        final int o = s * slot;
        a[o] = e[eo + ViewEntries.ID] | (int) age << ID_BITS;
        a[o + 1] = e[eo + sampleDt] == 0 ? SampleLog.NONE : ref;
        return 1;
    }

    /** Writes view entry {@code e[eo..]} as a full record. */
    void writeFull(int[] a, int s, int[] e, int eo) {
        final int o = s * slot;
        System.arraycopy(e, eo, a, o, stride);
        a[o] |= FULL;
    }

    /**
     * True when the short record at {@code s}, whose entry has tick {@code entryTick} (world in
     * history slot {@code entrySlot}), is the entry held in {@code e} at {@code eo}, whose sample has
     * reference {@code ref} ({@link SampleLog#NONE}, or {@link #UNREFERENCED} for one not known by
     * reference) and whose values are the recorded world's of its tick (every entry's are): same
     * tick, and the same sample. Fast path: the same reference is the same sample (a reference
     * names one sample of that tick). Else the contents are compared: the same span, and when that
     * span is not 0 the same estimates (with span 0 the estimates are not part of the entry); two
     * writers, or one writer coding the same entry twice in a tick, derive equal samples under
     * different references.
     */
    boolean sameSample(int[] a, int s, int[] e, int eo, int ref, long entryTick, int entrySlot, SampleLog log) {
        final int sd = eo + sampleDt;
        // The entry's tick sits just before its SAMPLE_DT (TICK_LO, TICK_HI, SAMPLE_DT).
        if (e[sd - 2] != (int) entryTick || e[sd - 1] != (int) (entryTick >>> 32)) {
            return false;
        }
        final int r = a[s * slot + 1];
        return r == ref || log.sameAs(r, entrySlot, entryTick, e, sd);
    }

    /**
     * Writes at {@code at} of {@code a} the record a packet of tick {@code packetTick} keeps for an
     * entity it did not carry, whose entry is the one an older packet (of tick {@code fromTick})
     * left: that packet's record at {@code s} of {@code from}, or its default when {@code s}
     * is negative (the world of {@code fromTick}, no sample). No values are read: a short record is
     * re-aged, a full one copied as it is (full records only get older). Returns the slots written,
     * or -1 when the entry is now too old for a short record, so that its values must be read
     * ({@link #toEntry} then {@link #write}); both ways give the same record.
     */
    int carryOver(int[] from, int s, long fromTick, int id, int[] a, int at, long packetTick) {
        final long shift = packetTick - fromTick;
        final int o = at * slot;
        if (s < 0) {
            if (shift < 0 || shift > MAX_AGE) {
                return -1;
            }
            a[o] = id | (int) shift << ID_BITS;
            a[o + 1] = SampleLog.NONE;
            return 1;
        }
        final int f = s * slot;
        final int head = from[f];
        if (head < 0) {
            System.arraycopy(from, f, a, o, fullSlots * slot);
            return fullSlots;
        }
        final long age = ((head >>> ID_BITS) & AGE_MASK) + shift;
        if (shift < 0 || age > MAX_AGE) {
            return -1;
        }
        a[o] = (head & ID_MASK) | (int) age << ID_BITS;
        a[o + 1] = from[f + 1]; // the same sample: its reference is kept
        return 1;
    }

    /**
     * Writes the view entry of the record at {@code s}, of a packet of tick {@code packetTick},
     * into {@code e[eo..]}: a full record as it is; a short record with the recorded world's values
     * of its tick ({@code packetValues} are those of the packet's tick, in history slot
     * {@code packetSlot}, for age 0) and its sample, read from {@code log}. The world of an aged
     * record's tick must still be recorded (see {@link #MAX_AGE}). Returns the reference of the
     * entry's sample, for {@link #write}: the short record's, or for a full record
     * {@link SampleLog#NONE} when it has no sample, else {@link #UNREFERENCED}.
     */
    int toEntry(int[] a, int s, int[] packetValues, int packetSlot, long packetTick, WorldHistory history,
                SampleLog log, int[] e, int eo) {
        final int o = s * slot;
        final int head = a[o];
        if (head < 0) {
            System.arraycopy(a, o, e, eo, stride);
            e[eo + ViewEntries.ID] &= ~FULL;
            return e[eo + sampleDt] == 0 ? SampleLog.NONE : UNREFERENCED;
        }
        final int id = head & ID_MASK;
        final int age = (head >>> ID_BITS) & AGE_MASK;
        final long tick = packetTick - age;
        final int ref = a[o + 1];
        final int[] v;
        final int ws;
        if (age == 0) {
            v = packetValues;
            ws = packetSlot;
        } else {
            ws = history.slotOf(tick);
            v = history.values(ws);
        }
        entries.writeStill(e, eo, id, v, id * values, tick);
        log.read(ref, ws, tick, e, eo + sampleDt);
        return ref;
    }
}
