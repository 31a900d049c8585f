package io.tickforge.client.load;

import io.tickforge.client.ClientDriver;
import io.tickforge.client.GameClient;
import io.tickforge.client.GameClientConfig;
import io.tickforge.client.InputSource;
import io.tickforge.client.bot.BotGames;
import io.tickforge.client.metrics.ClientMetrics;
import io.tickforge.client.metrics.Limits;
import io.tickforge.client.metrics.RunFigures;
import io.tickforge.server.game.zone.ZoneGame;
import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.shared.game.zone.ZoneRules;
import io.tickforge.shared.game.zone.ZoneSchemas;
import io.tickforge.shared.snapshot.SnapshotView;
import io.tickforge.shared.world.EntityIds;
import io.tickforge.shared.world.EntityLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The zone game end to end on loopback: the real server hosting {@link ZoneGame}, four capture bots
 * through the load runner ({@code --game zone}). The bots decode the zone game's own entities (3D
 * positions, teams, items, capture progress) with the codec that follows its schema, nobody is
 * rejected, and their prediction (the zone game's movement) agrees with the server.
 */
class ZoneLoopbackBotsTest {
    private static final int HZ = 60;
    private static final int BOTS = 4;
    private static final int ZONES = 4;
    private static final int ITEMS = 8;

    @Test
    @Timeout(60)
    void fourCaptureBotsJoinTheZoneGameAndDecodeItsEntities() throws Exception {
        final ZoneGame game = new ZoneGame(8, HZ, ZONES, ITEMS);
        try (InProcessServer server = new InProcessServer(HZ, 8, game)) {
            final Limits limits = new Limits();
            limits.maxDecodeFailures = 0L;
            limits.minConnected = BOTS;
            final LoadConfig config = new LoadConfig("test", "127.0.0.1", server.tcpPort(), server.udpPort(), BOTS,
                    3.0, 1.0, 0.5, 11, List.of("capture"), null, 2, 500, 4, 10.0, null, limits, "zone-", null,
                    false, null, 0, "zone");
            final ByteArrayOutputStream text = new ByteArrayOutputStream();
            final LoadRunner runner = new LoadRunner(config, new PrintStream(text, true, StandardCharsets.UTF_8));
            final int exit = runner.run();
            final String report = text.toString(StandardCharsets.UTF_8);
            assertEquals(LoadRunner.EXIT_OK, exit, report);
            final RunFigures f = runner.figures();
            assertEquals(BOTS, f.connected, report);
            assertEquals(0, f.failedToJoin, "nobody rejected: " + f.joinFailures);
            for (Counter c : Counter.values()) {
                if (c.name().startsWith("REJECTED_")) {
                    assertEquals(0, server.network.counters().get(c), c.name());
                }
            }
            assertEquals(0, server.session.joinsRejectedByGame());
            assertEquals(0, f.disconnected);
            assertEquals(0, f.decodeFailures);
            assertTrue(f.snapshotsPerSecondPerBot > 40, "snapshots/s per bot " + f.snapshotsPerSecondPerBot);
            // The bots predict themselves with the zone game's movement, jumps included (3D): exact
            // on a clean loopback.
            assertTrue(f.predictionErrorCount > BOTS * HZ, "samples " + f.predictionErrorCount);
            assertTrue(f.predictionErrorMeanM < 0.01, "mean prediction error " + f.predictionErrorMeanM);

            boolean red = false;
            boolean blue = false;
            for (GameClient c : runner.clients()) {
                final SnapshotView view = c.view();
                final EntityLayout layout = view.layout();
                assertEquals(ZoneSchemas.ENTITY, layout.schema());
                assertEquals(3, layout.dims);
                final int laneZ = layout.requireLane(ZoneSchemas.POS) + 2;
                final int team = layout.requireLane(ZoneSchemas.TEAM);
                final int item = layout.requireLane(ZoneSchemas.ITEM);
                final int progress = layout.requireLane(ZoneSchemas.PROGRESS);
                int zones = 0;
                int players = 0;
                for (int i = 0; i < view.count(); i++) {
                    for (int k = 0; k < layout.values; k++) {
                        assertTrue(layout.accepts(k, view.value(i, k)), layout.describeLane(k) + " = " + view.value(i, k));
                    }
                    final int id = view.entityId(i);
                    if (EntityIds.isPlayer(id)) {
                        players++;
                        red |= view.value(i, team) == ZoneRules.TEAM_RED;
                        blue |= view.value(i, team) == ZoneRules.TEAM_BLUE;
                        assertTrue(view.value(i, team) != ZoneRules.TEAM_NONE, "a player has a team");
                    } else if (id < EntityIds.npc(ZONES)) {
                        zones++;
                        final int k = id - EntityIds.NPC_BASE;
                        assertEquals(ZoneRules.zoneXUnits(k), view.x(i), "zone " + k + " x");
                        assertEquals(ZoneRules.zoneYUnits(k), view.y(i), "zone " + k + " y");
                        assertEquals(0, view.value(i, laneZ), "zones lie on the ground");
                        assertEquals(0, view.value(i, item));
                        assertTrue(view.value(i, progress) <= ZoneRules.PROGRESS_MAX);
                    } else {
                        assertEquals(id - EntityIds.npc(ZONES) + 1, view.value(i, item), "an item carries its id");
                    }
                }
                // Interest is 64 m around the player: from the spawn edges at least the nearest zone.
                assertTrue(zones >= 1, "zones in view: " + zones);
                assertTrue(players >= 1 && view.indexOf(c.playerId()) >= 0, "its own player in view (" + players + " players)");
            }
            assertTrue(red && blue, "both teams seen");
        }
        assertEquals(0, game.playerCount(), "every bot left");
    }

    @Test
    @Timeout(30)
    void aJumpingClientSeesItsOwnHeightRiseAndLandAndPredictsTheJumpExactly() throws Exception {
        final AtomicInteger maxZ = new AtomicInteger();
        final AtomicInteger airborneThenLanded = new AtomicInteger();
        final JumpPrediction prediction = new JumpPrediction();
        final GameClient client;
        final long lateInputs;
        try (ClientDriver driver = new ClientDriver("zone-driver", 500);
             InProcessServer server = new InProcessServer(HZ, 2, new ZoneGame(2, HZ, 1, 0))) {
            driver.start();
            final boolean[] wasAirborne = new boolean[1];
            final InputSource jumper = (tick, c, in) -> {
                // Walk in a slow circle and hold jump: take off again on every landing.
                in.moveTowards(tick * 0.02, 0.7);
                in.buttons = ZoneRules.BUTTON_JUMP;
                final SnapshotView view = c.view();
                final int self = view.indexOf(c.playerId());
                if (self < 0) {
                    return;
                }
                final EntityLayout layout = view.layout();
                final int z = view.value(self, layout.requireLane(ZoneSchemas.POS) + 2);
                final boolean airborne = (view.value(self, layout.requireLane(ZoneSchemas.FLAGS)) & ZoneRules.FLAG_AIRBORNE) != 0;
                maxZ.accumulateAndGet(z, Math::max);
                if (wasAirborne[0] && !airborne && z == 0) {
                    airborneThenLanded.incrementAndGet();
                }
                wasAirborne[0] = airborne;
            };
            client = new GameClient(GameClientConfig.builder("127.0.0.1", server.tcpPort(), server.udpPort())
                    .playerName("jumper").reconnect(false)
                    .schemas(BotGames.installed().entitySchema("zone"), BotGames.installed().inputSchema("zone"))
                    .movement(BotGames.installed().movement("zone")).build(), jumper, new ClientMetrics(), prediction);
            driver.add(client);
            client.connect();
            assertTrue(client.awaitJoined(5, TimeUnit.SECONDS), String.valueOf(client.closeReason()));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((airborneThenLanded.get() < 4 || prediction.airborne < 2 * HZ) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            lateInputs = server.session.publishedInputCounters().late;
        }
        // Take-off 5 m/s, gravity 20 m/s^2: about 0.62 m (160 units) high, 0.5 s in the air.
        assertTrue(maxZ.get() > 120, "highest z seen " + maxZ.get());
        assertTrue(airborneThenLanded.get() >= 2, "landings seen " + airborneThenLanded.get());
        // The zone game's movement predicts x, y and the jump (height and vertical velocity, reset
        // from the replicated zFrac and vz): on a clean loopback every measured reconciliation,
        // in the air too, finds the 3D prediction exact.
        assertTrue(prediction.airborne >= HZ, "measured reconciliations in the air: " + prediction.airborne
                + " (of " + prediction.measured + ")");
        assertEquals(0.0, prediction.maxErrorUnits, "largest 3D prediction error (units) of " + prediction.measured
                + " measured reconciliations, " + prediction.nonZero + " not exact; inputs the server got late: " + lateInputs);
        assertEquals(4, client.predictor().stateLanes(), "x, y, zFine, vz");
    }

    /** Every reconciliation the client measured (it skips those before the server has our inputs). Driving thread. */
    private static final class JumpPrediction implements GameClient.Events {
        private long lastMeasured;
        volatile int measured;
        volatile int airborne;
        volatile int nonZero;
        volatile double maxErrorUnits;

        @Override
        public void onSnapshot(GameClient c) {
            final long now = c.metrics().reconciliations();
            if (now == lastMeasured) {
                return; // no measured reconciliation in this snapshot
            }
            lastMeasured = now;
            final double error = c.predictor().lastErrorUnits();
            final SnapshotView view = c.view();
            final int self = view.indexOf(c.playerId());
            final EntityLayout layout = view.layout();
            final boolean inAir = (view.value(self, layout.requireLane(ZoneSchemas.FLAGS)) & ZoneRules.FLAG_AIRBORNE) != 0;
            measured++;
            if (inAir) {
                airborne++;
            }
            if (error != 0) {
                nonZero++;
            }
            maxErrorUnits = Math.max(maxErrorUnits, error);
        }
    }
}
