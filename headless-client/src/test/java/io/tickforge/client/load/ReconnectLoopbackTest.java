package io.tickforge.client.load;

import io.tickforge.client.ClientDriver;
import io.tickforge.client.GameClient;
import io.tickforge.client.GameClientConfig;
import io.tickforge.client.InputSource;
import io.tickforge.client.metrics.ClientMetrics;
import io.tickforge.server.net.NetworkConfig;
import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.shared.snapshot.SnapshotView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Reconnection end to end: the real server (GameSession, DeltaReplication, ServerNetwork) on
 * ephemeral loopback ports and real {@link GameClient}s. One client's TCP socket is reset mid-game
 * (SO_LINGER 0, no Bye, as a dying network does); it must come back as the same player with its
 * entity where it left it, the others must never notice, and the server must keep ticking. And a
 * slot nobody reclaims is freed when the grace ends.
 */
class ReconnectLoopbackTest {

    /** Own position as the newest snapshot says, copied on the driving thread for the test thread. */
    private static final class Own implements GameClient.Events {
        volatile int x = Integer.MIN_VALUE;
        volatile int y = Integer.MIN_VALUE;
        volatile long snapshots;

        @Override
        public void onSnapshot(GameClient client) {
            final SnapshotView view = client.view();
            final int self = view.indexOf(client.playerId());
            if (self >= 0) {
                x = view.x(self);
                y = view.y(self);
                snapshots++;
            }
        }
    }

    /** Walks east for its first 30 ticks, then stands still: its place is neither its spawn point nor changing. */
    private static InputSource walkThenStand() {
        final long[] first = {-1};
        return (tick, client, in) -> {
            if (first[0] < 0) {
                first[0] = tick;
            }
            in.set(tick - first[0] < 30 ? 127 : 0, 0, 0, 0);
        };
    }

    private static GameClient client(InProcessServer server, String name, ClientMetrics metrics, Own own, boolean reconnect) {
        return new GameClient(GameClientConfig.builder("127.0.0.1", server.tcpPort(), server.udpPort())
                .playerName(name).reconnect(reconnect).build(), walkThenStand(), metrics, own);
    }

    private static void await(BooleanSupplier condition, long seconds, String what) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    @Timeout(60)
    void aClientWhoseSocketIsResetMidGameComesBackAsTheSamePlayerWhereItStood() throws Exception {
        final int n = 3;
        try (ClientDriver driver = new ClientDriver("reconnect-driver", 500);
             InProcessServer server = new InProcessServer(60, 8, 20,
                     NetworkConfig.builder().bindAddress("127.0.0.1").reconnectGraceMs(10_000), null)) {
            driver.start();
            final GameClient[] clients = new GameClient[n];
            final ClientMetrics[] metrics = new ClientMetrics[n];
            final Own[] own = new Own[n];
            for (int i = 0; i < n; i++) {
                metrics[i] = new ClientMetrics();
                own[i] = new Own();
                clients[i] = client(server, "player" + i, metrics[i], own[i], true);
                driver.add(clients[i]);
                clients[i].connect();
            }
            for (GameClient c : clients) {
                assertTrue(c.awaitJoined(5, TimeUnit.SECONDS), "joined");
            }
            // Everyone has walked and stopped (30 ticks of walking, then a second standing).
            await(() -> own[0].snapshots > 120 && own[1].snapshots > 120 && own[2].snapshots > 120, 20, "snapshots");
            final GameClient victim = clients[1];
            final int victimId = victim.playerId();
            final int xBefore = own[1].x;
            final int yBefore = own[1].y;
            final long victimSnapshotsBefore = own[1].snapshots;
            final long othersBefore = own[0].snapshots + own[2].snapshots;
            final long tickBefore = server.session.currentTick();

            victim.dropConnection();
            await(() -> victim.state() == GameClient.State.RECONNECTING || metrics[1].reconnects() > 0, 5, "the drop");
            await(() -> metrics[1].reconnects() == 1 && victim.state() == GameClient.State.JOINED, 15, "the reconnect");
            // The snapshots after the reconnect: a keyframe first (no missing baseline), then the stream.
            await(() -> own[1].snapshots > victimSnapshotsBefore + 60, 10, "snapshots after the reconnect");

            assertEquals(victimId, victim.playerId(), "the same player id");
            assertEquals(xBefore, own[1].x, "the same entity where it stood (a new player would be at its spawn)");
            assertEquals(yBefore, own[1].y);
            assertEquals(1, metrics[1].chaosDrops());
            assertEquals(0, metrics[1].decodeFailures(), "fresh replication state: the first packet is a keyframe");
            assertTrue(metrics[1].isConnected());
            assertNull(metrics[1].disconnectReason());
            assertEquals(n, server.session.playerCount(), "held, never removed");

            for (int i : new int[] {0, 2}) {
                assertTrue(metrics[i].isConnected(), "player" + i + " kept its connection");
                assertEquals(0, metrics[i].reconnects());
                assertNull(metrics[i].disconnectReason());
                assertEquals(0, metrics[i].decodeFailures());
                assertEquals(GameClient.State.JOINED, clients[i].state());
            }
            assertTrue(own[0].snapshots + own[2].snapshots > othersBefore + 120, "the others kept getting snapshots");
            // Waited for, not read once: the victim's 60 snapshots can include ticks from before
            // tickBefore was read (in flight), which made a one-shot read flaky on a loaded machine.
            await(() -> server.session.currentTick() > tickBefore + 60, 10, "the server kept ticking");
            assertEquals(1, server.network.counters().get(Counter.SLOTS_HELD));
            assertEquals(1, server.network.counters().get(Counter.RECONNECTS_ACCEPTED));
            assertEquals(0, server.network.counters().get(Counter.RECONNECTS_REFUSED));
            assertEquals(0, server.network.counters().get(Counter.LEAVES));
            assertEquals(n, server.network.counters().get(Counter.JOINED), "a reconnect is not a join");
        }
    }

