package io.tickforge.server.net;

import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.shared.protocol.Bye;
import io.tickforge.shared.protocol.ByeReason;
import io.tickforge.shared.protocol.Hello;
import io.tickforge.shared.protocol.Protocol;
import io.tickforge.shared.protocol.RejectReason;
import io.tickforge.shared.protocol.Rejected;
import io.tickforge.shared.protocol.Welcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The join gate a fleet manager drives at run time: a replaced join token, then draining. Loopback. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ServerNetworkJoinGateTest {
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private ServerNetwork start(FakeSession session, NetworkConfig.Builder builder) throws IOException {
        ServerNetwork network = new ServerNetwork(builder.bindAddress("127.0.0.1").tcpPort(0).udpPort(0).build(), session);
        closeables.add(network);
        network.start();
        return network;
    }

    private TestClient hello(ServerNetwork network, String name, String token) throws IOException {
        TestClient c = new TestClient();
        closeables.add(c);
        c.connect(network);
        c.client.sendTCP(new Hello(Protocol.VERSION, name, token));
        return c;
    }

    @Test
    void theGateAloneComparesTokensAndDrains() {
        JoinGate gate = new JoinGate(null);
        assertTrue(gate.admits(null), "no token needed");
        gate.setToken("s3cret");
        assertTrue(gate.admits("s3cret"));
        assertTrue(!gate.admits("s3cre") && !gate.admits(null) && !gate.admits("s3cret "));
        assertTrue(!gate.isDraining());
        gate.startDraining();
        assertTrue(gate.isDraining());
    }

    @Test
    void aReplacedTokenAppliesToTheNextHello() throws Exception {
        ServerNetwork network = start(new FakeSession(4), NetworkConfig.builder().joinToken("configured"));
        network.joinGate().setToken("from-allocation");
        assertEquals(RejectReason.BAD_TOKEN, hello(network, "old", "configured").await(Rejected.class).reason);
        assertEquals(0, hello(network, "new", "from-allocation").await(Welcome.class).playerId);

        network.joinGate().setToken(null);
        assertEquals(1, hello(network, "open", null).await(Welcome.class).playerId);
    }

    @Test
    void drainingRefusesNewPlayersWithAClearReasonAndKeepsTheJoinedOnes() throws Exception {
        FakeSession session = new FakeSession(4);
        ServerNetwork network = start(session, NetworkConfig.builder());
        TestClient alice = hello(network, "alice", null);
        assertEquals(0, alice.await(Welcome.class).playerId);

        network.joinGate().startDraining();
        assertTrue(network.joinGate().isDraining());
        TestClient late = hello(network, "late", null);
        Rejected rejected = late.await(Rejected.class);
        assertEquals(RejectReason.DRAINING, rejected.reason);
        assertTrue(rejected.text.contains("join another server"), rejected.text);
        late.awaitDisconnected();
        assertEquals(1, network.counters().get(Counter.REJECTED_DRAINING));
        assertEquals(1, session.joins.size(), "no slot reserved for the refused player");
        assertTrue(alice.client.isConnected(), "joined players stay while draining");

        network.disconnectAll(ByeReason.SERVER_SHUTDOWN, "match over");
        Bye bye = alice.await(Bye.class);
        assertEquals(ByeReason.SERVER_SHUTDOWN, bye.reason);
        assertEquals("match over", bye.text);
        alice.awaitDisconnected();
        awaitTrue(() -> session.leaves.size() == 1, "the leave reaches the session");
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() - deadline < 0, what);
            Thread.sleep(5);
        }
    }
}
