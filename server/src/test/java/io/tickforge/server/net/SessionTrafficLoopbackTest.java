package io.tickforge.server.net;

import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.server.session.GameSession;
import io.tickforge.server.session.SessionHost;
import io.tickforge.shared.protocol.ByeReason;
import io.tickforge.shared.protocol.InputPacket;
import io.tickforge.shared.protocol.Welcome;
import io.tickforge.shared.transport.SecureDatagram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static io.tickforge.server.net.SessionsLoopbackTest.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-session UDP bytes over loopback, two hosted sessions with a client each: only A's client
 * sends inputs. Each session's received bytes are exactly the whole datagrams its own client sent
 * (B's: its one bind datagram, none of A's inputs; a forgery naming A's peer: no one's), each session's sent bytes exactly the whole
 * datagrams its own client read, and the two sessions' totals add up to the process's UDP
 * counters (every datagram counted once, for one session). A session's published bytes/s come from
 * its own counters.
 */
class SessionTrafficLoopbackTest {

    @Test
    @Timeout(60)
    void eachSessionCountsItsOwnClientsDatagramsAndNoOneElses() throws Exception {
        // One slot per session (so the second client starts session 2), one replication worker each:
        // snapshots are sent from the tick thread and the worker at once.
        final SessionHost host = new SessionHost(SessionsLoopbackTest.arena(1, 1), "arena", 2, 60_000);
        host.start();
        final ServerNetwork network = new ServerNetwork(NetworkConfig.builder().bindAddress("127.0.0.1").tcpPort(0)
                .udpPort(0).build(), host, JoinAuthenticator.OPEN);
        network.start();
        try (TestClient a = new TestClient(); TestClient b = new TestClient()) {
            final Welcome wa = a.connect(network).join("a");
            final Welcome wb = b.connect(network).join("b");
            assertNotEquals(wa.sessionId, wb.sessionId, "one player per session");
            awaitTrue(() -> network.counters().get(Counter.JOINED) == 2, "2 joins");
            final GameSession sa = session(host, wa.sessionId);
            final GameSession sb = session(host, wb.sessionId);

            // A plays: an input every 10 ms for at least a second and until A's published stats show
            // traffic both ways; both clients read their snapshots as they come.
            final InputPacket p = new InputPacket();
            p.count = 1;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            for (int i = 0; i < 100 || sa.stats().bytesInPerSecond == 0 || sa.stats().bytesOutPerSecond == 0; i++) {
                assertTrue(System.nanoTime() - deadline < 0, "A's stats never showed its traffic: " + sa.stats());
                p.newestTick = sa.currentTick() + 2;
                a.sendInput(p);
                a.drainUdp();
                b.drainUdp();
                Thread.sleep(10);
            }
            assertEquals(SecureDatagram.OVERHEAD_BYTES, b.udpBytesSent, "B's client sent its bind datagram only");
            awaitTrue(() -> sa.traffic().udpBytesIn() == a.udpBytesSent, "A's received bytes to be exactly what its client sent ("
                    + a.udpBytesSent + " B)");
            assertEquals(b.udpBytesSent, sb.traffic().udpBytesIn(), "B's received bytes hold none of A's inputs");
            assertTrue(network.counters().get(Counter.INPUTS_ACCEPTED) >= 100, "A's inputs reached its session");

            // A forgery naming A's peer (A's last datagram with its tag broken) reaches the process, not A.
            final byte[] forged = new byte[SecureDatagram.OVERHEAD_BYTES + 256];
            final int forgedLength = a.udp.copyLastSent(forged);
            forged[forgedLength - 1] ^= 1;
            final long processInBefore = network.counters().get(Counter.UDP_BYTES_IN);
            final long aInBefore = sa.traffic().udpBytesIn();
            try (java.net.DatagramSocket raw = new java.net.DatagramSocket()) {
                raw.send(new java.net.DatagramPacket(forged, forgedLength,
                        new java.net.InetSocketAddress("127.0.0.1", network.udpPort())));
            }
            awaitTrue(() -> network.counters().get(Counter.UDP_BYTES_IN) == processInBefore + forgedLength, "the forgery to arrive");
            assertEquals(aInBefore, sa.traffic().udpBytesIn(), "a datagram that fails before or at the tag check is no session's");

            // No more snapshots once the sessions stop: then every one sent has been read, or is about to be.
            host.close();
            awaitTrue(() -> {
                a.drainUdp();
                b.drainUdp();
                return a.udpBytesReceived == sa.traffic().udpBytesOut() && b.udpBytesReceived == sb.traffic().udpBytesOut();
            }, "each client to have read exactly its session's sent bytes (A " + sa.traffic().udpBytesOut()
                    + ", B " + sb.traffic().udpBytesOut() + ")");
            assertTrue(sa.traffic().udpBytesOut() > 0 && sb.traffic().udpBytesOut() > 0, "both sessions sent snapshots");
            assertEquals(network.counters().get(Counter.UDP_BYTES_OUT), sa.traffic().udpBytesOut() + sb.traffic().udpBytesOut(),
                    "every datagram sent is counted once, for its session");
            assertEquals(network.counters().get(Counter.UDP_BYTES_IN) - forgedLength,
                    sa.traffic().udpBytesIn() + sb.traffic().udpBytesIn(),
                    "every authentic datagram received is counted once, for its session; the forgery for none");
        } finally {
            network.shutdown(ByeReason.SERVER_SHUTDOWN);
            host.close();
        }
    }

    private static GameSession session(SessionHost host, int id) {
        for (GameSession s : host.sessions()) {
            if (s.sessionId() == id) {
                return s;
            }
        }
        throw new AssertionError("no session " + id);
    }
}
