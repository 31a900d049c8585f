package io.tickforge.server.net;

import io.tickforge.server.game.ArenaGame;
import io.tickforge.server.game.zone.ZoneGame;
import io.tickforge.server.gameapi.Game;
import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.server.replication.DeltaReplication;
import io.tickforge.server.replication.ReplicationConfig;
import io.tickforge.server.session.GameSession;
import io.tickforge.server.session.SessionConfig;
import io.tickforge.server.session.SessionHost;
import io.tickforge.shared.game.ArenaSchemas;
import io.tickforge.shared.game.zone.ZoneSchemas;
import io.tickforge.shared.protocol.ByeReason;
import io.tickforge.shared.protocol.Hello;
import io.tickforge.shared.protocol.RejectReason;
import io.tickforge.shared.protocol.Rejected;
import io.tickforge.shared.protocol.Welcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.function.IntFunction;

import static io.tickforge.server.net.SessionsLoopbackTest.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One process hosting sessions of two games (arena, the default, and zone) over loopback: each
 * Hello is placed in a session of its own game and checked against that game's schemas; a Hello
 * naming a session of the other game is refused with NO_SUCH_SESSION naming both games, one naming a
 * game not hosted with UNKNOWN_GAME listing the hosted ones; "any" starts a session of the Hello's
 * game while --max-sessions allows, whatever the games; a reconnect goes back to its own session.
 * (The zone players' inputs decoded by the zone's layout: GamesLoopbackBotsTest in headless-client.)
 */
class GamesLoopbackTest {
    static SessionHost.Factory factory(int maxPlayers, IntFunction<Game> game) {
        return id -> {
            final Game g = game.apply(maxPlayers);
            return new GameSession(SessionConfig.of(id, 60, maxPlayers, 0), g,
                    new DeltaReplication(ReplicationConfig.defaults(maxPlayers, g.describe().worldSizeM())
                            .withReplicationThreads(0).withEntityLayout(g.describe().entityLayout())));
        };
    }

    static List<SessionHost.HostedGame> arenaAndZone(int maxPlayers) {
        return List.of(new SessionHost.HostedGame("arena", factory(maxPlayers, n -> new ArenaGame(n, 0, 60))),
                new SessionHost.HostedGame("zone", factory(maxPlayers, n -> new ZoneGame(n, 60, 2, 2))));
    }

    private static ServerNetwork network(SessionHost host, int reconnectGraceMs) throws Exception {
        final ServerNetwork network = new ServerNetwork(NetworkConfig.builder().bindAddress("127.0.0.1").tcpPort(0)
                .udpPort(0).reconnectGraceMs(reconnectGraceMs).build(), host, JoinAuthenticator.OPEN);
        network.start();
        return network;
    }

    @Test
    @Timeout(60)
    void eachHelloLandsInASessionOfItsOwnGameAndEveryRefusalSaysWhy() throws Exception {
        final SessionHost host = new SessionHost(arenaAndZone(1), 4, 60_000, 0);
        assertEquals(List.of("arena", "zone"), host.games());
        assertEquals(2, host.liveCount(), "each game's first session starts with the host");
        host.start();
        final ServerNetwork network = network(host, 0);
        try (TestClient arena = new TestClient(); TestClient zone = new TestClient(); TestClient zone2 = new TestClient();
             TestClient defaultGame = new TestClient(); TestClient cross = new TestClient();
             TestClient crossBack = new TestClient(); TestClient unknown = new TestClient();
             TestClient wrongSchemas = new TestClient(); TestClient full = new TestClient()) {
            final Welcome wa = arena.connect(network).join("a", "arena", Hello.ANY_SESSION);
            final Welcome wz = zone.connect(network).schemas(ZoneSchemas.ENTITY, ZoneSchemas.INPUT)
                    .join("z", "zone", Hello.ANY_SESSION);
            assertEquals(1, wa.sessionId, "arena's first session");
            assertEquals(2, wz.sessionId, "zone's first session");
            assertEquals(ArenaSchemas.ENTITY.hash(), wa.entitySchemaHash);
            assertEquals(ZoneSchemas.ENTITY.hash(), wz.entitySchemaHash, "the Welcome comes from the zone session");
            assertEquals(ZoneSchemas.INPUT.hash(), wz.inputSchemaHash);

            // Both first sessions are full (one slot each): "any" of zone starts a new zone session.
            final Welcome wz2 = zone2.connect(network).schemas(ZoneSchemas.ENTITY, ZoneSchemas.INPUT)
                    .join("z2", "zone", Hello.ANY_SESSION);
            assertEquals(3, wz2.sessionId);
            assertEquals(ZoneSchemas.ENTITY.hash(), wz2.entitySchemaHash);
            // A Hello naming no game is the default game's (arena): a new arena session.
            final Welcome wd = defaultGame.connect(network).join("d", null, Hello.ANY_SESSION);
            assertEquals(4, wd.sessionId);
            assertEquals(ArenaSchemas.ENTITY.hash(), wd.entitySchemaHash);
            assertEquals(List.of("arena", "zone", "zone", "arena"),
                    host.hostedSessions().stream().map(SessionHost.HostedSession::game).toList());

            // A zone Hello naming the arena's session: no such session of its game.
            Rejected r = cross.connect(network).schemas(ZoneSchemas.ENTITY, ZoneSchemas.INPUT)
                    .refused("x", "zone", wa.sessionId);
            assertEquals(RejectReason.NO_SUCH_SESSION, r.reason);
            assertEquals("session 1 runs game 'arena', not 'zone': no session 1 of game 'zone' here;"
                    + " join any session of 'zone'", r.text);
            // The same for a Hello naming no game (the default, arena) and a zone session.
            r = crossBack.connect(network).refused("y", null, wz.sessionId);
            assertEquals(RejectReason.NO_SUCH_SESSION, r.reason);
            assertTrue(r.text.startsWith("session 2 runs game 'zone', not 'arena'"), r.text);
            r = unknown.connect(network).refused("u", "chess", Hello.ANY_SESSION);
            assertEquals(RejectReason.UNKNOWN_GAME, r.reason);
            assertEquals("this server hosts games 'arena', 'zone', not 'chess'", r.text);
            // Zone's name with the arena's schemas: checked against the zone's.
            r = wrongSchemas.connect(network).refused("w", "zone", Hello.ANY_SESSION);
            assertEquals(RejectReason.SCHEMA_MISMATCH, r.reason);
            assertTrue(r.text.contains("entity schema zone#"), r.text);
            // Four sessions live (--max-sessions 4), all full: "any" of arena is SERVER_FULL.
            r = full.connect(network).refused("f", "arena", Hello.ANY_SESSION);
            assertEquals(RejectReason.SERVER_FULL, r.reason);
            assertTrue(r.text.startsWith("no session of game 'arena' has room"), r.text);

            assertEquals(2, network.counters().get(Counter.REJECTED_NO_SUCH_SESSION));
            assertEquals(1, network.counters().get(Counter.REJECTED_UNKNOWN_GAME));
            assertEquals(1, network.counters().get(Counter.REJECTED_SERVER_FULL));
            awaitTrue(() -> network.counters().get(Counter.JOINED) == 4, "4 joins");
        } finally {
            network.shutdown(ByeReason.SERVER_SHUTDOWN);
            host.close();
        }
    }

