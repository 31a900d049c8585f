package io.tickforge.client.load;

import io.tickforge.client.ClientDriver;
import io.tickforge.client.GameClient;
import io.tickforge.client.InputSource;
import io.tickforge.client.GameClientConfig;
import io.tickforge.client.bot.BotController;
import io.tickforge.client.bot.BotGames;
import io.tickforge.client.metrics.ClientMetrics;
import io.tickforge.server.game.ArenaGame;
import io.tickforge.server.net.JoinAuthenticator;
import io.tickforge.server.net.NetworkConfig;
import io.tickforge.server.net.ServerNetwork;
import io.tickforge.server.replication.DeltaReplication;
import io.tickforge.server.replication.ReplicationConfig;
import io.tickforge.server.session.GameSession;
import io.tickforge.server.session.SessionConfig;
import io.tickforge.server.session.SessionHost;
import io.tickforge.shared.protocol.ByeReason;
import io.tickforge.shared.protocol.Hello;
import io.tickforge.shared.snapshot.SnapshotView;
import io.tickforge.shared.world.EntityIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two sessions side by side in one process (a {@link SessionHost} behind one network), bots in each:
 * "any" puts three bots in session 1 and, once it is full, the fourth in a new session 2; a bot in
 * session 2 names it and joins it. The interest radius covers the whole arena (no NPCs), so a bot sees exactly its session's players: those of
 * session 1 the three of session 1, those of session 2 the two of session 2, never an entity of
 * the other session, for as long as they play.
 */
class SessionsIsolationLoopbackTest {
    private static final int PLAYERS = 3;
    /** An interest radius over the arena's whole 256 m square (its diagonal is 362 m). */
    private static final double WHOLE_WORLD_M = 400;

    @Test
    @Timeout(60)
    void botsOfTwoSessionsNeverSeeEachOther() throws Exception {
        final SessionHost host = new SessionHost(id -> {
            final ArenaGame game = new ArenaGame(PLAYERS, 0, 60);
            return new GameSession(SessionConfig.of(id, 60, PLAYERS, 0), game,
                    new DeltaReplication(new ReplicationConfig(PLAYERS, ReplicationConfig.DEFAULT_PACKET_BUDGET_BYTES,
                            WHOLE_WORLD_M, ReplicationConfig.DEFAULT_HISTORY_LENGTH, game.describe().worldSizeM())
                            .withReplicationThreads(1).withEntityLayout(game.describe().entityLayout())));
        }, "arena", 2, 60_000);
        host.start();
        final ServerNetwork network = new ServerNetwork(NetworkConfig.builder().bindAddress("127.0.0.1").tcpPort(0)
                .udpPort(0).build(), host, JoinAuthenticator.OPEN);
        network.start();
        final List<GameClient> bots = new ArrayList<>();
        final int[] sessionOf = {Hello.ANY_SESSION, Hello.ANY_SESSION, Hello.ANY_SESSION, Hello.ANY_SESSION, 2};
        final int[] expectedSession = {1, 1, 1, 2, 2};
        // Filled on the driving thread (in each bot's input sampling), read here after the driver stops.
        final List<Set<Integer>> seen = new ArrayList<>();
        final AtomicIntegerArray mostSeen = new AtomicIntegerArray(sessionOf.length);
        final AtomicInteger views = new AtomicInteger();
        try (ClientDriver driver = new ClientDriver("sessions-driver", 500)) {
            driver.start();
            final BotGames games = BotGames.installed();
            for (int i = 0; i < sessionOf.length; i++) {
                final int bot = i;
                final Set<Integer> ids = ConcurrentHashMap.newKeySet();
                seen.add(ids);
                final BotController controller = new BotController(games.create("arena", "wander", i), 64, games.entityLayout("arena"));
                final InputSource watching = (tick, client, out) -> {
                    final SnapshotView view = client.view();
                    if (view != null && view.count() > 0) {
                        for (int e = 0; e < view.count(); e++) {
                            ids.add(view.entityId(e));
                        }
                        mostSeen.accumulateAndGet(bot, view.count(), Math::max);
                        views.incrementAndGet();
                    }
                    controller.sample(tick, client, out);
                };
                final GameClient client = new GameClient(GameClientConfig.builder("127.0.0.1", network.tcpPort(), network.udpPort())
                        .playerName("bot" + i).session("arena", sessionOf[i]).build(), watching, new ClientMetrics());
                bots.add(client);
                driver.add(client);
                client.connect();
                assertTrue(client.awaitJoined(5, TimeUnit.SECONDS), "bot" + i + " did not join: " + client.closeReason());
            }
            for (int i = 0; i < bots.size(); i++) {
                assertEquals(expectedSession[i], bots.get(i).sessionId(), "bot" + i + "'s session");
            }
            assertEquals(2, host.liveCount());
            // Play for two seconds: every view a bot decodes holds its own session's players only.
            Thread.sleep(2000);
            for (int i = 0; i < bots.size(); i++) {
                assertTrue(!bots.get(i).isClosed(), "bot" + i + " closed: " + bots.get(i).closeReason());
            }
        }
        try {
            assertTrue(views.get() > 100, "views decoded: " + views.get());
            for (int i = 0; i < bots.size(); i++) {
                final int playersInSession = expectedSession[i] == 1 ? 3 : 2;
                assertTrue(mostSeen.get(i) <= playersInSession, "bot" + i + " saw " + mostSeen.get(i)
                        + " entities at once; its session has " + playersInSession + " players");
                final Set<Integer> expected = expectedSession[i] == 1
                        ? Set.of(EntityIds.player(0), EntityIds.player(1), EntityIds.player(2))
                        : Set.of(EntityIds.player(0), EntityIds.player(1));
                assertEquals(expected, seen.get(i), "entities bot" + i + " (session " + expectedSession[i] + ") saw");
            }
        } finally {
            for (GameClient bot : bots) {
                bot.dispose();
            }
            network.shutdown(ByeReason.SERVER_SHUTDOWN);
            host.close();
        }
    }
}
