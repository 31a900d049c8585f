package io.tickforge.client.load;

import io.tickforge.client.GameClient;
import io.tickforge.client.metrics.ClientMetrics;
import io.tickforge.client.metrics.Limits;
import io.tickforge.client.metrics.RunFigures;
import io.tickforge.shared.game.OrbitWorld;
import io.tickforge.shared.netsim.NetworkConditions;
import io.tickforge.shared.snapshot.SnapshotView;
import io.tickforge.shared.world.EntityIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real server (test scope) + 8 bots in one JVM on loopback, through the load runner: the whole
 * path from handshake to report. Bounds are generous (machines are noisy, and the build may run
 * other tests in parallel); what must be exact is exact: every bot joined, none dropped, zero
 * decode failures, NPC states equal to the orbit formula.
 */
class LoopbackBotsTest {
    private static final int HZ = 60;
    private static final int BOTS = 8;
    private static final int NPCS = 100;

    private static LoadConfig config(InProcessServer server, NetworkConditions network) {
        final Limits limits = new Limits();
        limits.maxDecodeFailures = 0L;
        limits.minConnected = BOTS;
        return new LoadConfig("test", "127.0.0.1", server.tcpPort(), server.udpPort(), BOTS, 3.0, 2.0, 0.5, 7,
                List.of("wander", "chase", "strafe", "idle"), network, 2, 500, 4,
                10.0, null, limits, "bot-", null, false);
    }

    private static LoadRunner run(LoadConfig config) throws Exception {
        final ByteArrayOutputStream text = new ByteArrayOutputStream();
        final LoadRunner runner = new LoadRunner(config, new PrintStream(text, true, StandardCharsets.UTF_8));
        runner.recordTimeline();
        final int exit = runner.run();
        assertEquals(LoadRunner.EXIT_OK, exit, text.toString(StandardCharsets.UTF_8));
        return runner;
    }

    /** Every NPC a bot holds equals the orbit formula at the tick the view says it describes. */
    private static int assertNpcsMatchFormula(GameClient client) {
        final OrbitWorld orbit = new OrbitWorld(NPCS, HZ);
        final SnapshotView view = client.view();
        int checked = 0;
        for (int i = 0; i < view.count(); i++) {
            final int id = view.entityId(i);
            if (EntityIds.isPlayer(id)) {
                continue;
            }
            final int npc = id - EntityIds.NPC_BASE;
            final long tick = view.tick(i);
            assertEquals(orbit.xUnits(npc, tick), view.x(i), "npc " + npc + " x at tick " + tick);
            assertEquals(orbit.yUnits(npc, tick), view.y(i), "npc " + npc + " y at tick " + tick);
            checked++;
        }
        return checked;
    }

