package io.tickforge.client.metrics;

import java.util.Map;
import java.util.TreeMap;

/**
 * The bots' side of a finished run, over the measured window (warm-up excluded). Immutable once
 * built by {@link RunAggregator#finish}; any thread. Units in the names.
 */
public final class RunFigures {
    public int botsRequested;
    public int connected;
    public int disconnected;
    public int failedToJoin;
    public long decodeFailures;
    public long snapshots;
    public long staleSnapshots;
    public long inputPacketsSent;
    public long inputMisses;
    public double measuredSeconds;
    public double snapshotsPerSecondPerBot;
    /** Each bot's own snapshot rate over the measured window (index = bot number; 0 for a bot that never joined). */
    public double[] snapshotsPerSecondByBot = new double[0];
    /** The lowest of {@link #snapshotsPerSecondByBot} among bots that joined (0 when none did). */
    public double snapshotsPerSecondMinBot;
    public double snapshotIntervalP50Ms;
    public double snapshotIntervalP99Ms;
    public double snapshotIntervalMaxMs;
    public long snapshotIntervalCount;
    public double rttP50Ms;
    public double rttP99Ms;
    public double rttMaxMs;
    public long rttCount;
    public double bytesInPerSecondPerBot;
    public double bytesOutPerSecondPerBot;
    public double predictionErrorMeanM;
    public double predictionErrorP99M;
    public double predictionErrorMaxM;
    public long predictionErrorCount;
    public long teleportCorrections;
    /**
     * Hit registration: shots the bots' own (interpolated) view put on a player, and how many of
     * those the server confirmed (the target's health dropped); see {@code game.arena.HitRegistration}.
     */
    public long shotsOnTarget;
    public long hitsConfirmed;

    /** Confirmed / on target, or NaN when no shot was on target. */
    public double hitRegistration() {
        return shotsOnTarget == 0 ? Double.NaN : (double) hitsConfirmed / shotsOnTarget;
    }
    /** Over the whole run: connections dropped on purpose (--chaos-disconnect), reconnects that kept the player, drops that did not. */
    public long chaosDrops;
    public long reconnects;
    public long reconnectFailures;
    /** Threads driving the bots, their poll rate, passes made and passes that ended a period late. */
    public int driverThreads;
    public int driverPollHz;
    public long driverPolls;
    public long driverLatePasses;
    public final Map<String, Integer> disconnectReasons = new TreeMap<>();
    public final Map<String, Integer> joinFailures = new TreeMap<>();
}
