package io.tickforge.server.tick;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared tick threads on a manual clock: every loop ticks at its own rate, exactly at its
 * deadlines, always on the same thread; loops come and go while others run; removing a loop waits
 * for its tick in progress; closing leaves no thread. No timing assertions: the test moves the
 * clock and waits (with timeouts) for the ticks it expects.
 */
class TickSchedulerTest {
    private static final long START_NS = 1_000_000_000L;
    private static final long SECOND_NS = 1_000_000_000L;

    private final ManualTickClock clock = new ManualTickClock(START_NS);
    private TickScheduler scheduler;

    /** A loop that counts its ticks, checks each ran at its deadline on one thread, and notes failures. */
    private final class Counted {
        final AtomicLong ticks = new AtomicLong();
        final AtomicReference<Thread> thread = new AtomicReference<>();
        final AtomicReference<String> failure = new AtomicReference<>();
        final TickLoop loop;

        Counted(int rateHz) {
            final TickLoop[] self = new TickLoop[1];
            loop = new TickLoop(clock, rateHz, 3, (tick, nowNs) -> {
                if (!thread.compareAndSet(null, Thread.currentThread()) && thread.get() != Thread.currentThread()) {
                    failure.compareAndSet(null, "tick " + tick + " on another thread");
                }
                if (tick != ticks.get()) {
                    failure.compareAndSet(null, "tick " + tick + " after " + ticks.get() + " ticks");
                }
                if (nowNs != self[0].deadlineNs(tick)) {
                    failure.compareAndSet(null, "tick " + tick + " at " + nowNs + ", due " + self[0].deadlineNs(tick));
                }
                ticks.incrementAndGet();
            }, new TickStats(rateHz, SECOND_NS), remaining -> { throw new AssertionError("the scheduler waits, not the loop"); },
                    TickLoop.PublishListener.NONE);
            self[0] = loop;
            loop.start(START_NS);
        }
    }

    @Test
    @Timeout(30)
    void loopsAddedWithoutAScheduleAreSpreadOverThePeriod() throws InterruptedException {
        scheduler(1).start();
        final long periodNs = SECOND_NS / 60;
        final TickLoop[] loops = new TickLoop[4];
        final AtomicLong[] firstTickAt = new AtomicLong[loops.length];
        for (int i = 0; i < loops.length; i++) {
            final AtomicLong first = new AtomicLong(-1);
            firstTickAt[i] = first;
            loops[i] = new TickLoop(clock, 60, 3, (tick, nowNs) -> first.compareAndSet(-1, nowNs),
                    new TickStats(60, SECOND_NS), remaining -> { }, TickLoop.PublishListener.NONE);
            // Added at the same instant, as sessions created in a burst are.
            scheduler.add(loops[i]);
        }
        // Every first deadline lies within one period; sorted, they are a quarter period apart.
        final long[] starts = new long[loops.length];
        for (int i = 0; i < loops.length; i++) {
            assertTrue(loops[i].isStarted(), "loop " + i + " given a schedule when added");
            starts[i] = loops[i].startNs() - START_NS;
            assertTrue(starts[i] >= 0 && starts[i] < periodNs, "loop " + i + " starts within one period: " + starts[i]);
        }
        java.util.Arrays.sort(starts);
        for (int i = 1; i < starts.length; i++) {
            assertEquals(periodNs / 4.0, starts[i] - starts[i - 1], 2.0, "spacing between first deadlines " + (i - 1) + " and " + i);
        }
        // And each ticks at its own deadline, not before: move the clock from one first deadline to the next.
        final Integer[] order = {0, 1, 2, 3};
        java.util.Arrays.sort(order, java.util.Comparator.comparingLong(i -> loops[i].startNs()));
        for (int k = 0; k < order.length; k++) {
            final int i = order[k];
            clock.setNs(loops[i].startNs());
            while (firstTickAt[i].get() < 0) {
                Thread.sleep(1);
            }
            assertEquals(loops[i].startNs(), firstTickAt[i].get(), "loop " + i + " ticked at its first deadline");
            for (int later = k + 1; later < order.length; later++) {
                assertEquals(-1, firstTickAt[order[later]].get(), "loop " + order[later] + " ticked before its deadline");
            }
        }
    }

    @Test
    void aNewLoopGoesIntoTheLargestGapOfItsRateAndIgnoresOtherRates() {
        final long periodNs = SECOND_NS / 60;
        final TickLoop a = idle(60, START_NS);
        final TickLoop b = idle(60, START_NS + periodNs / 4);
        final TickLoop other = idle(30, START_NS + periodNs / 2);
        // Gaps among the 60 Hz loops: a quarter (a..b) and three quarters (b..a): the middle of the latter.
        final long start = TickScheduler.staggeredStart(new TickLoop[] {a, b, other}, 60, START_NS + 10 * periodNs);
        final long expected = START_NS + 10 * periodNs + periodNs / 4 + 3 * periodNs / 8;
        assertEquals(expected, start, 100.0, "within rounding of the 60 Hz period");
        assertEquals(START_NS + 5, TickScheduler.staggeredStart(new TickLoop[] {other}, 60, START_NS + 5), "no loop of the rate: now");
    }

    private TickLoop idle(int rateHz, long startNs) {
        final TickLoop l = new TickLoop(clock, rateHz, 3, (tick, nowNs) -> { }, new TickStats(rateHz, SECOND_NS),
                remaining -> { }, TickLoop.PublishListener.NONE);
        l.start(startNs);
        return l;
    }

