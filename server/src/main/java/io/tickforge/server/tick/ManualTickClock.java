package io.tickforge.server.tick;

/**
 * A clock that moves only when told, for tests: ticks are driven by hand, nothing sleeps.
 * Thread: the test thread (the value is volatile so a watching thread sees it too). Nanoseconds.
 */
public final class ManualTickClock implements TickClock {
    private volatile long nowNs;

    public ManualTickClock(long startNs) {
        this.nowNs = startNs;
    }

    @Override
    public long nanoTime() {
        return nowNs;
    }

    public void setNs(long nowNs) {
        this.nowNs = nowNs;
    }

    public void advanceNs(long deltaNs) {
        this.nowNs += deltaNs;
    }
}
