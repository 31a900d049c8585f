package io.tickforge.client;

import io.tickforge.client.metrics.ClientMetrics;
import io.tickforge.client.net.PacketPath;
import io.tickforge.client.sync.ClockSync;

/**
 * Round-trip time: a ping every {@code pingIntervalMs} through the packet path (KryoNet's TCP
 * {@code Ping}, held by the simulator when there is one), each reply timed against its send and
 * fed to the metrics and the clock sync; only the last {@value #SLOTS} pings are answerable.
 * Driving thread only; times in nanoseconds from {@link System#nanoTime()}.
 */
final class RttPings {
    private static final int SLOTS = 16;

    private final long intervalNs;
    private final PacketPath path;
    private final ClientMetrics metrics;
    private final long[] sentNs = new long[SLOTS];
    private int nextId;
    private long nextNs;
    private ClockSync clock;

    RttPings(long intervalNs, PacketPath path, ClientMetrics metrics) {
        this.intervalNs = intervalNs;
        this.path = path;
        this.metrics = metrics;
    }

    /** Joined (or rejoined) at {@code nowNs}: the first ping is due at once, replies feed {@code clock}. */
    void start(ClockSync clock, long nowNs) {
        this.clock = clock;
        nextNs = nowNs;
    }

    /** Sends a ping when one is due; returns 1 if it did. */
    int poll(long nowNs) {
        if (nowNs - nextNs < 0) {
            return 0;
        }
        nextNs = nowNs + intervalNs;
        final int id = nextId++;
        // Timed on the clock, not the poll's start: the poll may have begun a while ago.
        sentNs[id & (SLOTS - 1)] = System.nanoTime();
        path.sendPing(id, nowNs);
        return 1;
    }

    void onReply(int id, long nowNs) {
        // Only the last few pings are still answerable; a reply to an older one is ignored.
        if (id < 0 || id >= nextId || nextId - id > SLOTS) {
            return;
        }
        final long rttNs = nowNs - sentNs[id & (SLOTS - 1)];
        metrics.recordRttNs(rttNs);
        clock.onRttSample(rttNs);
    }
}
