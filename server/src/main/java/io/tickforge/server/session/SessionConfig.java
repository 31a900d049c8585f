package io.tickforge.server.session;

import io.tickforge.server.tick.TickRates;
import io.tickforge.shared.protocol.SnapshotDatagram;
import io.tickforge.shared.world.EntityIds;

/**
 * Settings of one game session. Immutable; any thread. Units in the names.
 *
 * @param sessionId            id reported to clients and in logs
 * @param tickRateHz           TickRates.MIN_HZ..MAX_HZ (1..240)
 * @param maxPlayers           1..EntityIds.MAX_PLAYERS
 * @param npcs                 orbit NPCs, 0..EntityIds.MAX_NPCS
 * @param packetBudgetBytes    largest snapshot datagram, framing included
 * @param inputQueueCapacity   input packets buffered between network and tick thread
 * @param maxCatchUpTicks      ticks run back to back before the loop resynchronises instead
 * @param statsPublishIntervalNs how often tick figures are published to other threads
 * @param lagCompensationMs    how far back hitscan may rewind targets to a shooter's render time
 *                             (0 = off, at most {@link #MAX_LAG_COMPENSATION_MS})
 * @param replicationDeadlinePercent when a tick's replication stops starting packets, in percent of
 *                             the tick period after the tick's scheduled start (1..100; 0 = off,
 *                             every client gets a packet every tick however long it takes): the
 *                             clients left out are written first next tick, and each still gets a
 *                             packet at least every {@link io.tickforge.server.session.Replication#MAX_SHED_TICKS}
 *                             ticks. Off here (tests, benchmarks); the server's default is
 *                             {@link #DEFAULT_REPLICATION_DEADLINE_PERCENT}.
 */
