package io.tickforge.server.replication;

import io.tickforge.shared.world.EntityLayout;

import io.tickforge.shared.snapshot.ViewEntries;
import io.tickforge.shared.world.WorldSnapshot;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The record a packet keeps for an entity it did not carry: re-aging the older packet's record
 * ({@link PacketExceptions#carryOver}) must give exactly what reading the entry's values and
 * writing it again gives ({@link PacketExceptions#toEntry} then {@link PacketExceptions#write}),
 * the sample's reference included. And the shared-encoding hit test on records that reference
 * their sample ({@link PacketExceptions#sameSample}): the same reference is a hit without reading
 * the log, equal samples under different references are a hit by content, and a reference whose
 * log segment was reused is detected rather than read.
 */
class PacketExceptionsTest {
    private static final int S = ViewEntries.FIXED.stride;
    private static final int ID = 1030;

    @Test
    void carryingARecordOverEqualsRebuildingItFromTheWorld() {
        // 100 recorded ticks, the entity moving every tick, so each tick's values differ.
        WorldHistory history = new WorldHistory(100, 2048);
        WorldSnapshot w = new WorldSnapshot(4);
        for (long t = 1; t <= 100; t++) {
            w.clear(t);
            w.add(ID, (int) (1000 + 7 * t), (int) (2000 - 3 * t), (int) (t * 5) & 4095, 100, 1);
            history.record(w);
        }
        SplittableRandom random = new SplittableRandom(7);
        // Two writers' samples, in the segments of the ticks they were derived at.
        SampleLog log = new SampleLog(2, 100, ViewEntries.FIXED.sampleInts, 4);
        final int full = PacketExceptions.FIXED.fullSlots;
        final int sl = PacketExceptions.FIXED.slot;
        int[] from = new int[(2 + full) * sl];
        int[] viaValues = new int[full * sl];
        int[] carried = new int[full * sl];
        int[] e = new int[S];
        int shortRecords = 0;
        int fullRecords = 0;
        int defaults = 0;
        int tooOld = 0;
        for (int round = 0; round < 2000; round++) {
            long fromTick = random.nextLong(40, 95);
            long packetTick = fromTick + random.nextLong(1, 6);
            int kind = random.nextInt(3); // 0: default, 1: short record, 2: full record
            int slot = -1;
            int[] fromValues = history.values(history.slotOf(fromTick));
            if (kind > 0) {
                long entryTick = kind == 1 ? fromTick - random.nextLong(0, PacketExceptions.MAX_AGE + 1)
                        : fromTick - PacketExceptions.MAX_AGE - 1 - random.nextLong(0, 3);
                int[] values = history.values(history.slotOf(entryTick));
                int v = ID * EntityLayout.FIXED.values;
                ViewEntries.FIXED.writeStill(e, 0, ID, new int[] {values[v], values[v + 1], values[v + 2], values[v + 3], values[v + 4]}, 0, entryTick);
                e[ViewEntries.FIXED.sampleDt] = random.nextInt(0, 4);
                for (int k = ViewEntries.FIXED.sampleDt + 1; k < S; k++) {
                    e[k] = e[ViewEntries.FIXED.sampleDt] == 0 ? 0 : random.nextInt(-500, 500);
                }
                Arrays.fill(from, 0);
                slot = 1; // not at 0: the offset must be honoured
                int ref = PacketExceptions.UNREFERENCED;
                if (kind == 1) {
                    ref = e[ViewEntries.FIXED.sampleDt] == 0 ? SampleLog.NONE
                            : log.append(random.nextInt(2), history.slotOf(entryTick), entryTick, e, ViewEntries.FIXED.sampleDt);
                }
                assertEquals(kind == 1 ? 1 : full, PacketExceptions.FIXED.write(from, slot, e, 0, fromTick, ref));
            }
            // The reference: the entry with its values, then written for the new packet.
            int ref;
            if (slot < 0) {
                int v = ID * EntityLayout.FIXED.values;
                ViewEntries.FIXED.writeStill(e, 0, ID, new int[] {fromValues[v], fromValues[v + 1], fromValues[v + 2], fromValues[v + 3], fromValues[v + 4]}, 0, fromTick);
                Arrays.fill(e, ViewEntries.FIXED.sampleDt + 1, S, 0);
                ref = SampleLog.NONE;
            } else {
                ref = PacketExceptions.FIXED.toEntry(from, slot, fromValues, history.slotOf(fromTick), fromTick, history, log, e, 0);
                if (kind == 1) {
                    assertEquals(PacketExceptions.FIXED.ref(from, slot), ref, "toEntry gives the record's own reference");
                }
            }
            Arrays.fill(viaValues, 0);
            int expectedSlots = PacketExceptions.FIXED.write(viaValues, 0, e, 0, packetTick, ref);
            Arrays.fill(carried, 0);
            int got = PacketExceptions.FIXED.carryOver(from, slot, fromTick, ID, carried, 0, packetTick);
            if (got < 0) {
                assertEquals(full, expectedSlots, "only an entry too old for a short record needs its values");
                assertTrue(kind != 2, "a full record is always carried over as it is");
                tooOld++;
                continue;
            }
            assertEquals(expectedSlots, got);
            assertArrayEquals(viaValues, carried, "kind " + kind + " from " + fromTick + " to " + packetTick);
            if (kind == 0) {
                defaults++;
            } else if (kind == 1) {
                shortRecords++;
            } else {
                fullRecords++;
            }
        }
        // Every case met many times: defaults, short records re-aged, full records copied, and short
        // records that age past MAX_AGE (the slow path).
        assertTrue(defaults > 300 && shortRecords > 300 && fullRecords > 300 && tooOld > 10,
                defaults + " " + shortRecords + " " + fullRecords + " " + tooOld);
    }

    /** A moving entry of entity {@link #ID} at {@code tick} with sample span {@code dt} and estimates from {@code seed}. */
    private static int[] entry(long tick, int dt, int seed) {
        int[] e = new int[S];
        ViewEntries.FIXED.writeStill(e, 0, ID, new int[] {1, 2, 3, 4, 5}, 0, tick);
        e[ViewEntries.FIXED.sampleDt] = dt;
        for (int k = ViewEntries.FIXED.sampleDt + 1; k < S; k++) {
            e[k] = seed * 31 + k;
        }
        return e;
    }

    @Test
    void theSameReferenceIsAHitWithoutReadingTheSample() {
        SampleLog log = new SampleLog(2, 10, ViewEntries.FIXED.sampleInts, 4);
        int[] e = entry(50, 2, 1);
        int ref = log.append(0, 3, 50, e, ViewEntries.FIXED.sampleDt);
        int[] a = new int[2 * PacketExceptions.FIXED.slot];
        PacketExceptions.FIXED.writeShort(a, 1, ID, ref);
        assertTrue(PacketExceptions.FIXED.sameSample(a, 1, e, 0, ref, 50, 3, log));
        // The fast path compares references only: a key whose sample (impossibly) differs still
        // matches its own reference, which shows the log was not read.
        int[] other = entry(50, 2, 9);
        assertTrue(PacketExceptions.FIXED.sameSample(a, 1, other, 0, ref, 50, 3, log), "the same reference is the same sample");
        assertFalse(PacketExceptions.FIXED.sameSample(a, 1, other, 0, SampleLog.NONE, 50, 3, log),
                "without the reference, the contents decide");
        assertFalse(PacketExceptions.FIXED.sameSample(a, 1, entry(49, 2, 1), 0, ref, 50, 3, log),
                "another tick is another entry, whatever the reference");
    }

    @Test
    void equalSamplesUnderDifferentReferencesAreAHitByContent() {
        SampleLog log = new SampleLog(2, 10, ViewEntries.FIXED.sampleInts, 4);
        int[] e = entry(50, 2, 1);
        int mine = log.append(0, 3, 50, e, ViewEntries.FIXED.sampleDt);
        int again = log.append(0, 3, 50, e, ViewEntries.FIXED.sampleDt); // one writer coding it twice
        int theirs = log.append(1, 3, 50, e, ViewEntries.FIXED.sampleDt); // another writer
        int differs = log.append(1, 3, 50, entry(50, 2, 2), ViewEntries.FIXED.sampleDt);
        assertTrue(mine != again && mine != theirs && again != theirs);
        int[] a = new int[4 * PacketExceptions.FIXED.slot];
        PacketExceptions.FIXED.writeShort(a, 0, ID, again);
        PacketExceptions.FIXED.writeShort(a, 1, ID, theirs);
        PacketExceptions.FIXED.writeShort(a, 2, ID, differs);
        PacketExceptions.FIXED.writeShort(a, 3, ID, SampleLog.NONE);
        assertTrue(PacketExceptions.FIXED.sameSample(a, 0, e, 0, mine, 50, 3, log));
        assertTrue(PacketExceptions.FIXED.sameSample(a, 1, e, 0, mine, 50, 3, log));
        assertTrue(PacketExceptions.FIXED.sameSample(a, 1, e, 0, PacketExceptions.UNREFERENCED, 50, 3, log),
                "a full record's entry (no reference) is compared by content");
        assertFalse(PacketExceptions.FIXED.sameSample(a, 2, e, 0, mine, 50, 3, log));
        assertFalse(PacketExceptions.FIXED.sameSample(a, 3, e, 0, mine, 50, 3, log), "no sample is not this sample");
        // Span 0: the estimates are not part of the entry, stale ones included.
        int[] still = entry(50, 0, 5);
        assertTrue(PacketExceptions.FIXED.sameSample(a, 3, still, 0, PacketExceptions.UNREFERENCED, 50, 3, log));
        assertFalse(PacketExceptions.FIXED.sameSample(a, 0, still, 0, SampleLog.NONE, 50, 3, log));
    }

    @Test
    void aReferenceIntoAReusedSegmentIsDetectedNotRead() {
        final int slots = 10;
        SampleLog log = new SampleLog(1, slots, ViewEntries.FIXED.sampleInts, 1);
        int[] e = entry(50, 2, 1);
        int ref = log.append(0, 3, 50, e, ViewEntries.FIXED.sampleDt);
        int[] back = new int[S];
        log.read(ref, 3, 50, back, ViewEntries.FIXED.sampleDt);
        assertArrayEquals(Arrays.copyOfRange(e, ViewEntries.FIXED.sampleDt, S), Arrays.copyOfRange(back, ViewEntries.FIXED.sampleDt, S));
        // The slot holds a later tick now (the history forgot tick 50): the writer's first append
        // in that tick resets its segment, and the old reference names another sample.
        log.append(0, 3, 50 + slots, entry(50 + slots, 1, 7), ViewEntries.FIXED.sampleDt);
        assertThrows(IllegalStateException.class, () -> log.read(ref, 3, 50, back, ViewEntries.FIXED.sampleDt));
        int[] a = new int[2 * PacketExceptions.FIXED.slot];
        PacketExceptions.FIXED.writeShort(a, 0, ID, ref);
        assertThrows(IllegalStateException.class, () -> PacketExceptions.FIXED.sameSample(a, 0, e, 0, SampleLog.NONE, 50, 3, log));
        // A segment grows by doubling; references stay valid across growth.
        int[] refs = new int[100];
        for (int k = 0; k < refs.length; k++) {
            refs[k] = log.append(0, 4, 51, entry(51, 1 + k % 3, k), ViewEntries.FIXED.sampleDt);
        }
        for (int k = 0; k < refs.length; k++) {
            log.read(refs[k], 4, 51, back, ViewEntries.FIXED.sampleDt);
            assertArrayEquals(Arrays.copyOfRange(entry(51, 1 + k % 3, k), ViewEntries.FIXED.sampleDt, S),
                    Arrays.copyOfRange(back, ViewEntries.FIXED.sampleDt, S));
        }
        assertThrows(IllegalArgumentException.class, () -> new SampleLog(SampleLog.MAX_WRITERS + 1, 1, 6, 1));
    }
}
