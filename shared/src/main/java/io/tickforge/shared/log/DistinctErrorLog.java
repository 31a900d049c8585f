package io.tickforge.shared.log;

import org.slf4j.Logger;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one error-logging policy (after Agrona's {@code DistinctErrorLog}): the first occurrence of
 * each distinct error (what failed, exception type, throwing frame) is logged at WARN with its
 * stack trace; repeats are only counted, and {@link #logRepeats()} (called by a housekeeping loop,
 * never per event) writes one line with the repeat counts. At most {@link #MAX_DISTINCT} distinct
 * errors are remembered; beyond that everything is counted under one "other" entry, so hostile input
 * cannot grow it. Any thread; lock-free on the repeat path.
 */
public final class DistinctErrorLog {
    public static final int MAX_DISTINCT = 256;
    private static final String OTHER = "(other distinct errors past the cap)";

    private final Logger log;
    private final ConcurrentHashMap<String, AtomicLong[]> seen = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();

    public DistinctErrorLog(Logger log) {
        this.log = log;
    }

    /** Records one error: WARN with the stack the first time, a count afterwards. */
    public void record(String what, Throwable error) {
        record(what, null, error);
    }

    /**
     * As {@link #record(String, Throwable)}, with a {@code detail} that is logged on the first
     * occurrence but is not part of what makes errors distinct (e.g. a message naming a connection).
     */
    public void record(String what, String detail, Throwable error) {
        total.incrementAndGet();
        String key = key(what, error);
        AtomicLong[] counts = seen.get(key);
        if (counts == null) {
            if (seen.size() >= MAX_DISTINCT) {
                key = OTHER;
            }
            AtomicLong[] fresh = {new AtomicLong(), new AtomicLong()};
            counts = seen.putIfAbsent(key, fresh);
            if (counts == null) {
                counts = fresh;
                if (key != OTHER) {
                    String text = detail == null ? what : what + ": " + detail;
                    if (error != null) {
                        log.warn("{} (first occurrence; repeats are counted)", text, error);
                    } else {
                        log.warn("{} (first occurrence; repeats are counted)", text);
                    }
                }
            }
        }
        counts[0].incrementAndGet();
    }

    /** Logs one line with the repeats since the last call (nothing when there were none). */
    public void logRepeats() {
        StringBuilder line = null;
        for (var e : seen.entrySet()) {
            AtomicLong[] c = e.getValue();
            long now = c[0].get();
            long repeats = now - Math.max(1, c[1].getAndSet(now));
            if (repeats > 0) {
                if (line == null) {
                    line = new StringBuilder("Repeated errors since the last summary:");
                }
                line.append(" [").append(e.getKey()).append("] x").append(repeats);
            }
        }
        if (line != null) {
            log.warn(line.toString());
        }
    }

    /** Every error recorded, repeats included. */
    public long total() {
        return total.get();
    }

    /** Distinct errors remembered (at most {@link #MAX_DISTINCT} + 1). */
    public int distinct() {
        return seen.size();
    }

    private static String key(String what, Throwable error) {
        if (error == null) {
            return what;
        }
        StackTraceElement[] trace = error.getStackTrace();
        String frame = trace.length == 0 ? "?" : trace[0].getClassName() + '.' + trace[0].getMethodName() + ':' + trace[0].getLineNumber();
        return what + " / " + error.getClass().getName() + " at " + frame;
    }
}