public record SessionConfig(int sessionId, int tickRateHz, int maxPlayers, int npcs, int packetBudgetBytes,
                            int inputQueueCapacity, int maxCatchUpTicks, long statsPublishIntervalNs,
                            int lagCompensationMs, int replicationDeadlinePercent) {
    public static final int DEFAULT_MAX_PLAYERS = 256;
    public static final int DEFAULT_PACKET_BUDGET_BYTES = 1200;
    public static final int DEFAULT_MAX_CATCH_UP_TICKS = 5;
    public static final long DEFAULT_STATS_PUBLISH_INTERVAL_NS = 1_000_000_000L;
    public static final int DEFAULT_LAG_COMPENSATION_MS = 200;
    /** One second: the wire's render lag (255 ticks) reaches further only below 255 Hz anyway. */
    public static final int MAX_LAG_COMPENSATION_MS = 1000;
    /** The server's default {@link #replicationDeadlinePercent}: packets are started until 80% of the period. */
    public static final int DEFAULT_REPLICATION_DEADLINE_PERCENT = 80;

    public SessionConfig {
        TickRates.requireValid(tickRateHz);
        if (maxPlayers < 1 || maxPlayers > EntityIds.MAX_PLAYERS) {
            throw new IllegalArgumentException("maxPlayers must be in 1.." + EntityIds.MAX_PLAYERS + ": " + maxPlayers);
        }
        if (npcs < 0 || npcs > EntityIds.MAX_NPCS) {
            throw new IllegalArgumentException("npcs must be in 0.." + EntityIds.MAX_NPCS + ": " + npcs);
        }
        if (packetBudgetBytes < SnapshotDatagram.MIN_BUDGET_BYTES || packetBudgetBytes > SnapshotDatagram.MAX_BUDGET_BYTES) {
            throw new IllegalArgumentException("packetBudgetBytes must be in " + SnapshotDatagram.MIN_BUDGET_BYTES + ".."
                    + SnapshotDatagram.MAX_BUDGET_BYTES + ": " + packetBudgetBytes);
        }
        if (inputQueueCapacity < 1) {
            throw new IllegalArgumentException("inputQueueCapacity must be >= 1: " + inputQueueCapacity);
        }
        if (maxCatchUpTicks < 0) {
            throw new IllegalArgumentException("maxCatchUpTicks must be >= 0: " + maxCatchUpTicks);
        }
        if (statsPublishIntervalNs <= 0) {
            throw new IllegalArgumentException("statsPublishIntervalNs must be > 0: " + statsPublishIntervalNs);
        }
        if (lagCompensationMs < 0 || lagCompensationMs > MAX_LAG_COMPENSATION_MS) {
            throw new IllegalArgumentException("lagCompensationMs must be in 0.." + MAX_LAG_COMPENSATION_MS + ": "
                    + lagCompensationMs);
        }
        if (replicationDeadlinePercent < 0 || replicationDeadlinePercent > 100) {
            throw new IllegalArgumentException("replicationDeadlinePercent must be in 0..100 (0 = off): "
                    + replicationDeadlinePercent);
        }
    }

    /** Without a replication deadline (every client gets a packet every tick). */
    public SessionConfig(int sessionId, int tickRateHz, int maxPlayers, int npcs, int packetBudgetBytes,
                         int inputQueueCapacity, int maxCatchUpTicks, long statsPublishIntervalNs, int lagCompensationMs) {
        this(sessionId, tickRateHz, maxPlayers, npcs, packetBudgetBytes, inputQueueCapacity, maxCatchUpTicks,
                statsPublishIntervalNs, lagCompensationMs, 0);
    }

    /** With the default lag compensation ({@value #DEFAULT_LAG_COMPENSATION_MS} ms). */
    public SessionConfig(int sessionId, int tickRateHz, int maxPlayers, int npcs, int packetBudgetBytes,
                         int inputQueueCapacity, int maxCatchUpTicks, long statsPublishIntervalNs) {
        this(sessionId, tickRateHz, maxPlayers, npcs, packetBudgetBytes, inputQueueCapacity, maxCatchUpTicks,
                statsPublishIntervalNs, DEFAULT_LAG_COMPENSATION_MS);
    }

    /** Defaults for everything but the essentials; the input queue holds 8 packets per player. */
    public static SessionConfig of(int sessionId, int tickRateHz, int maxPlayers, int npcs) {
        return new SessionConfig(sessionId, tickRateHz, maxPlayers, npcs, DEFAULT_PACKET_BUDGET_BYTES,
                Math.max(64, maxPlayers * 8), DEFAULT_MAX_CATCH_UP_TICKS, DEFAULT_STATS_PUBLISH_INTERVAL_NS);
    }

    /** This configuration for session {@code id} (sessions on demand: each its own id). */
    public SessionConfig withSessionId(int id) {
        return new SessionConfig(id, tickRateHz, maxPlayers, npcs, packetBudgetBytes, inputQueueCapacity,
                maxCatchUpTicks, statsPublishIntervalNs, lagCompensationMs, replicationDeadlinePercent);
    }

    public SessionConfig withPacketBudgetBytes(int budgetBytes) {
        return new SessionConfig(sessionId, tickRateHz, maxPlayers, npcs, budgetBytes, inputQueueCapacity,
                maxCatchUpTicks, statsPublishIntervalNs, lagCompensationMs, replicationDeadlinePercent);
    }

    public SessionConfig withStatsPublishIntervalNs(long intervalNs) {
        return new SessionConfig(sessionId, tickRateHz, maxPlayers, npcs, packetBudgetBytes, inputQueueCapacity,
                maxCatchUpTicks, intervalNs, lagCompensationMs, replicationDeadlinePercent);
    }

    public SessionConfig withLagCompensationMs(int ms) {
        return new SessionConfig(sessionId, tickRateHz, maxPlayers, npcs, packetBudgetBytes, inputQueueCapacity,
                maxCatchUpTicks, statsPublishIntervalNs, ms, replicationDeadlinePercent);
    }

    /** This configuration with replication deadline {@code percent} (0 = off; see {@link #replicationDeadlinePercent}). */
    public SessionConfig withReplicationDeadlinePercent(int percent) {
        return new SessionConfig(sessionId, tickRateHz, maxPlayers, npcs, packetBudgetBytes, inputQueueCapacity,
                maxCatchUpTicks, statsPublishIntervalNs, lagCompensationMs, percent);
    }

    /** {@link #lagCompensationMs} in whole ticks at this tick rate. */
    public int lagCompensationTicks() {
        return (int) ((long) lagCompensationMs * tickRateHz / 1000);
    }
}
