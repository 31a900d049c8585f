package io.tickforge.shared.game.zone;

import io.tickforge.shared.world.EntityLayout;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZoneMovementTest {
    private static final int RATE = 60;
    private static final int MID = ZoneRules.WORLD_MAX_UNITS / 2;

    @Test
    void walkingIsFiveMetresPerSecondRoundedTowardZeroAndSymmetric() {
        // 5 m/s * 256 / 60 = 21.33 units per tick -> 21 both ways.
        assertEquals(MID + 21, ZoneMovement.packedX(ZoneMovement.stepHorizontal(MID, MID, 127, 0, RATE)));
        assertEquals(MID - 21, ZoneMovement.packedX(ZoneMovement.stepHorizontal(MID, MID, -127, 0, RATE)));
        assertEquals(MID - 21, ZoneMovement.packedY(ZoneMovement.stepHorizontal(MID, MID, 0, -127, RATE)));
    }

    @Test
    void diagonalsAreNoFasterThanStraightLines() {
        final long p = ZoneMovement.stepHorizontal(MID, MID, 127, 127, RATE);
        final long dx = ZoneMovement.packedX(p) - MID;
        final long dy = ZoneMovement.packedY(p) - MID;
        assertEquals(15, dx); // 127 * 1280 / (179 * 60) = 15.1
        assertEquals(15, dy);
        assertTrue(dx * dx + dy * dy <= 21L * 21 + 21);
    }

    @Test
    void wallsClampTheCentre() {
        assertEquals(ZoneMovement.MIN_XY_UNITS, ZoneMovement.packedX(ZoneMovement.stepHorizontal(130, MID, -127, 0, RATE)));
        assertEquals(ZoneMovement.MAX_XY_UNITS,
                ZoneMovement.packedY(ZoneMovement.stepHorizontal(MID, ZoneRules.WORLD_MAX_UNITS - 130, 0, 127, RATE)));
    }

    @Test
    void aJumpRisesPeaksAndLandsOnTheGroundAtEveryTickRate() {
        // (Below about 4 Hz a whole jump is shorter than one tick: it lands in the tick it starts.)
        for (int rate : new int[]{10, 20, 30, 60, 128, 240}) {
            final ZoneMovement.Body b = new ZoneMovement.Body().set(MID, MID, 0, 0);
            ZoneMovement.step(b, 0, 0, ZoneRules.BUTTON_JUMP, rate);
            assertTrue(b.zFine > 0, "left the ground at " + rate + " Hz");
            int apex = b.z();
            int ticks = 1;
            while (!b.onGround()) {
                ZoneMovement.step(b, 0, 0, 0, rate);
                apex = Math.max(apex, b.z());
                ticks++;
                assertTrue(ticks < 10 * rate + 10, "never landed at " + rate + " Hz");
            }
            assertEquals(0, b.zFine);
            // Take-off 5 m/s, gravity 20 m/s^2: apex 0.625 m (160 units), airtime 0.5 s.
            if (rate >= 20) {
                assertTrue(apex > 140 && apex <= 170, "apex " + apex + " at " + rate + " Hz");
                assertTrue(Math.abs(ticks - rate / 2) <= 2 + rate / 40, "airtime " + ticks + " ticks at " + rate + " Hz");
            }
        }
    }

    @Test
    void theWholeMovementStateFitsTheReplicatedFieldsAtEveryTickRate() {
        // zFrac and vz are replicated (ZoneSchemas): every state a jump passes through must be
        // within their declared ranges, or the server's snapshot check would refuse it.
        for (int rate = 1; rate <= 1000; rate++) {
            final ZoneMovement.Body b = new ZoneMovement.Body().set(MID, MID, 0, 0);
            int ticks = 0;
            do {
                ZoneMovement.step(b, 0, 0, ZoneRules.BUTTON_JUMP, rate);
                assertTrue(Math.abs(b.vz) <= ZoneMovement.jumpVelocity(rate) + 1, "vz " + b.vz + " at " + rate + " Hz");
                assertTrue(Math.abs(b.vz) <= ZoneRules.MAX_VZ, "vz " + b.vz + " at " + rate + " Hz");
                assertTrue(b.zFine >= 0 && b.z() <= ZoneRules.WORLD_MAX_UNITS, "z " + b.zFine + " at " + rate + " Hz");
                ticks++;
            } while (!b.onGround() && ticks < 10 * rate + 10);
            assertTrue(b.onGround(), "landed at " + rate + " Hz");
        }
    }

    @Test
    void noJumpWithoutTheButtonAndNoDoubleJumpInTheAir() {
        final ZoneMovement.Body b = new ZoneMovement.Body().set(MID, MID, 0, 0);
        ZoneMovement.step(b, 127, 0, ZoneRules.BUTTON_INTERACT, RATE);
        assertEquals(0, b.zFine);
        assertEquals(0, b.vz);
        ZoneMovement.step(b, 0, 0, ZoneRules.BUTTON_JUMP, RATE);
        final int vzAfterTakeOff = b.vz;
        ZoneMovement.step(b, 0, 0, ZoneRules.BUTTON_JUMP, RATE);
        assertEquals(vzAfterTakeOff - ZoneMovement.gravityPerTick(RATE), b.vz, "jump in the air is ignored");
    }

    @Test
    void isqrtIsExact() {
        for (long v = 0; v < 100_000; v++) {
            final long r = ZoneMovement.isqrt(v);
            assertTrue(r * r <= v && (r + 1) * (r + 1) > v, "isqrt(" + v + ")");
        }
        assertEquals(3_037_000_499L, ZoneMovement.isqrt(Long.MAX_VALUE));
    }

    @Test
    void theEntitySchemaCompilesToTenLanesWithA3dPosition() {
        final EntityLayout layout = EntityLayout.of(ZoneSchemas.ENTITY);
        assertEquals(3, layout.dims);
        assertEquals(10, layout.values);
        assertEquals(EntityLayout.ABSOLUTE, layout.coding[layout.lane(ZoneSchemas.Z_FRAC)]);
        assertEquals(ZoneRules.VZ_SCALE - 1, layout.max[layout.lane(ZoneSchemas.Z_FRAC)]);
        assertEquals(-ZoneRules.MAX_VZ, layout.min[layout.lane(ZoneSchemas.VZ)]);
        assertEquals(3, layout.lane(ZoneSchemas.HEADING));
        assertEquals(EntityLayout.ANGLE, layout.coding[layout.lane(ZoneSchemas.HEADING)]);
        assertEquals(2, layout.max[layout.lane(ZoneSchemas.TEAM)]);
        assertEquals(ZoneRules.FLAG_ALIVE | ZoneRules.FLAG_AIRBORNE, layout.validBits[layout.lane(ZoneSchemas.FLAGS)]);
    }
}
