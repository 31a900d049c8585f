package io.tickforge.server.tick;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Whether a tick is running now, for a thread that should keep off the tick's core meanwhile (the
 * UDP receive thread: {@code --udp-hold-during-tick-us}). Loops that report here
 * ({@link TickLoop#reportActivity}) mark each tick's start and end: two atomic updates per tick,
 * plus one unpark at the end of a tick when the waiter is waiting for it. One waiting thread at a
 * time ({@link #awaitIdle}); any number of reporting loops (busy while any of them ticks).
 */
public final class TickActivity {
    private final AtomicInteger ticking = new AtomicInteger();
    private volatile Thread waiter;

    /** A reporting loop starts a tick. Tick thread. */
    void tickStarted() {
        ticking.incrementAndGet();
    }

    /** A reporting loop ended a tick; wakes the waiter when no tick runs any more. Tick thread. */
    void tickEnded() {
        if (ticking.decrementAndGet() == 0) {
            final Thread w = waiter;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }
    }

    /** Whether a reporting loop is inside a tick now. Any thread. */
    public boolean busy() {
        return ticking.get() > 0;
    }

    /**
     * Waits until no tick runs, at most {@code maxNs} by {@code nanoClock}. Returns how long it
     * waited (0 when no tick ran). One thread at a time may wait. An interrupt ends the wait early.
     */
    public long awaitIdle(long maxNs, LongSupplier nanoClock) {
        if (ticking.get() == 0 || maxNs <= 0) {
            return 0;
        }
        final long startNs = nanoClock.getAsLong();
        final long endNs = startNs + maxNs;
        waiter = Thread.currentThread();
        try {
            long nowNs = startNs;
            // Re-checked after publishing the waiter: a tick that ended in between has nobody to unpark.
            while (ticking.get() > 0 && nowNs < endNs && !Thread.currentThread().isInterrupted()) {
                LockSupport.parkNanos(this, endNs - nowNs);
                nowNs = nanoClock.getAsLong();
            }
            return Math.max(1, nowNs - startNs);
        } finally {
            waiter = null;
        }
    }
}
