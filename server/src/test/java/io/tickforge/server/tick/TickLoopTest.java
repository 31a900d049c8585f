package io.tickforge.server.tick;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TickLoopTest {
    private static final long START_NS = 1_000_000_000L;
    private static final long SECOND_NS = 1_000_000_000L;

    private final ManualTickClock clock = new ManualTickClock(START_NS);
    private final List<long[]> ran = new ArrayList<>();
    /** How long each tick takes on the manual clock. */
    private long tickCostNs;

    private TickLoop loop(int rateHz, int maxCatchUp, TickStats stats) {
        TickLoop loop = new TickLoop(clock, rateHz, maxCatchUp, (tick, nowNs) -> {
            ran.add(new long[] {tick, nowNs});
            clock.advanceNs(tickCostNs);
        }, stats, remaining -> { throw new AssertionError("tests never wait"); }, TickLoop.PublishListener.NONE);
        loop.start(START_NS);
        return loop;
    }

    /** A 60 Hz loop started at {@link #START_NS} running {@code handler} on the manual clock. */
    private TickLoop loop60(TickStats stats, TickHandler handler) {
        TickLoop loop = new TickLoop(clock, 60, 3, handler, stats,
                remaining -> { throw new AssertionError("tests never wait"); }, TickLoop.PublishListener.NONE);
        loop.start(START_NS);
        return loop;
    }

    @Test
    void deadlinesAreAbsoluteAndExact() {
        TickLoop loop = loop(60, 3, new TickStats(60, SECOND_NS));
        // 1e9/60 = 16_666_666.67 ns: slot n is at floor(n * 1e9 / 60), no accumulated drift.
        assertEquals(START_NS, loop.deadlineNs(0));
        assertEquals(START_NS + 16_666_666L, loop.deadlineNs(1));
        assertEquals(START_NS + 1_000_000_000L, loop.deadlineNs(60));
        assertEquals(START_NS + 3_600_000_000_000L, loop.deadlineNs(60L * 3600));
    }

    @Test
    void runsOnlyWhenDueAndRecordsLateness() {
        TickStats stats = new TickStats(60, SECOND_NS);
        TickLoop loop = loop(60, 3, stats);
        assertEquals(1, loop.doWork(START_NS));            // tick 0 exactly on time
        assertEquals(0, loop.doWork(START_NS + 16_000_000)); // before slot 1
        clock.setNs(START_NS + 16_666_666L + 5_000);
        assertEquals(1, loop.doWork(clock.nanoTime()));     // tick 1, 5 us late
        assertEquals(2, ran.size());
        assertEquals(0, ran.get(0)[0]);
        assertEquals(1, ran.get(1)[0]);
        assertEquals(START_NS + 16_666_666L + 5_000, ran.get(1)[1], "handler gets the time read once");
        TickStatsSnapshot s = stats.publish(clock.nanoTime());
        assertEquals(2, s.ticks());
        assertEquals(5, s.latenessMaxUs(), "max lateness 5 us (HdrHistogram, 3 digits)");
        assertEquals(0, s.overruns());
        assertEquals(0, s.skippedTicks());
    }

    @Test
    void smallLagIsCaughtUpBackToBack() {
        TickStats stats = new TickStats(60, SECOND_NS);
        TickLoop loop = loop(60, 3, stats);
        loop.doWork(START_NS);
        // 3 periods late for slot 1 (slots 1..4 all due): within K = 3, so all run, none skipped.
        clock.setNs(loop.deadlineNs(4));
        int ranNow = 0;
        while (loop.doWork(clock.nanoTime()) == 1) {
            ranNow++;
        }
        assertEquals(4, ranNow);
        assertEquals(0, stats.skippedTicks());
        assertEquals(5, loop.nextSlotForTest());
        assertEquals(5, loop.nextTick());
    }

    @Test
    void largeLagResynchronisesAndCountsSkippedSlots() {
        TickStats stats = new TickStats(60, SECOND_NS);
        TickLoop loop = loop(60, 3, stats);
        loop.doWork(START_NS);
        // A 1 s stall: slots 1..60 have passed; slot 1 is 59 periods behind the newest passed slot.
        clock.setNs(START_NS + SECOND_NS + 1000);
        assertEquals(1, loop.doWork(clock.nanoTime()));
        assertEquals(59, stats.skippedTicks(), "slots 1..59 skipped, slot 60 runs");
        assertEquals(1, ran.get(1)[0], "game tick numbers stay contiguous");
        assertEquals(61, loop.nextSlotForTest());
        assertEquals(0, loop.doWork(clock.nanoTime()), "back on schedule: slot 61 is in the future");
        // The stall also closed the 1 s publish interval, so the loop has just published.
        TickStatsSnapshot s = stats.snapshot();
        assertEquals(2, s.ticks());
        assertEquals(59, s.skippedTicks());
        assertEquals(1, s.latenessMaxUs(), "lateness measured from the resynchronised deadline");
    }

    @Test
    void overrunsAreCountedWhenATickOutlastsItsPeriod() {
        TickStats stats = new TickStats(60, SECOND_NS);
        TickLoop loop = loop(60, 3, stats);
        tickCostNs = 10_000_000;               // 10 ms < 16.67 ms period
        loop.doWork(clock.nanoTime());
        tickCostNs = 20_000_000;               // 20 ms > period
        clock.setNs(loop.deadlineNs(1));
        loop.doWork(clock.nanoTime());
        assertEquals(1, stats.overruns());
        TickStatsSnapshot s = stats.publish(clock.nanoTime());
        assertEquals(2, s.ticks());
        assertEquals(1, s.overruns());
        assertTrue(s.durationMaxUs() >= 19_990 && s.durationMaxUs() <= 20_010, "max ~20 ms: " + s.durationMaxUs());
    }

    @Test
    void offCpuTimeIsTheTicksDurationMinusTheThreadsCpuTime() {
        TickStats stats = new TickStats(60, SECOND_NS);
        long[] cpuNs = {7_000_000L};
        // Tick 0 takes 5 ms of wall time of which the thread ran 2 ms (3 ms off the CPU); tick 1
        // takes 1 ms, all of it on the CPU.
        TickLoop timed = loop60(stats, (tick, nowNs) -> {
            clock.advanceNs(tick == 0 ? 5_000_000L : 1_000_000L);
            cpuNs[0] += tick == 0 ? 2_000_000L : 1_000_000L;
        });
        timed.measureOffCpu(() -> cpuNs[0]);
        clock.setNs(START_NS);
        assertEquals(1, timed.doWork(clock.nanoTime()));
        clock.setNs(timed.deadlineNs(1));
        assertEquals(1, timed.doWork(clock.nanoTime()));
        TickStatsSnapshot s = stats.publish(clock.nanoTime());
        assertEquals(3_000, s.offCpuMaxUs(), 3, "tick 0: 5 ms long, 2 ms on the CPU");
        assertEquals(3_000, s.offCpuP99Us(), 3);
        // Without a clock (or an unknown one) nothing is measured, and the snapshot says so.
        timed.measureOffCpu(null);
        clock.setNs(timed.deadlineNs(2));
        assertEquals(1, timed.doWork(clock.nanoTime()));
        assertEquals(TickStatsSnapshot.NOT_MEASURED, stats.publish(clock.nanoTime()).offCpuP99Us());
        timed.measureOffCpu(() -> -1L);
        clock.setNs(timed.deadlineNs(3));
        assertEquals(1, timed.doWork(clock.nanoTime()));
        assertEquals(TickStatsSnapshot.NOT_MEASURED, stats.publish(clock.nanoTime()).offCpuMaxUs());
    }

    @Test
    void runQueueWaitIsSplitIntoBeforeTheTickAndDuringIt() {
        TickStats stats = new TickStats(60, SECOND_NS);
        long[] delayNs = {1_000_000L};
        // Tick 1: 2 ms waiting for the CPU during the tick; before tick 2 the thread waits 4 ms
        // (someone else had the core when its deadline came); tick 2 waits nothing.
        TickLoop timed = loop60(stats, (tick, nowNs) -> {
            if (tick == 1) {
                delayNs[0] += 2_000_000L;
            }
        });
        timed.measureRunQueue(() -> delayNs[0]);
        clock.setNs(START_NS);
        assertEquals(1, timed.doWork(clock.nanoTime()));
        assertEquals(TickStatsSnapshot.NOT_MEASURED, stats.publish(clock.nanoTime()).wakeRunQueueP99Us(),
                "the first tick has no previous end to measure from");
        clock.setNs(timed.deadlineNs(1));
        assertEquals(1, timed.doWork(clock.nanoTime()));
        TickStatsSnapshot first = stats.publish(clock.nanoTime());
        assertEquals(0, first.wakeRunQueueP99Us());
        assertEquals(2_000, first.tickRunQueueP99Us(), 3);
        delayNs[0] += 4_000_000L;
        clock.setNs(timed.deadlineNs(2) + 4_000_000L);
        assertEquals(1, timed.doWork(clock.nanoTime()));
        TickStatsSnapshot second = stats.publish(clock.nanoTime());
        assertEquals(4_000, second.wakeRunQueueP99Us(), 4);
        assertEquals(0, second.tickRunQueueP99Us());
        // An unknown reading (negative) is not a wait of any length.
        timed.measureRunQueue(() -> -1L);
        clock.setNs(timed.deadlineNs(3));
        assertEquals(1, timed.doWork(clock.nanoTime()));
        assertEquals(TickStatsSnapshot.NOT_MEASURED, stats.publish(clock.nanoTime()).tickRunQueueP99Us());
    }

    @Test
    void publishesOncePerIntervalWithAchievedRate() {
        TickStats stats = new TickStats(10, SECOND_NS);
        List<TickStatsSnapshot> published = new ArrayList<>();
        TickLoop loop = new TickLoop(clock, 10, 3, (tick, nowNs) -> { }, stats,
                remaining -> { }, (snapshot, nowNs) -> published.add(snapshot));
        loop.start(START_NS);
        for (int slot = 0; slot < 10; slot++) {
            clock.setNs(loop.deadlineNs(slot));
            assertEquals(1, loop.doWork(clock.nanoTime()));
            assertEquals(slot < 9 ? 0 : 1, published.size(), "after slot " + slot);
        }
        // Ticks at 0, 0.1, ..., 0.9 s, each standing for the 0.1 s period before it: ten ticks
        // fill the 1 s interval, so the 10th tick publishes 10 ticks at exactly 10 Hz.
        assertEquals(10, published.get(0).ticks());
        assertEquals(10.0, published.get(0).achievedTickRateHz(), 1e-9);
        assertTrue(stats.snapshot() == published.get(0));
        assertNull(stats.maybePublish(clock.nanoTime() + 1));
    }

    @Test
    void aThrowingTickIsCountedAndTheLoopGoesOn() {
        TickStats stats = new TickStats(60, SECOND_NS);
        TickLoop loop = new TickLoop(clock, 60, 3, (tick, nowNs) -> {
            if (tick == 1) {
                throw new IllegalStateException("boom (expected by the test)");
            }
            ran.add(new long[] {tick, nowNs});
        }, stats, remaining -> { }, TickLoop.PublishListener.NONE);
        loop.start(START_NS);
        for (int slot = 0; slot < 3; slot++) {
            clock.setNs(loop.deadlineNs(slot));
            loop.doWork(clock.nanoTime());
        }
        assertEquals(1, stats.tickErrors());
        assertEquals(2, ran.size());
        assertEquals(2, ran.get(1)[0]);
    }

    @Test
    void rejectsInvalidTickRates() {
        TickStats stats = new TickStats(60, SECOND_NS);
        assertThrows(IllegalArgumentException.class,
                () -> new TickLoop(clock, 0, 3, (t, n) -> { }, stats, r -> { }, TickLoop.PublishListener.NONE));
        assertThrows(IllegalArgumentException.class,
                () -> new TickLoop(clock, 241, 3, (t, n) -> { }, stats, r -> { }, TickLoop.PublishListener.NONE));
        assertNotNull(new TickLoop(clock, 240, 3, (t, n) -> { }, stats, r -> { }, TickLoop.PublishListener.NONE));
    }

    @Test
    @Timeout(10)
    void runReturnsAfterStopOnARealThread() throws Exception {
        TickStats stats = new TickStats(240, SECOND_NS);
        TickLoop[] holder = new TickLoop[1];
        holder[0] = new TickLoop(TickClock.SYSTEM, 240, 3, (tick, nowNs) -> {
            if (tick == 5) {
                holder[0].stop();
            }
        }, stats, TickWaiter.parkThenSpin(100_000), TickLoop.PublishListener.NONE);
        Thread thread = new Thread(holder[0]::run, "tick-test");
        thread.start();
        thread.join(5_000);
        assertFalse(thread.isAlive());
        assertEquals(6, stats.ticks());
    }
}
