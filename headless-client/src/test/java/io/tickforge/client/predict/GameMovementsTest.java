package io.tickforge.client.predict;

import io.tickforge.client.predict.ArenaPlayerMovement;
import io.tickforge.client.game.zone.ZonePlayerMovement;
import io.tickforge.shared.game.ArenaRules;
import io.tickforge.shared.game.ArenaSchemas;
import io.tickforge.shared.game.Movement;
import io.tickforge.shared.game.zone.ZoneMovement;
import io.tickforge.shared.game.zone.ZoneRules;
import io.tickforge.shared.game.zone.ZoneSchemas;
import io.tickforge.shared.schema.InputSchema;
import io.tickforge.shared.world.EntityLayout;
import io.tickforge.shared.world.InputLayout;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's games' movements drive the {@link Predictor} bit-exactly against their servers'
 * code: the arena's {@code Movement.step} and the zone game's {@code ZoneMovement.step}, jump included.
 */
class GameMovementsTest {
    private static final int HZ = 60;

    @Test
    void theArenasMovementIsMovementStep() {
        final PlayerMovement m = ArenaPlayerMovement.FACTORY.create(HZ, EntityLayout.of(ArenaSchemas.ENTITY),
                InputLayout.of(ArenaSchemas.INPUT));
        assertEquals(2, m.stateLanes());
        final SplittableRandom r = new SplittableRandom(5);
        final int[] state = {10_000, 20_000};
        final int[] input = new int[4];
        for (int t = 0; t < 2000; t++) {
            input[0] = r.nextInt(-127, 128);
            input[1] = r.nextInt(-127, 128);
            input[2] = r.nextInt(1 << 16);
            input[3] = r.nextBoolean() ? ArenaRules.BUTTON_SPRINT : 0;
            final long expected = Movement.step(state[0], state[1], input[0], input[1], input[3], HZ);
            m.step(state, 0, input, 0);
            assertEquals(Movement.packedX(expected), state[0]);
            assertEquals(Movement.packedY(expected), state[1]);
        }
    }

    @Test
    void theZoneGamePredictsAJumpExactlyAndReconcilesMidAirWithErrorZero() {
        final PlayerMovement m = ZonePlayerMovement.FACTORY.create(HZ, EntityLayout.of(ZoneSchemas.ENTITY),
                InputLayout.of(ZoneSchemas.INPUT));
        assertEquals(4, m.stateLanes());
        final Predictor p = new Predictor(m, 4, 64);
        final ZoneMovement.Body server = new ZoneMovement.Body().set(64 * 256, 64 * 256, 0, 0);
        final int[] serverState = new int[4];
        p.reconcile(0, state(server, serverState), 0, true);
        final int lag = 5;
        int airborne = 0;
        final int[][] sent = new int[400][];
        for (int t = 1; t < sent.length; t++) {
            // Walk east, jump every 40 ticks (held for a few: no double jump in the air).
            sent[t] = new int[]{100, t % 7 - 3, 0, t % 40 < 3 ? ZoneRules.BUTTON_JUMP : 0};
            p.applyLocalInput(t, sent[t], 0);
            final int serverTick = t - lag;
            if (serverTick >= 1) {
                final int[] in = sent[serverTick];
                ZoneMovement.step(server, in[0], in[1], in[3], HZ);
                airborne += server.onGround() ? 0 : 1;
                assertEquals(0.0, p.reconcile(serverTick, state(server, serverState), 0, true), "tick " + serverTick);
            }
        }
        assertTrue(airborne > 50, "airborne ticks " + airborne);
        assertEquals(0, p.corrections());
        // A server with another gravity would not agree: the height shows in the error (3D).
        final int[] other = {0, 0, 5 * ZoneRules.VZ_SCALE, 0};
        final int[] mine = {0, 0, 2 * ZoneRules.VZ_SCALE, 0};
        assertEquals(3.0, m.errorUnits(mine, 0, other, 0));
        assertEquals(5.0, m.errorUnits(new int[]{3, 0, 4 * ZoneRules.VZ_SCALE, 9}, 0, new int[]{0, 0, 0, 0}, 0));
    }

    @Test
    void theZoneMovementNeedsTheZoneSchemasFields() {
        final InputLayout jumpOnly = InputLayout.of(InputSchema.builder("jump-only").bool("jump").build());
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ZonePlayerMovement.FACTORY.create(HZ, EntityLayout.of(ZoneSchemas.ENTITY), jumpOnly));
        assertTrue(e.getMessage().contains("'moveX'"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ArenaPlayerMovement.FACTORY.create(HZ, EntityLayout.of(ArenaSchemas.ENTITY), jumpOnly));
        final IllegalArgumentException flat = assertThrows(IllegalArgumentException.class,
                () -> ZonePlayerMovement.FACTORY.create(HZ, EntityLayout.of(ArenaSchemas.ENTITY), InputLayout.of(ZoneSchemas.INPUT)));
        assertTrue(flat.getMessage().contains("3D position"), flat.getMessage());
    }

    @Test
    void predictingAndReconcilingAllocateNothing() {
        final java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean,
                "needs HotSpot's allocation counter");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        final Predictor p = new Predictor(ZonePlayerMovement.FACTORY.create(HZ, EntityLayout.of(ZoneSchemas.ENTITY),
                InputLayout.of(ZoneSchemas.INPUT)), 4, 128);
        final ZoneMovement.Body server = new ZoneMovement.Body().set(64 * 256, 64 * 256, 0, 0);
        final int[] serverState = new int[4];
        final int[] input = new int[4];
        p.reconcile(0, state(server, serverState), 0, true);
        runTicks(p, server, serverState, input, 1, 20_000); // warm-up: JIT
        final long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        runTicks(p, server, serverState, input, 20_000, 40_000);
        final long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes over 20000 ticks");
        assertEquals(0, p.corrections());
    }

    /** Ticks {@code from..to-1}: a local input each (walking back and forth, jumping), the server state every third tick. */
    private static void runTicks(Predictor p, ZoneMovement.Body server, int[] serverState, int[] input, int from, int to) {
        for (int t = from; t < to; t++) {
            input[0] = (t / 50) % 2 == 0 ? 90 : -90;
            input[1] = t % 5 - 2;
            input[3] = t % 37 == 0 ? ZoneRules.BUTTON_JUMP : 0;
            p.applyLocalInput(t, input, 0);
            ZoneMovement.step(server, input[0], input[1], input[3], HZ);
            if (t % 3 == 0) {
                p.reconcile(t, state(server, serverState), 0, true);
            }
        }
    }

    private static int[] state(ZoneMovement.Body b, int[] out) {
        out[0] = b.x;
        out[1] = b.y;
        out[2] = b.zFine;
        out[3] = b.vz;
        return out;
    }
}