    @Test
    @Timeout(60)
    void eightBotsOnACleanLoopbackJoinPlayAndPredictExactly() throws Exception {
        try (InProcessServer server = new InProcessServer(HZ, 32, NPCS)) {
            final LoadRunner runner = run(config(server, null));
            final RunFigures f = runner.figures();
            assertEquals(BOTS, f.connected);
            assertEquals(0, f.disconnected);
            assertEquals(0, f.failedToJoin);
            assertEquals(0, f.decodeFailures);
            // One snapshot per tick at 60 Hz; generous bounds for a loaded build machine.
            assertTrue(f.snapshotsPerSecondPerBot > 40 && f.snapshotsPerSecondPerBot < 80,
                    "snapshots/s per bot " + f.snapshotsPerSecondPerBot);
            assertEquals(BOTS, f.snapshotsPerSecondByBot.length);
            assertTrue(f.snapshotsPerSecondMinBot > 0 && f.snapshotsPerSecondMinBot <= f.snapshotsPerSecondPerBot,
                    "slowest bot " + f.snapshotsPerSecondMinBot + ", mean " + f.snapshotsPerSecondPerBot);
            // Samples when measuring starts and at the end (the progress interval is longer than the run).
            assertTrue(runner.timeline().size() >= 2, "timeline samples " + runner.timeline().size());
            assertEquals(BOTS, runner.timeline().toJson().get(0).get("snapshots").size());
            for (ClientMetrics m : runner.metrics()) {
                assertTrue(m.snapshots() > HZ, "every bot received snapshots: " + m.snapshots());
            }
            // Shared movement code on both sides: after warm-up the prediction is exact unless an
            // input missed its tick, which on loopback is rare; allow a few such ticks, no drift.
            assertTrue(f.predictionErrorCount > BOTS * HZ, "samples " + f.predictionErrorCount);
            assertTrue(f.predictionErrorMeanM < 0.01, "mean prediction error " + f.predictionErrorMeanM);
            assertTrue(f.rttCount > 0 && f.rttP50Ms < 50, "rtt p50 " + f.rttP50Ms);
            assertTrue(f.bytesInPerSecondPerBot > 0 && f.bytesOutPerSecondPerBot > 0);
            assertNotNull(runner.serverStats(), "ServerStats over TCP");
            assertEquals(HZ, runner.serverStats().tickRateHz);
            assertTrue(runner.serverStats().ticks > 3 * HZ, "server ticks " + runner.serverStats().ticks);
            int npcsChecked = 0;
            long samples = 0;
            long starved = 0;
            for (GameClient c : runner.clients()) {
                npcsChecked += assertNpcsMatchFormula(c);
                samples += c.interpolation().samples();
                starved += c.interpolation().starvedSamples();
            }
            assertTrue(npcsChecked > 0, "bots saw NPCs");
            // Chase and strafe bots sample the interpolated view every tick; with a render delay of
            // 2.5 snapshot intervals a clean loopback rarely leaves them nothing newer to blend to.
            assertTrue(samples > 2 * HZ, "interpolation sampled " + samples);
            assertTrue(starved < samples / 5, "starved " + starved + " of " + samples);
        }
    }

    @Test
    @Timeout(60)
    void eightBotsKeepPlayingAndStayConsistentWithFivePercentLoss() throws Exception {
        final NetworkConditions lossy = new NetworkConditions(20, 5, 5, 1, 1);
        try (InProcessServer server = new InProcessServer(HZ, 32, NPCS)) {
            final LoadRunner runner = run(config(server, lossy));
            final RunFigures f = runner.figures();
            assertEquals(BOTS, f.connected);
            assertEquals(0, f.disconnected);
            assertEquals(0, f.decodeFailures, "loss, duplicates and reordering are not decode failures");
            // 5% lost: about 57 of 60 per second arrive; keep the bound generous.
            assertTrue(f.snapshotsPerSecondPerBot > 35, "snapshots/s per bot " + f.snapshotsPerSecondPerBot);
            assertTrue(f.staleSnapshots > 0, "duplicates/reordered packets were seen and ignored");
            // RTT includes 2 x 20 ms of simulated latency.
            assertTrue(f.rttP50Ms > 35, "rtt p50 " + f.rttP50Ms);
            // Redundant inputs keep the server applying what we predicted nearly always.
            assertTrue(f.predictionErrorMeanM < 0.05, "mean prediction error " + f.predictionErrorMeanM);
            for (GameClient c : runner.clients()) {
                assertTrue(c.predictor().reconciliations() > HZ, "bot kept reconciling");
                assertNpcsMatchFormula(c);
            }
        }
    }

