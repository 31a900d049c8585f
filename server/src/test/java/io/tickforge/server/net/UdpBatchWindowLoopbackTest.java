package io.tickforge.server.net;

import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.shared.transport.DatagramCipher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.crypto.SecretKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The receive thread's batch window on a real loopback socket: with a window, datagrams that
 * arrive while the thread waits are read together in one wake-up, and none is lost or reordered;
 * without one, the thread still reads everything. Counts, not timings: the 40 datagrams go out 2 ms
 * apart, each into an idle socket, so a thread without a window wakes for most of them; the window
 * (1 s) is far longer than sending them takes, so with it they are read in one or two wake-ups.
 */
class UdpBatchWindowLoopbackTest {
    private static final int DATAGRAMS = 40;

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void datagramsArrivingDuringTheWindowAreReadInOneWakeUp() throws Exception {
        Run run = run(TimeUnit.SECONDS.toNanos(1));
        assertEquals(DATAGRAMS + 1, run.offered, "every authentic datagram reaches the session");
        assertTrue(run.wakeups <= 3, "the burst behind the first datagram is read in one or two wake-ups, got " + run.wakeups);
        assertTrue(run.inOrder, "datagrams reach the session in the order sent");
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void withoutAWindowEverythingIsStillRead() throws Exception {
        Run run = run(0);
        assertEquals(DATAGRAMS + 1, run.offered);
        assertTrue(run.wakeups >= 1 && run.wakeups <= DATAGRAMS + 1, "wake-ups " + run.wakeups);
        assertTrue(run.inOrder);
    }

    private record Run(long offered, long wakeups, boolean inOrder) {
    }

    private static Run run(long windowNs) throws Exception {
        NetworkCounters counters = new NetworkCounters();
        ConcurrentLinkedQueue<Long> ticks = new ConcurrentLinkedQueue<>();
        UdpTransport transport = new UdpTransport(counters, (slot, p) -> ticks.add(p.newestTick), 256,
                TimeUnit.SECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(300), System::nanoTime, new SecureRandom());
        try (DatagramChannel client = DatagramChannel.open()) {
            transport.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            transport.setBatchWindowNanos(windowNs);
            UdpPeer peer = transport.register(1);
            peer.acceptingInputs = true;
            SecretKey key = DatagramCipher.key(peer.rawClientKey);
            transport.start();
            client.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), transport.port());
            SealedInputs sealer = new SealedInputs();
            // The first datagram binds the address and wakes the thread, which then waits its window.
            client.send(ByteBuffer.wrap(sealer.input(1, 100, key, peer.udpId)), server);
            awaitSize(ticks, 1);
            for (int i = 0; i < DATAGRAMS; i++) {
                client.send(ByteBuffer.wrap(sealer.input(2 + i, 101 + i, key, peer.udpId)), server);
                Thread.sleep(2);
            }
            awaitSize(ticks, DATAGRAMS + 1);
            long expected = 100;
            boolean inOrder = true;
            for (long t : ticks) {
                inOrder &= t == expected++;
            }
            return new Run(ticks.size(), counters.get(Counter.UDP_RECEIVE_WAKEUPS), inOrder);
        } finally {
            transport.close();
        }
    }

    private static void awaitSize(ConcurrentLinkedQueue<Long> q, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (q.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }
}
