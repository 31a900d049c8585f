package io.tickforge.server.replication;

import io.tickforge.server.game.ArenaEngineSettings;
import io.tickforge.shared.snapshot.SnapshotDecoder;
import io.tickforge.shared.snapshot.SnapshotView;
import io.tickforge.shared.world.EntityIds;
import io.tickforge.shared.world.WorldSnapshot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** writePacket sizes with the arithmetic spelled out, baselines, interest and budget. */
class DeltaReplicationTest {
    private static final int PX = 100 * 256;
    private static final int PY = 100 * 256;

    private DeltaReplication replication;
    private SnapshotDecoder decoder;
    private final WorldSnapshot world = new WorldSnapshot(4096);
    private final byte[] out = new byte[1200];
    private int playerX = PX;
    private int npcX = PX + 400;
    private int farNpcX = PX + 70 * 256;
    private int npcHealth = 100;
    private int playerHeading = 0;

    @BeforeEach
    void setUp() {
        replication = new DeltaReplication(new ReplicationConfig(4, 1200, 64.0, 8, ArenaEngineSettings.WORLD_SIZE_M));
        replication.addClient(0);
        decoder = new SnapshotDecoder(8, 16);
    }

    private void record(long tick) {
        world.clear(tick);
        world.add(EntityIds.player(0), playerX, PY, playerHeading, 100, 1);
        world.add(EntityIds.npc(0), npcX, PY, 0, npcHealth, 1);
        world.add(EntityIds.npc(2), farNpcX, PY, 0, 100, 1);
        replication.recordWorld(world);
    }

    /** Records the world of {@code tick}, writes client 0's packet, decodes it; returns its length. */
    private int tick(long tick) {
        record(tick);
        int len = replication.writePacket(0, tick - 1, out);
        assertTrue(len <= 1200 - 3);
        assertEquals(SnapshotDecoder.Result.ACCEPTED, decoder.decode(out, 0, len));
        return len;
    }

    private void ack() {
        replication.onAcks(0, decoder.ackSequence(), decoder.ackBits());
    }

    private static final int KEYFRAME_BYTES =
            // header: seq 2 + tick 1 (1) + zigzag(1 - 0 = 1) (1) + flags 1 + three counts 3 = 8
            8
            // player 0: gap 0 (1) + zigzag 25600 = 51200 (3) + zigzag 25600 (3) + heading 0 (1) + 100 (1) + 1 (1)
            + 10
            // npc 0 (id 1024), 400 units away: gap 1023 (2) + zigzag 26000 (3) + (3) + 0 (1) + 100 (1) + 1 (1)
            + 11;
            // npc 2 is 70 m away, outside the 64 m radius: not sent

    @Test
    void anAlwaysReplicatedEntityIsSentWhateverTheDistanceAndNeverRemoved() {
        replication = new DeltaReplication(new ReplicationConfig(4, 1200, 64.0, 8, ArenaEngineSettings.WORLD_SIZE_M)
                .withAlwaysReplicated(new int[] {EntityIds.npc(2), EntityIds.npc(4)})); // ids from, to (exclusive): npc 3 is in no world
        replication.addClient(0);
        farNpcX = PX + 150 * 256; // far beyond the radius and its hysteresis
        for (long t = 1; t <= 5; t++) {
            tick(t);
            ack();
            SnapshotView view = decoder.view();
            assertTrue(view.indexOf(EntityIds.npc(2)) >= 0, "tick " + t + ": the always-replicated NPC 150 m away is held");
            assertEquals(farNpcX, view.x(view.indexOf(EntityIds.npc(2))));
            assertEquals(3, view.count(), "tick " + t + ": npc 3, of the range but not in the world, is no entity to send");
            farNpcX += 256;
        }
        // Without the range the same NPC is never sent (see firstPacketIsAKeyframeOfTheInterestSet).
        setUp();
        tick(6);
        assertTrue(decoder.view().indexOf(EntityIds.npc(2)) < 0, "an ordinary NPC that far is not sent");
    }

