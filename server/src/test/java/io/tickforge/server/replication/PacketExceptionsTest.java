package io.tickforge.server.replication;

import io.tickforge.shared.world.EntityLayout;

import io.tickforge.shared.snapshot.ViewEntries;
import io.tickforge.shared.world.WorldSnapshot;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The record a packet keeps for an entity it did not carry: re-aging the older packet's record
 * ({@link PacketExceptions#carryOver}) must give exactly what reading the entry's values and
 * writing it again gives ({@link PacketExceptions#toEntry} then {@link PacketExceptions#write}).
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
        int[] from = new int[4 * PacketExceptions.FIXED.slot];
        int[] viaValues = new int[2 * PacketExceptions.FIXED.slot];
        int[] carried = new int[2 * PacketExceptions.FIXED.slot];
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
                assertEquals(kind == 1 ? 1 : 2, PacketExceptions.FIXED.write(from, slot, e, 0, fromTick));
            }
            // The reference: the entry with its values, then written for the new packet.
            if (slot < 0) {
                int v = ID * EntityLayout.FIXED.values;
                ViewEntries.FIXED.writeStill(e, 0, ID, new int[] {fromValues[v], fromValues[v + 1], fromValues[v + 2], fromValues[v + 3], fromValues[v + 4]}, 0, fromTick);
                Arrays.fill(e, ViewEntries.FIXED.sampleDt + 1, S, 0);
            } else {
                PacketExceptions.FIXED.toEntry(from, slot, fromValues, fromTick, history, e, 0);
            }
            Arrays.fill(viaValues, 0);
            int expectedSlots = PacketExceptions.FIXED.write(viaValues, 0, e, 0, packetTick);
            Arrays.fill(carried, 0);
            int got = PacketExceptions.FIXED.carryOver(from, slot, fromTick, ID, carried, 0, packetTick);
            if (got < 0) {
                assertEquals(2, expectedSlots, "only an entry too old for a short record needs its values");
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
}
