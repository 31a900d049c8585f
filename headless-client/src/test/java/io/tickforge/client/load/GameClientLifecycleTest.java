package io.tickforge.client.load;

import io.tickforge.client.ClientDriver;
import io.tickforge.client.GameClient;
import io.tickforge.client.GameClientConfig;
import io.tickforge.client.metrics.ClientMetrics;
import io.tickforge.shared.protocol.ServerStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Join, rejection, server stats and the server's Bye, each leaving a clear outcome in the metrics. */
class GameClientLifecycleTest {

    private static GameClient client(InProcessServer server, String name, ClientMetrics metrics) {
        return new GameClient(GameClientConfig.builder("127.0.0.1", server.tcpPort(), server.udpPort())
                .playerName(name).build(), (tick, c, in) -> in.set(127, 0, 0, 0), metrics);
    }

    @Test
    @Timeout(30)
    void fullServerRejectsAndShutdownSaysBye() throws Exception {
        final ClientMetrics aliceMetrics = new ClientMetrics();
        final ClientMetrics bobMetrics = new ClientMetrics();
        try (ClientDriver driver = new ClientDriver("lifecycle-driver", 500)) {
            driver.start();
            final InProcessServer server = new InProcessServer(60, 1, 10);
            try {
                final GameClient alice = client(server, "alice", aliceMetrics);
                driver.add(alice);
                alice.connect();
                assertTrue(alice.awaitJoined(5, TimeUnit.SECONDS), "alice joined");
                assertEquals(0, alice.playerId());

                // One slot only: bob is refused with a reason, never counted as joined.
                final GameClient bob = client(server, "bob", bobMetrics);
                driver.add(bob);
                bob.connect();
                assertFalse(bob.awaitJoined(5, TimeUnit.SECONDS));
                assertTrue(bob.isClosed());
                assertFalse(bobMetrics.isJoined());
                assertTrue(bobMetrics.joinFailure().startsWith("Rejected SERVER_FULL"), bobMetrics.joinFailure());
                assertNull(bobMetrics.disconnectReason());

                // Alice walks east: snapshots flow, prediction runs, the server answers a StatsRequest.
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while ((aliceMetrics.snapshots() < 60 || alice.serverStats() == null) && System.nanoTime() < deadline) {
                    if (alice.serverStats() == null) {
                        alice.requestServerStats();
                    }
                    Thread.sleep(50);
                }
                assertTrue(aliceMetrics.snapshots() >= 60, "snapshots " + aliceMetrics.snapshots());
                final ServerStats stats = alice.serverStats();
                assertNotNull(stats);
                assertEquals(60, stats.tickRateHz);
            } finally {
                server.close();
            }
            // The server said Bye(SERVER_SHUTDOWN) before closing: that is alice's disconnect reason.
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (aliceMetrics.isConnected() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(aliceMetrics.isConnected());
            assertEquals("Bye SERVER_SHUTDOWN", aliceMetrics.disconnectReason());
            assertEquals(0, aliceMetrics.decodeFailures());
        }
    }
}
