package io.tickforge.server.net;

import io.tickforge.server.gameapi.RecordingGame;
import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.server.replication.DeltaReplication;
import io.tickforge.server.replication.ReplicationConfig;
import io.tickforge.server.session.GameSession;
import io.tickforge.server.session.SessionConfig;
import io.tickforge.shared.protocol.ByeReason;
import io.tickforge.shared.protocol.RejectReason;
import io.tickforge.shared.protocol.Rejected;
import io.tickforge.shared.protocol.SnapshotDatagram;
import io.tickforge.shared.protocol.Welcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A game's join-attempt rejection reaches a real client over loopback as {@code Rejected(GAME_REJECTED,
 * the game's reason)}, after its Welcome; the connection closes and the slot ends (not held for a
 * reconnect, although the grace is on), so the next player can have it.
 */
class GameRejectionLoopbackTest {
    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    @Timeout(30)
    void aRejectedJoinGetsTheGamesReasonAndFreesItsSlot() throws Exception {
        final RecordingGame game = new RecordingGame(1, "banned");
        final GameSession session = new GameSession(SessionConfig.of(3, 60, 1, 0), game,
                new DeltaReplication(ReplicationConfig.defaults(1, game.describe().worldSizeM()).withReplicationThreads(0)
                        .withEntityLayout(game.describe().entityLayout())));
        final ServerNetwork network = new ServerNetwork(NetworkConfig.builder().bindAddress("127.0.0.1").tcpPort(0).udpPort(0)
                .reconnectGraceMs(10_000).build(), session);
        network.start();
        session.start();
        boolean stopped = false;
        try (TestClient banned = new TestClient(); TestClient ada = new TestClient()) {
            // RecordingGame declares no schemas: it has the fixed shape, and the clients must say so.
            banned.schemas(session.entitySchema(), session.inputSchema());
            ada.schemas(session.entitySchema(), session.inputSchema());
            banned.connect(network);
            Welcome welcome = banned.join("banned-bob");            // the network admits it first
            assertEquals(0, welcome.playerId);
            Rejected rejected = banned.await(Rejected.class);       // then the game, at the tick boundary
            assertEquals(RejectReason.GAME_REJECTED, rejected.reason);
            assertEquals(RecordingGame.REJECT_TEXT + "'banned'", rejected.text);
            banned.awaitDisconnected();
            awaitTrue(() -> network.counters().get(Counter.LEAVES) == 1, "the slot's leave");
            assertEquals(0, network.counters().get(Counter.SLOTS_HELD), "a rejected player is not held for a reconnect");
            assertEquals(1, session.joinsRejectedByGame());
            final long leaveQueuedBy = session.currentTick();
            awaitTrue(() -> session.currentTick() >= leaveQueuedBy + 2, "a tick boundary to apply the leave");

            // The only slot is free again: the next player joins and plays.
            ada.connect(network);
            assertEquals(0, ada.join("ada").playerId);
            awaitTrue(() -> session.playerCount() == 1, "ada in the game");
            SnapshotDatagram snapshot = ada.await(SnapshotDatagram.class);
            assertTrue(snapshot.length > 0);
            assertTrue(ada.isConnected());
            // Stop the game while the clients are still connected: closing them first let a tick
            // apply ada's disconnect as a leave before the stop, now and then.
            stopped = session.stop(5, TimeUnit.SECONDS);
            assertTrue(stopped);
        } finally {
            network.shutdown(ByeReason.SERVER_SHUTDOWN);
            if (!stopped) {
                assertTrue(session.stop(5, TimeUnit.SECONDS));
            }
        }
        // The tick thread has ended: its record is safe to read.
        assertEquals(List.of("start", "attempt banned-bob", "attempt ada", "join ada 0", "end"),
                game.calls.stream().map(c -> c.replaceAll(" @\\d+$", "").replaceAll("^start .*", "start")).toList());
    }
}
