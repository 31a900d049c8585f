package io.tickforge.client.load;

import io.tickforge.client.ClientDriver;
import io.tickforge.client.GameClient;
import io.tickforge.client.GameClientConfig;
import io.tickforge.client.InputSource;
import io.tickforge.client.bot.BotGames;
import io.tickforge.client.metrics.ClientMetrics;
import io.tickforge.server.game.ArenaGame;
import io.tickforge.server.game.zone.ZoneGame;
import io.tickforge.server.gameapi.Game;
import io.tickforge.server.net.JoinAuthenticator;
import io.tickforge.server.net.NetworkConfig;
import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.server.net.ServerNetwork;
import io.tickforge.server.replication.DeltaReplication;
import io.tickforge.server.replication.ReplicationConfig;
import io.tickforge.server.session.GameSession;
import io.tickforge.server.session.SessionConfig;
import io.tickforge.server.session.SessionHost;
import io.tickforge.shared.game.ArenaSchemas;
import io.tickforge.shared.game.zone.ZoneRules;
import io.tickforge.shared.game.zone.ZoneSchemas;
import io.tickforge.shared.protocol.ByeReason;
import io.tickforge.shared.protocol.Hello;
import io.tickforge.shared.snapshot.SnapshotView;
import io.tickforge.shared.world.EntityLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One server process hosting arena (the default game), zone and a five-lane "tank" test game
 * ({@code --games arena,zone,tank --max-sessions 4}), real clients of each game on loopback: each
 * "any" Hello lands in a session of its own game, each client decodes snapshots with its own game's
 * schema, the zone client's jump button makes its entity rise, and every input the tank client
 * produces reaches the tank game exactly. The arena's and the zone's input wires happen to be the
 * same (four lanes, 5 bytes per input), so only the tank's (7 bytes per input) proves that each
 * peer's datagrams are decoded by its own session's input layout, not the default game's: decoded by
 * the arena's, they are malformed and the tank game receives nothing. After a dropped connection the
 * zone client comes back to its own session as the same player.
 */
class GamesLoopbackBotsTest {
    private static final int HZ = 60;

    private static SessionHost.Factory factory(int maxPlayers, IntFunction<Game> game) {
        return id -> {
            final Game g = game.apply(maxPlayers);
            return new GameSession(SessionConfig.of(id, HZ, maxPlayers, 0), g,
                    new DeltaReplication(ReplicationConfig.defaults(maxPlayers, g.describe().worldSizeM())
                            .withReplicationThreads(1).withEntityLayout(g.describe().entityLayout())));
        };
    }

    private static void await(BooleanSupplier condition, long seconds, String what) throws InterruptedException {
        await(condition, seconds, () -> what);
    }