    @Test
    void firstPacketIsAKeyframeOfTheInterestSet() {
        assertTrue(replication.nextPacketIsKeyframe(0));
        assertEquals(KEYFRAME_BYTES, tick(1));
        SnapshotView view = decoder.view();
        assertEquals(2, view.count());
        assertEquals(EntityIds.player(0), view.entityId(0));
        assertEquals(EntityIds.npc(0), view.entityId(1));
        assertEquals(0, decoder.lastAppliedInputTick());
    }

    @Test
    void countersReadInOneGoMatchTheirAccessors() {
        var counters = new io.tickforge.server.session.ReplicationCounters();
        replication.readCounters(counters);
        assertTrue(counters.known);
        assertEquals(0, counters.packets);
        tick(1);
        ack();
        playerX += 5;
        npcHealth = 75;
        tick(2);
        replication.readCounters(counters);
        assertEquals(2, counters.packets);
        assertEquals(replication.packetsWritten(), counters.packets);
        assertEquals(2, counters.codedChanges, "the player and the NPC changed against the acknowledged keyframe");
        assertEquals(replication.codedChanges(), counters.codedChanges);
        assertEquals(replication.sharedCodings(), counters.sharedCodings);
        assertEquals(replication.codings(), counters.codings);
        assertEquals(counters.codedChanges, counters.sharedCodings + counters.codings);
        assertEquals(replication.deferredPackets(), counters.deferredPackets);
    }

    @Test
    void clientsOnDifferentBaselinesEachShareTheirCodingThroughTheCacheWays() {
        // Four clients see one moving NPC. Clients 0 and 2 acknowledge every packet at once, 1 and 3
        // one tick later, so each pair holds its own baseline entry of the NPC, and the writer
        // visits them in slot order: 0, 1, 2, 3. With one cache block per entity, 1 evicts 0's
        // coding before 2 needs it and 3 finds 2's: nothing shared. With ways, 2 finds 0's and 3
        // finds 1's: half the codings shared, packets unchanged.
        replication = new DeltaReplication(new ReplicationConfig(4, 1200, 64.0, 8, ArenaEngineSettings.WORLD_SIZE_M));
        SnapshotDecoder[] decoders = new SnapshotDecoder[4];
        for (int slot = 0; slot < 4; slot++) {
            replication.addClient(slot);
            decoders[slot] = new SnapshotDecoder(8, 16);
        }
        int[][] pendingAck = new int[4][2]; // per client: the ack it sends next, the one after (sequence + 1, 0 = none)
        long shared = 0;
        long changes = 0;
        for (long t = 1; t <= 30; t++) {
            world.clear(t);
            for (int slot = 0; slot < 4; slot++) {
                world.add(EntityIds.player(slot), PX + slot * 256, PY, 0, 100, 1);
            }
            world.add(EntityIds.npc(0), PX + 400 + (int) t * 37, PY + (int) (t * t), 0, 100, 1);
            replication.recordWorld(world);
            final long sharedBefore = replication.sharedCodings();
            final long changesBefore = replication.codedChanges();
            for (int slot = 0; slot < 4; slot++) {
                int len = replication.writePacket(slot, t - 1, out);
                assertEquals(SnapshotDecoder.Result.ACCEPTED, decoders[slot].decode(out, 0, len));
                assertEquals(PX + 400 + (int) t * 37, decoders[slot].view().x(decoders[slot].view().indexOf(EntityIds.npc(0))));
                int seq = decoders[slot].ackSequence() + 1;
                if (slot % 2 == 0) {
                    pendingAck[slot][0] = seq;
                } else {
                    pendingAck[slot][0] = pendingAck[slot][1];
                    pendingAck[slot][1] = seq;
                }
            }
            for (int slot = 0; slot < 4; slot++) {
                if (pendingAck[slot][0] > 0) {
                    replication.onAcks(slot, pendingAck[slot][0] - 1, 0);
                }
            }
            if (t > 10) {
                shared += replication.sharedCodings() - sharedBefore;
                changes += replication.codedChanges() - changesBefore;
            }
        }
        assertEquals(20 * 4, changes, "the NPC changed in every packet of the last 20 ticks, for each of the 4 clients");
        assertEquals(20 * 2, shared, "clients 2 and 3 reuse the codings of 0 and 1");
    }

