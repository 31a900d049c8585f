package io.tickforge.server.replication;

import io.tickforge.shared.snapshot.ViewEntries;

/**
 * How {@link ClientState} stores what a packet left on the client where it differs from the
 * default ("the recorded world's values at the packet's tick, that tick, no velocity sample").
 * Every entry a client holds has exactly the recorded world's values of the entry's own tick (the
 * invariant the property test checks), so a record needs only that tick and the velocity sample,
 * as long as the world of that tick is still recorded. Records of slots of {@code 1 + sampleInts}
 * ints (the entity layout's velocity sample; 7 ints for the arena), sorted by id:
 * <pre>
 *   short (1 slot):   ID | AGE &lt;&lt; 17, SAMPLE_DT, the velocity estimates (arena: VX, VY, VH, AX, AY)
 *                     the entry's tick is the packet's tick - AGE (0..{@link #MAX_AGE}); AGE 0 is an
 *                     entity the packet carried moving (the common case); AGE > 0 an older entry
 *                     that a packet which deferred something did not carry
 *   full (fullSlots): ID | FULL, then the rest of the {@link ViewEntries} entry (values, tick,
 *                     sample), padded to whole slots (2 slots for the arena)
 *                     an entry older than {@link #MAX_AGE} ticks (its world may be forgotten)
 * </pre>
 * Why: a full arena entry is 56 bytes and nearly every record fits in 28. Ids take 17 bits
 * ({@code EntityIds.MAX_ENTITIES} is below 2^17), the age 14, the full flag the top bit. One
 * instance per entity layout; immutable, any thread.
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
    private final int sampleInts;
    private final int values;

    PacketExceptions(ViewEntries entries) {
        this.entries = entries;
        this.sampleInts = entries.sampleInts;
        this.slot = 1 + sampleInts;
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

    /** Writes the sample of view entry {@code e[eo..]} (its values and tick being the default) as a 1-slot record. */
    void writeSample(int[] a, int s, int[] e, int eo) {
        final int o = s * slot;
        a[o] = e[eo + ViewEntries.ID];
        ViewEntries.copy(e, eo + sampleDt, a, o + 1, sampleInts);
    }

    /**
     * Writes view entry {@code e[eo..]} of a packet of tick {@code packetTick}: a short record when
     * the entry is at most {@link #MAX_AGE} ticks older than the packet, else a full one. Returns
     * the slots written.
     */
    int write(int[] a, int s, int[] e, int eo, long packetTick) {
        final long age = packetTick - entries.tick(e, eo);
        if (age < 0 || age > MAX_AGE) {
            writeFull(a, s, e, eo);
            return fullSlots;
        }
        final int o = s * slot;
        a[o] = e[eo + ViewEntries.ID] | (int) age << ID_BITS;
        ViewEntries.copy(e, eo + sampleDt, a, o + 1, sampleInts);
        return 1;
    }

    /** Writes view entry {@code e[eo..]} as a full record. */
    void writeFull(int[] a, int s, int[] e, int eo) {
        final int o = s * slot;
        System.arraycopy(e, eo, a, o, stride);
        a[o] |= FULL;
    }

    /**
     * True when the age-0 short record at {@code s}, read against a packet of tick
     * {@code packetTick}, gives the entry held in {@code e} at {@code eo}, whose values are the
     * recorded world's of its tick (every entry's are): same tick, same sample span, and when that
     * span is not 0 the same estimates (with span 0 the estimates are not part of the entry).
     */
    boolean sameSample(int[] a, int s, int[] e, int eo, long packetTick) {
        final int o = s * slot;
        final int sd = eo + sampleDt;
        final int dt = a[o + 1];
        // The entry's tick sits just before its SAMPLE_DT (TICK_LO, TICK_HI, SAMPLE_DT).
        if (e[sd] != dt || e[sd - 2] != (int) packetTick || e[sd - 1] != (int) (packetTick >>> 32)) {
            return false;
        }
        if (dt == 0) {
            return true;
        }
        for (int k = o + 2, j = sd + 1, end = o + slot; k < end; k++, j++) {
            if (a[k] != e[j]) {
                return false;
            }
        }
        return true;
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
            // sample span 0: the estimates are not part of the entry
            java.util.Arrays.fill(a, o + 1, o + slot, 0);
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
        ViewEntries.copy(from, f + 1, a, o + 1, slot - 1);
        return 1;
    }

    /**
     * Writes the view entry of the record at {@code s}, of a packet of tick {@code packetTick},
     * into {@code e[eo..]}: a full record as it is; a short record with the recorded world's values
     * of its tick ({@code packetValues} are those of the packet's tick, for age 0) and its sample.
     * The world of an aged record's tick must still be recorded (see {@link #MAX_AGE}).
     */
    void toEntry(int[] a, int s, int[] packetValues, long packetTick, WorldHistory history, int[] e, int eo) {
        final int o = s * slot;
        final int head = a[o];
        if (head < 0) {
            System.arraycopy(a, o, e, eo, stride);
            e[eo + ViewEntries.ID] &= ~FULL;
            return;
        }
        final int id = head & ID_MASK;
        final int age = (head >>> ID_BITS) & AGE_MASK;
        final long tick = packetTick - age;
        final int[] v = age == 0 ? packetValues : history.values(history.slotOf(tick));
        entries.writeStill(e, eo, id, v, id * values, tick);
        ViewEntries.copy(a, o + 1, e, eo + sampleDt, sampleInts);
    }
}
