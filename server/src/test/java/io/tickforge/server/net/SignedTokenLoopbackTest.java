package io.tickforge.server.net;

import com.esotericsoftware.kryonet.FrameworkMessage;
import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.shared.protocol.Hello;
import io.tickforge.shared.protocol.KryoSerialization;
import io.tickforge.shared.protocol.Protocol;
import io.tickforge.shared.protocol.RejectReason;
import io.tickforge.shared.protocol.Rejected;
import io.tickforge.shared.protocol.Welcome;
import io.tickforge.shared.token.ClientToken;
import io.tickforge.shared.token.ConnectTokenMinter;
import io.tickforge.shared.token.TokenClaims;
import io.tickforge.shared.token.TokenSecret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** A real ServerNetwork in signed-token mode on ephemeral loopback ports. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SignedTokenLoopbackTest {
    static final String PUBLIC_ADDRESS = "arena-1.example.net:7777";

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private final TokenSecret secret = TokenSecret.generate(random);
    private final ConnectTokenMinter minter = new ConnectTokenMinter(secret, random);

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private ServerNetwork start(FakeSession session) throws IOException {
        NetworkConfig config = NetworkConfig.builder().bindAddress("127.0.0.1").tcpPort(0).udpPort(0).build();
        ServerNetwork network = new ServerNetwork(config, session, new SignedTokenAuthenticator(secret, PUBLIC_ADDRESS));
        closeables.add(network);
        network.start();
        return network;
    }

    private TestClient client(ServerNetwork network) throws IOException {
        TestClient c = new TestClient();
        closeables.add(c);
        return c.connect(network);
    }

    private ClientToken mint(long playerId, long expiresAtEpochS, String server) {
        return minter.mint(new TokenClaims(playerId, 1, expiresAtEpochS, server, null));
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private static Hello hello(String name, ClientToken token) {
        return new Hello(Protocol.VERSION, name, null, token.sealed());
    }

    @Test
    void signedTokenJoinsAndEveryBadTokenIsRejectedWithItsReason() throws Exception {
        FakeSession session = new FakeSession(8);
        ServerNetwork network = start(session);

        ClientToken aliceToken = mint(1001, now() + 60, PUBLIC_ADDRESS);
        TestClient alice = client(network);
        alice.client.sendTCP(hello("alice", aliceToken));
        Welcome welcome = alice.await(Welcome.class);
        assertEquals(0, welcome.playerId);

        TestClient expired = client(network);
        expired.client.sendTCP(hello("late", mint(1002, now() - 1, PUBLIC_ADDRESS)));
        assertRejected(expired, RejectReason.TOKEN_EXPIRED);

        ClientToken foreign = new ConnectTokenMinter(TokenSecret.generate(random), random)
                .mint(new TokenClaims(1003, 1, now() + 60, PUBLIC_ADDRESS, null));
        TestClient forger = client(network);
        forger.client.sendTCP(hello("forger", foreign));
        assertRejected(forger, RejectReason.TOKEN_INVALID);

        TestClient noToken = client(network);
        noToken.client.sendTCP(new Hello(Protocol.VERSION, "lan", "some-lan-token"));
        assertRejected(noToken, RejectReason.TOKEN_INVALID);

        TestClient lost = client(network);
        lost.client.sendTCP(hello("lost", mint(1004, now() + 60, "arena-2.example.net:7777")));
        assertRejected(lost, RejectReason.TOKEN_WRONG_SERVER);

        // Alice's token captured and replayed from another connection (another port) of this host...
        TestClient replayer = client(network);
        replayer.client.sendTCP(hello("mallory", aliceToken));
        assertRejected(replayer, RejectReason.TOKEN_REUSED);
        // ...and from another host (127.0.0.2 is loopback on Linux too).
        Rejected fromElsewhere = rawHello(network, "127.0.0.2", hello("mallory", aliceToken));
        assertEquals(RejectReason.TOKEN_REUSED, fromElsewhere.reason, fromElsewhere.text);

        assertEquals(1, network.counters().get(Counter.REJECTED_TOKEN_EXPIRED));
        assertEquals(2, network.counters().get(Counter.REJECTED_TOKEN_INVALID));
        assertEquals(1, network.counters().get(Counter.REJECTED_TOKEN_WRONG_SERVER));
        assertEquals(2, network.counters().get(Counter.REJECTED_TOKEN_REUSED));
        assertEquals(1, network.counters().get(Counter.JOINED));
        assertEquals(1, session.joins.size(), "no rejected Hello reserved a slot");
        assertTrue(alice.client.isConnected(), "the replays did not disturb the genuine player");

        // A fresh token for the same player while alice plays: one slot per account.
        TestClient twin = client(network);
        twin.client.sendTCP(hello("alice2", mint(1001, now() + 60, PUBLIC_ADDRESS)));
        assertRejected(twin, RejectReason.PLAYER_ALREADY_CONNECTED);
        assertEquals(1, network.counters().get(Counter.REJECTED_PLAYER_ALREADY_CONNECTED));
        // Once alice has left (her Bye ends the slot, no hold), a fresh token admits a new connection.
        alice.client.sendTCP(new io.tickforge.shared.protocol.Bye(io.tickforge.shared.protocol.ByeReason.CLIENT_LEFT, null));
        alice.awaitDisconnected();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (network.counters().get(Counter.LEAVES) < 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(1, network.counters().get(Counter.LEAVES));
        assertEquals(0, network.counters().get(Counter.SLOTS_HELD), "a client's own Bye holds nothing");
        TestClient again = client(network);
        again.client.sendTCP(hello("alice2", mint(1001, now() + 60, PUBLIC_ADDRESS)));
        assertEquals(0, again.await(Welcome.class).playerId, "alice's slot, free again");
    }

    private static void assertRejected(TestClient client, RejectReason reason) throws InterruptedException {
        Rejected rejected = client.await(Rejected.class);
        assertEquals(reason, rejected.reason, rejected.text);
        assertTrue(!rejected.text.isEmpty(), "says why");
        client.awaitDisconnected();
    }

    /**
     * A raw KryoNet peer bound to {@code localHost}: completes KryoNet's TCP registration (as a
     * KryoNet client would), sends one Hello frame and returns the Rejected it gets.
     */
    private static Rejected rawHello(ServerNetwork network, String localHost, Hello hello) throws IOException {
        KryoSerialization wire = new KryoSerialization();
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(localHost, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", network.tcpPort()), 5000);
            socket.setSoTimeout(5000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            // KryoNet runs TCP only: its registration is complete with RegisterTCP.
            assertInstanceOf(FrameworkMessage.RegisterTCP.class, readFrame(in));
            byte[] frame = new byte[4096];
            int n = wire.encode(hello, frame);
            out.writeInt(n);
            out.write(frame, 0, n);
            out.flush();
            while (true) {
                Object message = readFrame(in);
                if (message instanceof Rejected r) {
                    assertEquals(localHost, ((InetSocketAddress) socket.getLocalSocketAddress()).getAddress().getHostAddress());
                    return r;
                }
                if (!(message instanceof FrameworkMessage)) {
                    fail("expected Rejected, got " + message.getClass().getSimpleName());
                }
            }
        }
    }

    private static Object readFrame(DataInputStream in) throws IOException {
        int length = in.readInt();
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new KryoSerialization().read(null, ByteBuffer.wrap(bytes));
    }
}
