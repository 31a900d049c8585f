package io.tickforge.server.replication;

import io.tickforge.shared.snapshot.ViewEntries;

/**
 * How {@link ClientState} stores what a packet left on the client where it differs from the
 * default ("the recorded world's values at the packet's tick, that tick, no velocity sample").
 * Records of 7-int slots, sorted by id, two kinds:
 * <pre>
 *   sample (1 slot):  ID, SAMPLE_DT, VX, VY, VH, AX, AY
 *                     values and tick are the default's: an entity the packet carried with a
 *                     velocity sample (the common case: every moving entity in view)
 *   full (2 slots):   ID | FULL, X, Y, HEADING, HEALTH, FLAGS, TICK_LO,
 *                     TICK_HI, SAMPLE_DT, VX, VY, VH, AX, AY        (the {@link ViewEntries} layout)
 *                     an entry older than the packet: what a packet that deferred did not carry
 * </pre>
 * Why two kinds: a full entry is 56 bytes and most exceptions only need the 24 bytes of their
 * sample, so a client's packet history takes half the memory. Stateless.
 */
final class PacketExceptions {
    static final int SLOT = 7;
    private static final int FULL = 0x8000_0000;
    private static final int S = ViewEntries.STRIDE;

    private PacketExceptions() {
    }

    static int id(int[] a, int slot) {
        return a[slot * SLOT] & ~FULL;
    }

    static boolean isFull(int[] a, int slot) {
        return (a[slot * SLOT] & FULL) != 0;
    }

    /** Slots taken by the record at {@code slot}. */
    static int slots(int[] a, int slot) {
        return (a[slot * SLOT] & FULL) != 0 ? 2 : 1;
    }

    /** Writes the sample of view entry {@code e[eo..]} (its values and tick being the default) as a 1-slot record. */
    static void writeSample(int[] a, int slot, int[] e, int eo) {
        final int o = slot * SLOT;
        a[o] = e[eo + ViewEntries.ID];
        System.arraycopy(e, eo + ViewEntries.SAMPLE_DT, a, o + 1, S - ViewEntries.SAMPLE_DT);
    }

    /** Writes view entry {@code e[eo..]} as a 2-slot record. */
    static void writeFull(int[] a, int slot, int[] e, int eo) {
        final int o = slot * SLOT;
        System.arraycopy(e, eo, a, o, S);
        a[o] |= FULL;
    }

    /**
     * Writes the view entry of the record at {@code slot} into {@code e[eo..]}: a full record as it
     * is; a sample record with the default's values ({@code values}, {@link WorldHistory} layout, of
     * the packet's tick {@code tick}) and its sample.
     */
    static void toEntry(int[] a, int slot, int[] values, long tick, int[] e, int eo) {
        final int o = slot * SLOT;
        if ((a[o] & FULL) != 0) {
            System.arraycopy(a, o, e, eo, S);
            e[eo + ViewEntries.ID] &= ~FULL;
            return;
        }
        final int id = a[o];
        final int v = id * WorldHistory.VALUES;
        ViewEntries.writeStill(e, eo, id, values[v + WorldHistory.X], values[v + WorldHistory.Y],
                values[v + WorldHistory.HEADING], values[v + WorldHistory.HEALTH], values[v + WorldHistory.FLAGS], tick);
        System.arraycopy(a, o + 1, e, eo + ViewEntries.SAMPLE_DT, S - ViewEntries.SAMPLE_DT);
    }
}
