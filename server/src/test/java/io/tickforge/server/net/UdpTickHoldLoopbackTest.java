package io.tickforge.server.net;

import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.server.tick.ManualTickClock;
import io.tickforge.server.tick.TickActivity;
import io.tickforge.server.tick.TickLoop;
import io.tickforge.server.tick.TickStats;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --udp-hold-during-tick-us} on a real loopback socket: a datagram that arrives while a tick
 * runs is read when the tick ends, not during it, and counted as held; a tick that outlasts the
 * bound no longer holds it. Ordering and counts, not timings: the held datagram is checked to be
 * unread while the tick is blocked on a latch, however slow the machine.
 */
class UdpTickHoldLoopbackTest {
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aDatagramArrivingDuringATickIsReadWhenTheTickEnds() throws Exception {
        try (Fixture f = new Fixture(TimeUnit.SECONDS.toNanos(20))) {
            f.send(1, 100);
            awaitSize(f.ticks, 1, 10);
            f.startTick();
            f.send(2, 101);
            // The thread is held for 20 s at most: with the tick blocked, the datagram stays unread.
            Thread.sleep(300);
            assertEquals(1, f.ticks.size(), "not read while the tick runs");
            f.endTick();
            awaitSize(f.ticks, 2, 10);
            assertEquals(2, f.ticks.size(), "read once the tick ended");
            assertEquals(1, f.counters.get(Counter.UDP_RECEIVE_HELD));
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aTickLongerThanTheBoundHoldsNoLonger() throws Exception {
        try (Fixture f = new Fixture(TimeUnit.MILLISECONDS.toNanos(50))) {
            f.startTick();
            f.send(1, 100);
            awaitSize(f.ticks, 1, 10);
            assertEquals(1, f.ticks.size(), "read after the 50 ms bound although the tick still runs");
            assertEquals(1, f.counters.get(Counter.UDP_RECEIVE_HELD));
            f.endTick();
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void withoutAHoldDatagramsAreReadDuringTheTick() throws Exception {
        try (Fixture f = new Fixture(0)) {
            f.startTick();
            f.send(1, 100);
            awaitSize(f.ticks, 1, 10);
            assertEquals(1, f.ticks.size());
            assertEquals(0, f.counters.get(Counter.UDP_RECEIVE_HELD));
            f.endTick();
        }
    }

    /** A transport with one peer, a client socket, and a tick loop reporting into the hold's activity. */
    private static final class Fixture implements AutoCloseable {
        final NetworkCounters counters = new NetworkCounters();
        final ConcurrentLinkedQueue<Long> ticks = new ConcurrentLinkedQueue<>();
        final UdpTransport transport = new UdpTransport(counters, (slot, p) -> ticks.add(p.newestTick), 256,
                TimeUnit.SECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(300), System::nanoTime, new SecureRandom());
        final TickActivity activity = new TickActivity();
        final DatagramChannel client = DatagramChannel.open();
        final SealedInputs sealer = new SealedInputs();
        final UdpPeer peer;
        final SecretKey key;
        final InetSocketAddress server;
        private final CountDownLatch inTick = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private Thread tickThread;

        Fixture(long holdNs) throws Exception {
            transport.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            transport.setBatchWindowNanos(0);
            transport.setTickHold(activity, holdNs);
            peer = transport.register(1);
            peer.acceptingInputs = true;
            key = DatagramCipher.key(peer.rawClientKey);
            transport.start();
            client.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            server = new InetSocketAddress(InetAddress.getLoopbackAddress(), transport.port());
        }

        void send(int sequence, long tick) throws Exception {
            client.send(ByteBuffer.wrap(sealer.input(sequence, tick, key, peer.udpId)), server);
        }

        /** Starts one tick on its own thread, blocked until {@link #endTick}. */
        void startTick() throws InterruptedException {
            TickLoop loop = new TickLoop(new ManualTickClock(0), 60, 3, (t, n) -> {
                inTick.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, new TickStats(60, TimeUnit.SECONDS.toNanos(1)), r -> { }, TickLoop.PublishListener.NONE);
            loop.reportActivity(activity);
            tickThread = new Thread(() -> loop.doWork(0), "test-tick");
            tickThread.start();
            inTick.await();
            assertTrue(activity.busy());
        }

        void endTick() throws InterruptedException {
            release.countDown();
            tickThread.join(10_000);
        }

        @Override
        public void close() throws Exception {
            release.countDown();
            client.close();
            transport.close();
        }
    }

    private static void awaitSize(ConcurrentLinkedQueue<Long> q, int n, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (q.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }
}