    @Test
    void noChangeAndTypicalDeltaSizes() {
        tick(1);
        ack();
        assertFalse(replication.nextPacketIsKeyframe(0));
        // seq 2 + tick 1 + zigzag 1 (1) + flags 1 + baseline age 1 (1) + three empty counts 3 = 9
        assertEquals(9, tick(2));
        ack();
        playerX += 5;
        playerHeading = 3;
        npcHealth = 75;
        // 9 + player: head (0<<4 | small position|heading) 1 + nibble pair (5, 0) 1 + zigzag 3 (1) = 3
        //     + npc: head (0<<4 | status) 1 + health 75 (1) + flags 1 (1) = 3
        assertEquals(9 + 3 + 3, tick(3));
        assertEquals(PX + 5, decoder.view().x(0));
        assertEquals(75, decoder.view().health(1));
        assertEquals(3, decoder.view().tick(1));
    }

    @Test
    void unackedPacketsStayDeltasAgainstTheOlderAckedView() {
        tick(1);
        ack();
        playerX += 10;
        assertEquals(9 + 3, tick(2)); // head + zigzag 10 + zigzag 0 (10 is too big for a nibble)
        // Packet 1 is never acknowledged: packet 2 still encodes the player against packet 0's view,
        // so the residual is +20 (zigzag 40, one byte) and the baseline age is 2.
        playerX += 10;
        assertEquals(9 + 3, tick(3));
        assertEquals(PX + 20, decoder.view().x(0));
    }

    @Test
    void viewsOlderThanTheNewestAckAreRecycledAndALateOlderAckChangesNothing() {
        // The ack sent after decoding tick t's packet arrives after tick t + 3, so when sequence s is
        // written the newest ack is s - 4: views s-4..s-1 are live, plus the one being written,
        // so the client never needs more than 5 views although the history is 8.
        decoder = new SnapshotDecoder(8, 16);
        int[] ackSeq = new int[64];
        int[] ackBits = new int[64];
        for (int t = 1; t <= 40; t++) {
            playerX += 3 * t; // moving: every packet changes the player, so views differ
            tick(t);
            ackSeq[t] = decoder.ackSequence();
            ackBits[t] = decoder.ackBits();
            if (t > 3) {
                replication.onAcks(0, ackSeq[t - 3], ackBits[t - 3]);
            }
            assertTrue(replication.packetsHeld(0) <= 5, "views after tick " + t + ": " + replication.packetsHeld(0));
        }
        // An ack older than the newest one (reordered input) must not resurrect a recycled view:
        // the next packet is still a delta against the newest ack and decodes exactly.
        replication.onAcks(0, ackSeq[30], 0);
        assertFalse(replication.nextPacketIsKeyframe(0));
        playerX += 7;
        tick(41);
        assertEquals(playerX, decoder.view().x(0));
        // Acks stop: views stay live until they leave the history, then the client is back to
        // keyframes with at most historyLength views.
        for (int t = 42; t <= 60; t++) {
            tick(t);
            assertTrue(replication.packetsHeld(0) <= 8, "views after tick " + t);
        }
        assertTrue(replication.nextPacketIsKeyframe(0));
        assertEquals(playerX, decoder.view().x(0));
    }

    @Test
    void baselineThatFellOutOfTheHistoryMeansKeyframe() {
        tick(1);
        ack();
        for (long t = 2; t <= 8; t++) {
            tick(t); // sequences 1..7, none acked: baseline 0 is 1..7 packets back
            assertEquals(t >= 8, replication.nextPacketIsKeyframe(0), "after tick " + t);
        }
        // Sequence 8 would be 8 packets after the acked 0; the history holds 8 views: keyframe.
        assertTrue(replication.nextPacketIsKeyframe(0));
        assertEquals(KEYFRAME_BYTES, tick(9)); // tick 9 and the input diff still take one byte each
        assertEquals(2, replication.keyframesWritten());
    }

