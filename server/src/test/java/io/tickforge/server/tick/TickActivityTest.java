package io.tickforge.server.tick;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A loop's ticks as seen by a thread that keeps out of them (the UDP receive thread). */
class TickActivityTest {
    private static final long START_NS = 1_000_000_000L;

    @Test
    void aReportingLoopIsBusyExactlyWhileItsHandlerRuns() {
        TickActivity activity = new TickActivity();
        AtomicBoolean busyInside = new AtomicBoolean();
        TickLoop loop = new TickLoop(new ManualTickClock(START_NS), 60, 3,
                (tick, nowNs) -> busyInside.set(activity.busy()), new TickStats(60, 1_000_000_000L),
                remaining -> { throw new AssertionError("tests never wait"); }, TickLoop.PublishListener.NONE);
        loop.reportActivity(activity);
        assertFalse(activity.busy());
        assertEquals(1, loop.doWork(START_NS));
        assertTrue(busyInside.get(), "busy during the tick");
        assertFalse(activity.busy(), "idle after it");
    }

    @Test
    void aTickThatThrowsStillEnds() {
        TickActivity activity = new TickActivity();
        TickLoop loop = new TickLoop(new ManualTickClock(START_NS), 60, 3,
                (tick, nowNs) -> { throw new IllegalStateException("bad tick"); }, new TickStats(60, 1_000_000_000L),
                remaining -> { throw new AssertionError("tests never wait"); }, TickLoop.PublishListener.NONE);
        loop.reportActivity(activity);
        assertEquals(1, loop.doWork(START_NS));
        assertFalse(activity.busy(), "the failed tick ended its activity");
    }

    @Test
    void aLoopThatDoesNotReportLeavesItIdle() {
        TickActivity activity = new TickActivity();
        AtomicBoolean busyInside = new AtomicBoolean(true);
        TickLoop loop = new TickLoop(new ManualTickClock(START_NS), 60, 3,
                (tick, nowNs) -> busyInside.set(activity.busy()), new TickStats(60, 1_000_000_000L),
                remaining -> { throw new AssertionError("tests never wait"); }, TickLoop.PublishListener.NONE);
        loop.doWork(START_NS);
        assertFalse(busyInside.get());
    }

    @Test
    void busyWhileAnyOfSeveralLoopsTicks() {
        TickActivity activity = new TickActivity();
        activity.tickStarted();
        activity.tickStarted();
        activity.tickEnded();
        assertTrue(activity.busy(), "one of two still ticking");
        activity.tickEnded();
        assertFalse(activity.busy());
    }

    @Test
    void awaitIdleReturnsAtOnceWithoutATick() {
        TickActivity activity = new TickActivity();
        assertEquals(0, activity.awaitIdle(TimeUnit.SECONDS.toNanos(10), System::nanoTime));
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void awaitIdleEndsWhenTheTickEnds() throws Exception {
        TickActivity activity = new TickActivity();
        activity.tickStarted();
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicLong waited = new AtomicLong(-1);
        Thread waiter = new Thread(() -> {
            waiting.countDown();
            waited.set(activity.awaitIdle(TimeUnit.SECONDS.toNanos(60), System::nanoTime));
        });
        waiter.start();
        waiting.await();
        Thread.sleep(50);
        assertTrue(waiter.isAlive(), "still waiting while the tick runs");
        activity.tickEnded();
        waiter.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(waiter.isAlive(), "the end of the tick woke it, long before its 60 s bound");
        assertTrue(waited.get() > 0, "it says it waited");
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void awaitIdleGivesUpAfterItsBound() {
        TickActivity activity = new TickActivity();
        activity.tickStarted(); // never ends
        long bound = TimeUnit.MILLISECONDS.toNanos(30);
        long waited = activity.awaitIdle(bound, System::nanoTime);
        assertTrue(waited >= bound, "waited its bound, " + waited + " ns");
        assertTrue(activity.busy());
    }

    @Test
    void aBoundOfZeroDoesNotWait() {
        TickActivity activity = new TickActivity();
        activity.tickStarted();
        assertEquals(0, activity.awaitIdle(0, () -> { throw new AssertionError("no clock read"); }));
    }
}
