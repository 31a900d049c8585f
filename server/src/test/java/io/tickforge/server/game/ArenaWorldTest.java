package io.tickforge.server.game;

import io.tickforge.shared.game.ArenaRules;
import io.tickforge.shared.game.OrbitWorld;
import io.tickforge.shared.world.EntityIds;
import io.tickforge.shared.world.Quantization;
import io.tickforge.shared.world.WorldSnapshot;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArenaWorldTest {
    private static final int RATE = 60;
    private static final int M = Quantization.POSITION_UNITS_PER_M;
    private static final int AIM_EAST = 0;
    private static final int AIM_WEST = Quantization.AIM_UNITS_PER_TURN / 2;

    private final ArenaWorld world = new ArenaWorld(8, 0, RATE);
    private long tick;

    /** Runs one tick where only {@code shooter} fires (everyone else idles). */
    private void tick(int shooter, int aimUnits) {
        world.beginTick(tick);
        for (int s = 0; s < world.maxPlayers(); s++) {
            if (world.isPresent(s)) {
                boolean fires = s == shooter;
                world.applyInput(s, 0, 0, fires ? aimUnits : world.aimUnits(s), fires ? ArenaRules.BUTTON_FIRE : 0);
            }
        }
        world.endTick(tick);
        tick++;
    }

    private void duel(double shooterXM, double targetXM) {
        world.addPlayer(0, tick);
        world.addPlayer(1, tick);
        world.teleport(0, (int) (shooterXM * M), 100 * M);
        world.teleport(1, (int) (targetXM * M), 100 * M);
    }

    @Test
    void hitInRangeDamagesTheTarget() {
        duel(100, 120);
        tick(0, AIM_EAST);
        assertTrue(world.firedThisTick(0));
        assertEquals(100 - 25, world.health(1));
        assertEquals(1, world.playerHits());
    }

    @Test
    void targetBehindOrOutOfRangeIsMissed() {
        duel(100, 120);
        tick(0, AIM_WEST);
        assertEquals(100, world.health(1), "target behind the aim");
        world.teleport(1, 151 * M, 100 * M);   // centre 51 m away: edge at 50.5 m > 50 m range
        for (int i = 0; i < ArenaRules.fireCooldownTicks(RATE); i++) {
            tick(0, AIM_EAST);
        }
        assertEquals(100, world.health(1), "beyond 50 m");
        assertEquals(0, world.playerHits());
    }

    @Test
    void firstTargetAlongTheRayTakesTheShot() {
        world.addPlayer(0, tick);
        world.addPlayer(1, tick);
        world.addPlayer(2, tick);
        world.teleport(0, 100 * M, 100 * M);
        world.teleport(1, 130 * M, 100 * M);   // farther, but lower slot than 2 would not matter
        world.teleport(2, 110 * M, 100 * M);   // nearer: takes the shot
        tick(0, AIM_EAST);
        assertEquals(100, world.health(1));
        assertEquals(75, world.health(2));
    }

    @Test
    void cooldownLimitsFireToOneShotPerQuarterSecond() {
        duel(100, 110);
        // 15 ticks at 60 Hz = 0.25 s: holding fire for 30 ticks shoots at ticks 0 and 15 only.
        for (int i = 0; i < 30; i++) {
            tick(0, AIM_EAST);
        }
        assertEquals(50, world.health(1));
        assertEquals(2, world.playerHits());
    }

    @Test
    void fourHitsKillThenRespawnAfterThreeSecondsAtASpawnPoint() {
        duel(100, 110);
        int cooldown = ArenaRules.fireCooldownTicks(RATE);
        long deathTick = -1;
        for (int shot = 0; shot < 4; shot++) {
            deathTick = tick;
            tick(0, AIM_EAST);
            for (int i = 1; i < cooldown; i++) {
                tick(-1, 0);
            }
        }
        assertFalse(world.isAlive(1));
        assertEquals(0, world.health(1));
        assertEquals(1, world.kills(0));
        assertEquals(1, world.deaths(1));
        assertEquals(deathTick + 180, world.respawnTick(1), "3 s at 60 Hz = 180 ticks");
        // Dead players ignore input and cannot be hit again.
        int deadX = world.xUnits(1);
        world.beginTick(tick);
        world.applyInput(1, 127, 0, 0, 0);
        world.endTick(tick++);
        assertEquals(deadX, world.xUnits(1));
        while (tick < deathTick + 180) {
            tick(-1, 0);
            assertFalse(world.isAlive(1));
        }
        tick(-1, 0);
        assertTrue(world.isAlive(1));
        assertEquals(100, world.health(1));
        // Slot 1's second spawn: point (1 * 5 + 1) mod 16 = 6 -> (32 + 64 * 2, 32 + 64 * 1) m.
        assertEquals(160 * M, world.xUnits(1));
        assertEquals(96 * M, world.yUnits(1));
    }

    @Test
    void npcsBlockShotsButTakeNoDamage() {
        ArenaWorld withNpcs = new ArenaWorld(4, 2, RATE);
        OrbitWorld orbit = withNpcs.orbit();
        // NPC 1 stands at its formula position; put the shooter 5 m west of it, the target 10 m east.
        int nx = orbit.xUnits(1, 0);
        int ny = orbit.yUnits(1, 0);
        withNpcs.addPlayer(0, 0);
        withNpcs.addPlayer(1, 0);
        withNpcs.teleport(0, nx - 5 * M, ny);
        withNpcs.teleport(1, nx + 10 * M, ny);
        withNpcs.beginTick(0);
        withNpcs.applyInput(0, 0, 0, AIM_EAST, ArenaRules.BUTTON_FIRE);
        withNpcs.applyInput(1, 0, 0, 0, 0);
        withNpcs.endTick(0);
        assertEquals(1, withNpcs.npcHits());
        assertEquals(100, withNpcs.health(1));
        WorldSnapshot snapshot = new WorldSnapshot(withNpcs.maxEntities());
        withNpcs.writeSnapshot(snapshot);
        assertEquals(100, snapshot.lanes[WorldSnapshot.HEALTH][snapshot.indexOf(EntityIds.npc(1))]);
    }

    @Test
    void snapshotListsPlayersThenNpcsWithFormulaValuesAndFlags() {
        ArenaWorld w = new ArenaWorld(16, 5, RATE);
        w.addPlayer(9, 0);
        w.addPlayer(2, 0);
        long t = 12345;
        w.beginTick(t);
        w.applyInput(2, 0, 0, Quantization.AIM_UNITS_PER_TURN / 4, ArenaRules.BUTTON_FIRE);
        w.applyInput(9, 0, 0, 0, 0);
        w.endTick(t);
        WorldSnapshot s = new WorldSnapshot(w.maxEntities());
        w.writeSnapshot(s);
        assertEquals(t, s.tick);
        assertEquals(2 + 5, s.count);
        assertEquals(2, s.entityId[0]);
        assertEquals(9, s.entityId[1]);
        assertEquals(WorldSnapshot.FLAG_ALIVE | WorldSnapshot.FLAG_FIRED, s.lanes[WorldSnapshot.FLAGS][0]);
        assertEquals(WorldSnapshot.FLAG_ALIVE, s.lanes[WorldSnapshot.FLAGS][1]);
        assertEquals(1024, s.lanes[WorldSnapshot.HEADING][0], "a quarter turn of aim = 1024 of 4096 heading units");
        OrbitWorld orbit = w.orbit();
        for (int i = 0; i < 5; i++) {
            int k = 2 + i;
            assertEquals(EntityIds.npc(i), s.entityId[k]);
            assertEquals(orbit.xUnits(i, t), s.x[k]);
            assertEquals(orbit.yUnits(i, t), s.y[k]);
            assertEquals(orbit.headingUnits(i, t), s.lanes[WorldSnapshot.HEADING][k]);
            assertEquals(orbit.health(i, t), s.lanes[WorldSnapshot.HEALTH][k]);
        }
    }

    @Test
    void movementUsesTheSharedCodeAndClampsAtWalls() {
        world.addPlayer(0, 0);
        world.teleport(0, 1 * M, 1 * M);
        for (int i = 0; i < 60; i++) {
            world.beginTick(tick);
            world.applyInput(0, -127, -127, 0, ArenaRules.BUTTON_SPRINT);
            world.endTick(tick++);
        }
        assertEquals(128, world.xUnits(0));
        assertEquals(128, world.yUnits(0));
    }
}
