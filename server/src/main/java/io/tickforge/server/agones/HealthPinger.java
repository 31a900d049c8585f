package io.tickforge.server.agones;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Sends Agones a health ping only when the tick counter has moved since the previous poll, so a
 * stuck or dead tick loop stops the pings and Agones marks the GameServer {@code Unhealthy}
 * (after {@code spec.health.failureThreshold} periods without one). {@link #poll} runs every
 * {@link AgonesLifecycle#HEALTH_PERIOD_MS} on the Agones thread; tests call it by hand.
 */
public final class HealthPinger {
    private static final Logger LOG = LoggerFactory.getLogger(HealthPinger.class);

    /** What a poll did. */
    public enum Outcome { PINGED, TICK_STALLED, NOT_STARTED, FAILED }

    private final AgonesSdk sdk;
    private final LongSupplier ticks;

    // Agones thread only.
    private long lastTick = Long.MIN_VALUE;
    private long stalledSinceNs;
    private boolean stallReported;
    private long pings;
    private long failures;

    /** {@code ticks}: the last tick the session completed (negative before the first). */
    public HealthPinger(AgonesSdk sdk, LongSupplier ticks) {
        if (sdk == null || ticks == null) {
            throw new IllegalArgumentException("sdk and ticks are required");
        }
        this.sdk = sdk;
        this.ticks = ticks;
    }

    /** One health period: pings when the tick advanced since the last poll. */
    public Outcome poll(long nowNs) {
        final long tick = ticks.getAsLong();
        if (tick < 0) {
            return Outcome.NOT_STARTED;
        }
        if (tick == lastTick) {
            if (!stallReported) {
                stallReported = true;
                stalledSinceNs = nowNs;
                LOG.warn("tick loop has not advanced past tick {}: withholding Agones health pings, so Agones will mark"
                        + " this GameServer Unhealthy if it stays stuck", tick);
            }
            return Outcome.TICK_STALLED;
        }
        if (stallReported) {
            stallReported = false;
            LOG.info("tick loop moving again (tick {}, stalled for {} ms): health pings resume", tick,
                    TimeUnit.NANOSECONDS.toMillis(nowNs - stalledSinceNs));
        }
        lastTick = tick;
        try {
            sdk.health();
            pings++;
            return Outcome.PINGED;
        } catch (IOException e) {
            failures++;
            if (failures == 1 || failures % 30 == 0) {
                LOG.warn("Agones health ping failed ({} so far): {}", failures, e.getMessage());
            }
            return Outcome.FAILED;
        }
    }

    public long pings() {
        return pings;
    }

    public long failures() {
        return failures;
    }
}
