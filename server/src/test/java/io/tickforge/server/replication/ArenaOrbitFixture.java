package io.tickforge.server.replication;

import io.tickforge.shared.game.OrbitWorld;
import io.tickforge.shared.world.EntityIds;
import io.tickforge.shared.world.Quantization;
import io.tickforge.shared.world.WorldSnapshot;

import java.util.SplittableRandom;

/**
 * Test world: the orbit NPCs exactly as docs/SCENARIOS.md defines them, plus players that random-walk
 * on the 1/256 m grid, sometimes sprint, fire, get hurt, teleport (respawn) and vanish for a
 * while. NPCs come from the production OrbitWorld. Seeded; one thread.
 */
final class ArenaOrbitFixture {
    static final int ARENA_UNITS = 256 * Quantization.POSITION_UNITS_PER_M;

    final int players;
    final int npcs;
    final int tickRateHz;
    private final SplittableRandom random;
    private final OrbitWorld orbit;
    final int[] px;
    final int[] py;
    final int[] heading;
    final int[] health;
    final int[] flags;
    final boolean[] present;
    private final int[] vx;
    private final int[] vy;

    ArenaOrbitFixture(int players, int npcs, int tickRateHz, long seed) {
        this.players = players;
        this.npcs = npcs;
        this.orbit = new OrbitWorld(npcs, tickRateHz);
        this.tickRateHz = tickRateHz;
        this.random = new SplittableRandom(seed);
        px = new int[players];
        py = new int[players];
        heading = new int[players];
        health = new int[players];
        flags = new int[players];
        present = new boolean[players];
        vx = new int[players];
        vy = new int[players];
        for (int p = 0; p < players; p++) {
            px[p] = random.nextInt(ARENA_UNITS);
            py[p] = random.nextInt(ARENA_UNITS);
            heading[p] = random.nextInt(Quantization.HEADING_UNITS_PER_TURN);
            health[p] = 100;
            flags[p] = 1;
            present[p] = true;
        }
    }

    int capacity() {
        return players + npcs;
    }

    /** Advances players by one tick; churn controls teleports/vanishing (0 = none). */
    void stepPlayers(double churn) {
        int walk = (int) Math.round(6.0 * Quantization.POSITION_UNITS_PER_M / tickRateHz);
        for (int p = 0; p < players; p++) {
            if (!present[p]) {
                if (random.nextDouble() < 0.02) {
                    present[p] = true;
                }
                continue;
            }
            if (random.nextDouble() < 0.05) {
                // New move direction, like a bot changing its stick input.
                vx[p] = random.nextInt(-walk, walk + 1);
                vy[p] = random.nextInt(-walk, walk + 1);
                if (random.nextDouble() < 0.3) {
                    vx[p] = vx[p] * 3 / 2;
                    vy[p] = vy[p] * 3 / 2;
                }
            }
            px[p] = Math.max(128, Math.min(ARENA_UNITS - 128, px[p] + vx[p]));
            py[p] = Math.max(128, Math.min(ARENA_UNITS - 128, py[p] + vy[p]));
            heading[p] = (heading[p] + random.nextInt(-40, 41)) & (Quantization.HEADING_UNITS_PER_TURN - 1);
            flags[p] = (flags[p] & 1) | (random.nextDouble() < 0.1 ? 2 : 0);
            if (random.nextDouble() < 0.01) {
                health[p] = Math.max(0, health[p] - 25);
            }
            if (random.nextDouble() < churn) {
                px[p] = random.nextInt(ARENA_UNITS);
                py[p] = random.nextInt(ARENA_UNITS);
                health[p] = 100;
            }
            if (random.nextDouble() < churn / 2) {
                present[p] = false;
            }
        }
    }

    /** Fills {@code w} with the world at {@code tick}: present players, then every NPC. */
    void fill(WorldSnapshot w, long tick) {
        w.clear(tick);
        for (int p = 0; p < players; p++) {
            if (present[p]) {
                w.add(EntityIds.player(p), px[p], py[p], heading[p], health[p], flags[p]);
            }
        }
        for (int i = 0; i < npcs; i++) {
            w.add(EntityIds.npc(i), orbit.xUnits(i, tick), orbit.yUnits(i, tick), orbit.headingUnits(i, tick),
                    orbit.health(i, tick), WorldSnapshot.FLAG_ALIVE);
        }
    }
}
