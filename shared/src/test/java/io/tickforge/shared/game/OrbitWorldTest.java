package io.tickforge.shared.game;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OrbitWorldTest {
    private static final long[] TICKS = {0L, 1L, 299L, 300L, 12345L, 1_000_000_000L};
    private static final int[] NPCS = {0, 1, 3, 4, 7, 8, 35, 36, 999};

    @Test
    void matchesTheScenarioFormulaAtArbitraryTicks() {
        for (int rate : new int[] {1, 20, 60, 240}) {
            OrbitWorld world = new OrbitWorld(1000, rate);
            for (long tick : TICKS) {
                for (int i : NPCS) {
                    // The formula written out independently of OrbitWorld's helpers.
                    double s = tick / (double) rate;
                    double cx = 16 + (i * 37) % 224;
                    double cy = 16 + (i * 91) % 224;
                    double r = 2 + (i % 7);
                    double w = 0.5 + 0.25 * (i % 5);
                    double phase = 0.1 * i;
                    boolean moving = i % 4 == 0;
                    double angle = phase + (moving ? w * s : 0);
                    double x = cx + r * StrictMath.cos(angle);
                    double y = cy + r * StrictMath.sin(angle);
                    int health = moving ? 100 - 10 * (int) (((long) Math.floor(s / 5) + i) % 5) : 100;
                    String at = "npc " + i + " tick " + tick + " rate " + rate;
                    assertEquals(x, world.xMetres(i, tick), 0.0, at);
                    assertEquals(y, world.yMetres(i, tick), 0.0, at);
                    assertEquals(angle + Math.PI / 2, world.headingRadians(i, tick), 0.0, at);
                    assertEquals(Math.round(x * 256), world.xUnits(i, tick), at);
                    assertEquals(Math.round(y * 256), world.yUnits(i, tick), at);
                    assertEquals(health, world.health(i, tick), at);
                }
            }
        }
    }

    @Test
    void spotValues() {
        OrbitWorld world = new OrbitWorld(10, 60);
        // NPC 0 at tick 0: centre (16,16), r 2, angle 0 -> (18, 16), heading pi/2 = 1024 of 4096.
        assertEquals(18 * 256, world.xUnits(0, 0));
        assertEquals(16 * 256, world.yUnits(0, 0));
        assertEquals(1024, world.headingUnits(0, 0));
        assertEquals(100, world.health(0, 0));
        // NPC 4 moves: floor(0/5 + 4) mod 5 = 4 -> 100 - 40 = 60; after 5 s (300 ticks): 0 -> 100.
        assertEquals(60, world.health(4, 0));
        assertEquals(60, world.health(4, 299));
        assertEquals(100, world.health(4, 300));
        // NPC 1 stands still: same place at any tick, full health.
        assertEquals(world.xUnits(1, 0), world.xUnits(1, 1_000_000_000L));
        assertEquals(100, world.health(1, 12345));
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new OrbitWorld(-1, 60));
        assertThrows(IllegalArgumentException.class, () -> new OrbitWorld(10, 0));
        assertThrows(IllegalArgumentException.class, () -> new OrbitWorld(10, -60));
    }
}
