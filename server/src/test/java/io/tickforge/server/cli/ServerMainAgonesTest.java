package io.tickforge.server.cli;

import com.esotericsoftware.kryonet.Client;
import com.esotericsoftware.kryonet.Connection;
import com.esotericsoftware.kryonet.Listener;
import io.tickforge.server.agones.AgonesLifecycle;
import io.tickforge.server.agones.FakeAgonesSidecar;
import io.tickforge.server.net.ServerNetwork;
import io.tickforge.shared.protocol.Bye;
import io.tickforge.shared.protocol.ByeReason;
import io.tickforge.shared.protocol.Hello;
import io.tickforge.shared.protocol.KryoSerialization;
import io.tickforge.shared.protocol.Protocol;
import io.tickforge.shared.protocol.RejectReason;
import io.tickforge.shared.protocol.Rejected;
import io.tickforge.shared.protocol.Welcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.tickforge.server.agones.AgonesLifecycleTest.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The whole server as an Agones GameServer against the schema-checking stand-in sidecar:
 * Ready once bound, locked until allocated, the allocation's token admits players, the players
 * List follows joins and leaves, and a stop (what SIGTERM does) drains, says Bye and ends with
 * Shutdown. Loopback, ephemeral ports.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerMainAgonesTest {
    @Test
    void readyAllocatedPlayersDrainShutdown() throws Exception {
        try (FakeAgonesSidecar sidecar = new FakeAgonesSidecar(8)) {
            String[] args = {"--tcp-port", "0", "--udp-port", "0", "--bind", "127.0.0.1", "--npcs", "10",
                    "--max-players", "8", "--drain-timeout", "5"};
            // Detected from the environment variable alone, as in a real Agones pod.
            CommandLine cli = ServerMain.commandLine(args, Map.of("AGONES_SDK_HTTP_PORT", Integer.toString(sidecar.port())));
            ServerMain main = cli.getCommand();
            StringWriter err = new StringWriter();
            cli.setErr(new PrintWriter(err, true));
            ExecutorService runner = Executors.newSingleThreadExecutor();
            try {
                Future<Integer> exit = runner.submit(() -> cli.execute(args));
                awaitTrue(() -> main.agonesLifecycle != null && main.agonesLifecycle.isReady(), "Ready");
                assertEquals("Ready", sidecar.state());
                ServerNetwork network = main.network;

                try (Player early = new Player(network)) {
                    assertEquals(RejectReason.BAD_TOKEN, early.hello("early", null).await(Rejected.class).reason,
                            "locked until allocated");
                }

                sidecar.allocate(Map.of(AgonesLifecycle.MATCH_LABEL, "m-7"), Map.of(AgonesLifecycle.JOIN_TOKEN_ANNOTATION, "s3cret"));
                awaitTrue(() -> main.agonesLifecycle.allocation() != null, "allocation seen");

                try (Player wrong = new Player(network); Player alice = new Player(network); Player bob = new Player(network)) {
                    assertEquals(RejectReason.BAD_TOKEN, wrong.hello("mallory", "guess").await(Rejected.class).reason);
                    alice.hello("alice", "s3cret").await(Welcome.class);
                    bob.hello("bob", "s3cret").await(Welcome.class);
                    awaitTrue(() -> sidecar.players().size() == 2, "both players in the Agones list");

                    alice.leave(); // quits (a dropped connection would hold her slot for --reconnect-grace first)
                    awaitTrue(() -> sidecar.players().size() == 1, "alice's leave reaches the list");
                    assertTrue(sidecar.players().get(0).startsWith("bob#"), sidecar.players().toString());

                    main.requestStop(); // what SIGTERM does
                    Bye bye = bob.await(Bye.class);
                    assertEquals(ByeReason.SERVER_SHUTDOWN, bye.reason);
                    assertEquals(0, (int) exit.get(20, TimeUnit.SECONDS), err.toString());
                }
            } finally {
                runner.shutdownNow();
            }
            assertEquals("Shutdown", sidecar.state());
            assertEquals(List.of(), sidecar.players(), "bob's leave is sent before Shutdown");
            List<String> paths = sidecar.paths();
            assertEquals("POST /shutdown", paths.get(paths.size() - 1), paths.toString());
            assertTrue(paths.contains("POST /v1beta1/lists/players:addValue"), paths.toString());
            assertTrue(paths.contains("POST /v1beta1/lists/players:removeValue"), paths.toString());
            assertEquals(List.of(), sidecar.violations, "every call matches Agones' schema");
        }
    }

    @Test
    void underAgonesTheDurationIsTheMatchAndStartsAtAllocation() throws Exception {
        try (FakeAgonesSidecar sidecar = new FakeAgonesSidecar(8)) {
            String[] args = {"--agones", "--tcp-port", "0", "--udp-port", "0", "--bind", "127.0.0.1", "--npcs", "0",
                    "--duration", "1", "--drain-timeout", "1"};
            CommandLine cli = ServerMain.commandLine(args, Map.of("AGONES_SDK_HTTP_PORT", Integer.toString(sidecar.port())));
            ServerMain main = cli.getCommand();
            ExecutorService runner = Executors.newSingleThreadExecutor();
            try {
                Future<Integer> exit = runner.submit(() -> cli.execute(args));
                awaitTrue(() -> main.agonesLifecycle != null && main.agonesLifecycle.isReady(), "Ready");
                // A Ready server waits for its match however long that takes (here: past --duration).
                Thread.sleep(1500);
                assertTrue(!exit.isDone(), "stopped before it was allocated");
                sidecar.allocate(Map.of(), Map.of());
                assertEquals(0, (int) exit.get(20, TimeUnit.SECONDS));
            } finally {
                runner.shutdownNow();
            }
            assertEquals("Shutdown", sidecar.state(), "match over: drained and told Agones");
            assertEquals(List.of(), sidecar.violations);
        }
    }

    @Test
    void aBadSidecarPortIsAUsageError() {
        String[] args = {"--tcp-port", "0", "--udp-port", "0", "--bind", "127.0.0.1", "--npcs", "0"};
        CommandLine cli = ServerMain.commandLine(args, Map.of("AGONES_SDK_HTTP_PORT", "http"));
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(2, cli.execute(args));
        assertEquals("AGONES_SDK_HTTP_PORT='http' is not a port (1..65535)", err.toString().strip());
    }

    /** A bare KryoNet client speaking the protocol. */
    private static final class Player implements AutoCloseable {
        final Client client = new Client(8192, 4096, new KryoSerialization());
        final LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
        final CountDownLatch closed = new CountDownLatch(1);

        Player(ServerNetwork network) throws Exception {
            client.addListener(new Listener() {
                @Override
                public void received(Connection connection, Object object) {
                    if (object instanceof Welcome || object instanceof Rejected || object instanceof Bye) {
                        received.add(object);
                    }
                }

                @Override
                public void disconnected(Connection connection) {
                    closed.countDown();
                }
            });
            client.start();
            client.connect(5000, "127.0.0.1", network.tcpPort()); // TCP only: the server does not speak KryoNet UDP
        }

        Player hello(String name, String token) {
            client.sendTCP(new Hello(Protocol.VERSION, name, token));
            return this;
        }

        <T> T await(Class<T> type) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                Object o = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (o == null) {
                    fail("no " + type.getSimpleName());
                }
                if (type.isInstance(o)) {
                    return type.cast(o);
                }
            }
        }

        /** Quits as a client does: {@code Bye(CLIENT_LEFT)}, then the close. */
        void leave() {
            client.sendTCP(new Bye(ByeReason.CLIENT_LEFT, null));
            close();
        }

        @Override
        public void close() {
            client.close();
            client.stop();
        }
    }
}
