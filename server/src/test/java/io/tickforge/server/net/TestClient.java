package io.tickforge.server.net;

import com.esotericsoftware.kryonet.Client;
import com.esotericsoftware.kryonet.Connection;
import com.esotericsoftware.kryonet.FrameworkMessage;
import com.esotericsoftware.kryonet.Listener;
import io.tickforge.shared.protocol.Hello;
import io.tickforge.shared.protocol.InputPacket;
import io.tickforge.shared.transport.ClientUdpLink;
import io.tickforge.shared.protocol.KryoSerialization;
import io.tickforge.shared.protocol.Protocol;
import io.tickforge.shared.protocol.SnapshotDatagram;
import io.tickforge.shared.protocol.Welcome;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real KryoNet client (TCP only, like the game client) with the protocol's serialization and a
 * sealed {@link ClientUdpLink} once joined; queues what it receives (TCP messages, and snapshot
 * payloads as {@link SnapshotDatagram} copies, read whenever the test awaits something).
 */
final class TestClient implements AutoCloseable {
    static final long WAIT_MS = 5000;

    final Client client = new Client(8192, 4096, new KryoSerialization());
    /** Set by {@link #join} when Welcome arrived (keys installed, bind datagram sent). */
    ClientUdpLink udp;
    private int udpPort;
    final LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
    final CountDownLatch disconnected = new CountDownLatch(1);
    /** Whole UDP datagrams (header and tag included) this client sent, and authentic snapshot datagrams it read. Test thread. */
    long udpBytesSent;
    long udpBytesReceived;

    TestClient() {
        client.addListener(new Listener() {
            @Override
            public void received(Connection connection, Object object) {
                if (object instanceof FrameworkMessage) {
                    return;
                }
                if (object instanceof SnapshotDatagram d) {
                    // The decoded instance is reused by the client's update thread: copy it.
                    byte[] copy = java.util.Arrays.copyOf(d.bytes, d.length);
                    received.add(new SnapshotDatagram(copy, d.length));
                    return;
                }
                received.add(object);
            }

            @Override
            public void disconnected(Connection connection) {
                disconnected.countDown();
            }
        });
    }

    TestClient connect(ServerNetwork network) throws IOException {
        client.start();
        client.connect((int) WAIT_MS, "127.0.0.1", network.tcpPort());
        udpPort = network.udpPort();
        return this;
    }

    /** The schemas this client claims in its Hello (the arena's by default). */
    TestClient schemas(io.tickforge.shared.schema.EntitySchema entity, io.tickforge.shared.schema.InputSchema input) {
        this.entitySchemaHash = entity.hash();
        this.inputSchemaHash = input.hash();
        return this;
    }

    private long entitySchemaHash = io.tickforge.shared.game.ArenaSchemas.ENTITY.hash();
    private long inputSchemaHash = io.tickforge.shared.game.ArenaSchemas.INPUT.hash();

    Welcome join(String name) throws InterruptedException, IOException {
        return join(name, null, Hello.ANY_SESSION);
    }

    /** Joins {@code sessionId} (Hello.ANY_SESSION: any) of {@code game} (null: the server's). */
    Welcome join(String name, String game, int sessionId) throws InterruptedException, IOException {
        client.sendTCP(new Hello(Protocol.VERSION, name, null).withSchemas(entitySchemaHash, inputSchemaHash)
                .withSession(game, sessionId));
        Welcome welcome = await(Welcome.class);
        udp = new ClientUdpLink(new InetSocketAddress("127.0.0.1", udpPort));
        udp.setKeys(welcome.udpId, welcome.clientKey, welcome.serverKey);
        assertTrue(udp.sendBind());
        udpBytesSent += udp.lastSentBytes();
        return welcome;
    }

    /** Sends a Hello for {@code sessionId} of {@code game} and returns the Rejected it must get. */
    io.tickforge.shared.protocol.Rejected refused(String name, String game, int sessionId) throws InterruptedException {
        client.sendTCP(new Hello(Protocol.VERSION, name, null).withSchemas(entitySchemaHash, inputSchemaHash)
                .withSession(game, sessionId));
        return await(io.tickforge.shared.protocol.Rejected.class);
    }

    /** Seals and sends an input over UDP (after {@link #join}). */
    void sendInput(InputPacket packet) {
        assertTrue(udp.sendInput(packet), "UDP send failed");
        udpBytesSent += udp.lastSentBytes();
    }

    /** Moves the queued UDP snapshots into {@link #received}. */
    void drainUdp() {
        if (udp == null) {
            return;
        }
        int n;
        while ((n = udp.receive()) != ClientUdpLink.NONE) {
            if (n > 0) {
                udpBytesReceived += udp.lastReadBytes();
                received.add(new SnapshotDatagram(java.util.Arrays.copyOf(udp.payload(), n), n));
            }
        }
    }

    /** The next received object of this type (others are skipped). */
    <T> T await(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (true) {
            long left = deadline - System.nanoTime();
            drainUdp();
            Object o = received.poll(Math.max(0, Math.min(left, TimeUnit.MILLISECONDS.toNanos(2))), TimeUnit.NANOSECONDS);
            if (o == null) {
                if (left <= 0) {
                    fail("no " + type.getSimpleName() + " within " + WAIT_MS + " ms");
                }
                continue;
            }
            if (type.isInstance(o)) {
                return type.cast(o);
            }
        }
    }

    void awaitDisconnected() throws InterruptedException {
        assertTrue(disconnected.await(WAIT_MS, TimeUnit.MILLISECONDS), "server did not close the connection");
    }

    boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void close() {
        if (udp != null) {
            udp.close();
        }
        Thread updateThread = client.getUpdateThread();
        client.stop();
        try {
            if (updateThread != null) {
                updateThread.join(2000); // dispose closes the selector the update thread selects on
            }
            client.dispose();
        } catch (IOException | InterruptedException ignored) {
            // test teardown
        }
    }

    static <T> T notNull(T value) {
        assertNotNull(value);
        return value;
    }
}
