package io.tickforge.server.admin;

import io.tickforge.server.session.GameSession;
import io.tickforge.server.session.PlayerLink;
import io.tickforge.server.session.Replication;
import io.tickforge.server.session.SessionConfig;
import io.tickforge.server.tick.ManualTickClock;
import io.tickforge.shared.protocol.ByeReason;
import io.tickforge.shared.world.WorldSnapshot;

/**
 * A session driven tick by tick on a manual clock, with links and replication that allocate
 * nothing: each snapshot packet is {@code packetBytes} long. For admin-endpoint tests.
 */
final class ManualSession {
    final ManualTickClock clock = new ManualTickClock(0);
    final GameSession session;
    private long slot;

    ManualSession(int tickRateHz, int maxPlayers, int npcs, int packetBytes, long statsPublishIntervalNs) {
        SessionConfig config = SessionConfig.of(1, tickRateHz, maxPlayers, npcs).withStatsPublishIntervalNs(statsPublishIntervalNs);
        session = new GameSession(config, new FixedReplication(packetBytes), clock, remaining -> { });
    }

    void join(String name) {
        session.enqueueJoin(session.reserveSlot(), name, new NullLink());
    }

    /** Runs one tick at its deadline. */
    void tick() {
        clock.setNs(session.tickLoop().deadlineNs(slot++));
        if (session.tickLoop().doWork(clock.nanoTime()) != 1) {
            throw new AssertionError("no tick ran");
        }
    }

    static final class FixedReplication extends io.tickforge.server.session.SequentialReplication {
        private final int packetBytes;
        long sum;

        FixedReplication(int packetBytes) {
            this.packetBytes = packetBytes;
        }

        @Override
        public void onAcks(int slot, int ackSequence, int ackBits) {
            sum += ackSequence;
        }

        @Override
        public void recordWorld(WorldSnapshot world) {
            sum += world.count;
        }

        @Override
        public int writePacket(int slot, long lastAppliedInputTick, byte[] out) {
            out[0] = (byte) slot;
            return packetBytes;
        }
    }

    static final class NullLink implements PlayerLink {
        @Override
        public int connectionId() {
            return 0;
        }

        @Override
        public boolean sendSnapshot(byte[] bytes, int length) {
            return true;
        }

        @Override
        public void sendReliable(Object message) {
        }

        @Override
        public void disconnect(ByeReason reason, String text) {
        }
    }
}
