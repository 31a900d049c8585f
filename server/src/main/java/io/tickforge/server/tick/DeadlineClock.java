package io.tickforge.server.tick;

/**
 * The real clock shifted so that "now" is a chosen tick deadline at the moment a tick is started
 * by hand: the loop runs the tick at once, never waits, and the clock reads it makes between
 * phases measure real elapsed time, so the session's own {@link TickStats} hold real phase
 * durations. For ticks driven back to back ({@code TickLoop.doWork(clock.startAt(loop.deadlineNs(slot)))}):
 * the start-up warm-up and the tick benchmarks. Thread: the one driving the ticks. Nanoseconds.
 */
public final class DeadlineClock implements TickClock {
    private long offsetNs;

    /** From now on, {@link #nanoTime()} reads {@code deadlineNs} plus the real time elapsed since this call. */
    public long startAt(long deadlineNs) {
        offsetNs = deadlineNs - System.nanoTime();
        return deadlineNs;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime() + offsetNs;
    }
}
