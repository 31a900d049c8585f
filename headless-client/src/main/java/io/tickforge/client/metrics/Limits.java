package io.tickforge.client.metrics;

import io.tickforge.shared.protocol.ServerStats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Pass/fail limits of a load run; a missed limit makes the runner exit non-zero. Unset limits
 * (null) are not checked. A limit on a server figure fails when the server's figures could not be
 * fetched: an unverifiable limit is not a pass. Immutable once configured; main thread.
 */
public final class Limits {
    public Double maxTickP99Ms;
    public Double maxTickLatenessP99Ms;
    public Long maxOverruns;
    public Long maxDecodeFailures;
    public Integer minConnected;
    public Integer maxDisconnected;
    public Double maxRttP99Ms;
    public Double maxPredictionErrorM;
    public Double minSnapshotsPerSecondPerBot;

    /** One checked limit and its outcome. */
    public record Result(String name, String limit, String actual, boolean passed) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %s: %s (%s)", passed ? "PASS" : "FAIL", name, actual, limit);
        }
    }

    public List<Result> check(RunFigures bots, ServerStats server) {
        final List<Result> out = new ArrayList<>();
        if (maxTickP99Ms != null) {
            out.add(server == null ? missing("tick p99 ms", "<= " + maxTickP99Ms)
                    : atMost("tick p99 ms", server.tickDurationP99Us / 1000.0, maxTickP99Ms));
        }
        if (maxTickLatenessP99Ms != null) {
            out.add(server == null ? missing("tick lateness p99 ms", "<= " + maxTickLatenessP99Ms)
                    : atMost("tick lateness p99 ms", server.tickLatenessP99Us / 1000.0, maxTickLatenessP99Ms));
        }
        if (maxOverruns != null) {
            out.add(server == null ? missing("overruns", "<= " + maxOverruns)
                    : atMost("overruns", server.overruns, maxOverruns));
        }
        if (maxDecodeFailures != null) {
            out.add(atMost("decode failures", bots.decodeFailures, maxDecodeFailures));
        }
        if (minConnected != null) {
            out.add(atLeast("connected bots", bots.connected, minConnected));
        }
        if (maxDisconnected != null) {
            out.add(atMost("disconnected bots", bots.disconnected, maxDisconnected));
        }
        if (maxRttP99Ms != null) {
            out.add(atMost("rtt p99 ms", bots.rttP99Ms, maxRttP99Ms));
        }
        if (maxPredictionErrorM != null) {
            out.add(atMost("prediction error max m", bots.predictionErrorMaxM, maxPredictionErrorM));
        }
        if (minSnapshotsPerSecondPerBot != null) {
            out.add(atLeast("snapshots per second per bot", bots.snapshotsPerSecondPerBot, minSnapshotsPerSecondPerBot));
        }
        return out;
    }

    public static boolean allPassed(List<Result> results) {
        for (Result r : results) {
            if (!r.passed()) {
                return false;
            }
        }
        return true;
    }

    private static Result atMost(String name, double actual, double limit) {
        return new Result(name, "<= " + fmt(limit), fmt(actual), actual <= limit);
    }

    private static Result atLeast(String name, double actual, double limit) {
        return new Result(name, ">= " + fmt(limit), fmt(actual), actual >= limit);
    }

    private static Result missing(String name, String limit) {
        return new Result(name, limit, "server figures unavailable", false);
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v);
    }
}
