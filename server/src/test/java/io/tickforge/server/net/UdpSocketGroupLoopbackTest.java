package io.tickforge.server.net;

import io.tickforge.shared.transport.DatagramCipher;
import io.tickforge.shared.transport.SecureDatagram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.crypto.SecretKey;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A UDP port served by a group of sockets (one per sending thread) on real loopback sockets:
 * inputs that the kernel spreads over the group all reach the session, snapshots sent by several
 * threads all come from the one server port, and a second server cannot slip into the group.
 */
class UdpSocketGroupLoopbackTest {
    private static final int SOCKETS = 3;
    private static final int CLIENTS = 16;
    private static final int INPUTS_EACH = 5;
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final boolean REUSEPORT = supportsReusePort();

    private static boolean supportsReusePort() {
        try (DatagramChannel c = DatagramChannel.open()) {
            return c.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static UdpTransport transport(NetworkCounters counters, ConcurrentHashMap<Integer, AtomicInteger> inputsBySlot) {
        return new UdpTransport(counters, (slot, p) -> inputsBySlot.computeIfAbsent(slot, s -> new AtomicInteger()).incrementAndGet() > 0,
                256, TimeUnit.SECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(300), System::nanoTime, new SecureRandom());
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void inputsOnEverySocketOfTheGroupAreReadAndSnapshotsLeaveFromTheOnePort() throws Exception {
        ConcurrentHashMap<Integer, AtomicInteger> inputs = new ConcurrentHashMap<>();
        UdpTransport transport = transport(new NetworkCounters(), inputs);
        DatagramChannel[] clients = new DatagramChannel[CLIENTS];
        try {
            transport.setSocketCount(SOCKETS);
            transport.bind(new InetSocketAddress(LOOPBACK, 0));
            assertEquals(REUSEPORT ? SOCKETS : 1, transport.socketCount());
            transport.start();
            InetSocketAddress server = new InetSocketAddress(LOOPBACK, transport.port());
            UdpPeer[] peers = new UdpPeer[CLIENTS];
            SealedInputs sealer = new SealedInputs();
            for (int c = 0; c < CLIENTS; c++) {
                peers[c] = transport.register(c);
                peers[c].acceptingInputs = true;
                clients[c] = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
                // 16 source ports: the kernel hashes them over the group, so a receive thread that
                // read only one socket would miss about two thirds of these.
                SecretKey key = DatagramCipher.key(peers[c].rawClientKey);
                for (int i = 0; i < INPUTS_EACH; i++) {
                    clients[c].send(ByteBuffer.wrap(sealer.input(i + 1, 100 + i, key, peers[c].udpId)), server);
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (total(inputs) < CLIENTS * INPUTS_EACH && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(CLIENTS * INPUTS_EACH, total(inputs), "every input reaches the session: " + inputs);
            for (int c = 0; c < CLIENTS; c++) {
                assertEquals(INPUTS_EACH, inputs.get(c).get(), "client " + c);
            }

            // Three threads send snapshots (each takes its own socket); every one comes from the server port.
            Thread[] senders = new Thread[SOCKETS];
            AtomicInteger sendFailures = new AtomicInteger();
            for (int t = 0; t < SOCKETS; t++) {
                final int first = t;
                senders[t] = new Thread(() -> {
                    byte[] payload = new byte[40];
                    for (int c = first; c < CLIENTS; c += SOCKETS) {
                        if (!transport.send(peers[c], payload, 0, payload.length)) {
                            sendFailures.incrementAndGet();
                        }
                    }
                });
                senders[t].start();
            }
            for (Thread t : senders) {
                t.join();
            }
            assertEquals(0, sendFailures.get());
            ByteBuffer in = ByteBuffer.allocate(2048);
            for (int c = 0; c < CLIENTS; c++) {
                clients[c].configureBlocking(true);
                in.clear();
                InetSocketAddress from = (InetSocketAddress) clients[c].receive(in);
                assertEquals(transport.port(), from.getPort(), "client " + c + "'s snapshot comes from the server port");
                assertEquals(SecureDatagram.KIND_SNAPSHOT, SecureDatagram.kind(in.array(), 0));
            }
        } finally {
            transport.close();
            for (DatagramChannel c : clients) {
                if (c != null) {
                    c.close();
                }
            }
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aSecondServerOnTheSamePortIsRefusedNotSlippedIntoTheGroup() throws Exception {
        UdpTransport first = transport(new NetworkCounters(), new ConcurrentHashMap<>());
        UdpTransport second = transport(new NetworkCounters(), new ConcurrentHashMap<>());
        try {
            first.setSocketCount(SOCKETS);
            first.bind(new InetSocketAddress(LOOPBACK, 0));
            second.setSocketCount(SOCKETS);
            assertThrows(BindException.class, () -> second.bind(new InetSocketAddress(LOOPBACK, first.port())));
            assertEquals(0, second.socketCount());
        } finally {
            first.close();
            second.close();
        }
    }

    @Test
    void socketCountIsBounded() {
        UdpTransport t = transport(new NetworkCounters(), new ConcurrentHashMap<>());
        assertThrows(IllegalArgumentException.class, () -> t.setSocketCount(0));
        assertThrows(IllegalArgumentException.class, () -> t.setSocketCount(17));
        t.close();
    }

    private static int total(ConcurrentHashMap<Integer, AtomicInteger> inputs) {
        return inputs.values().stream().mapToInt(AtomicInteger::get).sum();
    }
}
