package io.tickforge.client;

import java.util.concurrent.TimeUnit;

/**
 * When to try to reconnect and when to give up, with no sockets and no clock of its own: the
 * caller passes the time in. After a loss, the first attempt is due at once, each failed attempt
 * delays the next one by 100 ms, 200, 400, ... up to 2 s, and the whole effort ends when the
 * server's reconnect grace has passed. Also the snapshot-silence rule that declares a quiet
 * connection lost. Driving thread only; times in nanoseconds on the caller's clock
 * ({@link System#nanoTime()} in {@link ClientConnection}), grace and silence in milliseconds.
 */
final class ReconnectSchedule {
    /** First retry after a failed reconnect attempt; doubles per attempt up to the cap. */
    static final long BACKOFF_MIN_NS = TimeUnit.MILLISECONDS.toNanos(100);
    static final long BACKOFF_MAX_NS = TimeUnit.SECONDS.toNanos(2);

    private long lostAtNs;
    private long deadlineNs;
    private long nextAttemptNs;
    private int attempts;

    /** The connection was lost at {@code nowNs}; the server holds the player for {@code graceMs}. */
    void start(long nowNs, int graceMs) {
        lostAtNs = nowNs;
        deadlineNs = nowNs + TimeUnit.MILLISECONDS.toNanos(graceMs);
        nextAttemptNs = nowNs;
        attempts = 0;
    }

    /** Wait after the {@code attempts}-th failed attempt (1-based): 100 ms, 200, 400, ... 2 s. */
    static long backoffNs(int attempts) {
        return Math.min(BACKOFF_MAX_NS, BACKOFF_MIN_NS << Math.min(Math.max(attempts - 1, 0), 10));
    }

    /** The attempt just made failed at {@code nowNs}: the next one waits the backoff. */
    void failed(long nowNs) {
        nextAttemptNs = nowNs + backoffNs(attempts);
    }

    /** The grace is over: give up (a Hello arriving after it would be refused anyway). */
    boolean expired(long nowNs) {
        return nowNs - deadlineNs >= 0;
    }

    /** The next attempt may start. */
    boolean due(long nowNs) {
        return nowNs - nextAttemptNs >= 0;
    }

    /** Counts an attempt starting now; returns how many have been made since the loss. */
    int begin() {
        return ++attempts;
    }

    int attempts() {
        return attempts;
    }

    long lostAtNs() {
        return lostAtNs;
    }

    /** Nanoseconds left of the grace at {@code nowNs} (negative once over). */
    long remainingNs(long nowNs) {
        return deadlineNs - nowNs;
    }

    /**
     * True when no snapshot arrived for more than {@code silenceMs} (0 = never): TCP may look open
     * long after the path died (a NAT change), so the client treats the connection as lost.
     */
    static boolean silent(long nowNs, long lastSnapshotNs, int silenceMs) {
        return silenceMs > 0 && nowNs - lastSnapshotNs > TimeUnit.MILLISECONDS.toNanos(silenceMs);
    }
}
