package io.tickforge.benchmarks.bandwidth;

import io.tickforge.shared.game.ArenaRules;
import io.tickforge.shared.game.OrbitWorld;
import io.tickforge.shared.world.EntityIds;
import io.tickforge.shared.world.Quantization;
import io.tickforge.shared.world.WorldSnapshot;

import java.util.SplittableRandom;

/**
 * The standard profile's world, offline: orbit NPCs exactly per docs/SCENARIOS.md and players that
 * wander like the load-test bots (seeded direction changes, walking at 6 m/s, sometimes
 * sprinting at 9 m/s, firing at most every 0.25 s, taking damage now and then). Single thread.
 */
final class StandardWorld {
    private static final int ARENA_UNITS = Quantization.positionToUnits(ArenaRules.ARENA_SIZE_M);
    private static final int MARGIN_UNITS = Quantization.positionToUnits(ArenaRules.PLAYER_RADIUS_M);

    private final int players;
    private final int npcs;
    private final OrbitWorld orbit;
    private final int tickRateHz;
    private final SplittableRandom random;
    private final double[] px;
    private final double[] py;
    private final double[] dirRad;
    private final boolean[] sprint;
    private final int[] aimHeading;
    private final int[] health;
    private final long[] nextFireTick;
    private final boolean[] fired;

    StandardWorld(int players, int npcs, int tickRateHz, long seed) {
        this.players = players;
        this.npcs = npcs;
        this.orbit = new OrbitWorld(npcs, tickRateHz);
        this.tickRateHz = tickRateHz;
        random = new SplittableRandom(seed);
        px = new double[players];
        py = new double[players];
        dirRad = new double[players];
        sprint = new boolean[players];
        aimHeading = new int[players];
        health = new int[players];
        nextFireTick = new long[players];
        fired = new boolean[players];
        for (int p = 0; p < players; p++) {
            px[p] = 8 + random.nextDouble() * (ArenaRules.ARENA_SIZE_M - 16);
            py[p] = 8 + random.nextDouble() * (ArenaRules.ARENA_SIZE_M - 16);
            dirRad[p] = random.nextDouble() * 2 * Math.PI;
            health[p] = ArenaRules.MAX_HEALTH;
        }
    }

    int capacity() {
        return players + npcs;
    }

    void step(long tick) {
        double dt = 1.0 / tickRateHz;
        for (int p = 0; p < players; p++) {
            if (random.nextDouble() < 1.0 / tickRateHz) {
                // About once a second a wandering bot picks a new direction.
                dirRad[p] = random.nextDouble() * 2 * Math.PI;
                sprint[p] = random.nextDouble() < 0.3;
            }
            double speed = sprint[p] ? ArenaRules.SPRINT_SPEED_M_PER_S : ArenaRules.WALK_SPEED_M_PER_S;
            px[p] += Math.cos(dirRad[p]) * speed * dt;
            py[p] += Math.sin(dirRad[p]) * speed * dt;
            double lo = ArenaRules.PLAYER_RADIUS_M;
            double hi = ArenaRules.ARENA_SIZE_M - ArenaRules.PLAYER_RADIUS_M;
            if (px[p] < lo || px[p] > hi || py[p] < lo || py[p] > hi) {
                px[p] = Math.max(lo, Math.min(hi, px[p]));
                py[p] = Math.max(lo, Math.min(hi, py[p]));
                dirRad[p] += Math.PI;
            }
            // Aim sweeps a little every tick, as a bot tracking a target does.
            aimHeading[p] = (aimHeading[p] + random.nextInt(-12, 13)) & (Quantization.HEADING_UNITS_PER_TURN - 1);
            fired[p] = false;
            if (tick >= nextFireTick[p] && random.nextDouble() < 0.05) {
                fired[p] = true;
                nextFireTick[p] = tick + Math.round(ArenaRules.FIRE_COOLDOWN_S * tickRateHz);
            }
            if (random.nextDouble() < 0.2 / tickRateHz) {
                health[p] = health[p] > ArenaRules.FIRE_DAMAGE ? health[p] - ArenaRules.FIRE_DAMAGE : ArenaRules.MAX_HEALTH;
            }
        }
    }

    void fill(WorldSnapshot w, long tick) {
        w.clear(tick);
        for (int p = 0; p < players; p++) {
            int flags = WorldSnapshot.FLAG_ALIVE | (fired[p] ? WorldSnapshot.FLAG_FIRED : 0);
            int x = Math.max(MARGIN_UNITS, Math.min(ARENA_UNITS - MARGIN_UNITS, Quantization.positionToUnits(px[p])));
            int y = Math.max(MARGIN_UNITS, Math.min(ARENA_UNITS - MARGIN_UNITS, Quantization.positionToUnits(py[p])));
            w.add(EntityIds.player(p), x, y, aimHeading[p], health[p], flags);
        }
        for (int i = 0; i < npcs; i++) {
            w.add(EntityIds.npc(i), orbit.xUnits(i, tick), orbit.yUnits(i, tick), orbit.headingUnits(i, tick),
                    orbit.health(i, tick), WorldSnapshot.FLAG_ALIVE);
        }
    }
}
