package io.tickforge.client.ops;

import io.tickforge.server.game.ArenaGame;
import io.tickforge.server.game.ArenaEngineSettings;
import io.tickforge.client.ClientDriver;
import io.tickforge.client.GameClient;
import io.tickforge.client.GameClientConfig;
import io.tickforge.client.bot.BotController;
import io.tickforge.client.bot.BotGames;
import io.tickforge.client.bot.BotSeeds;
import io.tickforge.client.metrics.ClientMetrics;
import io.tickforge.server.admin.AdminConfig;
import io.tickforge.server.admin.AdminServer;
import io.tickforge.server.admin.AdminSources;
import io.tickforge.server.net.NetworkConfig;
import io.tickforge.server.net.ServerNetwork;
import io.tickforge.server.replication.DeltaReplication;
import io.tickforge.server.replication.ReplicationConfig;
import io.tickforge.server.session.GameSession;
import io.tickforge.server.session.SessionConfig;
import io.tickforge.shared.protocol.ByeReason;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real server wired as ServerMain wires it, plus its admin endpoint, on ephemeral loopback
 * ports, with {@code bots} wandering and chasing bots joined. Test scope only.
 */
final class OpsServer implements AutoCloseable {
    final GameSession session;
    final ServerNetwork network;
    final AdminServer admin;
    private final ClientDriver driver = new ClientDriver("ops-bots", 500);

    OpsServer(int bots, int npcs) throws Exception {
        session = new GameSession(SessionConfig.of(1, 60, 32, npcs), new ArenaGame(32, npcs, 60), new DeltaReplication(ReplicationConfig.defaults(32, ArenaEngineSettings.WORLD_SIZE_M)));
        network = new ServerNetwork(new NetworkConfig("127.0.0.1", 0, 0), session);
        session.setTrafficCounters(network::bytesIn, network::bytesOut);
        admin = new AdminServer(new AdminConfig("127.0.0.1", 0, null),
                new AdminSources(session, network.counters(), "test"));
        admin.start();
        network.start();
        session.start();
        driver.start();
        final String[] kinds = {"wander", "chase", "strafe"};
        for (int i = 0; i < bots; i++) {
            final long seed = BotSeeds.botSeed(42, i);
            final GameClient client = new GameClient(GameClientConfig.builder("127.0.0.1", network.tcpPort(), network.udpPort())
                    .playerName("bot-" + i).seed(seed).build(),
                    new BotController(BotGames.installed().create("arena", kinds[i % kinds.length], seed), 512), new ClientMetrics());
            driver.add(client);
            client.connect();
            assertTrue(client.awaitJoined(10, TimeUnit.SECONDS), "bot-" + i + " joined");
        }
    }

    String adminUrl() {
        return "http://127.0.0.1:" + admin.port();
    }

    @Override
    public void close() throws Exception {
        driver.close();
        admin.close();
        network.shutdown(ByeReason.SERVER_SHUTDOWN);
        session.stop(5, TimeUnit.SECONDS);
    }
}
