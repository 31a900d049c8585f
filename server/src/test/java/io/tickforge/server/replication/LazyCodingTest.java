package io.tickforge.server.replication;

import io.tickforge.server.game.ArenaEngineSettings;
import io.tickforge.shared.snapshot.SnapshotDecoder;
import io.tickforge.shared.world.WorldSnapshot;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A budget-bound packet codes (residuals, body, velocity sample) what it carries plus the few
 * entities the fitter looks at and refuses, not every changed entity the client sees: the cost of
 * a packet follows what is sent. One client at a time per writer (no shared-encoding hits between
 * clients of different baselines to hide the count), acknowledged every tick.
 */
class LazyCodingTest {
    @Test
    void budgetBoundPacketsCodeWhatTheyCarryPlusAConstant() {
        int players = 2;
        ArenaOrbitFixture fixture = new ArenaOrbitFixture(players, 8000, 60, 11L);
        DeltaReplication replication = new DeltaReplication(
                new ReplicationConfig(players, 200, 64.0, 32, ArenaEngineSettings.WORLD_SIZE_M));
        SnapshotDecoder[] decoders = new SnapshotDecoder[players];
        for (int p = 0; p < players; p++) {
            replication.addClient(p);
            decoders[p] = new SnapshotDecoder(32, 256);
        }
        WorldSnapshot world = new WorldSnapshot(fixture.capacity());
        byte[] packet = new byte[replication.config().payloadBudgetBytes()];
        long boundPackets = 0;
        long codings = 0;
        long carried = 0;
        long deferred = 0;
        int worstExcess = 0;
        for (long tick = 0; tick < 600; tick++) {
            fixture.stepPlayers(0.002);
            fixture.fill(world, tick);
            replication.recordWorld(world);
            for (int p = 0; p < players; p++) {
                long deferredBefore = replication.deferredEntities();
                int len = replication.writePacket(p, tick - 2, packet);
                assertEquals(SnapshotDecoder.Result.ACCEPTED, decoders[p].decode(packet, 0, len));
                replication.onAcks(p, decoders[p].ackSequence(), decoders[p].ackBits());
                if (tick >= 60 && replication.lastPacketDeferred()) {
                    boundPackets++;
                    codings += replication.lastPacketCodings();
                    carried += replication.lastPacketChangesCarried();
                    deferred += replication.deferredEntities() - deferredBefore;
                    worstExcess = Math.max(worstExcess,
                            replication.lastPacketCodings() - replication.lastPacketChangesCarried());
                }
            }
        }
        System.out.printf("[lazy] %d budget-bound packets: %.1f codings, %.1f changes carried, %.1f deferred per packet;"
                        + " worst excess %d%n", boundPackets, (double) codings / boundPackets,
                (double) carried / boundPackets, (double) deferred / boundPackets, worstExcess);
        assertTrue(boundPackets > 1000, "the world must be budget-bound: " + boundPackets);
        assertTrue(deferred > 10 * carried, "far more pending than carried: " + deferred + " vs " + carried);
        assertTrue(carried > 0);
        // Codings: what is carried plus what the fitter refused (at most its limit) per packet.
        assertTrue(codings <= carried + (long) BudgetFitter.DEFAULT_REJECTION_LIMIT * boundPackets,
                "codings " + codings + ", carried " + carried + " in " + boundPackets + " packets");
        assertTrue(worstExcess <= BudgetFitter.DEFAULT_REJECTION_LIMIT, "a packet coded " + worstExcess + " more than it carried");
    }
}
