package io.tickforge.shared.netsim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkSimulatorTest {
    private static final long MS = 1_000_000L;

    private static byte[] payload(int n) {
        return new byte[] {(byte) (n >>> 8), (byte) n, 42};
    }

    private static int id(byte[] b) {
        return ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
    }

    @Test
    void cleanNetworkDeliversInOrderAtSendTime() {
        NetworkSimulator sim = new NetworkSimulator(NetworkConditions.CLEAN, 16, 8, 1);
        for (int i = 0; i < 5; i++) {
            sim.send(7, payload(i), 0, 3, 0);
        }
        byte[] rx = new byte[8];
        for (int i = 0; i < 5; i++) {
            assertEquals(3, sim.receive(0, rx));
            assertEquals(i, id(rx));
            assertEquals(7, sim.lastDestination());
        }
        assertEquals(-1, sim.receive(0, rx));
    }

    @Test
    void latencyHoldsPacketsUntilDue() {
        NetworkSimulator sim = new NetworkSimulator(new NetworkConditions(50, 0, 0, 0, 0), 16, 8, 1);
        sim.send(0, payload(1), 0, 3, 10 * MS);
        byte[] rx = new byte[8];
        assertEquals(-1, sim.receive(59 * MS, rx));
        assertEquals(60 * MS, sim.nextDeliveryNs());
        assertEquals(3, sim.receive(60 * MS, rx));
        assertArrayEquals(payload(1), java.util.Arrays.copyOf(rx, 3));
    }

    @Test
    void sameSeedSameFate() {
        NetworkConditions c = new NetworkConditions(30, 20, 10, 5, 5);
        NetworkSimulator a = new NetworkSimulator(c, 4096, 8, 99);
        NetworkSimulator b = new NetworkSimulator(c, 4096, 8, 99);
        byte[] ra = new byte[8];
        byte[] rb = new byte[8];
        for (int t = 0; t < 2000; t++) {
            a.send(0, payload(t), 0, 3, t * MS);
            b.send(0, payload(t), 0, 3, t * MS);
            int la;
            while ((la = a.receive(t * MS, ra)) >= 0) {
                assertEquals(la, b.receive(t * MS, rb));
                assertEquals(id(ra), id(rb));
            }
            assertEquals(-1, b.receive(t * MS, rb));
        }
    }

    @Test
    void lossDuplicationAndReorderingHappenAtRoughlyTheirRates() {
        NetworkSimulator sim = new NetworkSimulator(new NetworkConditions(20, 5, 10, 5, 5), 4096, 8, 3);
        byte[] rx = new byte[8];
        int received = 0;
        int outOfOrder = 0;
        int newest = -1;
        int n = 20_000;
        for (int t = 0; t < n + 100; t++) {
            if (t < n) {
                sim.send(0, payload(t), 0, 3, t * MS);
            }
            while (sim.receive(t * MS, rx) >= 0) {
                received++;
                int id = id(rx);
                if (id < newest) {
                    outOfOrder++;
                }
                newest = Math.max(newest, id);
            }
        }
        // Seeded, so these are exact for this seed; the ranges say what the rates mean.
        assertTrue(sim.lostCount() > n * 0.08 && sim.lostCount() < n * 0.12, "lost " + sim.lostCount());
        assertTrue(sim.duplicatedCount() > n * 0.03 && sim.duplicatedCount() < n * 0.07);
        assertEquals(n - sim.lostCount() + sim.duplicatedCount(), received);
        assertTrue(outOfOrder > n * 0.02, "out of order " + outOfOrder);
        assertEquals(0, sim.inFlight());
    }

    @Test
    void boundedMemoryDropsAndCountsOverflowAndOversize() {
        NetworkSimulator sim = new NetworkSimulator(new NetworkConditions(100, 0, 0, 0, 0), 4, 8, 1);
        for (int i = 0; i < 6; i++) {
            sim.send(0, payload(i), 0, 3, 0);
        }
        assertEquals(4, sim.inFlight());
        assertEquals(2, sim.overflowCount());
        sim.send(0, new byte[9], 0, 9, 0);
        assertEquals(1, sim.oversizeCount());
        sim.clear();
        assertEquals(0, sim.inFlight());
        sim.send(0, payload(9), 0, 3, 0);
        assertEquals(1, sim.inFlight());
    }

    @Test
    void rejectsNonsenseConditions() {
        assertThrows(IllegalArgumentException.class, () -> new NetworkConditions(-1, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new NetworkConditions(0, 0, 101, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new NetworkConditions(0, Double.NaN, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new NetworkSimulator(NetworkConditions.CLEAN, 0, 8, 1));
    }
}
