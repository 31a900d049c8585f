package io.tickforge.tutorial;

import io.tickforge.client.ClientDriver;
import io.tickforge.client.GameClient;
import io.tickforge.client.GameClientConfig;
import io.tickforge.client.bot.BotController;
import io.tickforge.client.bot.BotGames;
import io.tickforge.client.bot.BotSeeds;
import io.tickforge.client.cli.BotsMain;
import io.tickforge.client.metrics.ClientMetrics;
import io.tickforge.server.gameapi.Game;
import io.tickforge.server.gameapi.GameCatalog;
import io.tickforge.server.gameapi.GameOptions;
import io.tickforge.server.gameapi.GameProvider;
import io.tickforge.server.gameapi.GameSetup;
import io.tickforge.server.net.JoinAuthenticator;
import io.tickforge.server.net.NetworkConfig;
import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.server.net.ServerNetwork;
import io.tickforge.server.replication.DeltaReplication;
import io.tickforge.server.replication.ReplicationConfig;
import io.tickforge.server.session.GameSession;
import io.tickforge.server.session.SessionConfig;
import io.tickforge.shared.protocol.ByeReason;
import io.tickforge.shared.snapshot.SnapshotView;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tutorial end to end: a real server (session, delta replication, network, as ServerMain wires
 * them) hosting tag, found by ServiceLoader, on ephemeral loopback ports, and tag's bots, found by
 * ServiceLoader too ({@code TagBotGame}, a test resource): three headless clients built as the load
 * runner builds them (tag's schemas, movement and default behaviour from {@link BotGames}, each in
 * a {@link BotController}) decode tag's own fields: in every complete snapshot exactly one player
 * is "it", and the tags grow. Then the bots' command line itself, {@code --game tag}.
 */
class TagLoopbackTest {
    private static final int HZ = 60;
    private static final int PLAYERS = 3;

    /** What one client saw, recorded on the driving thread as snapshots arrive. */
    static final class Seen implements GameClient.Events {
        volatile long snapshots;
        /** Snapshots in which every player was present and current (its tick the packet's). */
        volatile long complete;
        /** Complete snapshots without exactly one "it". */
        volatile long notOneIt;
        volatile int mostTags;
        volatile int itChanges;
        private int lastIt = -1;

        @Override
        public void onSnapshot(GameClient client) {
            final SnapshotView v = client.view();
            snapshots++;
            if (v.count() != PLAYERS) {
                return;
            }
            int its = 0;
            int it = -1;
            int tags = 0;
            for (int i = 0; i < v.count(); i++) {
                if (v.tick(i) != v.serverTick()) {
                    return;
                }
                if (v.value(i, TagSchemas.IT) == 1) {
                    its++;
                    it = v.entityId(i);
                }
                tags += v.value(i, TagSchemas.TAGS);
            }
            complete++;
            if (its != 1) {
                notOneIt++;
            }
            if (it != lastIt && lastIt >= 0) {
                itChanges++;
            }
            lastIt = it;
            mostTags = Math.max(mostTags, tags);
        }
    }