    @Test
    @Timeout(60)
    void aFloodingBotDoesNotHurtTheOthers() throws Exception {
        try (InProcessServer server = new InProcessServer(HZ, 32, NPCS)) {
            final LoadConfig c = new LoadConfig("test", "127.0.0.1", server.tcpPort(), server.udpPort(), 4, 2.0, 1.0,
                    0.2, 11, List.of("flood", "wander"), null, 1, 500, 4, 10.0, null, new Limits(), "bot-",
                    null, false);
            final ByteArrayOutputStream text = new ByteArrayOutputStream();
            final LoadRunner runner = new LoadRunner(c, new PrintStream(text, true, StandardCharsets.UTF_8));
            runner.run();
            final ClientMetrics[] m = runner.metrics();
            assertEquals(0, runner.figures().decodeFailures);
            // Bots 0 and 2 flood (8 input packets per tick); whatever the server does to them
            // (drop the excess, or Bye FLOODING), the well-behaved bots 1 and 3 play on.
            for (int i : new int[] {1, 3}) {
                // The run ends with every bot saying Bye itself; a disconnect reason means it was dropped.
                assertTrue(m[i].isJoined(), "wander bot " + i + " joined");
                assertNull(m[i].disconnectReason(), "wander bot " + i + " was dropped");
                assertEquals(0, m[i].decodeFailures());
                assertTrue(m[i].snapshots() > 2 * HZ, "wander bot " + i + " snapshots " + m[i].snapshots());
            }
            for (int i : new int[] {0, 2}) {
                assertTrue(m[i].isJoined(), "flood bot " + i + " joined");
                assertTrue(m[i].inputPacketsSent() > 8 * HZ, "flood bot sent its flood");
            }
        }
    }

    @Test
    @Timeout(60)
    void chaosDisconnectsEndInReconnectsOfTheSamePlayersAndTheReportCountsThem() throws Exception {
        try (InProcessServer server = new InProcessServer(HZ, 32, NPCS)) {
            final Limits limits = new Limits();
            limits.maxDecodeFailures = 0L;
            limits.minConnected = 4;
            // 4 bots, each dropping its TCP connection on average once a second for 3.5 s.
            final LoadConfig c = new LoadConfig("test", "127.0.0.1", server.tcpPort(), server.udpPort(), 4, 2.5, 1.0,
                    0.2, 13, List.of("wander"), null, 1, 500, 4, 10.0, null, limits, "bot-", null, false, null, 1.0);
            final ByteArrayOutputStream text = new ByteArrayOutputStream();
            final LoadRunner runner = new LoadRunner(c, new PrintStream(text, true, StandardCharsets.UTF_8));
            final int[] ids = new int[4];
            final int exit = runner.run();
            final String report = text.toString(StandardCharsets.UTF_8);
            assertEquals(LoadRunner.EXIT_OK, exit, report);
            final RunFigures f = runner.figures();
            assertTrue(f.chaosDrops >= 4, "drops " + f.chaosDrops + "\n" + report);
            assertEquals(0, f.reconnectFailures, report);
            // A drop in the last instant may still be reconnecting when the run ends; all others came back.
            assertTrue(f.reconnects >= f.chaosDrops - 4 && f.reconnects > 0, f.reconnects + " of " + f.chaosDrops);
            assertTrue(report.contains("reconnects (drops / same player back / failed)"), report);
            for (int i = 0; i < 4; i++) {
                ids[i] = runner.clients()[i].playerId();
            }
            assertEquals(4, java.util.Arrays.stream(ids).distinct().count(), "four distinct players, none joined twice");
            assertEquals(0, server.network.counters().get(io.tickforge.server.net.NetworkCounters.Counter.RECONNECTS_REFUSED));
            // Every reconnect a bot counted was accepted by the server; the server may have accepted one
            // more per bot whose Welcome was still on its way when the run ended (seen once: 12 vs 11).
            final long accepted = server.network.counters().get(
                    io.tickforge.server.net.NetworkCounters.Counter.RECONNECTS_ACCEPTED);
            assertTrue(accepted >= f.reconnects && accepted <= f.reconnects + 4,
                    "server accepted " + accepted + " reconnects, bots counted " + f.reconnects);
            assertEquals(4, server.network.counters().get(io.tickforge.server.net.NetworkCounters.Counter.JOINED),
                    "reconnects are not joins");
        }
    }
}
