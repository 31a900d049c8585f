package io.tickforge.server.session;

import io.tickforge.server.game.ArenaGame;
import io.tickforge.server.game.ArenaWorld;
import io.tickforge.server.metrics.CpuMeter;
import io.tickforge.server.tick.TickClock;
import io.tickforge.server.tick.TickWaiter;

/**
 * Test wiring: sessions hosting the arena, as ServerMain's composition root wires them (the game
 * built from the config's tick rate, player slots and NPC count), and the arena's world of a
 * session for assertions. Tick thread (or the test driving it) only for {@link #world}.
 */
public final class ArenaSessions {
    private ArenaSessions() {
    }

    public static ArenaGame game(SessionConfig config) {
        return new ArenaGame(config.maxPlayers(), config.npcs(), config.tickRateHz());
    }

    public static GameSession session(SessionConfig config, Replication replication) {
        return new GameSession(config, game(config), replication);
    }

    public static GameSession session(SessionConfig config, Replication replication, TickClock clock, TickWaiter waiter) {
        return new GameSession(config, game(config), replication, clock, waiter);
    }

    public static GameSession session(SessionConfig config, Replication replication, TickClock clock, TickWaiter waiter,
                                      CpuMeter.CpuTimeSource cpuTime) {
        return new GameSession(config, game(config), replication, clock, waiter, cpuTime);
    }

    /** The arena world of a session that hosts the arena. */
    public static ArenaWorld world(GameSession session) {
        return ((ArenaGame) session.game()).world();
    }
}