    @Test
    void sequenceWrapsFrom65535To0() {
        replication.setNextSequence(0, 65535);
        assertEquals(KEYFRAME_BYTES, tick(1));
        assertEquals(65535, decoder.ackSequence());
        ack();
        playerX += 5;
        // Sequence 0 against baseline 65535: age (0 - 65535) mod 2^16 = 1, one byte; player: head + nibble pair.
        assertEquals(9 + 2, tick(2));
        assertEquals(0, decoder.ackSequence());
        assertEquals(1, decoder.ackBits());
        ack();
        assertEquals(9, tick(3));
        assertEquals(0, replication.unknownAcks());
    }

    @Test
    void entityEntersAndLeavesInterestWithHysteresis() {
        tick(1);
        ack();
        farNpcX = PX + 63 * 256; // inside 64 m
        // 9 + added npc 2 (id 1026): gap 1026 (2) + zigzag 41728 = 83456 (3) + zigzag 25600 (3) + 0 + 100 + 1 (3) = 11
        assertEquals(9 + 11, tick(2));
        assertEquals(3, decoder.view().count());
        ack();
        farNpcX = PX + 68 * 256; // beyond 64 m, inside 64 * 1.1 = 70.4 m: stays, sent as a change
        // 9 + head (base index 2, gap 2 -> 2<<4 | full position = 34) 1 + zigzag(5 * 256 = 1280) = 2560 (2) + zigzag 0 (1) = 4
        assertEquals(9 + 4, tick(3));
        assertEquals(3, decoder.view().count());
        ack();
        farNpcX = PX + 71 * 256; // beyond the hysteresis radius: removed
        // 9 + removal (base index 2, gap 2) 1
        assertEquals(9 + 1, tick(4));
        assertEquals(2, decoder.view().count());
        assertTrue(decoder.view().indexOf(EntityIds.npc(2)) < 0);
    }

    @Test
    void bigKeyframeIsSpreadOverPacketsWithinBudgetOwnPlayerFirst() {
        DeltaReplication r = new DeltaReplication(new ReplicationConfig(2, 1200, 64.0, 32, ArenaEngineSettings.WORLD_SIZE_M));
        r.addClient(1);
        SnapshotDecoder d = new SnapshotDecoder(32, 16);
        WorldSnapshot w = new WorldSnapshot(2100);
        int packets = 0;
        for (long t = 1; t <= 60; t++) {
            w.clear(t);
            w.add(EntityIds.player(1), PX, PY, 0, 100, 1);
            for (int i = 0; i < 2000; i++) {
                w.add(EntityIds.npc(i), PX + (i % 50) * 256, PY + (i / 50) * 256, 0, 100, 1);
            }
            r.recordWorld(w);
            int len = r.writePacket(1, t, out);
            assertTrue(len <= 1197, "payload " + len);
            assertEquals(SnapshotDecoder.Result.ACCEPTED, d.decode(out, 0, len));
            assertTrue(d.view().indexOf(EntityIds.player(1)) >= 0, "own player always present");
            r.onAcks(1, d.ackSequence(), d.ackBits());
            packets++;
            if (!r.lastPacketDeferred()) {
                break;
            }
        }
        assertEquals(2001, d.view().count());
        // 2001 entities of ~10-11 bytes cannot fit one 1197-byte payload.
        assertTrue(packets > 10 && packets < 60, "packets " + packets);
        assertTrue(r.deferredPackets() > 10);
        // Each deferring packet keeps a record for every held entity it did not carry, so the
        // client's arena outgrows its initial 2048 slots twice: into a small spare (4096 slots),
        // then the large one (8192). Both served by spares, and counted.
        var counters = new io.tickforge.server.session.ReplicationCounters();
        r.readCounters(counters);
        assertEquals(2, counters.arenaGrowths);
        assertEquals(0, counters.allocatingArenaGrowths);
        assertEquals(r.arenaGrowths(), counters.arenaGrowths);
        assertEquals(r.allocatingArenaGrowths(), counters.allocatingArenaGrowths);
        // A second client doing the same finds the large tier empty: its second growth allocates.
        r.addClient(0);
        SnapshotDecoder d0 = new SnapshotDecoder(32, 16);
        for (long t = 61; t <= 120; t++) {
            w.clear(t);
            w.add(EntityIds.player(0), PX, PY, 0, 100, 1);
            w.add(EntityIds.player(1), PX, PY, 0, 100, 1);
            for (int i = 0; i < 2000; i++) {
                w.add(EntityIds.npc(i), PX + (i % 50) * 256, PY + (i / 50) * 256, 0, 100, 1);
            }
            r.recordWorld(w);
            int len = r.writePacket(0, t, out);
            assertEquals(SnapshotDecoder.Result.ACCEPTED, d0.decode(out, 0, len));
            r.onAcks(0, d0.ackSequence(), d0.ackBits());
            if (!r.lastPacketDeferred()) {
                break;
            }
        }
        assertEquals(2002, d0.view().count());
        assertEquals(4, r.arenaGrowths());
        assertEquals(1, r.allocatingArenaGrowths(), "no large spare left for the second client's second growth");
    }

