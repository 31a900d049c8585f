package io.tickforge.server.tick;

import java.util.concurrent.locks.LockSupport;

/**
 * How the tick thread waits for its next deadline (the role of Agrona's IdleStrategy). Thread: the
 * tick thread. Nanoseconds.
 */
@FunctionalInterface
public interface TickWaiter {
    /** Waits some time, at most about {@code remainingNs}; the loop re-reads the clock afterwards. */
    void idle(long remainingNs);

    /**
     * Park while the deadline is far, spin when it is near: parking alone wakes 0.3-0.7 ms late at
     * p99 on a small VM, spinning the last stretch gives microseconds at the cost of one busy core
     * for {@code spinThresholdNs} per tick.
     */
    static TickWaiter parkThenSpin(long spinThresholdNs) {
        if (spinThresholdNs < 0) {
            throw new IllegalArgumentException("spinThresholdNs must be >= 0: " + spinThresholdNs);
        }
        return remainingNs -> {
            if (remainingNs > spinThresholdNs) {
                LockSupport.parkNanos(remainingNs - spinThresholdNs);
            } else {
                Thread.onSpinWait();
            }
        };
    }
}
