package io.tickforge.client.metrics;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Per-client figures. Written only by the thread driving that client (wait-free HdrHistogram
 * recorders, volatile single-writer counters), read by the load runner's reporter thread, which
 * drains the recorders into its own totals. Units in the names: microseconds, micrometres, bytes.
 */
public final class ClientMetrics {
    /** Largest value a histogram tracks: 60 s in microseconds (or 60 m in micrometres). */
    public static final long MAX_TRACKABLE = 60_000_000L;
    private volatile long chaosDrops;
    private volatile long reconnects;
    private volatile long reconnectFailures;
    /**
     * 2 significant digits (1% value precision) keeps each histogram near 20 KB, so that hundreds of
     * bots with three recorders each fit comfortably in one JVM.
     */
    static final int SIGNIFICANT_DIGITS = 2;

    private final SingleWriterRecorder rttUs = new SingleWriterRecorder(1, MAX_TRACKABLE, SIGNIFICANT_DIGITS);
    private final SingleWriterRecorder snapshotIntervalUs = new SingleWriterRecorder(1, MAX_TRACKABLE, SIGNIFICANT_DIGITS);
    private final SingleWriterRecorder predictionErrorUm = new SingleWriterRecorder(1, MAX_TRACKABLE, SIGNIFICANT_DIGITS);

    private volatile long bytesIn;
    private volatile long bytesOut;
    private volatile long snapshots;
    private volatile long staleSnapshots;
    private volatile long decodeFailures;
    private volatile long inputPacketsSent;
    private volatile long inputMisses;
    private volatile long reconciliations;
    private volatile long teleportCorrections;
    /** Hit registration (bots that shoot): shots their own view put on a player, and those the server confirmed. */
    private volatile long shotsOnTarget;
    private volatile long hitsConfirmed;
    private volatile long lastSnapshotArrivalNs = Long.MIN_VALUE;

    private volatile boolean joined;
    private volatile boolean connected;
    private volatile String disconnectReason;
    private volatile String joinFailure;

    public void recordRttNs(long rttNs) {
        rttUs.recordValue(clamp(rttNs / 1000));
    }

    /** An accepted (new, decoded) snapshot arrived: records the gap since the previous one. */
    public void recordSnapshot(long nowNs) {
        final long last = lastSnapshotArrivalNs;
        if (last != Long.MIN_VALUE) {
            snapshotIntervalUs.recordValue(clamp((nowNs - last) / 1000));
        }
        lastSnapshotArrivalNs = nowNs;
        snapshots = snapshots + 1;
    }

    /** Distance between the predicted and the server's own position for the same tick, metres. */
    public void recordPredictionErrorM(double errorM) {
        if (!(errorM >= 0)) {
            return; // NaN never reaches a histogram
        }
        predictionErrorUm.recordValue(clamp(Math.round(errorM * 1_000_000.0)));
        reconciliations = reconciliations + 1;
    }

    private static long clamp(long v) {
        return Math.max(0, Math.min(MAX_TRACKABLE, v));
    }

    /** A reconciliation that moved the player further than any movement error could (a respawn). */
    public void teleportCorrection() {
        teleportCorrections = teleportCorrections + 1;
    }

    public long teleportCorrections() {
        return teleportCorrections;
    }

    public void addBytesIn(int bytes) {
        bytesIn = bytesIn + bytes;
    }

    public void addBytesOut(int bytes) {
        bytesOut = bytesOut + bytes;
    }

    public void staleSnapshot() {
        staleSnapshots = staleSnapshots + 1;
    }

    public void decodeFailure() {
        decodeFailures = decodeFailures + 1;
    }

    public void shotOnTarget() {
        shotsOnTarget = shotsOnTarget + 1;
    }

    public void hitConfirmed() {
        hitsConfirmed = hitsConfirmed + 1;
    }

    public long shotsOnTarget() {
        return shotsOnTarget;
    }

    public long hitsConfirmed() {
        return hitsConfirmed;
    }

    public void inputPacketSent() {
        inputPacketsSent = inputPacketsSent + 1;
    }

    public void setInputMisses(long misses) {
        inputMisses = misses;
    }

    public void joined() {
        joined = true;
        connected = true;
    }

    public void joinFailed(String why) {
        joinFailure = why;
    }

    /** The connection ended; {@code reason} is the server's Bye reason or what the client saw. */
    public void disconnected(String reason) {
        if (connected) {
            disconnectReason = reason;
        }
        connected = false;
    }

    /** Moves what the recorders hold into the given histograms (reporter thread only). */
    public void drainInto(Histogram rttUsOut, Histogram intervalUsOut, Histogram errorUmOut) {
        drain(rttUs, rttUsOut, 0);
        drain(snapshotIntervalUs, intervalUsOut, 1);
        drain(predictionErrorUm, errorUmOut, 2);
    }

    /** Interval histograms handed back to each recorder for reuse; reporter thread only. */
    private final Histogram[] recycled = new Histogram[3];

    private void drain(SingleWriterRecorder recorder, Histogram out, int k) {
        final Histogram h = recorder.getIntervalHistogram(recycled[k]);
        recycled[k] = h;
        out.add(h);
    }

    public long bytesIn() {
        return bytesIn;
    }

    public long bytesOut() {
        return bytesOut;
    }

    public long snapshots() {
        return snapshots;
    }

    public long staleSnapshots() {
        return staleSnapshots;
    }

    public long decodeFailures() {
        return decodeFailures;
    }

    public long inputPacketsSent() {
        return inputPacketsSent;
    }

    public long inputMisses() {
        return inputMisses;
    }

    public long reconciliations() {
        return reconciliations;
    }

    public boolean isJoined() {
        return joined;
    }

    public boolean isConnected() {
        return connected;
    }

    /** Null while connected, or when the client closed it itself at the end of the run. */
    public String disconnectReason() {
        return disconnectReason;
    }

    public String joinFailure() {
        return joinFailure;
    }

    /** The connection was dropped on purpose (--chaos-disconnect). Driving thread. */
    public void chaosDrop() {
        chaosDrops++;
    }

    /** The same player is back on a new connection after a drop. Driving thread. */
    public void reconnected() {
        reconnects++;
    }

    /** A drop that did not end in a reconnect (refused, or the grace ran out). Driving thread. */
    public void reconnectFailed() {
        reconnectFailures++;
    }

    public long chaosDrops() {
        return chaosDrops;
    }

    public long reconnects() {
        return reconnects;
    }

    public long reconnectFailures() {
        return reconnectFailures;
    }

    /** The client closed its own connection (end of run): not counted as a disconnect. */
    public void closedByClient() {
        connected = false;
    }

    static Histogram newHistogram() {
        return new Histogram(1, MAX_TRACKABLE, SIGNIFICANT_DIGITS);
    }
}
