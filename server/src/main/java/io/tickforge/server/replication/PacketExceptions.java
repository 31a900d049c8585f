package io.tickforge.server.replication;

import io.tickforge.shared.snapshot.ViewEntries;

/**
 * How {@link ClientState} stores what a packet left on the client where it differs from the
 * default ("the recorded world's values at the packet's tick, that tick, no velocity sample").
 * Every entry a client holds has exactly the recorded world's values of the entry's own tick (the
 * invariant the property test checks), so a record needs only that tick and the velocity sample,
 * as long as the world of that tick is still recorded. Records of 7-int slots, sorted by id:
 * <pre>
 *   short (1 slot):   ID | AGE &lt;&lt; 17, SAMPLE_DT, VX, VY, VH, AX, AY
 *                     the entry's tick is the packet's tick - AGE (0..{@link #MAX_AGE}); AGE 0 is an
 *                     entity the packet carried moving (the common case); AGE > 0 an older entry
 *                     that a packet which deferred something did not carry
 *   full (2 slots):   ID | FULL, X, Y, HEADING, HEALTH, FLAGS, TICK_LO,
 *                     TICK_HI, SAMPLE_DT, VX, VY, VH, AX, AY        (the {@link ViewEntries} layout)
 *                     an entry older than {@link #MAX_AGE} ticks (its world may be forgotten)
 * </pre>
 * Why: a full entry is 56 bytes and nearly every record fits in 28. Ids take 17 bits
 * ({@code EntityIds.MAX_ENTITIES} is below 2^17), the age 14, the full flag the top bit. Stateless.
 */
final class PacketExceptions {
    static final int SLOT = 7;
    private static final int FULL = 0x8000_0000;
    private static final int ID_BITS = 17;
    private static final int ID_MASK = (1 << ID_BITS) - 1;
    private static final int AGE_MASK = 0x3FFF;
    /** Oldest entry (ticks before its packet) a short record holds; the world history keeps this much more. */
    static final int MAX_AGE = 32;
    private static final int S = ViewEntries.STRIDE;

    static {
        if (io.tickforge.shared.world.EntityIds.MAX_ENTITIES > 1 << ID_BITS) {
            throw new ExceptionInInitializerError("entity ids need more than " + ID_BITS + " bits");
        }
    }

    private PacketExceptions() {
    }

    static int id(int[] a, int slot) {
        return a[slot * SLOT] & ID_MASK;
    }

    /** Ticks between a short record's entry and its packet (0 for a full record: it carries its tick). */
    static int age(int[] a, int slot) {
        int head = a[slot * SLOT];
        return head < 0 ? 0 : (head >>> ID_BITS) & AGE_MASK;
    }

    static boolean isFull(int[] a, int slot) {
        return (a[slot * SLOT] & FULL) != 0;
    }

    /** Slots taken by the record at {@code slot}. */
    /** True for a short record of age 0: the entry is the packet tick's world plus this sample (the common case). */
    static boolean isCurrent(int[] a, int slot) {
        return (a[slot * SLOT] >>> ID_BITS) == 0;
    }

    static int slots(int[] a, int slot) {
        return (a[slot * SLOT] & FULL) != 0 ? 2 : 1;
    }

    /** Writes the sample of view entry {@code e[eo..]} (its values and tick being the default) as a 1-slot record. */
    static void writeSample(int[] a, int slot, int[] e, int eo) {
        final int o = slot * SLOT;
        a[o] = e[eo + ViewEntries.ID];
        System.arraycopy(e, eo + ViewEntries.SAMPLE_DT, a, o + 1, S - ViewEntries.SAMPLE_DT);
    }

    /**
     * Writes view entry {@code e[eo..]} of a packet of tick {@code packetTick}: a short record when
     * the entry is at most {@link #MAX_AGE} ticks older than the packet, else a full one. Returns
     * the slots written.
     */
    static int write(int[] a, int slot, int[] e, int eo, long packetTick) {
        final long age = packetTick - ViewEntries.tick(e, eo);
        if (age < 0 || age > MAX_AGE) {
            writeFull(a, slot, e, eo);
            return 2;
        }
        final int o = slot * SLOT;
        a[o] = e[eo + ViewEntries.ID] | (int) age << ID_BITS;
        System.arraycopy(e, eo + ViewEntries.SAMPLE_DT, a, o + 1, S - ViewEntries.SAMPLE_DT);
        return 1;
    }

