package io.tickforge.benchmarks.tick;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TickBenchmark}'s {@code world=bots}: the same seed gives the same packets' sizes, tick by
 * tick, and the bots' world carries more per packet than the wander world. Content only, no timing.
 */
class TickBenchmarkBotsWorldTest {
    private static final int PLAYERS = 64;
    private static final int NPCS = 1000;
    private static final int TICKS = 300;

    /** A benchmark with these parameters, replication on the tick thread, the default behaviours; not set up. */
    private static TickBenchmark bench(int players, int npcs, String world, int ackDelayTicks, int ackJitterTicks) {
        TickBenchmark b = new TickBenchmark();
        b.players = players;
        b.npcs = npcs;
        b.replicationThreads = 0;
        b.world = world;
        b.ackDelayTicks = ackDelayTicks;
        b.ackJitterTicks = ackJitterTicks;
        b.botBehaviours = "default";
        return b;
    }

    /** Bytes of all snapshot packets of each of {@link #TICKS} ticks after setup (one packet per player per tick). */
    private static long[] bytesPerTick(String world, int ackDelayTicks) throws InterruptedException {
        TickBenchmark b = bench(PLAYERS, NPCS, world, ackDelayTicks, 0);
        b.setUp();
        long[] bytes = new long[TICKS];
        long before = b.contentCounters()[0];
        for (int t = 0; t < TICKS; t++) {
            b.offerInputs();
            assertEquals(1, b.tick(), "every call runs exactly one tick");
            long now = b.contentCounters()[0];
            bytes[t] = now - before;
            before = now;
        }
        b.checkSteadyState();   // no keyframes after setup, no errors
        return bytes;
    }

    private static double mean(long[] v) {
        long sum = 0;
        for (long x : v) {
            sum += x;
        }
        return sum / (double) v.length / PLAYERS;
    }

    @Test
    @Timeout(120)
    void botsWorldIsDeterministicAndCarriesMoreThanWander() throws InterruptedException {
        long[] first = bytesPerTick("bots", -1);
        long[] second = bytesPerTick("bots", -1);
        assertArrayEquals(first, second, "same seed, same bytes tick by tick");
        // Same ack delay for both worlds, so only the players' behaviour differs.
        long[] wander = bytesPerTick("wander", TickBenchmark.END_TO_END_ACK_DELAY_TICKS);
        double bots = mean(first);
        double wandering = mean(wander);
        assertTrue(bots > wandering * 1.1,
                "bots world " + bots + " bytes per packet, wander world " + wandering + ": expected clearly more");
    }

    /** Shared codings, codings and packets over {@link #TICKS} ticks after setup of the bots world with that ack jitter. */
    private static long[] codingsWithJitter(int jitter) throws InterruptedException {
        TickBenchmark b = bench(PLAYERS, NPCS, "bots", 4, jitter);
        b.setUp();
        long[] before = b.contentCounters();
        for (int t = 0; t < TICKS; t++) {
            b.offerInputs();
            b.tick();
        }
        b.checkSteadyState();
        long[] after = b.contentCounters();
        return new long[]{after[3] - before[3], after[2] - before[2], after[4] - before[4], after[1] - before[1], after[0] - before[0]};
    }

    @Test
    @Timeout(120)
    void ackJitterSpreadsTheClientsBaselinesSoFewerCodingsAreShared() throws InterruptedException {
        long[] steady = codingsWithJitter(0);
        long[] jittered = codingsWithJitter(3);
        assertArrayEquals(jittered, codingsWithJitter(3), "the jitter is deterministic: same codings, same bytes");
        double steadyShare = steady[0] / (double) steady[1];
        double jitteredShare = jittered[0] / (double) jittered[1];
        double steadyPerPacket = steady[2] / (double) steady[3];
        double jitteredPerPacket = jittered[2] / (double) jittered[3];
        assertTrue(jitteredShare < steadyShare - 0.1, "shared codings with jitter " + jitteredShare + ", without " + steadyShare);
        assertTrue(jitteredPerPacket > 2 * steadyPerPacket,
                "codings per packet with jitter " + jitteredPerPacket + ", without " + steadyPerPacket);
    }

    @Test
    void ackJitterIsDrawnWithinItsRangeAndCoversIt() {
        int[] seen = new int[4];
        for (int p = 0; p < 64; p++) {
            for (long tick = 0; tick < 100; tick++) {
                int j = TickBenchmark.jitter(p, tick, 3);
                assertTrue(j >= 0 && j <= 3, "jitter " + j);
                seen[j]++;
            }
        }
        for (int j = 0; j <= 3; j++) {
            assertTrue(seen[j] > 6400 / 4 * 0.8 && seen[j] < 6400 / 4 * 1.2, "value " + j + " drawn " + seen[j] + " times of 6400");
        }
    }

    @Test
    void unknownWorldAndAckDelayAreRefused() {
        assertThrows(IllegalArgumentException.class, bench(2, 10, "crowd", -1, 0)::setUp);
        assertThrows(IllegalArgumentException.class, bench(2, 10, "bots", 0, 0)::setUp);
        assertThrows(IllegalArgumentException.class, bench(2, 10, "bots", 4, 28)::setUp,
                "an ack 32 ticks late falls out of the acks' bitfield");
    }

    @Test
    void behaviourListsSplitOnPlus() {
        assertEquals(java.util.List.of(), TickBenchmark.behaviourNames("default"));
        assertEquals(java.util.List.of("wander", "chase", "strafe"), TickBenchmark.behaviourNames("wander+chase+strafe"));
        assertEquals(java.util.List.of("wander"), BotWorldInputs.kinds(java.util.List.of()),
                "the bots' default when none is named: the arena's wander");
    }
}
