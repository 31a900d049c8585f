package io.tickforge.server.session;

import io.tickforge.server.game.ArenaGame;
import io.tickforge.server.replication.DeltaReplication;
import io.tickforge.server.replication.ReplicationConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionWarmupTest {
    private static final long SECOND = 1_000_000_000L;

    private static SessionWarmup.Result warmUp(int players, int npcs, long minTicks, long maxWallNs,
                                               java.util.function.LongSupplier jit) throws InterruptedException {
        final SessionConfig config = SessionConfig.of(1, 60, players, npcs);
        final ArenaGame game = new ArenaGame(config.maxPlayers(), config.npcs(), config.tickRateHz());
        final DeltaReplication replication = new DeltaReplication(
                ReplicationConfig.defaults(players, game.describe().worldSizeM()).withReplicationThreads(0));
        return SessionWarmup.run(config, game, replication, minTicks, maxWallNs, jit);
    }

    @Test
    void playsJoinsLeavesAndValidInputsUntilTheJitSettles() throws InterruptedException {
        // A JIT that compiles through the first 50 reads, then is done.
        final AtomicLong reads = new AtomicLong();
        final SessionWarmup.Result r = warmUp(8, 50, 200, 30 * SECOND, () -> Math.min(reads.incrementAndGet(), 50) * 10);

        assertTrue(r.settled(), r.describe());
        assertTrue(r.ticks() >= 200, r.describe());
        assertEquals(8, r.players());
        // Every player joined in the ramp; after it, one leaves and one joins again every CHURN_TICKS.
        assertTrue(r.leaves() >= (200 - 60) / SessionWarmup.CHURN_TICKS - 1, r.describe());
        assertTrue(r.joins() >= 8 + r.leaves() - 1, r.describe());
        assertTrue(r.packets() > 8L * 150, "every joined player got a snapshot packet per tick: " + r.describe());
        // The inputs are within the game's declared ranges (the game moved its players with them).
        assertTrue(r.inputsApplied() > 8L * 100, r.describe());
        assertEquals(0, r.invalidInputs(), r.describe());
        assertEquals(0, r.tickErrors(), r.describe());
        assertEquals(10, r.compileMsBefore());
        assertEquals(500, r.compileMsAfter());
        // Settling needs SETTLE_NS of an unchanged compile time: it cannot have come sooner.
        assertTrue(r.wallNs() >= SessionWarmup.SETTLE_NS, r.describe());
    }

    @Test
    void stopsAtTheTimeLimitWhenTheJitNeverSettles() throws InterruptedException {
        final AtomicLong ms = new AtomicLong();
        final SessionWarmup.Result r = warmUp(4, 20, 10, SECOND / 2, ms::incrementAndGet);

        assertFalse(r.settled(), r.describe());
        assertTrue(r.wallNs() >= SECOND / 2 && r.wallNs() < 10 * SECOND, r.describe());
        assertTrue(r.describe().contains("not settled within the time limit"), r.describe());
    }

    @Test
    void withoutTheJitsCompileTimePlaysTheMinimumTicks() throws InterruptedException {
        final SessionWarmup.Result r = warmUp(4, 20, 150, 30 * SECOND, () -> -1);

        assertEquals(150, r.ticks(), r.describe());
        assertFalse(r.settled());
        assertEquals(-1, r.compileMsBefore());
    }

    @Test
    void neverMoreSimulatedPlayersThanTheCap() throws InterruptedException {
        final SessionWarmup.Result r = warmUp(SessionWarmup.MAX_PLAYERS + 4, 0, 70, 30 * SECOND, () -> -1);

        assertEquals(SessionWarmup.MAX_PLAYERS, r.players());
        assertEquals(70, r.ticks());
        assertEquals(0, r.tickErrors(), r.describe());
    }

    @Test
    void refusesANonsenseBudget() {
        assertThrows(IllegalArgumentException.class, () -> warmUp(4, 0, 0, SECOND, () -> -1));
        assertThrows(IllegalArgumentException.class, () -> warmUp(4, 0, 10, 0, () -> -1));
    }
}
