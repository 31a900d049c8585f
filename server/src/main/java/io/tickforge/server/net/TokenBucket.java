package io.tickforge.server.net;

/**
 * One token bucket: refills at {@code perSecond} up to {@code burst}, starts full; each event takes
 * one token. The one rate limiter of the network layer (TCP messages, chat, stats requests, the
 * server-wide chat relay, handshake attempts per address). Time is passed in (ns, any monotonic
 * clock), so tests drive it by hand. Not thread-safe: one owner thread (the network thread).
 */
final class TokenBucket {
    private final double tokensPerNs;
    private final double burst;
    private double tokens;
    private long refilledAtNs;
    private boolean started;

    TokenBucket(double perSecond, double burst) {
        if (!(perSecond > 0) || !(burst >= 1) || Double.isInfinite(perSecond) || Double.isInfinite(burst)) {
            throw new IllegalArgumentException("perSecond must be > 0 and burst >= 1: " + perSecond + ", " + burst);
        }
        this.tokensPerNs = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
    }

    /** Takes one token if there is one at {@code nowNs}; false (and nothing taken) otherwise. */
    boolean tryTake(long nowNs) {
        refill(nowNs);
        if (tokens >= 1.0) {
            tokens -= 1.0;
            return true;
        }
        return false;
    }

    /** True when the bucket is full at {@code nowNs} (an idle owner may then be forgotten). */
    boolean isFull(long nowNs) {
        refill(nowNs);
        return tokens >= burst;
    }

    private void refill(long nowNs) {
        if (!started) {
            started = true;
            refilledAtNs = nowNs;
            return;
        }
        long elapsedNs = nowNs - refilledAtNs;
        if (elapsedNs > 0) { // a clock read from another thread may lag: never move the reference back
            tokens = Math.min(burst, tokens + elapsedNs * tokensPerNs);
            refilledAtNs = nowNs;
        }
    }
}
