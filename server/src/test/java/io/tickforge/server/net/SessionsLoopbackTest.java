package io.tickforge.server.net;

import io.tickforge.server.game.ArenaGame;
import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.server.replication.DeltaReplication;
import io.tickforge.server.replication.ReplicationConfig;
import io.tickforge.server.session.GameSession;
import io.tickforge.server.session.SessionConfig;
import io.tickforge.server.session.SessionDirectory;
import io.tickforge.server.session.SessionHost;
import io.tickforge.shared.protocol.ByeReason;
import io.tickforge.shared.protocol.Hello;
import io.tickforge.shared.protocol.RejectReason;
import io.tickforge.shared.protocol.Rejected;
import io.tickforge.shared.protocol.Welcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sessions on demand over loopback: "any" fills the oldest open session and starts the next, a
 * Hello naming a session joins that one, every refusal says why (NO_SUCH_SESSION, SESSION_FULL,
 * SERVER_FULL, UNKNOWN_GAME) and is counted, and an empty session ends after the timeout with its
 * tick and replication threads. The single-session directory (--max-sessions 1) answers the same
 * questions as before sessions existed.
 */
class SessionsLoopbackTest {
    static SessionHost.Factory arena(int maxPlayers, int workers) {
        return id -> {
            final ArenaGame game = new ArenaGame(maxPlayers, 0, 60);
            return new GameSession(SessionConfig.of(id, 60, maxPlayers, 0), game,
                    new DeltaReplication(ReplicationConfig.defaults(maxPlayers, game.describe().worldSizeM())
                            .withReplicationThreads(workers).withEntityLayout(game.describe().entityLayout())));
        };
    }

    private static ServerNetwork network(SessionDirectory sessions) throws Exception {
        return network(sessions, 0);
    }

    private static ServerNetwork network(SessionDirectory sessions, int reconnectGraceMs) throws Exception {
        ServerNetwork network = new ServerNetwork(NetworkConfig.builder().bindAddress("127.0.0.1").tcpPort(0).udpPort(0)
                .reconnectGraceMs(reconnectGraceMs).build(), sessions, JoinAuthenticator.OPEN);
        network.start();
        return network;
    }

