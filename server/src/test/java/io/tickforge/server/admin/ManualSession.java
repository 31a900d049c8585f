package io.tickforge.server.admin;

import io.tickforge.server.session.FixedSizeReplication;
import io.tickforge.server.session.ArenaSessions;
import io.tickforge.server.session.GameSession;
import io.tickforge.server.session.NullLink;
import io.tickforge.server.session.SessionConfig;
import io.tickforge.server.tick.ManualTickClock;

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
        session = ArenaSessions.session(config, new FixedSizeReplication(packetBytes), clock, remaining -> { });
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
}