    @Test
    @Timeout(60)
    void aReconnectGoesBackToItsOwnGamesSession() throws Exception {
        final SessionHost host = new SessionHost(arenaAndZone(2), 4, 60_000, 0);
        host.start();
        final ServerNetwork network = network(host, 10_000);
        try (TestClient a = new TestClient(); TestClient z = new TestClient(); TestClient wrongGame = new TestClient();
             TestClient back = new TestClient()) {
            final Welcome wa = a.connect(network).join("a", "arena", Hello.ANY_SESSION);
            final Welcome wz = z.connect(network).schemas(ZoneSchemas.ENTITY, ZoneSchemas.INPUT)
                    .join("z", "zone", Hello.ANY_SESSION);
            assertTrue(wa.sessionId != wz.sessionId);
            awaitTrue(() -> network.counters().get(Counter.JOINED) == 2, "2 joins");
            z.close(); // no Bye: the slot is held for a reconnect
            awaitTrue(() -> network.counters().get(Counter.SLOTS_HELD) == 1, "z's slot held");
            // The zone player's secret, but the Hello names the arena (and its schemas): not its session.
            wrongGame.connect(network).client.sendTCP(Hello.reconnect("z", null, wz.playerId, wz.reconnectSecret)
                    .withSchemas(ArenaSchemas.ENTITY.hash(), ArenaSchemas.INPUT.hash()).withSession("arena", wz.sessionId));
            assertEquals(RejectReason.NO_SUCH_SESSION, wrongGame.await(Rejected.class).reason);
            back.connect(network).client.sendTCP(Hello.reconnect("z", null, wz.playerId, wz.reconnectSecret)
                    .withSchemas(ZoneSchemas.ENTITY.hash(), ZoneSchemas.INPUT.hash()).withSession("zone", wz.sessionId));
            final Welcome again = back.await(Welcome.class);
            assertEquals(wz.sessionId, again.sessionId);
            assertEquals(wz.playerId, again.playerId);
            assertEquals(ZoneSchemas.ENTITY.hash(), again.entitySchemaHash);
            awaitTrue(() -> network.counters().get(Counter.RECONNECTS_ACCEPTED) == 1, "the reconnect to be counted");
        } finally {
            network.shutdown(ByeReason.SERVER_SHUTDOWN);
            host.close();
        }
    }

    @Test
    @Timeout(30)
    void theHostRefusesTooFewSessionsForItsGamesAndGamesThatDisagreeOnTheTickRate() {
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                () -> new SessionHost(arenaAndZone(1), 1, 60_000, 0));
        assertTrue(few.getMessage().contains("below the 2 hosted games"), few.getMessage());
        final SessionHost.Factory zoneAt30 = id -> {
            final ZoneGame g = new ZoneGame(1, 30, 2, 2);
            return new GameSession(SessionConfig.of(id, 30, 1, 0), g,
                    new DeltaReplication(ReplicationConfig.defaults(1, g.describe().worldSizeM())
                            .withReplicationThreads(0).withEntityLayout(g.describe().entityLayout())));
        };
        IllegalStateException rate = assertThrows(IllegalStateException.class, () -> new SessionHost(List.of(
                arenaAndZone(1).get(0), new SessionHost.HostedGame("zone", zoneAt30)), 4, 60_000, 0));
        assertTrue(rate.getMessage().startsWith("game 'zone' runs at 30 Hz"), rate.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> new SessionHost(List.of(
                arenaAndZone(1).get(0), arenaAndZone(1).get(0)), 4, 60_000, 0));
        assertTrue(twice.getMessage().contains("hosted twice"), twice.getMessage());
    }
}
