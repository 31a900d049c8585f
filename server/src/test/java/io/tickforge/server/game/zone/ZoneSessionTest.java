package io.tickforge.server.game.zone;

import io.tickforge.server.gameapi.GameDescriptor;
import io.tickforge.server.replication.DeltaReplication;
import io.tickforge.server.replication.ReplicationConfig;
import io.tickforge.server.session.GameSession;
import io.tickforge.server.session.PlayerLink;
import io.tickforge.server.session.SessionConfig;
import io.tickforge.server.tick.ManualTickClock;
import io.tickforge.shared.game.zone.ZoneRules;
import io.tickforge.shared.game.zone.ZoneSchemas;
import io.tickforge.shared.protocol.ByeReason;
import io.tickforge.shared.protocol.InputPacket;
import io.tickforge.shared.snapshot.SnapshotDecoder;
import io.tickforge.shared.snapshot.SnapshotView;
import io.tickforge.shared.world.EntityLayout;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The zone game inside a real session, in process: the delta replication codes its 3D, 8-lane
 * entities for every player, each player's link decodes them with the zone layout and acks what it
 * decoded (so packets are deltas against acked baselines, not keyframes), and players move and
 * jump. The decoded own entity equals the game's state exactly, and the steady-state tick
 * (session, game, replication and the test's decoders) allocates nothing.
 */
class ZoneSessionTest {
    private static final int PLAYERS = 8;
    private static final int RATE = 60;

    /** A player link that decodes every snapshot with the zone layout, as a client would. */
    private static final class DecodingLink implements PlayerLink {
        final SnapshotDecoder decoder = new SnapshotDecoder(EntityLayout.of(ZoneSchemas.ENTITY), 32, 64);
        long accepted;
        long refused;

        @Override
        public int connectionId() {
            return 0;
        }

        @Override
        public boolean sendSnapshot(byte[] bytes, int length) {
            if (decoder.decode(bytes, 0, length) == SnapshotDecoder.Result.ACCEPTED) {
                accepted++;
            } else {
                refused++;
            }
            return true;
        }

        @Override
        public void sendReliable(Object message) {
        }

        @Override
        public void disconnect(ByeReason reason, String text) {
        }
    }

    @Test
    void theZoneGameIsReplicatedAndDecodedExactlyWithoutAllocating() {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's allocation counter");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;

        final ZoneGame game = new ZoneGame(PLAYERS, RATE, 4, 8);
        final GameDescriptor described = game.describe();
        final ManualTickClock clock = new ManualTickClock(0);
        final SessionConfig config = SessionConfig.of(1, RATE, PLAYERS, 0).withStatsPublishIntervalNs(3_600_000_000_000L);
        final DeltaReplication replication = new DeltaReplication(ReplicationConfig.defaults(PLAYERS, described.worldSizeM())
                .withEntityLayout(described.entityLayout()));
        final GameSession session = new GameSession(config, game, replication, clock, remaining -> { });
        final DecodingLink[] links = new DecodingLink[PLAYERS];
        for (int i = 0; i < PLAYERS; i++) {
            links[i] = new DecodingLink();
            session.enqueueJoin(session.reserveSlot(), "z" + i, links[i]);
        }
        final EntityLayout layout = described.entityLayout();
        final int laneZ = layout.requireLane(ZoneSchemas.POS) + 2;
        final int laneTeam = layout.requireLane(ZoneSchemas.TEAM);
        final InputPacket packet = new InputPacket();
        long slot = 0;
        final int warmupTicks = 20_000;
        final int measuredTicks = 5_000;
        long before = 0;
        int maxDecodedZ = 0;
        for (int tick = 0; tick < warmupTicks + measuredTicks; tick++) {
            if (tick == warmupTicks) {
                before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            }
            for (int p = 0; p < PLAYERS; p++) {
                final SnapshotDecoder d = links[p].decoder;
                packet.newestTick = tick + 1;
                packet.count = 1;
                packet.renderLag = 0;
                packet.hasAcks = d.hasAcks();
                packet.ackSequence = d.ackSequence();
                packet.ackBits = d.ackBits();
                // Walk in circles of varying speed, jump now and then.
                packet.set(0, (tick / 7 + p * 31) % 255 - 127, (tick / 5 + p * 17) % 255 - 127, tick * 97,
                        (tick + p * 13) % 90 < 3 ? ZoneRules.BUTTON_JUMP : 0);
                session.offerInput(p, packet);
            }
            clock.setNs(session.tickLoop().deadlineNs(slot++));
            assertEquals(1, session.tickLoop().doWork(clock.nanoTime()));
            if (tick < warmupTicks) {
                // The decoded own entity is the game's state at the packet's tick, exactly.
                final int p = tick % PLAYERS;
                final SnapshotView view = links[p].decoder.view();
                final int self = view.indexOf(p);
                if (self >= 0 && view.tick(self) == tick) {
                    assertEquals(game.xUnits(p), view.x(self), "x of " + p + " at " + tick);
                    assertEquals(game.yUnits(p), view.y(self), "y of " + p + " at " + tick);
                    assertEquals(game.zUnits(p), view.value(self, laneZ), "z of " + p + " at " + tick);
                    assertEquals(game.team(p), view.value(self, laneTeam));
                    maxDecodedZ = Math.max(maxDecodedZ, view.value(self, laneZ));
                }
            }
        }
        final long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertEquals(PLAYERS, game.playerCount());
        assertTrue(maxDecodedZ > 100, "decoded jumps: highest z " + maxDecodedZ);
        for (DecodingLink link : links) {
            assertEquals(0, link.refused, "every snapshot decoded");
            assertTrue(link.accepted > (warmupTicks + measuredTicks) / 2, "accepted " + link.accepted);
        }
        assertTrue(replication.codedChanges() > replication.keyframesWritten() * 10,
                "deltas against acked baselines: changes " + replication.codedChanges() + ", keyframes "
                        + replication.keyframesWritten());
        // Zero is expected. Slack for one-off JVM-internal allocations: with decoders, replication and
        // the game in one compiled loop, a rare late deoptimization was seen to allocate once (72 to
        // 936 bytes in a single tick, 1-3 kB in all, not with -XX:+PrintCompilation's timing). Any
        // allocation per tick (at least 16 bytes) would show as 80 kB or more.
        assertTrue(allocated < 5 * 1024, "allocated " + allocated + " bytes over " + measuredTicks + " ticks");
        replication.close();
    }
}
