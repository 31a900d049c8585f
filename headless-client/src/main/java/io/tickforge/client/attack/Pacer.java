package io.tickforge.client.attack;

/**
 * Spreads {@code maxCount} events at {@code ratePerSecond} from a start time: {@link #permits}
 * says how many may go now without exceeding either. One thread; clock passed in (nanoseconds).
 */
final class Pacer {
    private final long startNs;
    private final double perNs;
    private final long maxCount;
    private long issued;

    Pacer(long startNs, int ratePerSecond, long maxCount) {
        if (ratePerSecond < 1 || maxCount < 0) {
            throw new IllegalArgumentException("rate " + ratePerSecond + ", max " + maxCount);
        }
        this.startNs = startNs;
        this.perNs = ratePerSecond / 1e9;
        this.maxCount = maxCount;
    }

    /** Events due by {@code nowNs} and not yet taken (never more than what is left of the cap). */
    long permits(long nowNs) {
        final long due = Math.min(maxCount, 1 + (long) ((nowNs - startNs) * perNs));
        return Math.max(0, due - issued);
    }

    void take(long n) {
        issued += n;
    }

    long issued() {
        return issued;
    }

    boolean exhausted() {
        return issued >= maxCount;
    }

    /** Nanoseconds until the next event is due (0 when one is due now). */
    long nanosToNext(long nowNs) {
        final double at = (issued) / perNs;
        return Math.max(0, (long) at - (nowNs - startNs));
    }
}