    /** {@code what} is read when the wait fails (the figures it names as they are then). */
    private static void await(BooleanSupplier condition, long seconds, java.util.function.Supplier<String> what)
            throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for " + what.get());
            }
            Thread.sleep(10);
        }
    }

    @Test
    @Timeout(60)
    void clientsOfThreeGamesPlayInSessionsOfTheirOwnGameWithTheirOwnInputLayouts() throws Exception {
        final AtomicReference<SchemaInputLoopbackTest.Recorder> tankGame = new AtomicReference<>();
        final SessionHost host = new SessionHost(List.of(
                new SessionHost.HostedGame("arena", factory(4, n -> new ArenaGame(n, 0, HZ))),
                new SessionHost.HostedGame("zone", factory(4, n -> new ZoneGame(n, HZ, 1, 0))),
                new SessionHost.HostedGame("tank", factory(4, n -> {
                    final SchemaInputLoopbackTest.Recorder r = new SchemaInputLoopbackTest.Recorder(n);
                    tankGame.set(r);
                    return r;
                }))), 4, 60_000, 1);
        host.start();
        final ServerNetwork network = new ServerNetwork(NetworkConfig.builder().bindAddress("127.0.0.1").tcpPort(0)
                .udpPort(0).reconnectGraceMs(10_000).build(), host, JoinAuthenticator.OPEN);
        network.start();
        final BotGames games = BotGames.installed();
        final AtomicLong arenaViews = new AtomicLong();
        final AtomicLong zoneViews = new AtomicLong();
        final AtomicInteger zoneMaxZ = new AtomicInteger();
        final AtomicInteger arenaMoved = new AtomicInteger();
        final int[] arenaStart = {Integer.MIN_VALUE, 0};
        try (ClientDriver driver = new ClientDriver("games-driver", 500)) {
            driver.start();
            final InputSource walker = (tick, c, in) -> {
                in.moveTowards(tick * 0.01, 1.0);
                final SnapshotView view = c.view();
                final int self = view == null ? -1 : view.indexOf(c.playerId());
                if (self < 0) {
                    return;
                }
                if (view.layout().schema().equals(ArenaSchemas.ENTITY)) {
                    arenaViews.incrementAndGet();
                }
                if (arenaStart[0] == Integer.MIN_VALUE) {
                    arenaStart[0] = view.x(self);
                    arenaStart[1] = view.y(self);
                } else if (view.x(self) != arenaStart[0] || view.y(self) != arenaStart[1]) {
                    arenaMoved.set(1);
                }
            };
            final InputSource jumper = (tick, c, in) -> {
                in.buttons = ZoneRules.BUTTON_JUMP; // hold jump: take off again on every landing
                final SnapshotView view = c.view();
                final int self = view == null ? -1 : view.indexOf(c.playerId());
                if (self < 0) {
                    return;
                }
                final EntityLayout layout = view.layout();
                if (layout.schema().equals(ZoneSchemas.ENTITY)) {
                    zoneViews.incrementAndGet();
                    zoneMaxZ.accumulateAndGet(view.value(self, layout.requireLane(ZoneSchemas.POS) + 2), Math::max);
                }
            };
            final GameClient arena = new GameClient(GameClientConfig.builder("127.0.0.1", network.tcpPort(), network.udpPort())
                    .playerName("arena1").reconnect(false).session("arena", Hello.ANY_SESSION).build(), walker,
                    new ClientMetrics());
            final ClientMetrics zoneMetrics = new ClientMetrics();
            final GameClient zone = new GameClient(GameClientConfig.builder("127.0.0.1", network.tcpPort(), network.udpPort())
                    .playerName("zone1").session("zone", Hello.ANY_SESSION)
                    .schemas(games.entitySchema("zone"), games.inputSchema("zone"))
                    .movement(games.movement("zone")).build(), jumper, zoneMetrics);
            final GameClient tank = new GameClient(GameClientConfig.builder("127.0.0.1", network.tcpPort(), network.udpPort())
                    .playerName("tank1").reconnect(false).session("tank", Hello.ANY_SESSION)
                    .schemas(SchemaInputLoopbackTest.ENTITY, SchemaInputLoopbackTest.INPUT).build(),
                    new SchemaInputLoopbackTest.Source(false), new ClientMetrics(), new GameClient.Events() { });
            driver.add(arena);
            driver.add(zone);
            driver.add(tank);
            arena.connect();
            zone.connect();
            tank.connect();
            assertTrue(arena.awaitJoined(5, TimeUnit.SECONDS), String.valueOf(arena.closeReason()));
            assertTrue(zone.awaitJoined(5, TimeUnit.SECONDS), String.valueOf(zone.closeReason()));
            assertTrue(tank.awaitJoined(5, TimeUnit.SECONDS), String.valueOf(tank.closeReason()));
            assertEquals(1, arena.sessionId(), "the arena's first session");
            assertEquals(2, zone.sessionId(), "the zone's first session");
            assertEquals(3, tank.sessionId(), "the tank's first session");
            assertEquals(List.of("arena", "zone", "tank"),
                    host.hostedSessions().stream().map(SessionHost.HostedSession::game).toList());

            // Take-off 5 m/s, gravity 20 m/s^2: about 0.62 m (160 units) high.
            await(() -> zoneMaxZ.get() > 120 && arenaMoved.get() == 1 && arenaViews.get() > 60, 15,
                    () -> "the zone player to jump (highest z " + zoneMaxZ.get() + ") and the arena player to walk (moved "
                            + arenaMoved.get() + ", views " + arenaViews.get() + ")");
            assertTrue(zoneViews.get() > 30, "zone snapshots decoded with the zone's schema: " + zoneViews.get());
            final SchemaInputLoopbackTest.Recorder tanks = tankGame.get();
            await(() -> tanks.received.get() >= HZ, 10, () -> "the tank game to receive a second of inputs (received "
                    + tanks.received.get() + ", malformed datagrams " + network.counters().get(Counter.UDP_MALFORMED) + ")");
            assertEquals(0, tanks.mismatched.get(), tanks.firstMismatch);
            assertTrue(tank.view() != null && tank.view().indexOf(tank.playerId()) >= 0, "the tank client sees itself");
            assertEquals(0, arena.metrics().decodeFailures());
            assertEquals(0, zoneMetrics.decodeFailures());
            assertEquals(0, network.counters().get(Counter.UDP_MALFORMED), "every input datagram decoded by its peer's layout");

            // A dropped zone connection comes back to the zone session, as the same player, and jumps on.
            final int zonePlayer = zone.playerId();
            zone.dropConnection();
            await(() -> zoneMetrics.reconnects() == 1 && zone.state() == GameClient.State.JOINED, 15, "the reconnect");
            assertEquals(2, zone.sessionId(), "back in its own game's session");
            assertEquals(zonePlayer, zone.playerId());
            zoneMaxZ.set(0);
            await(() -> zoneMaxZ.get() > 120, 10, "jumps after the reconnect");
            assertEquals(1, network.counters().get(Counter.RECONNECTS_ACCEPTED));
            assertEquals(0, network.counters().get(Counter.UDP_MALFORMED));
            assertEquals(0, tanks.mismatched.get(), tanks.firstMismatch);
            assertEquals(3, host.liveCount(), "no session started for the reconnect");
            arena.dispose();
            zone.dispose();
            tank.dispose();
        } finally {
            network.shutdown(ByeReason.SERVER_SHUTDOWN);
            host.close();
        }
    }

    @Test
    void theInputDatagramCheckCoversEveryHostedGame() {
        // Ten 31-bit lanes: 8 inputs make 366-byte datagrams, more than the default 256: refused though not the default game.
        final io.tickforge.shared.schema.SchemaBuilder<io.tickforge.shared.schema.InputSchema> b =
                io.tickforge.shared.schema.InputSchema.builder("wide");
        for (int i = 0; i < 10; i++) {
            b.uint("v" + i, 0, Integer.MAX_VALUE);
        }
        final io.tickforge.shared.schema.InputSchema wide = b.build();
        final SessionHost host = new SessionHost(List.of(
                new SessionHost.HostedGame("arena", factory(2, n -> new ArenaGame(n, 0, HZ))),
                new SessionHost.HostedGame("wide", factory(2, n -> new SchemaInputLoopbackTest.Recorder(n, wide)))),
                2, 60_000, 0);
        try {
            final String msg = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> new ServerNetwork(NetworkConfig.builder().bindAddress("127.0.0.1").tcpPort(0).udpPort(0).build(),
                            host, JoinAuthenticator.OPEN)).getMessage();
            assertTrue(msg.contains("input datagrams of up to 366 bytes; maxInputDatagramBytes is 256"), msg);
        } finally {
            host.close();
        }
    }
}
