package io.tickforge.server.net;

import ch.qos.logback.classic.Level;
import io.tickforge.server.net.NetworkCounters.Counter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Heap held per silent (pre-auth) connection: opens N sockets that never send a byte, then reads
 * the used heap after a GC, with the old KryoNet buffer sizes (32 KiB write + 4 KiB read) and the
 * current defaults (8 KiB + 2 KiB). A measurement, not a gate: tagged soak (see NETWORKING.md for
 * how to run it). Prints one line per configuration.
 */
@Tag("soak")
class PreAuthMemorySoakTest {
    static {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.tickforge.server.net")).setLevel(Level.WARN);
    }

    private static final int SOCKETS = 1000;

    @Test
    @Timeout(120)
    void heapPerSilentConnection() throws Exception {
        measure("before (32 KiB + 4 KiB)", NetworkConfig.builder().writeBufferBytes(32 * 1024).objectBufferBytes(4096));
        measure("after (defaults)", NetworkConfig.builder());
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static void measure(String label, NetworkConfig.Builder builder) throws Exception {
        NetworkConfig config = builder.bindAddress("127.0.0.1").tcpPort(0).udpPort(0).maxConnectionsPerIp(SOCKETS + 10)
                .maxPreAuthPerIp(SOCKETS + 10).maxPreAuthConnections(SOCKETS + 10).maxConnections(SOCKETS + 10)
                .handshakeTimeoutMs(600_000).build();
        try (ServerNetwork network = new ServerNetwork(config, new FakeSession(4))) {
            network.start();
            long before = usedAfterGc();
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < SOCKETS; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress("127.0.0.1", network.tcpPort()), 5000);
                    sockets.add(s);
                }
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (network.counters().get(Counter.CONNECTIONS_ACCEPTED) < SOCKETS && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertEquals(SOCKETS, network.counters().get(Counter.CONNECTIONS_ACCEPTED));
                long after = usedAfterGc();
                System.out.printf(Locale.ROOT, "pre-auth heap %s: %d sockets, %.1f KiB per socket (server and test client sockets in one JVM)%n",
                        label, SOCKETS, (after - before) / 1024.0 / SOCKETS);
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
    }
}
