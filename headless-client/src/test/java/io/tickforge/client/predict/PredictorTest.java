package io.tickforge.client.predict;

import io.tickforge.shared.snapshot.SnapshotView;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PredictorTest {
    /** A toy step: moves by the axis bytes, doubled with button bit 1 (sprint), like a server would. */
    private static long toyStep(int x, int y, int mx, int my, int b) {
        final int k = (b & 2) != 0 ? 2 : 1;
        return ((long) (x + mx * k) << 32) | ((y + my * k) & 0xFFFF_FFFFL);
    }

    /** The toy step as a game's movement: state x, y; four-field input (moveX, moveY, aim, buttons). */
    private static final PlayerMovement STEP = new PlayerMovement() {
        @Override
        public int stateLanes() {
            return 2;
        }

        @Override
        public void step(int[] state, int s, int[] input, int i) {
            final long p = toyStep(state[s], state[s + 1], input[i], input[i + 1], input[i + 3]);
            state[s] = (int) (p >> 32);
            state[s + 1] = (int) p;
        }

        @Override
        public boolean readServer(SnapshotView view, int entry, int[] state, int s) {
            throw new UnsupportedOperationException("the tests hand the predictor x, y");
        }
    };

    /** The "server": applies inputs per tick, with a chosen tick's input replaced (late). */
    private static final class Server {
        int x;
        int y;

        void apply(int mx, int my, int b) {
            final long p = toyStep(x, y, mx, my, b);
            x = (int) (p >> 32);
            y = (int) p;
        }
    }

    @Test
    void cleanNetworkGivesZeroErrorAndReplaysUnacknowledgedInputs() {
        final Predictor p = new Predictor(STEP, 4, 64);
        final Server server = new Server();
        server.x = 1000;
        server.y = 2000;
        p.reconcile(9, server.x, server.y, true); // first state: tick 9, before our first input
        // Inputs for ticks 10..20; the server lags 4 ticks behind our input stream.
        for (long t = 10; t <= 20; t++) {
            p.applyLocalInput(t, (int) t, -1, 0, 0);
            final long serverTick = t - 4;
            if (serverTick >= 10) {
                server.apply((int) serverTick, -1, 0);
                assertEquals(0.0, p.reconcile(serverTick, server.x, server.y, true), "tick " + serverTick);
            }
        }
        // After the newest input, the prediction equals the server state plus inputs 17..20.
        int x = server.x;
        int y = server.y;
        for (int t = 17; t <= 20; t++) {
            x += t;
            y -= 1;
        }
        assertEquals(x, p.x());
        assertEquals(y, p.y());
        assertEquals(0, p.corrections());
        assertTrue(p.replayedSteps() > 0);
    }

    @Test
    void aLateInputShowsAsErrorAndIsCorrected() {
        final Predictor p = new Predictor(STEP, 4, 64);
        final Server server = new Server();
        p.reconcile(0, 0, 0, true);
        for (long t = 1; t <= 3; t++) {
            p.applyLocalInput(t, 10, 0, 0, 0);
        }
        // The server never got input 1: it repeats "no input" there, then gets 2 and 3.
        server.apply(0, 0, 0);
        // Predicted x at tick 1 = 10, server 0: error 10 units.
        assertEquals(10.0, p.reconcile(1, server.x, server.y, true));
        assertEquals(1, p.corrections());
        // Replayed 2 and 3 on top of the server's tick 1: 0 + 10 + 10.
        assertEquals(20, p.x());
        server.apply(10, 0, 0);
        assertEquals(0.0, p.reconcile(2, server.x, server.y, true));
        // Old or repeated states are ignored.
        assertEquals(-1.0, p.reconcile(2, 999, 999, true));
        assertEquals(20, p.x());
    }

    @Test
    void skippedTicksRepeatThePreviousInputLikeTheServer() {
        final Predictor p = new Predictor(STEP, 4, 64);
        p.reconcile(0, 0, 0, true);
        p.applyLocalInput(1, 5, 0, 0, 0);
        p.applyLocalInput(4, 7, 0, 0, 0); // 2 and 3 skipped: the server repeats input 1 there
        assertEquals(5 + 5 + 5 + 7, p.x());
        // The server agrees; after reconciling at tick 1, the replay repeats the same way.
        assertEquals(0.0, p.reconcile(1, 5, 0, true));
        assertEquals(5 + 5 + 5 + 7, p.x());
        assertThrows(IllegalArgumentException.class, () -> p.applyLocalInput(4, 0, 0, 0, 0));
    }

    @Test
    void deadPlayersDoNotMoveAndDeathIsNotAnError() {
        final Predictor p = new Predictor(STEP, 4, 64);
        p.reconcile(0, 0, 0, true);
        p.applyLocalInput(1, 3, 3, 0, 0);
        p.applyLocalInput(2, 3, 3, 0, 0);
        // Died at tick 1 (the server did not move us): not measured as an error.
        assertEquals(-1.0, p.reconcile(1, 0, 0, false));
        assertEquals(0, p.x());
        p.applyLocalInput(3, 3, 3, 0, 0);
        assertEquals(0, p.x());
        // Respawned far away at tick 3 while we predicted dead: not an error either.
        assertEquals(-1.0, p.reconcile(3, 5000, 5000, true));
        p.applyLocalInput(4, 1, 0, 0, 2); // sprint: 2 units
        assertEquals(5002, p.x());
    }
}
