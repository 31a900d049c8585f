package io.tickforge.shared.game;

import io.tickforge.shared.world.Quantization;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HitscanTest {
    private static final double R = ArenaRules.PLAYER_RADIUS_M;
    private static final double RANGE = ArenaRules.FIRE_RANGE_M;

    @Test
    void hitStraightAheadReturnsEntryDistance() {
        // Target centre 10 m along +x, radius 0.5: the ray enters at 9.5 m.
        assertEquals(9.5, Hitscan.rayCircleDistanceM(0, 0, 1, 0, RANGE, 10, 0, R), 1e-12);
    }

    @Test
    void grazingOffsetStillHitsAndJustOutsideMisses() {
        assertEquals(10.0 - Math.sqrt(0.25 - 0.49 * 0.49),
                Hitscan.rayCircleDistanceM(0, 0, 1, 0, RANGE, 10, 0.49, R), 1e-12);
        assertEquals(Hitscan.MISS, Hitscan.rayCircleDistanceM(0, 0, 1, 0, RANGE, 10, 0.51, R));
    }

    @Test
    void targetBehindTheShooterIsMissed() {
        assertEquals(Hitscan.MISS, Hitscan.rayCircleDistanceM(0, 0, 1, 0, RANGE, -10, 0, R));
    }

    @Test
    void rangeIsFiftyMetresToTheCircleEdge() {
        // Edge at 49.9 m: hit. Edge at 50.1 m: miss.
        assertEquals(49.9, Hitscan.rayCircleDistanceM(0, 0, 0, 1, RANGE, 0, 50.4, R), 1e-9);
        assertEquals(Hitscan.MISS, Hitscan.rayCircleDistanceM(0, 0, 0, 1, RANGE, 0, 50.6, R));
    }

    @Test
    void overlappingTargetIsHitAtZero() {
        assertEquals(0.0, Hitscan.rayCircleDistanceM(0, 0, 1, 0, RANGE, 0.3, 0.3, R));
    }

    @Test
    void firstHitInASnapshotSkipsTheShooterAndTheDeadAndPicksTheNearest() {
        io.tickforge.shared.world.WorldSnapshot w = new io.tickforge.shared.world.WorldSnapshot(8);
        int alive = io.tickforge.shared.world.WorldSnapshot.FLAG_ALIVE;
        int m = Quantization.POSITION_UNITS_PER_M;
        w.add(0, 100 * m, 100 * m, 0, 100, alive);         // shooter
        w.add(1, 105 * m, 100 * m, 0, 0, 0);               // dead, nearest: skipped
        w.add(2, 130 * m, 100 * m, 0, 100, alive);         // farther
        w.add(3, 120 * m, 100 * m, 0, 100, alive);         // nearest living: hit
        w.add(1024, 90 * m, 100 * m, 0, 100, alive);       // behind
        assertEquals(3, Hitscan.firstHit(w, 0, 0, RANGE));
        assertEquals(4, Hitscan.firstHit(w, 0, Quantization.AIM_UNITS_PER_TURN / 2, RANGE));
        assertEquals(-1, Hitscan.firstHit(w, 0, Quantization.AIM_UNITS_PER_TURN / 4, RANGE));
    }

    @Test
    void aimUnitsGiveUnitDirections() {
        int quarter = Quantization.AIM_UNITS_PER_TURN / 4;
        assertEquals(1.0, Hitscan.aimDirX(0), 1e-12);
        assertEquals(0.0, Hitscan.aimDirY(0), 1e-12);
        assertEquals(0.0, Hitscan.aimDirX(quarter), 1e-12);
        assertEquals(1.0, Hitscan.aimDirY(quarter), 1e-12);
    }
}
