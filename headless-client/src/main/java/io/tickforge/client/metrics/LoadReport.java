package io.tickforge.client.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tickforge.shared.protocol.ServerStats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The end-of-run report: a JSON document (nested objects, so {@code bots.rttMs.p99} is the path
 * {@code /bots/rttMs/p99}) and a plain-text table. Milliseconds, metres, bytes per second. Built
 * once on the main thread.
 */
public final class LoadReport {
    private static final int VALUE_WIDTH = 60;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LoadReport() {
    }

    /** Describes the run's parameters for the report; all fields are echoed as given. */
    public record RunInfo(String profile, String host, int tcpPort, int udpPort, int bots, double durationS,
                          double warmupS, double rampS, long seed, String behaviours, double lossPercent,
                          double latencyMs, double jitterMs, double duplicatePercent, double reorderPercent) {
    }

    public static ObjectNode toJson(RunInfo info, RunFigures bots, ServerStats server, List<Limits.Result> limits) {
        final ObjectNode root = MAPPER.createObjectNode();
        root.put("profile", info.profile());
        final ObjectNode run = root.putObject("run");
        run.put("host", info.host());
        run.put("tcpPort", info.tcpPort());
        run.put("udpPort", info.udpPort());
        run.put("durationS", info.durationS());
        run.put("warmupS", info.warmupS());
        run.put("rampS", info.rampS());
        run.put("measuredS", round(bots.measuredSeconds));
        run.put("seed", info.seed());
        run.put("behaviours", info.behaviours());
        run.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        final ObjectNode drivers = run.putObject("drivers");
        drivers.put("threads", bots.driverThreads);
        drivers.put("pollHz", bots.driverPollHz);
        drivers.put("passes", bots.driverPolls);
        drivers.put("latePasses", bots.driverLatePasses);
        final ObjectNode net = run.putObject("network");
        net.put("lossPercent", info.lossPercent());
        net.put("latencyMs", info.latencyMs());
        net.put("jitterMs", info.jitterMs());
        net.put("duplicatePercent", info.duplicatePercent());
        net.put("reorderPercent", info.reorderPercent());

        final ObjectNode b = root.putObject("bots");
        b.put("requested", bots.botsRequested);
        b.put("connected", bots.connected);
        b.put("disconnected", bots.disconnected);
        b.put("failedToJoin", bots.failedToJoin);
        b.put("decodeFailures", bots.decodeFailures);
        final ObjectNode reconnects = b.putObject("reconnects");
        reconnects.put("chaosDrops", bots.chaosDrops);
        reconnects.put("reconnected", bots.reconnects);
        reconnects.put("failed", bots.reconnectFailures);
        final ObjectNode interval = b.putObject("snapshotIntervalMs");
        interval.put("p50", round(bots.snapshotIntervalP50Ms));
        interval.put("p99", round(bots.snapshotIntervalP99Ms));
        interval.put("max", round(bots.snapshotIntervalMaxMs));
        final ObjectNode rtt = b.putObject("rttMs");
        rtt.put("p50", round(bots.rttP50Ms));
        rtt.put("p99", round(bots.rttP99Ms));
        rtt.put("max", round(bots.rttMaxMs));
        b.put("bytesInPerSecondPerBot", round(bots.bytesInPerSecondPerBot));
        b.put("bytesOutPerSecondPerBot", round(bots.bytesOutPerSecondPerBot));
        final ObjectNode err = b.putObject("predictionErrorM");
        err.put("mean", round6(bots.predictionErrorMeanM));
        err.put("p99", round6(bots.predictionErrorP99M));
        err.put("max", round6(bots.predictionErrorMaxM));
        err.put("samples", bots.predictionErrorCount);
        err.put("teleportCorrections", bots.teleportCorrections);
        final ObjectNode hits = b.putObject("hitRegistration");
        hits.put("shotsOnTarget", bots.shotsOnTarget);
        hits.put("confirmed", bots.hitsConfirmed);
        if (bots.shotsOnTarget > 0) {
            hits.put("ratio", round6(bots.hitRegistration()));
        } else {
            hits.putNull("ratio");
        }
        b.put("snapshotsPerSecondPerBot", round(bots.snapshotsPerSecondPerBot));
        b.put("snapshotsPerSecondMinBot", round(bots.snapshotsPerSecondMinBot));
        final var byBot = b.putArray("snapshotsPerSecondByBot");
        for (double r : bots.snapshotsPerSecondByBot) {
            byBot.add(round(r));
        }
        b.put("snapshots", bots.snapshots);
        b.put("staleSnapshots", bots.staleSnapshots);
        b.put("inputPacketsSent", bots.inputPacketsSent);
        b.put("inputMisses", bots.inputMisses);
        final ObjectNode reasons = b.putObject("disconnectReasons");
        for (Map.Entry<String, Integer> e : bots.disconnectReasons.entrySet()) {
            reasons.put(e.getKey(), e.getValue());
        }
        final ObjectNode joinFailures = b.putObject("joinFailures");
        for (Map.Entry<String, Integer> e : bots.joinFailures.entrySet()) {
            joinFailures.put(e.getKey(), e.getValue());
        }

        if (server == null) {
            root.putNull("server");
        } else {
            final ObjectNode s = root.putObject("server");
            s.put("tickRate", server.tickRateHz);
            s.put("achievedTickRate", round(server.achievedTickRateHz));
            s.put("ticks", server.ticks);
            s.put("overruns", server.overruns);
            s.put("skippedTicks", server.skippedTicks);
            s.put("players", server.players);
            s.put("entities", server.entities);
            final ObjectNode dur = s.putObject("tickDurationMs");
            dur.put("p50", us(server.tickDurationP50Us));
            dur.put("p99", us(server.tickDurationP99Us));
            dur.put("p999", us(server.tickDurationP999Us));
            dur.put("max", us(server.tickDurationMaxUs));
            final ObjectNode late = s.putObject("tickLatenessMs");
            late.put("p50", us(server.tickLatenessP50Us));
            late.put("p99", us(server.tickLatenessP99Us));
            late.put("max", us(server.tickLatenessMaxUs));
            s.put("bytesOutPerSecond", server.bytesOutPerSecond);
            s.put("bytesInPerSecond", server.bytesInPerSecond);
            // The whole server process (tick, network, GC, JIT threads) over its last stats interval.
            putOrNull(s, "cpuCores", server.cpuCores, 1000.0);
            putOrNull(s, "cpuMicrosPerClientTick", server.cpuMicrosPerClientTick, 100.0);
            putOrNull(s, "tickThreadCpuCores", server.tickThreadCpuCores, 1000.0);
        }
        final var lim = root.putArray("limits");
        for (Limits.Result r : limits) {
            final ObjectNode o = lim.addObject();
            o.put("name", r.name());
            o.put("limit", r.limit());
            o.put("actual", r.actual());
            o.put("passed", r.passed());
        }
        root.put("passed", Limits.allPassed(limits));
        return root;
    }