    @Test
    void acksForPacketsNeverSentAreIgnoredAndCounted() {
        tick(1);
        replication.onAcks(0, 500, -1);
        replication.onAcks(3, 0, 0); // no client in slot 3
        assertTrue(replication.nextPacketIsKeyframe(0));
        // 500 and the 32 sequences its bits name were never sent (33), plus the empty slot (1)
        assertEquals(33 + 1, replication.unknownAcks());
    }

    @Test
    void aWorldWithAnEntityIdNoPlayerSlotOrNpcCanHaveIsRefusedAndTheNextTickStillReplicates() {
        // 4 player slots: ids 4..NPC_BASE-1 never occur, and the per-entity tables skip them.
        DeltaReplication r = new DeltaReplication(new ReplicationConfig(4, 1200, 64.0, 32, ArenaEngineSettings.WORLD_SIZE_M));
        r.addClient(1);
        WorldSnapshot w = new WorldSnapshot(8);
        w.clear(1);
        w.add(EntityIds.player(1), PX, PY, 0, 100, 1);
        w.add(4, PX, PY, 0, 100, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.recordWorld(w));
        assertTrue(e.getMessage().contains("entity id 4 at tick 1") && e.getMessage().contains("0..3"), e.getMessage());
        w.clear(2);
        w.add(EntityIds.player(1), PX, PY, 0, 100, 1);
        w.add(EntityIds.npc(0), PX + 256, PY, 0, 100, 1);
        r.recordWorld(w);
        SnapshotDecoder d = new SnapshotDecoder(32, 16);
        int len = r.writePacket(1, 2, out);
        assertEquals(SnapshotDecoder.Result.ACCEPTED, d.decode(out, 0, len));
        assertEquals(2, d.view().count(), "the player and the NPC, nothing of the refused world");
    }

    @Test
    void configIsValidated() {
        assertThrows(IllegalArgumentException.class, () -> new ReplicationConfig(0, 1200, 64, 32, ArenaEngineSettings.WORLD_SIZE_M));
        assertThrows(IllegalArgumentException.class, () -> new ReplicationConfig(4, 100, 64, 32, ArenaEngineSettings.WORLD_SIZE_M));
        // The largest payload is Protocol.MAX_SNAPSHOT_BYTES (16383); framing is the sealed-datagram
        // overhead, 29 bytes: 16383 + 29 = 16412 is the largest packet budget.
        assertThrows(IllegalArgumentException.class, () -> new ReplicationConfig(4, 16_413, 64, 32, ArenaEngineSettings.WORLD_SIZE_M));
        assertEquals(16_383, new ReplicationConfig(4, 16_412, 64, 32, ArenaEngineSettings.WORLD_SIZE_M).payloadBudgetBytes());
        assertThrows(IllegalArgumentException.class, () -> new ReplicationConfig(4, 1200, Double.NaN, 32, ArenaEngineSettings.WORLD_SIZE_M));
        assertThrows(IllegalArgumentException.class, () -> new ReplicationConfig(4, 1200, 64, 1, ArenaEngineSettings.WORLD_SIZE_M));
        assertThrows(IllegalArgumentException.class, () -> replication.writePacket(2, 0, out));
        assertThrows(IllegalArgumentException.class, () -> replication.addClient(4));
    }