    /** Writes view entry {@code e[eo..]} as a 2-slot record. */
    static void writeFull(int[] a, int slot, int[] e, int eo) {
        final int o = slot * SLOT;
        System.arraycopy(e, eo, a, o, S);
        a[o] |= FULL;
    }

    /**
     * Writes the view entry of the record at {@code slot}, of a packet of tick {@code packetTick},
     * into {@code e[eo..]}: a full record as it is; a short record with the recorded world's values
     * of its tick ({@code packetValues} are those of the packet's tick, for age 0) and its sample.
     * The world of an aged record's tick must still be recorded (see {@link #MAX_AGE}).
     */
    /**
     * True when the age-0 short record at {@code slot}, read against a packet of tick
     * {@code packetTick}, gives the entry held in {@code e} at {@code eo}, whose values are the
     * recorded world's of its tick (every entry's are): same tick, same sample span, and when that
     * span is not 0 the same five estimates (with span 0 the estimates are not part of the entry).
     */
    static boolean sameSample(int[] a, int slot, int[] e, int eo, long packetTick) {
        final int o = slot * SLOT;
        final int dt = a[o + 1];
        if (e[eo + ViewEntries.SAMPLE_DT] != dt || ViewEntries.tick(e, eo) != packetTick) {
            return false;
        }
        return dt == 0 || (a[o + 2] == e[eo + ViewEntries.VX] && a[o + 3] == e[eo + ViewEntries.VY]
                && a[o + 4] == e[eo + ViewEntries.VH] && a[o + 5] == e[eo + ViewEntries.AX]
                && a[o + 6] == e[eo + ViewEntries.AY]);
    }

    /**
     * Writes at {@code at} of {@code a} the record a packet of tick {@code packetTick} keeps for an
     * entity it did not carry, whose entry is the one an older packet (of tick {@code fromTick})
     * left: that packet's record at {@code slot} of {@code from}, or its default when {@code slot}
     * is negative (the world of {@code fromTick}, no sample). No values are read: a short record is
     * re-aged, a full one copied as it is (full records only get older). Returns the slots written,
     * or -1 when the entry is now too old for a short record, so that its values must be read
     * ({@link #toEntry} then {@link #write}); both ways give the same record.
     */
    static int carryOver(int[] from, int slot, long fromTick, int id, int[] a, int at, long packetTick) {
        final long shift = packetTick - fromTick;
        final int o = at * SLOT;
        if (slot < 0) {
            if (shift < 0 || shift > MAX_AGE) {
                return -1;
            }
            a[o] = id | (int) shift << ID_BITS;
            a[o + 1] = 0; // sample span 0: the estimates are not part of the entry
            a[o + 2] = 0;
            a[o + 3] = 0;
            a[o + 4] = 0;
            a[o + 5] = 0;
            a[o + 6] = 0;
            return 1;
        }
        final int f = slot * SLOT;
        final int head = from[f];
        if (head < 0) {
            System.arraycopy(from, f, a, o, 2 * SLOT);
            return 2;
        }
        final long age = ((head >>> ID_BITS) & AGE_MASK) + shift;
        if (shift < 0 || age > MAX_AGE) {
            return -1;
        }
        a[o] = (head & ID_MASK) | (int) age << ID_BITS;
        System.arraycopy(from, f + 1, a, o + 1, SLOT - 1);
        return 1;
    }

    static void toEntry(int[] a, int slot, int[] packetValues, long packetTick, WorldHistory history, int[] e, int eo) {
        final int o = slot * SLOT;
        final int head = a[o];
        if (head < 0) {
            System.arraycopy(a, o, e, eo, S);
            e[eo + ViewEntries.ID] &= ~FULL;
            return;
        }
        final int id = head & ID_MASK;
        final int age = (head >>> ID_BITS) & AGE_MASK;
        final long tick = packetTick - age;
        final int[] values = age == 0 ? packetValues : history.values(history.slotOf(tick));
        final int v = id * WorldHistory.VALUES;
        ViewEntries.writeStill(e, eo, id, values[v + WorldHistory.X], values[v + WorldHistory.Y],
                values[v + WorldHistory.HEADING], values[v + WorldHistory.HEALTH], values[v + WorldHistory.FLAGS], tick);
        System.arraycopy(a, o + 1, e, eo + ViewEntries.SAMPLE_DT, S - ViewEntries.SAMPLE_DT);
    }
}