    @Test
    @Timeout(30)
    void aSlotNobodyReclaimsIsFreedWhenTheGraceEnds() throws Exception {
        // One player slot: only a freed slot lets the second client in.
        try (ClientDriver driver = new ClientDriver("grace-driver", 500);
             InProcessServer server = new InProcessServer(60, 1, 5,
                     NetworkConfig.builder().bindAddress("127.0.0.1").reconnectGraceMs(1_000), null)) {
            driver.start();
            final ClientMetrics goneMetrics = new ClientMetrics();
            final Own goneOwn = new Own();
            final GameClient gone = client(server, "gone", goneMetrics, goneOwn, false); // never comes back
            driver.add(gone);
            gone.connect();
            assertTrue(gone.awaitJoined(5, TimeUnit.SECONDS));
            await(() -> goneOwn.snapshots > 10, 10, "snapshots");

            gone.dropConnection();
            await(gone::isClosed, 5, "the client to give up (reconnection off)");
            await(() -> server.network.counters().get(Counter.SLOTS_HELD) == 1, 5, "the hold");
            // While held the player is still in the world and the one slot is taken.
            if (server.network.counters().get(Counter.RECONNECT_GRACE_EXPIRED) == 0) {
                assertEquals(1, server.session.playerCount(), "held in the world");
            }
            await(() -> server.network.counters().get(Counter.RECONNECT_GRACE_EXPIRED) == 1, 10, "the grace to end");
            await(() -> server.session.playerCount() == 0, 5, "the leave to reach the session");
            assertEquals(1, server.network.counters().get(Counter.LEAVES), "exactly one leave");

            final ClientMetrics nextMetrics = new ClientMetrics();
            final GameClient next = client(server, "next", nextMetrics, new Own(), true);
            driver.add(next);
            next.connect();
            assertTrue(next.awaitJoined(5, TimeUnit.SECONDS), "the freed slot admits a newcomer: " + nextMetrics.joinFailure());
            assertEquals(0, next.playerId());
            assertFalse(gone.state() == GameClient.State.JOINED);
            assertEquals(1, server.network.counters().get(Counter.RECONNECT_GRACE_EXPIRED));
        }
    }

    @Test
    @Timeout(30)
    void snapshotSilenceOnALiveLookingConnectionEndsInAReconnectOfTheSamePlayer() throws Exception {
        try (ClientDriver driver = new ClientDriver("silence-driver", 500);
             InProcessServer server = new InProcessServer(60, 4, 5,
                     NetworkConfig.builder().bindAddress("127.0.0.1").reconnectGraceMs(10_000), null)) {
            driver.start();
            final ClientMetrics metrics = new ClientMetrics();
            // Every snapshot is lost on the way in (the simulated downlink), while TCP works: a dead path
            // that TCP does not notice. After 300 ms of silence the client must give up on the connection.
            final GameClient deaf = new GameClient(GameClientConfig.builder("127.0.0.1", server.tcpPort(), server.udpPort())
                    .playerName("deaf").snapshotSilenceMs(300)
                    .network(io.tickforge.shared.netsim.NetworkConditions.CLEAN,
                            new io.tickforge.shared.netsim.NetworkConditions(0, 0, 100, 0, 0))
                    .build(), walkThenStand(), metrics, new Own());
            driver.add(deaf);
            deaf.connect();
            assertTrue(deaf.awaitJoined(5, TimeUnit.SECONDS));
            final int id = deaf.playerId();
            await(() -> metrics.reconnects() >= 2, 15, "reconnects after snapshot silence");
            assertEquals(id, deaf.playerId());
            assertEquals(0, metrics.chaosDrops());
            assertEquals(1, server.network.counters().get(Counter.JOINED), "always the same player, never a new join");
            assertTrue(server.network.counters().get(Counter.RECONNECTS_ACCEPTED) >= 2);
            assertEquals(0, server.network.counters().get(Counter.RECONNECTS_REFUSED));
        }
    }
}
