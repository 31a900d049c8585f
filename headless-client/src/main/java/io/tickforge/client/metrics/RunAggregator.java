package io.tickforge.client.metrics;

import org.HdrHistogram.Histogram;

import java.util.Locale;

/**
 * Collects every client's figures for the load runner. Owned by the runner's reporter thread:
 * {@link #poll} drains the clients' recorders (wait-free for the writers) into this interval's
 * histograms and, once measuring, into the run totals. Warm-up is excluded by
 * {@link #startMeasuring}, which resets the totals and takes counter baselines.
 */
public final class RunAggregator {
    private final ClientMetrics[] clients;

    private final Histogram intervalRttUs = ClientMetrics.newHistogram();
    private final Histogram intervalSnapshotUs = ClientMetrics.newHistogram();
    private final Histogram intervalErrorUm = ClientMetrics.newHistogram();
    private final Histogram totalRttUs = ClientMetrics.newHistogram();
    private final Histogram totalSnapshotUs = ClientMetrics.newHistogram();
    private final Histogram totalErrorUm = ClientMetrics.newHistogram();

    private final long[] baseBytesIn;
    private final long[] baseBytesOut;
    private final long[] baseSnapshots;
    private final long[] baseStale;
    private final long[] baseDecodeFailures;
    private final long[] baseInputs;
    private final long[] baseMisses;
    private final long[] baseTeleports;
    private final long[] baseShotsOnTarget;
    private final long[] baseHitsConfirmed;

    private boolean measuring;
    private long measureStartNs;
    private long lastPollNs;
    private long lastPollSnapshots;

    public RunAggregator(ClientMetrics[] clients) {
        this.clients = clients.clone();
        final int n = clients.length;
        baseBytesIn = new long[n];
        baseBytesOut = new long[n];
        baseSnapshots = new long[n];
        baseStale = new long[n];
        baseDecodeFailures = new long[n];
        baseInputs = new long[n];
        baseMisses = new long[n];
        baseTeleports = new long[n];
        baseShotsOnTarget = new long[n];
        baseHitsConfirmed = new long[n];
    }

    /** Starts the clock of the first progress interval. */
    public void start(long nowNs) {
        lastPollNs = nowNs;
        lastPollSnapshots = 0;
    }

    /** Drains the recorders; call every progress interval and once at the end. */
    public void poll() {
        intervalRttUs.reset();
        intervalSnapshotUs.reset();
        intervalErrorUm.reset();
        for (ClientMetrics c : clients) {
            c.drainInto(intervalRttUs, intervalSnapshotUs, intervalErrorUm);
        }
        if (measuring) {
            totalRttUs.add(intervalRttUs);
            totalSnapshotUs.add(intervalSnapshotUs);
            totalErrorUm.add(intervalErrorUm);
        }
    }

    /** Ends warm-up: drains and discards what was recorded so far, and baselines the counters. */
    public void startMeasuring(long nowNs) {
        poll();
        totalRttUs.reset();
        totalSnapshotUs.reset();
        totalErrorUm.reset();
        for (int i = 0; i < clients.length; i++) {
            final ClientMetrics c = clients[i];
            baseBytesIn[i] = c.bytesIn();
            baseBytesOut[i] = c.bytesOut();
            baseSnapshots[i] = c.snapshots();
            baseStale[i] = c.staleSnapshots();
            baseDecodeFailures[i] = c.decodeFailures();
            baseInputs[i] = c.inputPacketsSent();
            baseMisses[i] = c.inputMisses();
            baseTeleports[i] = c.teleportCorrections();
            baseShotsOnTarget[i] = c.shotsOnTarget();
            baseHitsConfirmed[i] = c.hitsConfirmed();
        }
        measuring = true;
        measureStartNs = nowNs;
    }

    public boolean isMeasuring() {
        return measuring;
    }

    public int connectedCount() {
        int n = 0;
        for (ClientMetrics c : clients) {
            if (c.isConnected()) {
                n++;
            }
        }
        return n;
    }

    /**
     * One progress line over the interval since the previous call (after {@link #poll}):
     * connected bots, snapshots per second per connected bot, RTT and snapshot-gap percentiles.
     */
    public String progressLine(long nowNs, String phase) {
        long snaps = 0;
        long failures = 0;
        int disconnected = 0;
        for (ClientMetrics c : clients) {
            snaps += c.snapshots();
            failures += c.decodeFailures();
            if (c.disconnectReason() != null) {
                disconnected++;
            }
        }
        final int connected = connectedCount();
        final double seconds = lastPollNs == 0 ? 0 : (nowNs - lastPollNs) / 1e9;
        final double rate = seconds > 0 && connected > 0 ? (snaps - lastPollSnapshots) / seconds / connected : 0;
        lastPollNs = nowNs;
        lastPollSnapshots = snaps;
        return String.format(Locale.ROOT,
                "%-8s bots %d/%d connected (%d dropped)  snapshots %.1f/s per bot, gap p99 %.1f ms"
                        + "  rtt p50 %.2f ms p99 %.2f ms  decode failures %d",
                phase, connected, clients.length, disconnected, rate,
                intervalSnapshotUs.getValueAtPercentile(99) / 1000.0,
                intervalRttUs.getValueAtPercentile(50) / 1000.0,
                intervalRttUs.getValueAtPercentile(99) / 1000.0, failures);
    }

