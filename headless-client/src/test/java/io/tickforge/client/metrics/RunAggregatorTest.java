package io.tickforge.client.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickforge.shared.protocol.ServerStats;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunAggregatorTest {
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    /** Two clients, 1 s warm-up (figures there must not count), 2 s measured. */
    private static RunFigures run() {
        final ClientMetrics a = new ClientMetrics();
        final ClientMetrics b = new ClientMetrics();
        final ClientMetrics never = new ClientMetrics();
        never.joinFailed("Rejected SERVER_FULL");
        final RunAggregator agg = new RunAggregator(new ClientMetrics[] {a, b, never});
        a.joined();
        b.joined();
        // Warm-up: a huge RTT and a long gap that must be excluded.
        a.recordRttNs(900 * MS);
        a.recordSnapshot(0);
        a.recordSnapshot(500 * MS);
        a.addBytesIn(1_000_000);
        a.decodeFailure();
        a.shotOnTarget();
        a.hitConfirmed();
        agg.poll();
        agg.startMeasuring(1 * S);
        // Measured: 2 s, each client 120 snapshots 16.667 ms apart, 600 bytes in / 50 out each.
        long t = 1 * S;
        for (int i = 0; i < 120; i++) {
            t += 16_667_000L;
            a.recordSnapshot(t);
            b.recordSnapshot(t);
            a.addBytesIn(600);
            b.addBytesIn(600);
            a.addBytesOut(50);
            b.addBytesOut(50);
        }
        a.recordRttNs(2 * MS);
        b.recordRttNs(4 * MS);
        // Hit registration: a's 3 shots on target, 2 confirmed; b's 1, 1 confirmed.
        for (int i = 0; i < 3; i++) {
            a.shotOnTarget();
        }
        a.hitConfirmed();
        a.hitConfirmed();
        b.shotOnTarget();
        b.hitConfirmed();
        a.recordPredictionErrorM(0.0);
        b.recordPredictionErrorM(0.5);
        agg.poll();
        b.disconnected("Bye TIMED_OUT");
        agg.poll();
        return agg.finish(3 * S);
    }

    @Test
    void warmUpIsExcludedAndFiguresAddUp() {
        final RunFigures f = run();
        assertEquals(2.0, f.measuredSeconds, 1e-9);
        assertEquals(1, f.connected);
        assertEquals(1, f.disconnected);
        assertEquals(1, f.failedToJoin);
        assertEquals(1, f.disconnectReasons.get("Bye TIMED_OUT"));
        assertEquals(1, f.joinFailures.get("Rejected SERVER_FULL"));
        assertEquals(0, f.decodeFailures, "the warm-up failure is excluded");
        // 2 clients x 120 x 600 bytes over 2 s over 2 joined bots = 36000 bytes/s per bot.
        assertEquals(36_000.0, f.bytesInPerSecondPerBot, 1e-6);
        assertEquals(3_000.0, f.bytesOutPerSecondPerBot, 1e-6);
        assertEquals(60.0, f.snapshotsPerSecondPerBot, 1e-6);
        // Warm-up gap of 500 ms is gone; measured gaps are 16.667 ms (within 1% histogram precision),
        // except a's first measured gap, which spans from its last warm-up snapshot (0.5 s -> 1.0167 s).
        assertEquals(16.667, f.snapshotIntervalP50Ms, 0.17);
        assertEquals(517.0, f.snapshotIntervalMaxMs, 5.2);
        assertEquals(4.0, f.rttMaxMs, 0.04);
        assertEquals(0.25, f.predictionErrorMeanM, 0.005);
        assertEquals(0.5, f.predictionErrorMaxM, 0.005);
        assertEquals(4, f.shotsOnTarget, "the warm-up shot is excluded");
        assertEquals(3, f.hitsConfirmed);
        assertEquals(0.75, f.hitRegistration(), 1e-12);
    }

    @Test
    void jsonHasTheDocumentedKeysAndLimitsDecideThePass() throws Exception {
        final RunFigures f = run();
        final ServerStats server = new ServerStats();
        server.tickRateHz = 60;
        server.ticks = 180;
        server.overruns = 2;
        server.tickDurationP99Us = 1500;
        server.tickLatenessP99Us = 40;
        server.cpuCores = 0.4567;
        server.cpuMicrosPerClientTick = 38.254;
        server.tickThreadCpuCores = 0.3;
        final Limits limits = new Limits();
        limits.maxTickP99Ms = 2.0;
        limits.maxDecodeFailures = 0L;
        limits.minConnected = 2;
        final List<Limits.Result> results = limits.check(f, server);
        assertEquals(3, results.size());
        assertTrue(results.get(0).passed(), results.get(0).toString());
        assertTrue(results.get(1).passed());
        assertFalse(results.get(2).passed(), "only 1 of 2 required bots connected");

        final LoadReport.RunInfo info = new LoadReport.RunInfo("smoke", "127.0.0.1", 7777, 7778, 3, 3, 1, 0, 42,
                "wander", 0, 0, 0, 0, 0);
        final String json = LoadReport.toJsonString(LoadReport.toJson(info, f, server, results));
        final JsonNode root = new ObjectMapper().readTree(json);
        for (String path : new String[] {"/profile", "/bots/connected", "/bots/disconnected", "/bots/decodeFailures",
                "/bots/snapshotIntervalMs/p50", "/bots/snapshotIntervalMs/p99", "/bots/snapshotIntervalMs/max",
                "/bots/rttMs/p50", "/bots/rttMs/p99", "/bots/rttMs/max", "/bots/bytesInPerSecondPerBot",
                "/bots/bytesOutPerSecondPerBot", "/bots/predictionErrorM/mean", "/bots/predictionErrorM/max",
                "/server/tickRate", "/server/ticks", "/server/overruns", "/server/tickDurationMs/p50",
                "/server/tickDurationMs/p99", "/server/tickDurationMs/p999", "/server/tickDurationMs/max",
                "/server/tickLatenessMs/p50", "/server/tickLatenessMs/p99", "/server/tickLatenessMs/max",
                "/server/cpuCores", "/server/cpuMicrosPerClientTick", "/server/tickThreadCpuCores",
                "/bots/hitRegistration/shotsOnTarget", "/bots/hitRegistration/confirmed", "/bots/hitRegistration/ratio"}) {
            assertFalse(root.at(path).isMissingNode(), path);
        }
        assertEquals("smoke", root.at("/profile").asText());
        assertEquals(1, root.at("/bots/connected").asInt());
        assertEquals(1.5, root.at("/server/tickDurationMs/p99").asDouble(), 1e-9);
        assertEquals(0.457, root.at("/server/cpuCores").asDouble(), 1e-12);
        assertEquals(38.25, root.at("/server/cpuMicrosPerClientTick").asDouble(), 1e-12);
        assertEquals(0.3, root.at("/server/tickThreadCpuCores").asDouble(), 1e-12);
        assertFalse(root.at("/passed").asBoolean());
        final String table = LoadReport.table(info, f, server, results);
        assertTrue(table.contains("FAIL connected bots"));
        assertEquals(0.75, root.at("/bots/hitRegistration/ratio").asDouble(), 1e-12);
        assertTrue(table.contains("| hits confirmed / on target     | 3 / 4 (75.0%)"), table);
        assertTrue(table.contains("| CPU cores / us per client-tick | 0.457 / 38.25 (whole server process"), table);
        assertTrue(table.contains("| CPU cores of the tick thread   | 0.300 (the rest"), table);

        // A server that could not measure its CPU: null in the JSON, n/a in the table, not zero.
        server.cpuCores = ServerStats.UNKNOWN;
        server.cpuMicrosPerClientTick = ServerStats.UNKNOWN;
        server.tickThreadCpuCores = ServerStats.UNKNOWN;
        final JsonNode unknown = new ObjectMapper().readTree(LoadReport.toJsonString(LoadReport.toJson(info, f, server, results)));
        assertTrue(unknown.at("/server/cpuCores").isNull());
        assertTrue(unknown.at("/server/cpuMicrosPerClientTick").isNull());
        assertTrue(unknown.at("/server/tickThreadCpuCores").isNull());
        assertTrue(LoadReport.table(info, f, server, results).contains("| n/a / n/a (whole server process"));
    }

    @Test
    void serverLimitsFailWhenTheServerDidNotAnswer() {
        final Limits limits = new Limits();
        limits.maxTickP99Ms = 100.0;
        final List<Limits.Result> results = limits.check(new RunFigures(), null);
        assertFalse(Limits.allPassed(results));
        assertTrue(Limits.allPassed(new Limits().check(new RunFigures(), null)), "no limits, nothing to miss");
    }
}
