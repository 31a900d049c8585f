package io.tickforge.server.replication;

import io.tickforge.server.game.ArenaEngineSettings;
import io.tickforge.server.session.PacketSink;
import io.tickforge.server.session.Replication;
import io.tickforge.server.session.ReplicationCounters;
import io.tickforge.server.tick.ManualTickClock;
import io.tickforge.shared.world.WorldSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link DeltaReplication#writePackets(PacketSink, io.tickforge.server.tick.TickClock, long)}: once the
 * deadline has passed no packet is started, except the minimum share (a quarter of the clients,
 * rounded up); the clients left out are written first the next tick, are counted as shed, and none
 * waits more than {@link Replication#MAX_SHED_TICKS} ticks. The clock here moves one nanosecond per
 * packet handed over, so "the deadline passes after k packets" is exact. (That their later packets
 * still decode to the server's state is {@code ReplicationPropertyTest.clientsTheTickDeadlineLeftOutStayExact}.)
 */
class ReplicationDeadlineTest {
    private static final int PLAYERS = 24;

    /** The slots handed a packet in the last tick, in order, advancing the clock by 1 ns each. */
    private static final class OrderSink implements PacketSink {
        final List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        final ManualTickClock clock;

        OrderSink(ManualTickClock clock) {
            this.clock = clock;
        }

        @Override
        public long lastAppliedInputTick(int slot) {
            return -1;
        }

        @Override
        public synchronized void send(int slot, byte[] packet, int length) {
            assertTrue(length > 0);
            order.add(slot);
            clock.advanceNs(1);
        }

        @Override
        public void failed(int slot, RuntimeException error) {
            throw error;
        }
    }

    private static final class Harness implements AutoCloseable {
        final ArenaOrbitFixture fixture = new ArenaOrbitFixture(PLAYERS, 200, 60, 5L);
        final DeltaReplication replication;
        final WorldSnapshot world = new WorldSnapshot(fixture.capacity());
        final ManualTickClock clock = new ManualTickClock(1_000);
        final OrderSink sink = new OrderSink(clock);
        long tick;

        Harness(int workers) {
            replication = new DeltaReplication(new ReplicationConfig(PLAYERS, 1200, 64.0, 32,
                    ArenaEngineSettings.WORLD_SIZE_M).withReplicationThreads(workers));
            for (int p = 0; p < PLAYERS; p++) {
                replication.addClient(p);
            }
        }

        /** One tick whose deadline passes once {@code packets} packets were handed over; the slots written, in order. */
        List<Integer> tick(long packets) {
            fixture.stepPlayers(0.003);
            fixture.fill(world, tick++);
            replication.recordWorld(world);
            sink.order.clear();
            replication.writePackets(sink, clock, clock.nanoTime() + packets);
            return new ArrayList<>(sink.order);
        }

        @Override
        public void close() {
            replication.close();
        }
    }

    private static List<Integer> slots(int from, int count) {
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            out.add((from + k) % PLAYERS);
        }
        return out;
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void theClientsLeftOutGoFirstNextTickAndAreCountedAsShed() {
        try (Harness h = new Harness(0)) {
            assertEquals(slots(0, PLAYERS), h.tick(PLAYERS + 1), "a deadline never reached: every client, slot order");
            assertEquals(slots(0, 10), h.tick(10), "the deadline passes after 10 packets: no 11th is started");
            assertEquals(slots(10, 10), h.tick(10), "the next tick starts with the first client left out");
            assertEquals(slots(20, PLAYERS), h.tick(PLAYERS + 1), "and wraps around to the others");
            assertEquals(slots(20, PLAYERS), h.tick(PLAYERS + 1), "a tick that sheds nothing keeps the order");
            assertEquals(28, h.replication.shedPackets(), "14 left out twice");
            assertEquals(5L * PLAYERS - 28, h.replication.packetsWritten());
            ReplicationCounters counters = new ReplicationCounters();
            h.replication.readCounters(counters);
            assertEquals(28, counters.shedPackets);
            assertEquals(h.replication.packetsWritten(), counters.packets, "shed packets are not written packets");
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aDeadlineAlreadyPassedStillWritesAQuarterAndNobodyWaitsLongerThanFourTicks() {
        try (Harness h = new Harness(0)) {
            final int share = (PLAYERS + Replication.MAX_SHED_TICKS - 1) / Replication.MAX_SHED_TICKS;
            int[] lastWritten = new int[PLAYERS];
            for (int t = 1; t <= 40; t++) {
                List<Integer> written = h.tick(0);
                assertEquals(slots((t - 1) * share, share), written, "tick " + t + ": the minimum share, in turn");
                for (int slot : written) {
                    lastWritten[slot] = t;
                }
                for (int p = 0; p < PLAYERS; p++) {
                    assertTrue(t - lastWritten[p] < Replication.MAX_SHED_TICKS,
                            "slot " + p + " went without a packet since tick " + lastWritten[p] + " at tick " + t);
                }
            }
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void withWorkersEveryPacketStartedBeforeTheDeadlineIsWrittenAndTheRestShed() {
        try (Harness h = new Harness(2)) {
            long shed = 0;
            for (int t = 0; t < 60; t++) {
                long deadline = t % 3 == 0 ? PLAYERS + 1 : 3 + t % 17;
                List<Integer> written = h.tick(deadline);
                assertEquals(written.size(), written.stream().distinct().count(), "no client twice");
                assertTrue(written.size() >= Math.min(PLAYERS, Math.max(deadline, 6)),
                        "at least the packets started before the deadline, and the minimum share: " + written.size());
                // Writers that checked the clock just before it passed may each still start one.
                assertTrue(written.size() <= Math.min(PLAYERS, Math.max(deadline, 6) + 3), "tick " + t + ": " + written.size());
                shed += PLAYERS - written.size();
            }
            assertEquals(shed, h.replication.shedPackets());
            assertEquals(60L * PLAYERS - shed, h.replication.packetsWritten());
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void withoutADeadlineNothingIsShed() {
        try (Harness h = new Harness(0)) {
            for (int t = 0; t < 10; t++) {
                h.fixture.fill(h.world, h.tick++);
                h.replication.recordWorld(h.world);
                h.sink.order.clear();
                h.replication.writePackets(h.sink);
                assertEquals(slots(0, PLAYERS), h.sink.order);
            }
            assertEquals(0, h.replication.shedPackets());
        }
    }
}
