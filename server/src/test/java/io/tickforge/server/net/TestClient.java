package io.tickforge.server.net;

import com.esotericsoftware.kryonet.Client;
import com.esotericsoftware.kryonet.Connection;
import com.esotericsoftware.kryonet.FrameworkMessage;
import com.esotericsoftware.kryonet.Listener;
import io.tickforge.shared.protocol.Hello;
import io.tickforge.shared.protocol.KryoSerialization;
import io.tickforge.shared.protocol.Protocol;
import io.tickforge.shared.protocol.SnapshotDatagram;
import io.tickforge.shared.protocol.Welcome;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** A real KryoNet client with the protocol's serialization; queues what it receives. */
final class TestClient implements AutoCloseable {
    static final long WAIT_MS = 5000;

    final Client client = new Client(8192, 4096, new KryoSerialization());
    final LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
    final CountDownLatch disconnected = new CountDownLatch(1);

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
        client.connect((int) WAIT_MS, "127.0.0.1", network.tcpPort(), network.udpPort());
        return this;
    }

    Welcome join(String name) throws InterruptedException {
        client.sendTCP(new Hello(Protocol.VERSION, name, null));
        return await(Welcome.class);
    }

    /** The next received object of this type (others are skipped). */
    <T> T await(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (true) {
            long left = deadline - System.nanoTime();
            Object o = received.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (o == null) {
                fail("no " + type.getSimpleName() + " within " + WAIT_MS + " ms");
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
