package io.tickforge.server.replication;

import io.tickforge.shared.world.EntityLayout;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** First-fit by priority within what the budget leaves, socketless, on hand-placed entities. */
class BudgetFitterTest {
    /** 10 m in 1/256 m units: the interest radius of these tests. */
    private static final long RADIUS = 2560;
    private final int[] values = new int[64 * EntityLayout.FIXED.values];
    private final ClientState client = new ClientState(0, 32, 1, 16);
    private final PendingEntities pending = new PendingEntities(16);
    private final BudgetFitter fitter = new BudgetFitter(RADIUS);

    /** Pending entity {@code id} at {@code x} units from the client (at the origin), costing {@code cost} bytes. */
    private void pend(int id, int x, int cost) {
        values[id * EntityLayout.FIXED.values + WorldHistory.X] = x;
        pending.add(id, id, cost);
    }

    private boolean[] included() {
        boolean[] in = new boolean[pending.count];
        System.arraycopy(pending.included, 0, in, 0, pending.count);
        return in;
    }

    @Test
    void whenEverythingFitsNothingIsDeferredAndNoPriorityMoves() {
        pend(1, 100, 10);
        pend(2, 200, 10);
        assertEquals(0, fitter.fit(pending, 20, client, values, EntityLayout.FIXED.values, 0, 0, 0));
        assertArrayEquals(new boolean[] {true, true}, included());
        assertEquals(0, client.raisedPriorities);
        assertEquals(0f, client.priority[1]);
    }

    @Test
    void ownPlayerFirstThenCloserThenLowerIdOnTies() {
        pend(3, 2000, 10); // far
        pend(4, 500, 10);  // close
        pend(5, 1000, 10); // same distance as 6: equal priority, lower id first
        pend(6, 1000, 10);
        pend(7, 2500, 10); // the client's own player, far away but always first
        // Room for three of five: own player, the close one, then 5 (tie with 6, lower id).
        assertEquals(2, fitter.fit(pending, 30, client, values, EntityLayout.FIXED.values, 7, 0, 0));
        assertArrayEquals(new boolean[] {false, true, true, false, true}, included());
        assertEquals(4, client.raisedPriorities, "every pending entity but the own player raised its accumulator");
        assertTrue(client.priority[4] > client.priority[5] && client.priority[5] > client.priority[3]);
        assertEquals(client.priority[5], client.priority[6]);
    }

    @Test
    void anEntityTooLargeForWhatIsLeftIsSkippedAndASmallerLaterOneStillFits() {
        pend(1, 100, 12);  // highest priority, fits
        pend(2, 200, 12);  // next: 8 bytes left, does not fit, deferred
        pend(3, 300, 5);   // lower priority but small: fits in the 8 left
        pend(4, 400, 5);   // 3 left: below every pending cost, deferred without a look
        assertEquals(2, fitter.fit(pending, 20, client, values, EntityLayout.FIXED.values, 0, 0, 0));
        assertArrayEquals(new boolean[] {true, false, true, false}, included());
    }

    @Test
    void deferredEntitiesGainPriorityPacketAfterPacketUntilTheyGoFirst() {
        pend(1, 100, 10);   // close
        pend(2, 2400, 10);  // near the radius: slower accumulator
        assertEquals(1, fitter.fit(pending, 10, client, values, EntityLayout.FIXED.values, 0, 0, 0));
        assertArrayEquals(new boolean[] {true, false}, included());
        // The writer resets what it sent; the far one keeps its accumulator and eventually wins.
        client.priority[1] = 0f;
        client.raisedPriorities--;
        int packets = 1;
        while (!pending.included[1]) {
            fitter.fit(pending, 10, client, values, EntityLayout.FIXED.values, 0, 0, 0);
            if (pending.included[0]) {
                client.priority[1] = 0f;
                client.raisedPriorities--;
            }
            packets++;
            assertTrue(packets < 10, "the far entity starves");
        }
        assertTrue(packets >= 2, "the close one went first at least once more: " + packets);
    }

    @Test
    void aPacketTakesNothingMoreOnceTheRejectionLimitIsReached() {
        // Priorities in id order (closer first). 20 bytes: 1 fits (8 left); 2, 3 do not; 4 would.
        pend(1, 100, 12);
        pend(2, 200, 9);
        pend(3, 300, 9);
        pend(4, 400, 5);
        fitter.rejectionLimit(2);
        assertEquals(3, fitter.fit(pending, 20, client, values, EntityLayout.FIXED.values, 0, 0, 0));
        assertArrayEquals(new boolean[] {true, false, false, false}, included(), "stopped after two refusals");
        // The same packet for a fresh client with room for one more refusal: 4 is reached and fits.
        fitter.rejectionLimit(3);
        ClientState fresh = new ClientState(0, 32, 1, 16);
        assertEquals(2, fitter.fit(pending, 20, fresh, values, EntityLayout.FIXED.values, 0, 0, 0));
        assertArrayEquals(new boolean[] {true, false, false, true}, included());
    }
}
