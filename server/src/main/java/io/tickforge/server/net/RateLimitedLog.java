package io.tickforge.server.net;

import org.slf4j.Logger;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * At most one WARN line per interval for one kind of recurring problem; the rest are counted
 * and reported with the next line. Any thread; lock-free.
 */
final class RateLimitedLog {
    private final Logger log;
    private final long intervalNs;
    private final AtomicLong nextAllowedNs = new AtomicLong(Long.MIN_VALUE);
    private final LongAdder suppressed = new LongAdder();

    RateLimitedLog(Logger log, long intervalMs) {
        this.log = log;
        this.intervalNs = intervalMs * 1_000_000L;
    }

    void warn(String message, Throwable error) {
        long nowNs = System.nanoTime();
        long next = nextAllowedNs.get();
        if ((next == Long.MIN_VALUE || nowNs - next >= 0) && nextAllowedNs.compareAndSet(next, nowNs + intervalNs)) {
            long skipped = suppressed.sumThenReset();
            String text = skipped == 0 ? message : message + " (" + skipped + " similar suppressed)";
            if (error != null) {
                log.warn(text, error);
            } else {
                log.warn(text);
            }
        } else {
            suppressed.increment();
        }
    }
}