    private TickScheduler scheduler(int threads) {
        // The manual clock moves only when the test says: wait in short parks.
        scheduler = new TickScheduler(threads, clock, remaining -> LockSupport.parkNanos(50_000), "tick-sched-test");
        return scheduler;
    }

    @AfterEach
    void close() {
        if (scheduler != null) {
            scheduler.close();
            assertFalse(scheduler.anyThreadAlive(), "scheduler threads left after close");
        }
    }

    private static void awaitTicks(Counted c, long ticks) throws InterruptedException {
        while (c.ticks.get() < ticks) {
            Thread.sleep(1);
        }
    }

    /** Moves the clock to 60 Hz slot {@code slot} of the schedule. */
    private void at60(long slot) {
        clock.setNs(START_NS + slot * SECOND_NS / 60);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    @Timeout(30)
    void severalLoopsTickAtTheirRates(int threads) throws Exception {
        final TickScheduler s = scheduler(threads);
        final Counted[] at60 = {new Counted(60), new Counted(60), new Counted(60), new Counted(60)};
        final Counted at30 = new Counted(30);
        for (Counted c : at60) {
            s.add(c.loop);
        }
        s.add(at30.loop);
        s.start();
        assertEquals(5, s.loopCount());
        for (long slot = 0; slot <= 60; slot++) {
            at60(slot);
            for (Counted c : at60) {
                awaitTicks(c, slot + 1);
            }
            awaitTicks(at30, slot / 2 + 1);
        }
        for (Counted c : at60) {
            assertNull(c.failure.get());
            assertEquals(61, c.ticks.get(), "no tick ahead of its deadline");
        }
        assertNull(at30.failure.get());
        assertEquals(31, at30.ticks.get());
    }

    @Test
    @Timeout(30)
    void loopsJoinAndLeaveWhileOthersRun() throws Exception {
        final TickScheduler s = scheduler(1);
        final Counted a = new Counted(60);
        final Counted b = new Counted(60);
        s.add(a.loop);
        s.add(b.loop);
        s.start();
        for (long slot = 0; slot < 10; slot++) {
            at60(slot);
            awaitTicks(a, slot + 1);
            awaitTicks(b, slot + 1);
        }
        // A third joins at slot 10 of the others' schedule; its own slot 0 is due then too.
        final Counted c = new Counted(60);
        c.loop.start(clock.nanoTime());
        s.add(c.loop);
        assertTrue(s.remove(b.loop, 10, TimeUnit.SECONDS));
        final long bTicks = b.ticks.get();
        for (long slot = 10; slot < 30; slot++) {
            at60(slot);
            awaitTicks(a, slot + 1);
            awaitTicks(c, slot - 10 + 1);
        }
        assertEquals(bTicks, b.ticks.get(), "a removed loop is not ticked any more");
        assertTrue(s.remove(b.loop, 1, TimeUnit.SECONDS), "removing twice is harmless");
        assertEquals(2, s.loopCount());
        assertNull(a.failure.get());
        assertNull(b.failure.get());
        assertNull(c.failure.get());
    }

    @Test
    @Timeout(30)
    void removeWaitsForTheTickInProgress() throws Exception {
        final TickScheduler s = scheduler(1);
        final CountDownLatch inTick = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicBoolean tickDone = new AtomicBoolean();
        final AtomicInteger ticks = new AtomicInteger();
        final TickLoop slow = new TickLoop(clock, 60, 3, (tick, nowNs) -> {
            ticks.incrementAndGet();
            if (tick == 1) {
                inTick.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                tickDone.set(true);
            }
        }, new TickStats(60, SECOND_NS), remaining -> { }, TickLoop.PublishListener.NONE);
        slow.start(START_NS);
        final Counted other = new Counted(60);
        s.add(slow);
        s.add(other.loop);
        s.start();
        awaitTicks(other, 1);
        while (ticks.get() < 1) {
            Thread.sleep(1);
        }
        at60(1);
        inTick.await();
        assertFalse(s.remove(slow, 20, TimeUnit.MILLISECONDS), "its tick is still running: the wait times out");
        assertEquals(1, s.loopCount(), "but it is off the scheduler");
        final AtomicBoolean removed = new AtomicBoolean();
        final AtomicBoolean doneWhenRemoved = new AtomicBoolean();
        final Thread remover = new Thread(() -> {
            try {
                removed.set(s.remove(slow, 20, TimeUnit.SECONDS));
                doneWhenRemoved.set(tickDone.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "remover");
        remover.start();
        remover.join(100);
        assertTrue(remover.isAlive(), "a second remove returned while the loop's tick was still running");
        release.countDown();
        remover.join();
        assertTrue(removed.get());
        assertTrue(doneWhenRemoved.get(), "remove returned before the tick in progress ended");
        for (long slot = 2; slot < 6; slot++) {
            at60(slot);
            awaitTicks(other, slot + 1);
        }
        assertEquals(2, ticks.get(), "no tick after remove");
        assertNull(other.failure.get());
    }

    @Test
    @Timeout(30)
    void closeEndsEveryThread() throws Exception {
        final TickScheduler s = scheduler(3);
        final Counted a = new Counted(60);
        s.add(a.loop);
        s.start();
        awaitTicks(a, 1);
        s.close();
        assertFalse(s.anyThreadAlive());
        assertTrue(s.remove(a.loop, 1, TimeUnit.SECONDS), "a loop can leave a closed scheduler");
        s.close();
    }
}