    @Test
    @Timeout(60)
    void threeBotsPlayTagOverLoopback() throws Exception {
        final TagServer server = new TagServer(PLAYERS);
        final BotGames bots = BotGames.installed();
        final String behaviour = bots.defaultBehaviour("tag");
        assertEquals("tagger", behaviour);
        final List<GameClient> clients = new ArrayList<>();
        final List<Seen> seen = new ArrayList<>();
        try (ClientDriver driver = new ClientDriver("tag-bots", 500)) {
            driver.start();
            for (int b = 0; b < PLAYERS; b++) {
                final Seen s = new Seen();
                final GameClient client = new GameClient(GameClientConfig.builder("127.0.0.1", server.tcpPort(), server.udpPort())
                        .playerName("tagger-" + b).reconnect(false)
                        .schemas(bots.entitySchema("tag"), bots.inputSchema("tag")).movement(bots.movement("tag")).build(),
                        new BotController(bots.create("tag", behaviour, BotSeeds.botSeed(1, b)), 512, bots.entityLayout("tag")),
                        new ClientMetrics(), s);
                driver.add(client);
                client.connect();
                clients.add(client);
                seen.add(s);
            }
            for (GameClient c : clients) {
                assertTrue(c.awaitJoined(5, TimeUnit.SECONDS), "joined: " + c.closeReason());
            }
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            final long firstSnapshotsBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline && seen.stream().anyMatch(s -> s.complete < 3 * HZ || s.itChanges < 2)) {
                if (System.nanoTime() > firstSnapshotsBy && seen.stream().anyMatch(s -> s.snapshots == 0)) {
                    break;                                        // a client gets no snapshots at all: fail now
                }
                Thread.sleep(50);
            }
            for (int b = 0; b < PLAYERS; b++) {
                final Seen s = seen.get(b);
                final GameClient c = clients.get(b);
                final String who = "client " + b + ": " + s.snapshots + " snapshots, " + s.complete + " complete, "
                        + s.itChanges + " passes, tags " + s.mostTags;
                System.out.println(who);
                assertNull(c.closeReason(), who);
                assertEquals(0, c.metrics().decodeFailures(), who);
                assertEquals(0, c.malformedSnapshots(), who);
                assertTrue(s.complete >= 3 * HZ, who);
                assertEquals(0, s.notOneIt, "exactly one player is it in every complete snapshot; " + who);
                assertTrue(s.itChanges >= 2 && s.mostTags >= 2, "it was passed on and tags grew; " + who);
            }
            for (Counter counter : Counter.values()) {
                if (counter.name().startsWith("REJECTED")) {
                    assertEquals(0, server.network.counters().get(counter), counter.name());
                }
            }
            assertEquals(0, server.session.joinsRejectedByGame());
            assertEquals(PLAYERS, server.session.playerCount());
        } finally {
            server.close();
        }
    }

    @Test
    @Timeout(60)
    void theBotsCommandLinePlaysTagItFindsByServiceLoader(@TempDir Path dir) throws Exception {
        final TagServer server = new TagServer(PLAYERS);
        try {
            final Path report = dir.resolve("tag.json");
            final StringWriter err = new StringWriter();
            final CommandLine cli = new CommandLine(new BotsMain());
            cli.setErr(new PrintWriter(err));
            final int exit = cli.execute("--game", "tag", "--host", "127.0.0.1", "--tcp-port", String.valueOf(server.tcpPort()),
                    "--udp-port", String.valueOf(server.udpPort()), "--bots", String.valueOf(PLAYERS), "--ramp", "0.3s",
                    "--warmup", "1s", "--duration", "2s", "--threads", "1", "--progress-interval", "10s",
                    "--report-json", report.toString(), "--min-connected", String.valueOf(PLAYERS), "--max-disconnected", "0",
                    "--max-decode-failures", "0");
            assertEquals(0, exit, "exit code; stderr: " + err);
            final JsonNode json = new ObjectMapper().readTree(report.toFile());
            assertEquals("tagger", json.at("/run/behaviours").asText(), json.toString());
            assertEquals(0, server.session.joinsRejectedByGame());
            for (Counter counter : Counter.values()) {
                if (counter.name().startsWith("REJECTED")) {
                    assertEquals(0, server.network.counters().get(counter), counter.name());
                }
            }
        } finally {
            server.close();
        }
    }

    /** Tag on a real server, wired as ServerMain wires it, on ephemeral loopback ports; started. */
    static final class TagServer {
        final GameSession session;
        final ServerNetwork network;

        TagServer(int players) throws Exception {
            final GameProvider provider = GameCatalog.load().find("tag");
            final Game game = provider.create(new GameSetup(1, HZ, players, GameOptions.resolve(provider, Map.of("cooldown-ms", "300"))));
            final SessionConfig sessionConfig = SessionConfig.of(1, HZ, players, 0);
            // Interest over the whole 64 m square (its diagonal is 90.5 m): every client sees every player.
            final DeltaReplication replication = new DeltaReplication(new ReplicationConfig(players,
                    ReplicationConfig.DEFAULT_PACKET_BUDGET_BYTES, 96.0, ReplicationConfig.DEFAULT_HISTORY_LENGTH,
                    game.describe().worldSizeM()).withReplicationThreads(1).withEntityLayout(game.describe().entityLayout()));
            session = new GameSession(sessionConfig, game, replication);
            network = new ServerNetwork(NetworkConfig.builder().bindAddress("127.0.0.1").tcpPort(0).udpPort(0)
                    .build(), session, JoinAuthenticator.OPEN);
            network.start();
            session.start();
        }

        int tcpPort() {
            return network.tcpPort();
        }

        int udpPort() {
            return network.udpPort();
        }

        void close() throws InterruptedException {
            network.shutdown(ByeReason.SERVER_SHUTDOWN);
            session.stop(5, TimeUnit.SECONDS);
        }
    }
}
