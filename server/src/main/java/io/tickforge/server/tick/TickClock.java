package io.tickforge.server.tick;

/**
 * Monotonic time source for a tick loop, in nanoseconds. The loop reads it once at the start of a
 * tick and passes the value down; game code never reads the clock itself. Thread: the tick thread.
 */
public interface TickClock {
    long nanoTime();

    /** The real clock: {@link System#nanoTime()}. */
    TickClock SYSTEM = System::nanoTime;
}
