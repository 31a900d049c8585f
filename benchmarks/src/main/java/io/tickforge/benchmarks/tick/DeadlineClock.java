package io.tickforge.benchmarks.tick;

import io.tickforge.server.tick.TickClock;

/**
 * The real clock shifted so that "now" is a chosen tick deadline at the moment a benchmark starts
 * a tick: the loop runs the tick at once, never waits, and the clock reads it makes between phases
 * measure real elapsed time, so the session's own TickStats hold real phase durations.
 * Thread: the benchmark thread. Nanoseconds.
 */
final class DeadlineClock implements TickClock {
    private long offsetNs;

    /** From now on, {@link #nanoTime()} reads {@code deadlineNs} plus the real time elapsed since this call. */
    long startAt(long deadlineNs) {
        offsetNs = deadlineNs - System.nanoTime();
        return deadlineNs;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime() + offsetNs;
    }
}