    static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    static boolean threadAlive(String name) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name) && t.isAlive()) {
                return true;
            }
        }
        return false;
    }

    @Test
    @Timeout(60)
    void anyFillsASessionThenStartsTheNextAndEveryRefusalSaysWhy() throws Exception {
        final SessionHost host = new SessionHost(arena(2, 0), "arena", 2, 60_000);
        host.start();
        final ServerNetwork network = network(host);
        try (TestClient a = new TestClient(); TestClient b = new TestClient(); TestClient c = new TestClient();
             TestClient d = new TestClient(); TestClient full = new TestClient(); TestClient named = new TestClient();
             TestClient none = new TestClient(); TestClient game = new TestClient(); TestClient server = new TestClient()) {
            assertEquals(1, a.connect(network).join("a").sessionId);
            assertEquals(1, b.connect(network).join("b", "", Hello.ANY_SESSION).sessionId);
            // Session 1 is full: "any" starts session 2.
            Welcome third = c.connect(network).join("c", "arena", Hello.ANY_SESSION);
            assertEquals(2, third.sessionId);
            assertEquals(0, third.playerId, "slots are per session");
            assertEquals(2, host.liveCount());
            // Naming session 2 joins it.
            assertEquals(2, d.connect(network).join("d", null, 2).sessionId);

            Rejected r = full.connect(network).refused("e", null, 1);
            assertEquals(RejectReason.SESSION_FULL, r.reason);
            assertEquals("session 1 is full (2 players)", r.text);
            r = none.connect(network).refused("f", null, 99);
            assertEquals(RejectReason.NO_SUCH_SESSION, r.reason);
            assertTrue(r.text.startsWith("no session 99 on this server"), r.text);
            r = game.connect(network).refused("g", "zone", Hello.ANY_SESSION);
            assertEquals(RejectReason.UNKNOWN_GAME, r.reason);
            assertEquals("this server hosts game 'arena' only, not 'zone'", r.text);
            r = server.connect(network).refused("h", null, Hello.ANY_SESSION);
            assertEquals(RejectReason.SERVER_FULL, r.reason);
            assertEquals("all 2 sessions are full and no more may start here (--max-sessions 2)", r.text);

            assertEquals(1, network.counters().get(Counter.REJECTED_SESSION_FULL));
            assertEquals(1, network.counters().get(Counter.REJECTED_NO_SUCH_SESSION));
            assertEquals(1, network.counters().get(Counter.REJECTED_UNKNOWN_GAME));
            assertEquals(1, network.counters().get(Counter.REJECTED_SERVER_FULL));
            awaitTrue(() -> network.counters().get(Counter.JOINED) == 4, "4 joins");
            assertEquals(2, host.createdCount());
        } finally {
            network.shutdown(ByeReason.SERVER_SHUTDOWN);
            host.close();
        }
    }

    private int lastId;

    @Test
    @Timeout(60)
    void anEmptySessionEndsAfterTheTimeoutAndItsThreadsGo() throws Exception {
        final SessionHost host = new SessionHost(arena(4, 1), "arena", 4, 300);
        host.start();
        final ServerNetwork network = network(host);
        try (TestClient a = new TestClient(); TestClient b = new TestClient(); TestClient late = new TestClient()) {
            // The host's first session may already have ended empty (300 ms): "any" then started another.
            final Welcome first = a.connect(network).join("a");
            final int id = first.sessionId;
            assertTrue(threadAlive("tick-session-" + id));
            // While a plays, its session stays however long the timeout passes.
            Thread.sleep(600);
            assertEquals(1, host.liveCount());
            assertEquals(id, host.sessions().get(0).sessionId());
            final long endedBefore = host.endedEmptyCount();
            a.close();
            awaitTrue(() -> host.liveCount() == 0, "session " + id + " to end once empty");
            awaitTrue(() -> !threadAlive("tick-session-" + id), "its tick thread to end");
            awaitTrue(() -> host.endedEmptyCount() == endedBefore + 1, "the end to be counted"); // counted after the stop
            // Its id is gone for good; "any" starts a new session with a new id.
            assertEquals(RejectReason.NO_SUCH_SESSION, late.connect(network).refused("late", null, id).reason);
            final int next = b.connect(network).join("b").sessionId;
            assertEquals(id + 1, next);
            assertTrue(threadAlive("tick-session-" + next));
            lastId = next;
        } finally {
            network.shutdown(ByeReason.SERVER_SHUTDOWN);
            host.close();
        }
        assertFalse(threadAlive("tick-session-" + lastId), "close() stops the live sessions");
    }

    @Test
    @Timeout(60)
    void aReconnectGoesBackToItsOwnSession() throws Exception {
        final SessionHost host = new SessionHost(arena(1, 0), "arena", 2, 60_000);
        host.start();
        final ServerNetwork network = network(host, 10_000);
        try (TestClient a = new TestClient(); TestClient b = new TestClient(); TestClient wrong = new TestClient();
             TestClient back = new TestClient()) {
            final Welcome wa = a.connect(network).join("a");
            final Welcome wb = b.connect(network).join("b");
            assertTrue(wa.sessionId != wb.sessionId, "one player per session");
            assertEquals(wa.playerId, wb.playerId, "both are slot 0 of their session");
            awaitTrue(() -> network.counters().get(Counter.JOINED) == 2, "2 joins");
            b.close(); // no Bye: the slot is held for a reconnect
            awaitTrue(() -> network.counters().get(Counter.SLOTS_HELD) == 1, "b's slot held");
            // b's player id and secret name slot 0 of b's session; in a's session they are nothing.
            wrong.connect(network).client.sendTCP(Hello.reconnect("b", null, wb.playerId, wb.reconnectSecret)
                    .withSession(null, wa.sessionId));
            assertEquals(RejectReason.RECONNECT_REFUSED, wrong.await(Rejected.class).reason);
            back.connect(network).client.sendTCP(Hello.reconnect("b", null, wb.playerId, wb.reconnectSecret)
                    .withSession(null, wb.sessionId));
            final Welcome again = back.await(Welcome.class);
            assertEquals(wb.sessionId, again.sessionId);
            assertEquals(wb.playerId, again.playerId);
            // Counted after the Welcome is sent: wait for it rather than race it.
            awaitTrue(() -> network.counters().get(Counter.RECONNECTS_ACCEPTED) == 1, "the reconnect to be counted");
            assertTrue(a.isConnected(), "a, in the other session's slot 0, is untouched");
        } finally {
            network.shutdown(ByeReason.SERVER_SHUTDOWN);
            host.close();
        }
    }

    /** The arena, over when the test says so (Game.isOver reads a volatile field, as the SPI asks). */
    static final class EndableArena implements io.tickforge.server.gameapi.Game {
        final ArenaGame arena;
        volatile boolean over;

        EndableArena(int maxPlayers) {
            this.arena = new ArenaGame(maxPlayers, 0, 60);
        }

        @Override
        public io.tickforge.server.gameapi.GameDescriptor describe() {
            return arena.describe();
        }

        @Override
        public void start(io.tickforge.server.gameapi.GameContext context) {
            arena.start(context);
        }

        @Override
        public void join(io.tickforge.server.gameapi.GamePlayer player, long tick) {
            arena.join(player, tick);
        }

        @Override
        public void leave(io.tickforge.server.gameapi.GamePlayer player, long tick) {
            arena.leave(player, tick);
        }

        @Override
        public void tick(long tick, io.tickforge.server.gameapi.PlayerInputs inputs) {
            arena.tick(tick, inputs);
        }

        @Override
        public void writeSnapshot(io.tickforge.shared.world.WorldSnapshot out) {
            arena.writeSnapshot(out);
        }

        @Override
        public boolean isOver() {
            return over;
        }
    }

    @Test
    @Timeout(60)
    void aSessionWhoseGameIsOverEndsAndItsPlayersAreToldWhy() throws Exception {
        final java.util.List<EndableArena> games = new java.util.concurrent.CopyOnWriteArrayList<>();
        final SessionHost host = new SessionHost(id -> {
            final EndableArena game = new EndableArena(2);
            games.add(game);
            return new GameSession(SessionConfig.of(id, 60, 2, 0), game,
                    new DeltaReplication(ReplicationConfig.defaults(2, game.describe().worldSizeM())
                            .withReplicationThreads(0).withEntityLayout(game.describe().entityLayout())));
        }, "arena", 2, 60_000);
        host.start();
        final ServerNetwork network = network(host);
        try (TestClient a = new TestClient(); TestClient b = new TestClient(); TestClient c = new TestClient();
             TestClient d = new TestClient()) {
            final int id = a.connect(network).join("a").sessionId;
            assertEquals(id, b.connect(network).join("b").sessionId);
            awaitTrue(() -> network.counters().get(Counter.JOINED) == 2, "2 joins");
            games.get(id - 1).over = true;
            // From the moment the game says so, nobody new is placed in it, even before the host ends it.
            final Rejected late = c.connect(network).refused("c", null, id);
            assertEquals(RejectReason.NO_SUCH_SESSION, late.reason);
            final io.tickforge.shared.protocol.Bye bye = a.await(io.tickforge.shared.protocol.Bye.class);
            assertEquals(ByeReason.SERVER_SHUTDOWN, bye.reason);
            assertEquals("the match is over", bye.text);
            a.awaitDisconnected();
            awaitTrue(() -> host.endedGameOverCount() == 1, "the end to be counted");
            awaitTrue(() -> !threadAlive("tick-session-" + id), "its tick thread to end");
            assertEquals(RejectReason.NO_SUCH_SESSION, d.connect(network).refused("d", null, id).reason);
        } finally {
            network.shutdown(ByeReason.SERVER_SHUTDOWN);
            host.close();
        }
    }

    @Test
    @Timeout(60)
    void theSingleSessionAnswersByIdAndGameAsBefore() throws Exception {
        final GameSession session = arena(1, 0).create(1);
        final ServerNetwork network = network(SessionDirectory.single(session, "arena"));
        session.start();
        try (TestClient a = new TestClient(); TestClient full = new TestClient(); TestClient named = new TestClient();
             TestClient other = new TestClient(); TestClient game = new TestClient()) {
            assertEquals(1, a.connect(network).join("a", "arena", 1).sessionId);
            Rejected r = full.connect(network).refused("b", null, Hello.ANY_SESSION);
            assertEquals(RejectReason.SERVER_FULL, r.reason);
            assertEquals("session is full", r.text, "as before sessions on demand");
            assertEquals(RejectReason.SESSION_FULL, named.connect(network).refused("c", null, 1).reason);
            assertEquals(RejectReason.NO_SUCH_SESSION, other.connect(network).refused("d", null, 2).reason);
            assertEquals(RejectReason.UNKNOWN_GAME, game.connect(network).refused("e", "zone", 1).reason);
        } finally {
            network.shutdown(ByeReason.SERVER_SHUTDOWN);
            assertTrue(session.stop(5, TimeUnit.SECONDS));
        }
    }
}