    @Test
    void theWritersHoldSpareArenasOfBothTiersSizedByThePlayerSlots() {
        final long slot = PacketExceptions.FIXED.slot;
        final long initial = DeltaReplication.INITIAL_EXCEPTIONS;
        final long small = 16 + 4 * 2 * initial * slot;
        final long large = 16 + 4 * 4 * initial * slot;
        final long room = 16 + 4 * 3 * initial * slot;
        // 256 player slots, one writer: one small spare per 16 slots, one large per 32.
        DeltaReplication one = new DeltaReplication(new ReplicationConfig(256, 1200, 64.0, 32, ArenaEngineSettings.WORLD_SIZE_M));
        assertEquals(room + 16 * small + 8 * large, one.writerScratchBytes());
        assertTrue(one.writerScratchBytes() / 256 < 15_500, "about 15 KB per player: " + one.writerScratchBytes() / 256);
        // Two writers share them out; a small server still has some of each per writer.
        DeltaReplication two = new DeltaReplication(new ReplicationConfig(256, 1200, 64.0, 32, ReplicationConfig.DEFAULT_GRID_CELL_M,
                ReplicationConfig.DEFAULT_INTEREST_HYSTERESIS, ArenaEngineSettings.WORLD_SIZE_M, 1));
        try {
            assertEquals(2 * (room + 8 * small + 4 * large), two.writerScratchBytes());
        } finally {
            two.close();
        }
        DeltaReplication tiny = new DeltaReplication(new ReplicationConfig(4, 1200, 64.0, 32, ArenaEngineSettings.WORLD_SIZE_M));
        assertEquals(room + 2 * small + large, tiny.writerScratchBytes());
    }

    @Test
    void steadyStateDoesNotAllocate() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ArenaOrbitFixture fixture = new ArenaOrbitFixture(8, 1000, 60, 5);
        DeltaReplication r = new DeltaReplication(new ReplicationConfig(8, 1200, 64.0, 32, ArenaEngineSettings.WORLD_SIZE_M));
        SnapshotDecoder[] decoders = new SnapshotDecoder[8];
        for (int p = 0; p < 8; p++) {
            r.addClient(p);
            // Sized for the whole world: view arrays grow on demand, which is not steady state.
            decoders[p] = new SnapshotDecoder(32, fixture.capacity());
        }
        WorldSnapshot w = new WorldSnapshot(fixture.capacity());
        // Warm up 1500 ticks, then measure windows of 500 ticks. Steady-state allocation (anything
        // per tick, per client or per packet) shows in every window. A one-off event (a view
        // growing because a random walker sees more entities than ever before, or the JIT
        // deoptimising a method whose temporaries escape analysis normally removes) shows in at
        // most one, so the test needs one clean window out of three and reports all of them.
        long t = 0;
        for (; t < 1500; t++) {
            replicateOneTick(fixture, w, r, decoders, t);
        }
        long[] windows = new long[3];
        for (int window = 0; window < windows.length; window++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (long end = t + 500; t < end; t++) {
                // The fixture's own work is excluded from the measurement.
                long fixtureStart = mx.getCurrentThreadAllocatedBytes();
                fixture.stepPlayers(0);
                fixture.fill(w, t);
                before += mx.getCurrentThreadAllocatedBytes() - fixtureStart;
                replicate(w, r, decoders, t);
            }
            windows[window] = mx.getCurrentThreadAllocatedBytes() - before;
            if (windows[window] == 0) {
                return;
            }
        }
        fail("bytes allocated by replication + decoding in three windows of 500 steady ticks: "
                + java.util.Arrays.toString(windows));
    }

    private void replicateOneTick(ArenaOrbitFixture fixture, WorldSnapshot w, DeltaReplication r,
                                  SnapshotDecoder[] decoders, long t) {
        fixture.stepPlayers(0);
        fixture.fill(w, t);
        replicate(w, r, decoders, t);
    }

    private void replicate(WorldSnapshot w, DeltaReplication r, SnapshotDecoder[] decoders, long t) {
        r.recordWorld(w);
        for (int p = 0; p < decoders.length; p++) {
            int len = r.writePacket(p, t, out);
            // Acks of the packet two ticks back, like a short round trip.
            if (t >= 2) {
                r.onAcks(p, decoders[p].ackSequence(), decoders[p].ackBits());
            }
            decoders[p].decode(out, 0, len);
        }
    }
}
