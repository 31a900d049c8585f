package io.tickforge.server.admin;

import java.util.function.LongSupplier;

/**
 * Whether the tick loop is advancing: remembers when the session's tick counter last changed, as
 * seen by whoever asks (sampler thread, health checks). Synchronized; never touches the tick thread.
 */
final class TickProgress {
    private final LongSupplier currentTick;
    private long lastTick = Long.MIN_VALUE;
    private long lastChangeNs;

    TickProgress(LongSupplier currentTick) {
        this.currentTick = currentTick;
    }

    /** Nanoseconds since the tick counter was last seen to change (0 on the first call). */
    synchronized long stalledNs(long nowNs) {
        final long tick = currentTick.getAsLong();
        if (tick != lastTick) {
            lastTick = tick;
            lastChangeNs = nowNs;
            return 0;
        }
        return nowNs - lastChangeNs;
    }

    synchronized long lastTick() {
        return lastTick;
    }
}
