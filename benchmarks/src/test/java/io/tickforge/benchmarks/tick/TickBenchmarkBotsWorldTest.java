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

    /** Bytes of all snapshot packets of each of {@link #TICKS} ticks after setup (one packet per player per tick). */
    private static long[] bytesPerTick(String world, int ackDelayTicks) throws InterruptedException {
        TickBenchmark b = new TickBenchmark();
        b.players = PLAYERS;
        b.npcs = NPCS;
        b.replicationThreads = 0;
        b.world = world;
        b.ackDelayTicks = ackDelayTicks;
        b.botBehaviours = "default";
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

    @Test
    void unknownWorldAndAckDelayAreRefused() {
        TickBenchmark b = new TickBenchmark();
        b.players = 2;
        b.npcs = 10;
        b.world = "crowd";
        b.ackDelayTicks = -1;
        b.botBehaviours = "default";
        assertThrows(IllegalArgumentException.class, b::setUp);
        TickBenchmark c = new TickBenchmark();
        c.players = 2;
        c.npcs = 10;
        c.world = "bots";
        c.ackDelayTicks = 0;
        c.botBehaviours = "default";
        assertThrows(IllegalArgumentException.class, c::setUp);
    }

    @Test
    void behaviourListsSplitOnPlus() {
        assertEquals(java.util.List.of(), TickBenchmark.behaviourNames("default"));
        assertEquals(java.util.List.of("wander", "chase", "strafe"), TickBenchmark.behaviourNames("wander+chase+strafe"));
        assertEquals(java.util.List.of("wander"), BotWorldInputs.kinds(java.util.List.of()),
                "the bots' default when none is named: the arena's wander");
    }
}
