package io.tickforge.server.replication;

import io.tickforge.shared.game.zone.ZoneSchemas;
import io.tickforge.shared.world.EntityLayout;

import io.tickforge.server.game.ArenaEngineSettings;
import io.tickforge.server.session.PacketSink;
import io.tickforge.shared.world.WorldSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Packets do not depend on how many threads write them: the same seeded world and the same acks
 * through 0, 1 and 3 replication workers give byte-identical packets for every client every tick,
 * and with workers the packets really are written on several threads.
 */
class ReplicationWorkersTest {
    private static final int PLAYERS = 24;

    /** Records, per tick and client, the bytes handed to it, and the threads that wrote them. */
    private static class RecordingSink implements PacketSink {
        final byte[][] last = new byte[PLAYERS][];
        final Set<String> threads = new HashSet<>();
        final int[] failures = new int[PLAYERS];
        long tick;

        @Override
        public long lastAppliedInputTick(int slot) {
            return tick - 1;
        }

        @Override
        public void send(int slot, byte[] packet, int length) {
            last[slot] = Arrays.copyOf(packet, length);
            synchronized (threads) {
                threads.add(Thread.currentThread().getName());
            }
        }

        @Override
        public void failed(int slot, RuntimeException error) {
            failures[slot]++;
        }
    }

    private static List<byte[][]> run(int workers, int ticks, Set<String> threadsSeen) {
        return run(workers, ticks, threadsSeen, EntityLayout.FIXED);
    }

    private static List<byte[][]> run(int workers, int ticks, Set<String> threadsSeen, EntityLayout layout) {
        return run(workers, ticks, threadsSeen, layout, 1000, 1200, new long[1]);
    }

