package io.tickforge.server.replication;

import io.tickforge.server.game.ArenaEngineSettings;
import io.tickforge.shared.netsim.NetworkConditions;
import io.tickforge.shared.netsim.NetworkSimulator;
import io.tickforge.shared.snapshot.SnapshotDecoder;
import io.tickforge.shared.snapshot.SnapshotView;
import io.tickforge.shared.world.EntityIds;
import io.tickforge.shared.world.WorldSnapshot;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Server world -> DeltaReplication.writePacket -> lossy simulated network -> SnapshotDecoder, with
 * acks flowing back through a second lossy simulator. After every accepted packet, every entity
 * the client holds must equal the server's quantized state at the tick the client claims for it.
 * At the end the network turns clean and each client must converge to its exact interest set.
 */
class ReplicationPropertyTest {
    private static final long PERIOD_NS = 1_000_000_000L / 60;
    private static final int WORLD_HISTORY = 2048;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void clientsRebuildExactServerStateUnderLossDuplicationAndReordering() {
        run(6, 1000, 3600, 42L, 1200);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void tightBudgetDefersButStaysExact() {
        // 300 bytes cannot carry a keyframe or a busy delta: exercises priority and deferral.
        run(4, 1000, 1500, 7L, 300);
    }

    @Test
    @Tag("soak")
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void soakManySeeds() {
        for (long seed = 1; seed <= 5; seed++) {
            run(16, 1000, 20_000, seed, 1200);
        }
    }

    private static void run(int players, int npcs, int ticks, long seed, int budgetBytes) {
        ArenaOrbitFixture fixture = new ArenaOrbitFixture(players, npcs, 60, seed);
        DeltaReplication replication = new DeltaReplication(
                new ReplicationConfig(players, budgetBytes, 64.0, 32, ArenaEngineSettings.WORLD_SIZE_M));
        NetworkConditions lossy = new NetworkConditions(40, 15, 10, 5, 5);
        NetworkSimulator down = new NetworkSimulator(lossy, 4096, budgetBytes, seed);
        NetworkSimulator up = new NetworkSimulator(lossy, 4096, 16, seed + 1);
        SimulatedAcks acks = new SimulatedAcks(up);
        SnapshotDecoder[] decoders = new SnapshotDecoder[players];
        // Destination tag = slot | generation << 8: a reconnect is a new connection (new UDP key),
        // so datagrams of the old one still in flight are dropped, as the network layer does.
        int[] generation = new int[players];
        for (int p = 0; p < players; p++) {
            replication.addClient(p);
            decoders[p] = new SnapshotDecoder(32, 256);
        }
        // Client 1 starts 500 packets before the 16-bit wrap (its first reconnect is at tick 997).
        replication.setNextSequence(1, 65535 - 500);
        WorldSnapshot[] history = new WorldSnapshot[WORLD_HISTORY];
        for (int i = 0; i < WORLD_HISTORY; i++) {
            history[i] = new WorldSnapshot(fixture.capacity());
        }
        byte[] packet = new byte[budgetBytes];
        byte[] rx = new byte[budgetBytes];
        long accepted = 0;
        long checkedEntities = 0;
        int cleanFrom = ticks - 240;

        for (long tick = 0; tick < ticks; tick++) {
            long nowNs = tick * PERIOD_NS;
            if (tick == cleanFrom) {
                down.setConditions(NetworkConditions.CLEAN);
                up.setConditions(NetworkConditions.CLEAN);
            }
            // Acks that reached the server by now.
            acks.deliver(replication, generation, nowNs);
            // A client reconnects now and then: fresh decoder, fresh server-side state.
            if (tick > 0 && tick < cleanFrom && tick % 997 == 0) {
                int slot = (int) (tick / 997) % players;
                replication.removeClient(slot);
                replication.addClient(slot);
                decoders[slot] = new SnapshotDecoder(32, 256);
                generation[slot]++;
            }
            fixture.stepPlayers(tick < cleanFrom ? 0.002 : 0.0);
            WorldSnapshot world = history[(int) (tick % WORLD_HISTORY)];
            fixture.fill(world, tick);
            replication.recordWorld(world);
            for (int p = 0; p < players; p++) {
                int len = replication.writePacket(p, tick - 2, packet);
                assertTrue(len <= budgetBytes - 3, "payload " + len + " > budget");
                down.send(p | generation[p] << 8, packet, 0, len, nowNs);
            }
            // Everything delivered by the end of this tick reaches the clients.
            long deliverNs = nowNs + PERIOD_NS - 1;
            for (int len; (len = down.receive(deliverNs, rx)) >= 0; ) {
                int slot = down.lastDestination() & 0xFF;
                if (down.lastDestination() >>> 8 != generation[slot]) {
                    continue;
                }
                SnapshotDecoder decoder = decoders[slot];
                SnapshotDecoder.Result r = decoder.decode(rx, 0, len);
                if (r == SnapshotDecoder.Result.MALFORMED || r == SnapshotDecoder.Result.MISSING_BASELINE) {
                    fail("decode error " + r + " for slot " + slot + " at tick " + tick);
                }
                if (r == SnapshotDecoder.Result.ACCEPTED) {
                    accepted++;
                    checkedEntities += check(decoder, history, tick, slot);
                }
            }
            acks.send(decoders, generation, nowNs);
        }
        assertTrue(down.lostCount() > 0 && down.duplicatedCount() > 0 && down.reorderedCount() > 0,
                "the simulator must actually have lost, duplicated and reordered packets");
        long duplicates = 0;
        long stale = 0;
        for (SnapshotDecoder d : decoders) {
            duplicates += d.duplicateCount();
            stale += d.staleCount();
        }
        assertTrue(duplicates > 0 && stale > 0, "duplicates " + duplicates + ", stale " + stale);
        assertTrue(accepted > ticks, "accepted " + accepted);
        assertTrue(checkedEntities > accepted, "checked " + checkedEntities);

        // Convergence: after a clean stretch each client holds exactly its interest set, all current.
        long lastTick = ticks - 1;
        WorldSnapshot world = history[(int) (lastTick % WORLD_HISTORY)];
        long radius = 64L * 256;
        long radiusOut = Math.round(64 * 1.1 * 256);
        for (int p = 0; p < players; p++) {
            SnapshotView view = decoders[p].view();
            int self = world.indexOf(EntityIds.player(p));
            assertTrue(self >= 0, "players are present after the clean stretch");
            assertTrue(view.serverTick() >= lastTick - 10, "client " + p + " is behind: " + view.serverTick());
            WorldSnapshot atView = history[(int) (view.serverTick() % WORLD_HISTORY)];
            int cx = atView.x[atView.indexOf(EntityIds.player(p))];
            int cy = atView.y[atView.indexOf(EntityIds.player(p))];
            int expectedNear = 0;
            for (int i = 0; i < atView.count; i++) {
                long dx = atView.x[i] - cx;
                long dy = atView.y[i] - cy;
                long d2 = dx * dx + dy * dy;
                int vi = view.indexOf(atView.entityId[i]);
                if (d2 <= radius * radius) {
                    expectedNear++;
                    assertTrue(vi >= 0, "client " + p + " misses entity " + atView.entityId[i]);
                    assertEquals(view.serverTick(), view.tick(vi), "entity not current");
                } else if (d2 > radiusOut * radiusOut) {
                    assertTrue(vi < 0, "client " + p + " still holds far entity " + atView.entityId[i]);
                }
            }
            assertTrue(expectedNear > 10, "interest sets are not trivial: " + expectedNear);
        }
    }

    /** Every entity in the client's newest view equals the server world at the tick it claims. */
    private static int check(SnapshotDecoder decoder, WorldSnapshot[] history, long nowTick, int slot) {
        SnapshotView view = decoder.view();
        int prevId = -1;
        for (int i = 0; i < view.count(); i++) {
            int id = view.entityId(i);
            assertTrue(id > prevId, "view ids ascend");
            prevId = id;
            long t = view.tick(i);
            assertTrue(t <= view.serverTick() && t > nowTick - WORLD_HISTORY, "entity tick " + t + " out of range");
            WorldSnapshot w = history[(int) (t % WORLD_HISTORY)];
            assertEquals(t, w.tick);
            int wi = w.indexOf(id);
            if (wi < 0) {
                fail("client " + slot + " holds entity " + id + " at tick " + t + " but it did not exist then");
            }
            if (w.x[wi] != view.x(i) || w.y[wi] != view.y(i) || w.lanes[WorldSnapshot.HEADING][wi] != view.heading(i)
                    || w.lanes[WorldSnapshot.HEALTH][wi] != view.health(i) || w.lanes[WorldSnapshot.FLAGS][wi] != view.flags(i)) {
                fail("client " + slot + " entity " + id + " at tick " + t + ": client (" + view.x(i) + "," + view.y(i)
                        + "," + view.heading(i) + "," + view.health(i) + "," + view.flags(i) + ") server ("
                        + w.x[wi] + "," + w.y[wi] + "," + w.lanes[WorldSnapshot.HEADING][wi] + "," + w.lanes[WorldSnapshot.HEALTH][wi] + "," + w.lanes[WorldSnapshot.FLAGS][wi] + ")");
            }
        }
        return view.count();
    }
}
