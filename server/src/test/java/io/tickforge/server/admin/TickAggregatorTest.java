package io.tickforge.server.admin;

import io.tickforge.server.tick.TickStats;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class TickAggregatorTest {
    private static final long PERIOD_NS = 16_666_666;
    private static final long SECOND_NS = 1_000_000_000L;

    private static void tick(TickStats stats, long latenessNs, long durationNs, long phaseNs) {
        for (int p = 0; p < TickStats.PHASES; p++) {
            stats.recordPhase(p, phaseNs * (p + 1));
        }
        stats.recordTick(0, latenessNs, durationNs, PERIOD_NS);
    }

    @Test
    void bucketsCountEveryTickOnceAndSumInSeconds() {
        TickStats stats = new TickStats(60, SECOND_NS);
        TickAggregator agg = new TickAggregator(stats.samples(), PERIOD_NS, 10);
        // Bounds (ms): 0.1 0.2 0.5 1 2 5 10 20 50 +Inf. A bound is inclusive ("le").
        tick(stats, 0, 100_000, 1_000);        // duration in le=0.1ms
        tick(stats, 150_000, 150_000, 1_000);  // le=0.2ms
        tick(stats, 0, 20_000_000, 1_000);     // le=20ms, an overrun (> 16.67 ms)
        tick(stats, 0, 60_000_000, 1_000);     // +Inf, an overrun
        agg.poll(0, 0, 0, 0, 0);

        TickAggregator.Buckets d = agg.duration();
        assertArrayEquals(new long[] {1, 1, 0, 0, 0, 0, 0, 1, 0, 1}, d.counts());
        assertEquals(4, d.count());
        assertEquals((100_000 + 150_000 + 20_000_000 + 60_000_000) / 1e9, d.sumSeconds(), 1e-12);
        assertArrayEquals(new long[] {3, 1, 0, 0, 0, 0, 0, 0, 0, 0}, agg.lateness().counts());
        assertEquals(4 * 3_000 / 1e9, agg.phase(TickStats.PHASE_REPLICATION).sumSeconds(), 1e-12);
        assertEquals(2, agg.overruns());

        // A second poll with nothing new adds nothing.
        agg.poll(1, 0, 0, 0, 0);
        assertEquals(4, agg.duration().count());
        assertEquals(0, agg.lostSamples());
    }

    @Test
    void oneChartPointPerSecondWithPercentilesAndTraffic() {
        TickStats stats = new TickStats(60, SECOND_NS);
        TickAggregator agg = new TickAggregator(stats.samples(), PERIOD_NS, 2);
        agg.poll(0, 1_000, 3, 0, 0);
        assertNull(agg.latest());
        for (int i = 1; i <= 100; i++) {
            tick(stats, i * 10_000L, i * 1_000L, 1);
        }
        agg.poll(SECOND_NS / 2, 1_500, 3, 500, 1_000);
        assertNull(agg.latest(), "the second is not over yet");
        agg.poll(SECOND_NS, 2_000, 4, 1_000, 2_000);
        TickAggregator.Point p = agg.latest();
        assertEquals(2_000, p.epochMs());
        assertEquals(100, p.ticks());
        assertEquals(100.0, p.tickRateHz(), 1e-9, "100 ticks over the 1 s window");
        assertEquals(50_000 / 1e9, p.durationP50S(), 1e-12, "nearest rank: the 50th of 100");
        assertEquals(99_000 / 1e9, p.durationP99S(), 1e-12);
        assertEquals(100_000 / 1e9, p.durationMaxS(), 1e-12);
        assertEquals(990_000 / 1e9, p.latenessP99S(), 1e-12);
        assertEquals(4, p.players());
        assertEquals(1_000, p.inBytesPerS());
        assertEquals(2_000, p.outBytesPerS());

        // History keeps the newest two seconds.
        agg.poll(2 * SECOND_NS, 3_000, 4, 1_000, 2_000);
        agg.poll(3 * SECOND_NS, 4_000, 4, 1_000, 2_000);
        TickAggregator.Point[] h = agg.history();
        assertEquals(2, h.length);
        assertEquals(3_000, h[0].epochMs());
        assertEquals(4_000, h[1].epochMs());
        assertEquals(0, h[1].ticks());
    }

    @Test
    void chartP99CoversTheLastTenSecondsNotJustOne() {
        TickStats stats = new TickStats(60, SECOND_NS);
        TickAggregator agg = new TickAggregator(stats.samples(), PERIOD_NS, 20);
        agg.poll(0, 0, 0, 0, 0);
        // Second 1: 60 ticks with one 9 ms spike. Seconds 2..10: 60 ticks of 1 ms each.
        for (int i = 0; i < 60; i++) {
            tick(stats, 0, i == 0 ? 9_000_000 : 1_000_000, 1);
        }
        agg.poll(SECOND_NS, 1_000, 0, 0, 0);
        assertEquals(0.009, agg.latest().durationP99S(), 1e-12, "one second of 60 ticks: p99 is the max");
        for (int sec = 2; sec <= 10; sec++) {
            for (int i = 0; i < 60; i++) {
                tick(stats, 0, 1_000_000, 1);
            }
            agg.poll(sec * SECOND_NS, sec * 1_000L, 0, 0, 0);
        }
        TickAggregator.Point p = agg.latest();
        assertEquals(0.001, p.durationMaxS(), 1e-12, "the second's max");
        assertEquals(0.001, p.durationP99S(), 1e-12, "1 spike in 600 ticks is under the 99th percentile");
        for (int i = 0; i < 60; i++) {
            tick(stats, 0, 1_000_000, 1);
        }
        agg.poll(11 * SECOND_NS, 11_000, 0, 0, 0);
        assertEquals(0.001, agg.latest().durationP99S(), 1e-12, "the spike's second has left the window");
    }

    @Test
    void aReaderThatFallsBehindCountsTheTicksItLost() {
        TickStats stats = new TickStats(60, SECOND_NS);
        TickAggregator agg = new TickAggregator(stats.samples(), PERIOD_NS, 2);
        final int capacity = stats.samples().capacity();
        for (int i = 0; i < capacity + 100; i++) {
            tick(stats, 0, 1_000, 1);
        }
        agg.poll(0, 0, 0, 0, 0);
        assertEquals(capacity + 100, agg.duration().count() + agg.lostSamples());
        assertEquals(102, agg.lostSamples(), "all but capacity - 2 samples (the slack for the writer)");
    }
}
