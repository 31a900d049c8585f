package io.tickforge.client.attack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tickforge.shared.protocol.Welcome;

import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;

/**
 * A legitimate player arriving during the attack: every interval, from its own address, it
 * connects, sends a valid Hello, waits up to 2 s for Welcome and leaves. Answers "can a real
 * player still get in?" (the lock-out question of the connection and slot floods). Its own
 * thread and its own tally, so its bytes never mix with the attacker's.
 */
final class JoinProbe implements Runnable {
    private static final int TIMEOUT_MS = 2000;

    private final AttackConfig config;
    private final long endNs;
    private final AttackTally tally = new AttackTally();
    private long attempts;
    private long welcomed;
    private long slowestMs;

    JoinProbe(AttackConfig config, long endNs) {
        this.config = config;
        this.endNs = endNs;
    }

    @Override
    public void run() {
        final WireFrames frames = new WireFrames();
        long next = System.nanoTime();
        while (next < endNs && !Thread.currentThread().isInterrupted()) {
            attempts++;
            final long t0 = System.nanoTime();
            try (WireClient c = new WireClient(config.probe(), config.target(), config.tcpPort(), TIMEOUT_MS, frames, tally)) {
                final Welcome w = c.join("probe-" + attempts, config.joinToken());
                if (w != null) {
                    welcomed++;
                    slowestMs = Math.max(slowestMs, (System.nanoTime() - t0) / 1_000_000);
                }
            } catch (IOException | RuntimeException e) {
                tally.error("join", e);
            }
            next += TimeUnit.MILLISECONDS.toNanos(config.probeIntervalMs());
            final long sleepNs = Math.min(next, endNs) - System.nanoTime();
            if (sleepNs > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(sleepNs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Call after the thread ended. */
    void writeTo(ObjectNode probe) {
        probe.put("from", config.probe().getHostAddress());
        probe.put("intervalMs", config.probeIntervalMs());
        probe.put("attempts", attempts);
        probe.put("welcomed", welcomed);
        probe.put("slowestWelcomeMs", slowestMs);
        tally.writeTo(probe.putObject("detail"));
    }
}