    /** The measured-window figures; call after a final {@link #poll}, before closing the clients. */
    public RunFigures finish(long nowNs) {
        final RunFigures f = new RunFigures();
        f.botsRequested = clients.length;
        f.measuredSeconds = measuring ? Math.max(1e-9, (nowNs - measureStartNs) / 1e9) : 0;
        long bytesIn = 0;
        long bytesOut = 0;
        int counted = 0;
        for (int i = 0; i < clients.length; i++) {
            final ClientMetrics c = clients[i];
            if (c.isConnected()) {
                f.connected++;
            } else if (c.disconnectReason() != null) {
                f.disconnected++;
                f.disconnectReasons.merge(c.disconnectReason(), 1, Integer::sum);
            } else if (!c.isJoined()) {
                f.failedToJoin++;
                f.joinFailures.merge(c.joinFailure() == null ? "not joined" : c.joinFailure(), 1, Integer::sum);
            }
            f.decodeFailures += c.decodeFailures() - baseDecodeFailures[i];
            f.snapshots += c.snapshots() - baseSnapshots[i];
            f.staleSnapshots += c.staleSnapshots() - baseStale[i];
            f.inputPacketsSent += c.inputPacketsSent() - baseInputs[i];
            f.inputMisses += c.inputMisses() - baseMisses[i];
            f.teleportCorrections += c.teleportCorrections() - baseTeleports[i];
            f.shotsOnTarget += c.shotsOnTarget() - baseShotsOnTarget[i];
            f.hitsConfirmed += c.hitsConfirmed() - baseHitsConfirmed[i];
            f.chaosDrops += c.chaosDrops();
            f.reconnects += c.reconnects();
            f.reconnectFailures += c.reconnectFailures();
            if (c.isJoined()) {
                counted++;
                bytesIn += c.bytesIn() - baseBytesIn[i];
                bytesOut += c.bytesOut() - baseBytesOut[i];
            }
        }
        f.snapshotsPerSecondByBot = new double[clients.length];
        double minRate = Double.MAX_VALUE;
        for (int i = 0; i < clients.length; i++) {
            if (clients[i].isJoined() && f.measuredSeconds > 0) {
                f.snapshotsPerSecondByBot[i] = (clients[i].snapshots() - baseSnapshots[i]) / f.measuredSeconds;
                minRate = Math.min(minRate, f.snapshotsPerSecondByBot[i]);
            }
        }
        f.snapshotsPerSecondMinBot = minRate == Double.MAX_VALUE ? 0 : minRate;
        if (f.measuredSeconds > 0 && counted > 0) {
            f.bytesInPerSecondPerBot = bytesIn / f.measuredSeconds / counted;
            f.bytesOutPerSecondPerBot = bytesOut / f.measuredSeconds / counted;
            f.snapshotsPerSecondPerBot = f.snapshots / f.measuredSeconds / counted;
        }
        f.snapshotIntervalP50Ms = totalSnapshotUs.getValueAtPercentile(50) / 1000.0;
        f.snapshotIntervalP99Ms = totalSnapshotUs.getValueAtPercentile(99) / 1000.0;
        f.snapshotIntervalMaxMs = totalSnapshotUs.getMaxValue() / 1000.0;
        f.snapshotIntervalCount = totalSnapshotUs.getTotalCount();
        f.rttP50Ms = totalRttUs.getValueAtPercentile(50) / 1000.0;
        f.rttP99Ms = totalRttUs.getValueAtPercentile(99) / 1000.0;
        f.rttMaxMs = totalRttUs.getMaxValue() / 1000.0;
        f.rttCount = totalRttUs.getTotalCount();
        f.predictionErrorCount = totalErrorUm.getTotalCount();
        f.predictionErrorMeanM = f.predictionErrorCount == 0 ? 0 : totalErrorUm.getMean() / 1e6;
        f.predictionErrorP99M = totalErrorUm.getValueAtPercentile(99) / 1e6;
        f.predictionErrorMaxM = totalErrorUm.getMaxValue() / 1e6;
        return f;
    }
}