    public static void writeJson(Path file, ObjectNode report) throws IOException {
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        MAPPER.writeValue(file.toFile(), report);
    }

    public static String toJsonString(ObjectNode report) throws IOException {
        return MAPPER.writeValueAsString(report);
    }

    /** The human-readable table printed at the end of a run. */
    public static String table(RunInfo info, RunFigures bots, ServerStats server, List<Limits.Result> limits) {
        final StringBuilder sb = new StringBuilder();
        final String line = "+--------------------------------+" + "-".repeat(VALUE_WIDTH + 2) + "+\n";
        sb.append(line);
        row(sb, "profile", info.profile() + " (" + bots.botsRequested + " bots, measured "
                + String.format(Locale.ROOT, "%.1f", bots.measuredSeconds) + " s after " + info.warmupS() + " s warm-up)");
        row(sb, "network", String.format(Locale.ROOT, "loss %.1f%%, latency %.0f±%.0f ms, dup %.1f%%, reorder %.1f%%",
                info.lossPercent(), info.latencyMs(), info.jitterMs(), info.duplicatePercent(), info.reorderPercent()));
        sb.append(line);
        row(sb, "bots connected / dropped", bots.connected + " / " + bots.disconnected
                + (bots.failedToJoin > 0 ? " (" + bots.failedToJoin + " never joined)" : "")
                + (bots.disconnectReasons.isEmpty() ? "" : " " + bots.disconnectReasons));
        row(sb, "decode failures", Long.toString(bots.decodeFailures));
        if (bots.chaosDrops > 0 || bots.reconnects > 0 || bots.reconnectFailures > 0) {
            row(sb, "reconnects (drops / same player back / failed)", bots.chaosDrops + " / " + bots.reconnects
                    + " / " + bots.reconnectFailures);
        }
        row(sb, "snapshots per second per bot", String.format(Locale.ROOT, "%.1f", bots.snapshotsPerSecondPerBot));
        row(sb, "snapshot gap ms p50/p99/max", String.format(Locale.ROOT, "%.2f / %.2f / %.2f",
                bots.snapshotIntervalP50Ms, bots.snapshotIntervalP99Ms, bots.snapshotIntervalMaxMs));
        row(sb, "rtt ms p50/p99/max", String.format(Locale.ROOT, "%.2f / %.2f / %.2f",
                bots.rttP50Ms, bots.rttP99Ms, bots.rttMaxMs));
        row(sb, "bytes/s per bot in / out", String.format(Locale.ROOT, "%.0f / %.0f",
                bots.bytesInPerSecondPerBot, bots.bytesOutPerSecondPerBot));
        row(sb, "prediction error m mean/max", String.format(Locale.ROOT, "%.4f / %.4f (%d samples)",
                bots.predictionErrorMeanM, bots.predictionErrorMaxM, bots.predictionErrorCount));
        row(sb, "respawn corrections (> 10 m)", Long.toString(bots.teleportCorrections));
        row(sb, "hits confirmed / on target", bots.shotsOnTarget == 0 ? "n/a (no shot on target)"
                : String.format(Locale.ROOT, "%d / %d (%.1f%%)", bots.hitsConfirmed, bots.shotsOnTarget,
                        100.0 * bots.hitRegistration()));
        row(sb, "driver threads / late passes", bots.driverThreads + " at " + bots.driverPollHz + " Hz / "
                + bots.driverLatePasses + " of " + bots.driverPolls + " passes ran over a period");
        row(sb, "inputs that missed their tick", bots.inputMisses + " (input packets sent " + bots.inputPacketsSent + ")");
        sb.append(line);
        if (server == null) {
            row(sb, "server", "figures unavailable (no ServerStats reply)");
        } else {
            row(sb, "server tick rate / ticks", server.tickRateHz + " Hz (achieved "
                    + String.format(Locale.ROOT, "%.1f", server.achievedTickRateHz) + ") / " + server.ticks);
            row(sb, "server overruns / skipped", server.overruns + " / " + server.skippedTicks);
            row(sb, "tick ms p50/p99/p999/max", String.format(Locale.ROOT, "%.3f / %.3f / %.3f / %.3f",
                    server.tickDurationP50Us / 1000.0, server.tickDurationP99Us / 1000.0,
                    server.tickDurationP999Us / 1000.0, server.tickDurationMaxUs / 1000.0));
            row(sb, "tick lateness ms p50/p99/max", String.format(Locale.ROOT, "%.3f / %.3f / %.3f",
                    server.tickLatenessP50Us / 1000.0, server.tickLatenessP99Us / 1000.0,
                    server.tickLatenessMaxUs / 1000.0));
            row(sb, "CPU cores / us per client-tick", (server.cpuCores < 0 ? "n/a"
                    : String.format(Locale.ROOT, "%.3f", server.cpuCores)) + " / "
                    + (server.cpuMicrosPerClientTick < 0 ? "n/a"
                    : String.format(Locale.ROOT, "%.2f", server.cpuMicrosPerClientTick))
                    + " (whole server process, last interval)");
            row(sb, "CPU cores of the tick thread", server.tickThreadCpuCores < 0 ? "n/a"
                    : String.format(Locale.ROOT, "%.3f (the rest: network, GC, JIT)", server.tickThreadCpuCores));
        }
        if (!limits.isEmpty()) {
            sb.append(line);
            for (Limits.Result r : limits) {
                row(sb, (r.passed() ? "PASS " : "FAIL ") + r.name(), r.actual() + " (limit " + r.limit() + ")");
            }
        }
        sb.append(line);
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, String value) {
        sb.append(String.format(Locale.ROOT, "| %-30s | %-" + VALUE_WIDTH + "s |%n", name, value));
    }

    /** A server figure rounded to {@code 1 / scale}; null when the server could not tell (negative). */
    private static void putOrNull(ObjectNode node, String name, double value, double scale) {
        if (value < 0 || Double.isNaN(value) || Double.isInfinite(value)) {
            node.putNull(name);
        } else {
            node.put(name, Math.round(value * scale) / scale);
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    private static double round6(double v) {
        return Math.round(v * 1_000_000.0) / 1_000_000.0;
    }

    private static double us(long micros) {
        return micros / 1000.0;
    }
}