    /** {@code deferred[0]} gets the packets that deferred something. */
    private static List<byte[][]> run(int workers, int ticks, Set<String> threadsSeen, EntityLayout layout, int npcs,
                                      int budgetBytes, long[] deferred) {
        ArenaOrbitFixture fixture = new ArenaOrbitFixture(PLAYERS, npcs, 60, 99L);
        DeltaReplication r = new DeltaReplication(new ReplicationConfig(PLAYERS, budgetBytes, 64.0, 32, ArenaEngineSettings.WORLD_SIZE_M)
                .withReplicationThreads(workers).withEntityLayout(layout));
        WorldSnapshot arena = new WorldSnapshot(fixture.capacity());
        try {
            for (int p = 0; p < PLAYERS; p++) {
                r.addClient(p);
            }
            WorldSnapshot w = new WorldSnapshot(layout, fixture.capacity());
            RecordingSink sink = new RecordingSink();
            List<byte[][]> out = new ArrayList<>();
            // Acks of the packet sent 4 ticks ago, except for every 7th client-tick (lost).
            int[][] sentSeq = new int[ticks][PLAYERS];
            for (int t = 0; t < ticks; t++) {
                if (t >= 4) {
                    for (int p = 0; p < PLAYERS; p++) {
                        if ((t + p) % 7 != 0) {
                            r.onAcks(p, sentSeq[t - 4][p], 0);
                        }
                    }
                }
                fixture.stepPlayers(0.003);
                if (layout == EntityLayout.FIXED) {
                    fixture.fill(w, t);
                } else {
                    fixture.fill(arena, t);
                    ReplicationPropertyTest.fillLanes(arena, w, t);
                }
                r.recordWorld(w);
                sink.tick = t;
                Arrays.fill(sink.last, null);
                r.writePackets(sink);
                byte[][] packets = new byte[PLAYERS][];
                for (int p = 0; p < PLAYERS; p++) {
                    assertEquals(0, sink.failures[p]);
                    packets[p] = sink.last[p];
                    sentSeq[t][p] = io.tickforge.shared.snapshot.SnapshotEncoder.sequence(packets[p]);
                }
                out.add(packets);
            }
            threadsSeen.addAll(sink.threads);
            deferred[0] = r.deferredPackets();
            return out;
        } finally {
            r.close();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void zoneGamePacketsAreByteIdenticalWhateverTheNumberOfWorkers() {
        EntityLayout zone = EntityLayout.of(ZoneSchemas.ENTITY);
        int ticks = 400;
        List<byte[][]> none = run(0, ticks, new HashSet<>(), zone);
        List<byte[][]> three = run(3, ticks, new HashSet<>(), zone);
        for (int t = 0; t < ticks; t++) {
            for (int p = 0; p < PLAYERS; p++) {
                assertArrayEquals(none.get(t)[p], three.get(t)[p], "zone: tick " + t + " client " + p + ", 3 workers");
            }
        }
    }

    /**
     * Budget-bound packets code lazily, and which changes a writer finds already coded in its
     * shared-encoding cache depends on which clients that thread wrote before: the packets must not.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void budgetBoundPacketsAreByteIdenticalWhateverTheNumberOfWorkers() {
        int ticks = 300;
        long[] deferred = new long[1];
        List<byte[][]> none = run(0, ticks, new HashSet<>(), EntityLayout.FIXED, 4000, 300, deferred);
        assertTrue(deferred[0] > PLAYERS * ticks / 2L, "budget-bound: " + deferred[0] + " packets deferred");
        List<byte[][]> one = run(1, ticks, new HashSet<>(), EntityLayout.FIXED, 4000, 300, new long[1]);
        List<byte[][]> three = run(3, ticks, new HashSet<>(), EntityLayout.FIXED, 4000, 300, new long[1]);
        for (int t = 0; t < ticks; t++) {
            for (int p = 0; p < PLAYERS; p++) {
                assertArrayEquals(none.get(t)[p], one.get(t)[p], "budget-bound: tick " + t + " client " + p + ", 1 worker");
                assertArrayEquals(none.get(t)[p], three.get(t)[p], "budget-bound: tick " + t + " client " + p + ", 3 workers");
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void packetsAreByteIdenticalWhateverTheNumberOfWorkers() {
        int ticks = 600;
        Set<String> t0 = new HashSet<>();
        Set<String> t1 = new HashSet<>();
        Set<String> t3 = new HashSet<>();
        List<byte[][]> none = run(0, ticks, t0);
        List<byte[][]> one = run(1, ticks, t1);
        List<byte[][]> three = run(3, ticks, t3);
        for (int t = 0; t < ticks; t++) {
            for (int p = 0; p < PLAYERS; p++) {
                assertArrayEquals(none.get(t)[p], one.get(t)[p], "tick " + t + " client " + p + ", 1 worker");
                assertArrayEquals(none.get(t)[p], three.get(t)[p], "tick " + t + " client " + p + ", 3 workers");
            }
        }
        assertEquals(Set.of(Thread.currentThread().getName()), t0, "no workers: all on the calling thread");
        assertTrue(t3.stream().anyMatch(n -> n.startsWith("tickforge-replication-")),
                "3 workers wrote some packets: " + t3);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void oneFailingClientDoesNotCostTheOthersTheirPacket() {
        DeltaReplication r = new DeltaReplication(new ReplicationConfig(4, 1200, 64.0, 8, ArenaEngineSettings.WORLD_SIZE_M).withReplicationThreads(2));
        try {
            for (int p = 0; p < 4; p++) {
                r.addClient(p);
            }
            WorldSnapshot w = new WorldSnapshot(8);
            w.clear(1);
            for (int p = 0; p < 4; p++) {
                w.add(p, 1000 * p, 1000, 0, 100, 1);
            }
            r.recordWorld(w);
            RecordingSink sink = new RecordingSink() {
                @Override
                public void send(int slot, byte[] packet, int length) {
                    if (slot == 2) {
                        throw new IllegalStateException("link of slot 2 broke (expected by the test)");
                    }
                    super.send(slot, packet, length);
                }
            };
            r.writePackets(sink);
            assertEquals(1, sink.failures[2]);
            for (int p : new int[]{0, 1, 3}) {
                assertEquals(0, sink.failures[p]);
                assertTrue(sink.last[p] != null && sink.last[p].length > 0, "client " + p + " got its packet");
            }
        } finally {
            r.close();
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void closeStopsTheWorkerThreads() throws InterruptedException {
        DeltaReplication r = new DeltaReplication(ReplicationConfig.defaults(4, ArenaEngineSettings.WORLD_SIZE_M).withReplicationThreads(2));
        Thread[] workers = r.workerThreads();
        assertEquals(2, workers.length);
        for (Thread t : workers) {
            assertTrue(!t.isAlive(), "no thread before the first write phase: " + t.getName());
        }
        WorldSnapshot w = new WorldSnapshot(1);
        w.clear(1);
        r.recordWorld(w);
        r.writePackets(new RecordingSink());
        for (Thread t : workers) {
            assertTrue(t.isAlive() && t.isDaemon() && t.getName().startsWith("tickforge-replication-"), t.getName());
        }
        r.close();
        for (Thread t : workers) {
            t.join(5000);
            assertTrue(!t.isAlive(), t.getName() + " still runs after close");
        }
    }
}
