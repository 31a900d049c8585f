package io.tickforge.server.net;

import ch.qos.logback.classic.Level;
import com.esotericsoftware.kryonet.FrameworkMessage;
import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.shared.protocol.Bye;
import io.tickforge.shared.protocol.ByeReason;
import io.tickforge.shared.protocol.Chat;
import io.tickforge.shared.protocol.Hello;
import io.tickforge.shared.protocol.InputPacket;
import io.tickforge.shared.protocol.KryoSerialization;
import io.tickforge.shared.protocol.Protocol;
import io.tickforge.shared.protocol.RejectReason;
import io.tickforge.shared.protocol.Rejected;
import io.tickforge.shared.protocol.ServerStats;
import io.tickforge.shared.protocol.SnapshotDatagram;
import io.tickforge.shared.protocol.StatsRequest;
import io.tickforge.shared.protocol.Welcome;
import io.tickforge.shared.transport.ClientUdpLink;
import io.tickforge.shared.transport.SecureDatagram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Real ServerNetwork on ephemeral loopback ports, real KryoNet clients and raw sockets. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ServerNetworkLoopbackTest {
    static {
        for (String name : new String[] {"io.tickforge.server.net", "kryonet"}) {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(name)).setLevel(Level.INFO);
        }
    }

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final KryoSerialization wire = new KryoSerialization();

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

    private ServerNetwork start(FakeSession session) throws IOException {
        return start(session, NetworkConfig.builder());
    }

    private TestClient client(ServerNetwork network) throws IOException {
        TestClient c = new TestClient();
        closeables.add(c);
        return c.connect(network);
    }

    private static void awaitCounter(ServerNetwork network, Counter counter, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (network.counters().get(counter) < atLeast) {
            if (System.nanoTime() - deadline > 0) {
                fail(counter + " is " + network.counters().get(counter) + ", expected at least " + atLeast + "; " + network.counters());
            }
            Thread.sleep(5);
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    private InputPacket input(long tick, int moveX) {
        InputPacket p = new InputPacket();
        p.newestTick = tick;
        p.count = 1;
        p.set(0, moveX, 0, 0, 0);
        return p;
    }

    // ---- handshake --------------------------------------------------------------------------------

    @Test
    void joinGetsWelcomeAndTheSessionGetsTheJoin() throws Exception {
        FakeSession session = new FakeSession(4);
        ServerNetwork network = start(session);
        TestClient alice = client(network);

        Welcome welcome = alice.join("alice");

        assertEquals(0, welcome.playerId);
        assertEquals(7, welcome.sessionId);
        assertEquals(60, welcome.tickRateHz);
        assertEquals(1234, welcome.serverTick);
        assertEquals(1200, welcome.packetBudgetBytes);
        assertNotEquals(0, welcome.udpId);
        assertEquals(SecureDatagram.KEY_BYTES, welcome.clientKey.length);
        assertEquals(SecureDatagram.KEY_BYTES, welcome.serverKey.length);
        assertFalse(java.util.Arrays.equals(welcome.clientKey, welcome.serverKey), "one key per direction");
        awaitTrue(() -> session.joins.size() == 1, "join");
        FakeSession.Join join = session.joins.get(0);
        assertEquals(0, join.slot());
        assertEquals("alice", join.name());
        assertEquals(alice.client.getID(), join.link().connectionId());
        awaitCounter(network, Counter.JOINED, 1);
        assertTrue(network.bytesIn() > 0 && network.bytesOut() > 0);
    }

    @Test
    void versionMismatchIsRejectedAndClosedWithoutReservingASlot() throws Exception {
        FakeSession session = new FakeSession(4);
        ServerNetwork network = start(session);
        TestClient old = client(network);

        old.client.sendTCP(new Hello(Protocol.VERSION + 1, "old", null));

        Rejected rejected = old.await(Rejected.class);
        assertEquals(RejectReason.VERSION_MISMATCH, rejected.reason);
        old.awaitDisconnected();
        assertEquals(0, session.reserveCalls.get());
        assertEquals(1, network.counters().get(Counter.REJECTED_VERSION));
        assertTrue(session.joins.isEmpty());
    }

    @Test
    void fullSessionRejectsTheNextPlayer() throws Exception {
        FakeSession session = new FakeSession(1);
        ServerNetwork network = start(session);
        TestClient first = client(network);
        first.join("first");
        TestClient second = client(network);

        second.client.sendTCP(new Hello(Protocol.VERSION, "second", null));

        assertEquals(RejectReason.SERVER_FULL, second.await(Rejected.class).reason);
        second.awaitDisconnected();
        assertEquals(1, network.counters().get(Counter.REJECTED_SERVER_FULL));
        assertTrue(first.isConnected());
        assertEquals(1, session.joins.size());
    }

    @Test
    void badNameAndBadTokenAreRejected() throws Exception {
        FakeSession session = new FakeSession(4);
        ServerNetwork network = start(session, NetworkConfig.builder().joinToken("sesame"));
        TestClient badName = client(network);
        badName.client.sendTCP(new Hello(Protocol.VERSION, "bad\nname", "sesame"));
        assertEquals(RejectReason.BAD_NAME, badName.await(Rejected.class).reason);

        TestClient noToken = client(network);
        noToken.client.sendTCP(new Hello(Protocol.VERSION, "eve", null));
        assertEquals(RejectReason.BAD_TOKEN, noToken.await(Rejected.class).reason);

        TestClient good = client(network);
        good.client.sendTCP(new Hello(Protocol.VERSION, "bob", "sesame"));
        assertEquals(0, good.await(Welcome.class).playerId);
        assertEquals(1, network.counters().get(Counter.REJECTED_BAD_NAME));
        assertEquals(1, network.counters().get(Counter.REJECTED_BAD_TOKEN));
    }

    @Test
    void secondHelloIsAProtocolErrorAndTheLeaveIsEnqueuedExactlyOnce() throws Exception {
        FakeSession session = new FakeSession(4);
        ServerNetwork network = start(session);
        TestClient alice = client(network);
        Welcome welcome = alice.join("alice");

        alice.client.sendTCP(new Hello(Protocol.VERSION, "alice", null));

        Bye bye = alice.await(Bye.class);
        assertEquals(ByeReason.PROTOCOL_ERROR, bye.reason);
        alice.awaitDisconnected();
        awaitTrue(() -> session.leaves.size() == 1, "leave");
        assertEquals(List.of(welcome.playerId), session.leaves);
        assertEquals(1, network.counters().get(Counter.PROTOCOL_ERRORS));
    }

    @Test
    void messagesBeforeHelloAreProtocolErrors() throws Exception {
        FakeSession session = new FakeSession(4);
        ServerNetwork network = start(session);
        TestClient early = client(network);

        early.client.sendTCP(new Chat("hello?"));

        assertEquals(ByeReason.PROTOCOL_ERROR, early.await(Bye.class).reason);
        early.awaitDisconnected();
        assertEquals(1, network.counters().get(Counter.PROTOCOL_ERRORS));
        assertTrue(session.leaves.isEmpty(), "never joined, so no leave");
    }

    @Test
    void silentClientsAreClosedAfterTheHandshakeTimeout() throws Exception {
        FakeSession session = new FakeSession(4);
        ServerNetwork network = start(session, NetworkConfig.builder().handshakeTimeoutMs(300));
        TestClient silent = client(network);
        // A raw socket that never even completes KryoNet's UDP registration.
        try (Socket raw = new Socket("127.0.0.1", network.tcpPort())) {
            raw.setSoTimeout(5000);
            DataInputStream in = new DataInputStream(raw.getInputStream());

            assertInstanceOf(FrameworkMessage.RegisterTCP.class, readFrame(in));
            Bye rawBye = assertInstanceOf(Bye.class, readFrame(in));
            assertEquals(ByeReason.HANDSHAKE_TIMEOUT, rawBye.reason);
            assertClosed(in);
        }
        assertEquals(ByeReason.HANDSHAKE_TIMEOUT, silent.await(Bye.class).reason);
        silent.awaitDisconnected();
        awaitCounter(network, Counter.HANDSHAKE_TIMEOUTS, 2);
        assertEquals(0, session.reserveCalls.get());
    }

    @Test
    void disconnectEnqueuesOneLeave() throws Exception {
        FakeSession session = new FakeSession(4);
        // --reconnect-grace 0: a dropped player leaves at once (the hold is ReconnectGraceTest's and ReconnectLoopbackTest's).
        ServerNetwork network = start(session, NetworkConfig.builder().reconnectGraceMs(0));
        TestClient alice = client(network);
        Welcome welcome = alice.join("alice");
        awaitTrue(() -> session.joins.size() == 1, "join");

        alice.client.close();

        awaitTrue(() -> !session.leaves.isEmpty(), "leave");
        awaitCounter(network, Counter.LEAVES, 1);
        // A second close of the same connection must not produce a second leave.
        alice.client.close();
        Thread.sleep(100);
        assertEquals(List.of(welcome.playerId), session.leaves);
        assertEquals(1, network.counters().get(Counter.LEAVES));
    }

    // ---- TCP messages -------------------------------------------------------------------------------

    @Test
    void chatIsRelayedToEveryJoinedPlayerAndOverLongLinesAreDropped() throws Exception {
        FakeSession session = new FakeSession(4);
        ServerNetwork network = start(session, NetworkConfig.builder().maxChatChars(10));
        TestClient alice = client(network);
        TestClient bob = client(network);
        Welcome aliceWelcome = alice.join("alice");
        bob.join("bob");

        alice.client.sendTCP(new Chat("this line is too long"));
        alice.client.sendTCP(new Chat("hi bob"));

        for (TestClient c : new TestClient[] {alice, bob}) {
            Chat chat = c.await(Chat.class);
            assertEquals("hi bob", chat.text, "the over-long line was not relayed");
            assertEquals(aliceWelcome.playerId, chat.fromPlayerId);
            assertEquals("alice", chat.fromName);
        }
        assertEquals(1, network.counters().get(Counter.CHAT_TOO_LONG));
        assertEquals(1, network.counters().get(Counter.CHAT_RELAYED));
    }

    @Test
    void chatFloodingIsDroppedThenKicked() throws Exception {
        FakeSession session = new FakeSession(4);
        ServerNetwork network = start(session, NetworkConfig.builder().chatPerSecond(0.001).chatBurst(2).chatFloodStrikes(5));
        TestClient spammer = client(network);
        spammer.join("spammer");

        for (int i = 0; i < 20; i++) {
            spammer.client.sendTCP(new Chat("spam " + i));
        }

        assertEquals(ByeReason.FLOODING, spammer.await(Bye.class).reason);
        spammer.awaitDisconnected();
        assertEquals(2, network.counters().get(Counter.CHAT_RELAYED), "the burst went through");
        assertEquals(5, network.counters().get(Counter.CHAT_FLOODED), "strikes up to the kick, nothing after");
        assertEquals(1, network.counters().get(Counter.FLOOD_KICKS));
    }

    @Test
    void statsRequestIsAnsweredWithTheSessionStats() throws Exception {
        FakeSession session = new FakeSession(4);
        ServerNetwork network = start(session);
        TestClient alice = client(network);
        alice.join("alice");

        alice.client.sendTCP(new StatsRequest());

        ServerStats stats = alice.await(ServerStats.class);
        assertEquals(7, stats.sessionId);
        assertEquals(60, stats.tickRateHz);
        assertEquals(1, network.counters().get(Counter.STATS_REQUESTS));
    }

    @Test
    void tcpGarbageClosesOnlyThatConnection() throws Exception {
        FakeSession session = new FakeSession(4);
        ServerNetwork network = start(session);
        TestClient alice = client(network);
        Welcome welcome = alice.join("alice");

        // 1. Garbage right after connecting (a negative frame length): closed, counted.
        try (Socket raw = new Socket("127.0.0.1", network.tcpPort())) {
            raw.setSoTimeout(5000);
            DataInputStream in = new DataInputStream(raw.getInputStream());
            assertInstanceOf(FrameworkMessage.RegisterTCP.class, readFrame(in));
            raw.getOutputStream().write(new byte[] {(byte) 0xDE, (byte) 0xAD, (byte) 0xBE, (byte) 0xEF, 1, 2, 3});
            assertClosed(in);
        }
        awaitCounter(network, Counter.TCP_BAD_FRAME_LENGTH, 1);

        // 2. A registered raw peer sends a frame larger than the object buffer.
        try (RawPeer peer = RawPeer.register(network, wire)) {
            peer.out.writeInt(1 << 20);
            peer.out.write(new byte[64]);
            peer.out.flush();
            assertClosed(peer.in);
        }
        awaitCounter(network, Counter.TCP_BAD_FRAME_LENGTH, 2);

        // 3. A registered raw peer sends a well-framed message of an unknown type: Bye(PROTOCOL_ERROR).
        try (RawPeer peer = RawPeer.register(network, wire)) {
            peer.out.writeInt(3);
            peer.out.write(new byte[] {(byte) (99 + 2), 1, 2});
            peer.out.flush();
            Bye bye = assertInstanceOf(Bye.class, readFrameSkippingKeepAlives(peer.in));
            assertEquals(ByeReason.PROTOCOL_ERROR, bye.reason);
            assertClosed(peer.in);
        }
        awaitCounter(network, Counter.TCP_MALFORMED, 1);

        // The joined client never noticed.
        assertTrue(alice.isConnected());
        alice.client.sendTCP(new Chat("still here"));
        assertEquals("still here", alice.await(Chat.class).text);
        assertTrue(session.leaves.isEmpty());
        assertEquals(welcome.playerId, session.joins.get(0).slot());
    }

    // ---- UDP ----------------------------------------------------------------------------------------

    @Test
    void udpGarbageOversizedForgedAndReplayedDatagramsAreDroppedAndCountedWhileValidInputArrives() throws Exception {
        FakeSession session = new FakeSession(4);
        ServerNetwork network = start(session);
        TestClient alice = client(network);
        Welcome welcome = alice.join("alice");
        awaitCounter(network, Counter.UDP_BOUND, 1); // alice's bind datagram proved her address
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        InetSocketAddress udpAddress = new InetSocketAddress(loopback, network.udpPort());

        try (DatagramSocket stranger = new DatagramSocket()) {
            byte[] garbage = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x00, 0x13, 0x37};
            stranger.send(new DatagramPacket(garbage, garbage.length, udpAddress));
            byte[] oversized = new byte[5000];
            stranger.send(new DatagramPacket(oversized, oversized.length, udpAddress));
            // KryoNet's RegisterUDP for alice's connection id: KryoNet's UDP is off, it binds nothing.
            FrameworkMessage.RegisterUDP register = new FrameworkMessage.RegisterUDP();
            register.connectionID = alice.client.getID();
            byte[] forged = new byte[16];
            int n = wire.encode(register, forged);
            stranger.send(new DatagramPacket(forged, n, udpAddress));
        }
        // Sealed with a guessed key under alice's udpId, and under an id nobody has.
        try (ClientUdpLink guesser = new ClientUdpLink(udpAddress); ClientUdpLink nobody = new ClientUdpLink(udpAddress)) {
            guesser.setKeys(welcome.udpId, new byte[16], new byte[16]);
            guesser.sendBind();          // sequence 0: alice's bind already used it, so a replay (no key check)
            guesser.sendInput(input(5, 1)); // sequence 1: fresh, so the tag is checked and fails
            nobody.setKeys(welcome.udpId ^ 1, welcome.clientKey, welcome.serverKey);
            nobody.sendInput(input(6, 1));
        }
        // alice's bind (sequence 0) replayed from another port: the replay window drops it.
        try (ClientUdpLink replayer = new ClientUdpLink(udpAddress)) {
            replayer.setKeys(welcome.udpId, welcome.clientKey, welcome.serverKey);
            replayer.sendBind();
        }

        awaitCounter(network, Counter.UDP_GARBAGE, 1);
        awaitCounter(network, Counter.UDP_OVERSIZED, 1);
        awaitCounter(network, Counter.UDP_FORGED_REGISTRATIONS, 1);
        awaitCounter(network, Counter.UDP_BAD_KEY, 1);
        awaitCounter(network, Counter.UDP_UNKNOWN_SOURCE, 1);
        awaitCounter(network, Counter.UDP_REPLAYED, 2);
        assertEquals(0, network.counters().get(Counter.UDP_REBOUND), "nothing moved alice's address");

        alice.sendInput(input(12, 42));
        FakeSession.Input arrived = session.inputs.poll(5, TimeUnit.SECONDS);
        assertTrue(arrived != null, "valid input arrived");
        assertEquals(new FakeSession.Input(welcome.playerId, 12, 1, 42), arrived);
        assertTrue(session.inputs.isEmpty(), "none of the bad packets reached the session");
        // And snapshots still go to alice, not to any of the strangers.
        var link = session.joins.get(0).link();
        assertTrue(link.sendSnapshot(new byte[] {9, 8, 7}, 3));
        assertEquals(3, alice.await(SnapshotDatagram.class).length);
        assertTrue(alice.isConnected());
    }

    @Test
    void aThrowingSessionDoesNotKillTheServer() throws Exception {
        FakeSession session = new FakeSession(4);
        ServerNetwork network = start(session);
        TestClient alice = client(network);
        Welcome welcome = alice.join("alice");
        session.throwOnInput = new IllegalStateException("session bug (test)");

        for (int i = 0; i < 50; i++) {
            alice.sendInput(input(100 + i, 1));
        }
        awaitCounter(network, Counter.LISTENER_ERRORS, 1);

        // The update thread is alive: a new player can join, chat flows, input flows again.
        session.throwOnInput = null;
        TestClient bob = client(network);
        bob.join("bob");
        alice.client.sendTCP(new Chat("ok"));
        assertEquals("ok", bob.await(Chat.class).text);
        alice.sendInput(input(500, 3));
        // Packets sent while the session threw may still be arriving; wait for the last one.
        FakeSession.Input arrived;
        do {
            arrived = session.inputs.poll(5, TimeUnit.SECONDS);
            assertTrue(arrived != null, "input 500 arrived");
        } while (arrived.newestTick() != 500);
        assertTrue(alice.isConnected(), "a session bug is not the client's fault");
    }

    @Test
    void wrongTransportIsRefused() throws Exception {
        FakeSession session = new FakeSession(4);
        ServerNetwork network = start(session);
        TestClient alice = client(network);
        TestClient bob = client(network);
        Welcome aliceWelcome = alice.join("alice");
        bob.join("bob");

        // A server-only datagram kind, and a chat message as an input payload, over UDP: dropped and
        // counted, never relayed, never a disconnect.
        byte[] chat = new byte[64];
        int n = wire.encode(new Chat("via udp"), chat);
        alice.udp.sendRaw(SecureDatagram.KIND_SNAPSHOT, chat, 0, n);
        alice.udp.sendRaw(SecureDatagram.KIND_INPUT, chat, 0, n);
        awaitCounter(network, Counter.UDP_UNEXPECTED_TYPE, 1);
        awaitCounter(network, Counter.UDP_MALFORMED, 1);
        assertEquals(0, network.counters().get(Counter.CHAT_RELAYED));
        assertTrue(alice.isConnected());

        // Input over TCP is a protocol error for that connection only.
        bob.client.sendTCP(input(1, 1));
        assertEquals(ByeReason.PROTOCOL_ERROR, bob.await(Bye.class).reason);
        bob.awaitDisconnected();
        assertTrue(session.inputs.isEmpty());
        assertTrue(alice.isConnected());
    }

    @Test
    void tcpMessageFloodIsKicked() throws Exception {
        FakeSession session = new FakeSession(4);
        ServerNetwork network = start(session, NetworkConfig.builder().tcpMessagesPerSecond(1).tcpMessageBurst(50));
        TestClient flooder = client(network);
        TestClient alice = client(network);
        flooder.join("flooder");
        alice.join("alice");

        // KryoNet keep-alives are free for KryoNet but not for us: 100 of them exceed a burst of 50.
        for (int i = 0; i < 100; i++) {
            flooder.client.sendTCP(FrameworkMessage.keepAlive);
        }

        assertEquals(ByeReason.FLOODING, flooder.await(Bye.class).reason);
        flooder.awaitDisconnected();
        assertEquals(1, network.counters().get(Counter.TCP_FLOOD_KICKS));
        assertTrue(alice.isConnected());
    }

    @Test
    void statsRequestsAreRateLimited() throws Exception {
        FakeSession session = new FakeSession(4);
        ServerNetwork network = start(session, NetworkConfig.builder().chatPerSecond(0.001).chatBurst(2));
        TestClient alice = client(network);
        alice.join("alice");

        for (int i = 0; i < 5; i++) {
            alice.client.sendTCP(new StatsRequest());
        }

        awaitCounter(network, Counter.STATS_THROTTLED, 3);
        assertEquals(2, network.counters().get(Counter.STATS_REQUESTS));
        assertTrue(alice.isConnected());
    }

    @Test
    void connectionsOverTheLimitAreClosed() throws Exception {
        FakeSession session = new FakeSession(4);
        ServerNetwork network = start(session, NetworkConfig.builder().maxConnections(1));
        TestClient alice = client(network);
        alice.join("alice");

        try (Socket extra = new Socket("127.0.0.1", network.tcpPort())) {
            extra.setSoTimeout(5000);
            assertClosed(new DataInputStream(extra.getInputStream()));
        }
        assertEquals(1, network.counters().get(Counter.CONNECTIONS_OVER_LIMIT));
        assertTrue(alice.isConnected());
    }

    @Test
    void aSocketFloodFromOneAddressNeverLocksOutPlayersFromAnother() throws Exception {
        FakeSession session = new FakeSession(8);
        ServerNetwork network = start(session, NetworkConfig.builder().maxConnectionsPerIp(16).maxPreAuthConnections(64)
                .handshakeTimeoutMs(60_000)); // the flood stays for the whole test
        int flood = 600;
        List<Socket> silent = new ArrayList<>();
        try {
            // 127.0.0.2 is loopback too (Linux routes 127/8 locally): a second address on one machine.
            for (int i = 0; i < flood; i++) {
                Socket s = new Socket();
                s.bind(new InetSocketAddress("127.0.0.2", 0));
                s.connect(new InetSocketAddress("127.0.0.1", network.tcpPort()), 5000);
                silent.add(s);
                if (i % 100 == 50) { // players join from 127.0.0.1 all through the flood
                    TestClient player = client(network);
                    assertNotNull(player.join("p" + i));
                }
            }
            TestClient last = client(network);
            assertNotNull(last.join("last"));
            // 8 silent sockets may wait for their Hello per address (maxPreAuthPerIp); the rest are closed.
            awaitCounter(network, Counter.CONNECTIONS_OVER_PRE_AUTH_LIMIT, flood - 8);
            assertEquals(flood - 8, network.counters().get(Counter.CONNECTIONS_OVER_PRE_AUTH_LIMIT));
            awaitTrue(() -> session.joins.size() == 7, "every player joined during the flood"); // 6 during + last
            assertEquals(0, network.counters().get(Counter.CONNECTIONS_OVER_LIMIT));
        } finally {
            for (Socket s : silent) {
                s.close();
            }
        }
    }

    @Test
    void aPortInUseFailsStartCleanly() throws Exception {
        FakeSession session = new FakeSession(4);
        ServerNetwork first = start(session);
        ServerNetwork second = new ServerNetwork(NetworkConfig.builder().bindAddress("127.0.0.1")
                .tcpPort(first.tcpPort()).udpPort(0).build(), session);
        closeables.add(second);
        org.junit.jupiter.api.Assertions.assertThrows(IOException.class, second::start);
        second.close(); // no-op, no exception
    }

    // ---- PlayerLink -------------------------------------------------------------------------------

    @Test
    void playerLinkSendsSnapshotsWithinTheBudgetAndDisconnectsWithBye() throws Exception {
        FakeSession session = new FakeSession(4);
        ServerNetwork network = start(session);
        TestClient alice = client(network);
        alice.join("alice");
        awaitTrue(() -> session.joins.size() == 1, "join");
        var link = session.joins.get(0).link();
        awaitCounter(network, Counter.UDP_BOUND, 1);

        byte[] payload = new byte[1200];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        int fits = 1200 - SnapshotDatagram.FRAMING_BYTES;
        assertTrue(link.sendSnapshot(payload, fits));
        assertFalse(link.sendSnapshot(payload, fits + 1), "one byte over the budget is refused, not sent");
        SnapshotDatagram got = alice.await(SnapshotDatagram.class);
        assertEquals(fits, got.length);
        assertArrayEquals(java.util.Arrays.copyOf(payload, fits), got.bytes);
        assertEquals(1, network.counters().get(Counter.SNAPSHOTS_OVER_BUDGET));

        link.disconnect(ByeReason.KICKED, "afk");
        Bye bye = alice.await(Bye.class);
        assertEquals(ByeReason.KICKED, bye.reason);
        assertEquals("afk", bye.text);
        alice.awaitDisconnected();
        awaitTrue(() -> session.leaves.size() == 1, "leave");
        assertFalse(link.sendSnapshot(payload, 10), "sending to a closed link fails quietly");
    }

    @Test
    void shutdownSaysByeToEveryone() throws Exception {
        FakeSession session = new FakeSession(4);
        ServerNetwork network = start(session);
        TestClient alice = client(network);
        TestClient bob = client(network);
        alice.join("alice");
        bob.join("bob");

        network.shutdown(ByeReason.SERVER_SHUTDOWN);

        for (TestClient c : new TestClient[] {alice, bob}) {
            assertEquals(ByeReason.SERVER_SHUTDOWN, c.await(Bye.class).reason);
            c.awaitDisconnected();
        }
        awaitTrue(() -> session.leaves.size() == 2, "two leaves");
        network.shutdown(ByeReason.SERVER_SHUTDOWN); // idempotent
    }

    // ---- clients that vanish or stop reading --------------------------------------------------------

    @Test
    void aClientThatVanishesWithoutClosingIsTimedOutAndLeavesOnceWhileOthersKeepPlaying() throws Exception {
        int idleTimeoutMs = 1000;
        FakeSession session = new FakeSession(4);
        // Grace 0: the timed-out player leaves at once instead of being held for a reconnect.
        ServerNetwork network = start(session, NetworkConfig.builder().keepAliveMs(200).idleTimeoutMs(idleTimeoutMs)
                .reconnectGraceMs(0));
        TestClient bob = client(network);
        bob.client.setKeepAliveTCP(200); // KryoNet's client default (8 s) would let the server time bob out too
        Welcome bobWelcome = bob.join("bob");

        // The vanisher joins by hand, then sends nothing more and reads nothing more: no keep-alives,
        // no FIN, as if its machine lost power.
        RawPeer vanisher = RawPeer.register(network, wire);
        closeables.add(vanisher);
        vanisher.sendFrame(wire, new Hello(Protocol.VERSION, "vanisher", null));
        Welcome vanisherWelcome = assertInstanceOf(Welcome.class, readFrameSkippingKeepAlives(vanisher.in));
        awaitTrue(() -> session.joins.size() == 2, "both joins");
        long closedBefore = network.counters().get(Counter.CONNECTIONS_CLOSED);

        // The server stops hearing from it and closes it after idleTimeoutMs; awaits allow 5 s.
        awaitTrue(() -> !session.leaves.isEmpty(), "the vanisher's leave");
        assertEquals(List.of(vanisherWelcome.playerId), session.leaves);
        awaitCounter(network, Counter.IDLE_TIMEOUTS, 1);
        assertEquals(closedBefore + 1, network.counters().get(Counter.CONNECTIONS_CLOSED));
        assertEquals(0, network.counters().get(Counter.TCP_WRITE_BUFFER_FULL));
        assertClosed(vanisher.in); // whatever keep-alives were queued, then end of stream

        // Another idle timeout's worth later bob is still joined (his keep-alives count as traffic)
        // and still served: a snapshot over UDP, a chat relay and a stats reply over TCP.
        Thread.sleep(2L * idleTimeoutMs);
        assertTrue(bob.isConnected());
        var bobLink = session.joins.get(0).link();
        assertEquals(bob.client.getID(), bobLink.connectionId());
        assertTrue(bobLink.sendSnapshot(new byte[] {1, 2, 3}, 3));
        assertEquals(3, bob.await(SnapshotDatagram.class).length);
        bob.client.sendTCP(new Chat("still here"));
        Chat relayed = bob.await(Chat.class);
        assertEquals("still here", relayed.text);
        assertEquals(bobWelcome.playerId, relayed.fromPlayerId);
        bob.client.sendTCP(new StatsRequest());
        assertEquals(7, bob.await(ServerStats.class).sessionId);
        assertEquals(List.of(vanisherWelcome.playerId), session.leaves, "exactly one leave, and only the vanisher's");
        assertEquals(1, network.counters().get(Counter.LEAVES));
        assertEquals(1, network.counters().get(Counter.IDLE_TIMEOUTS));
    }

    @Test
    void aClientThatStopsReadingIsClosedWhenItsWriteBufferFillsWhileOthersKeepPlaying() throws Exception {
        int writeBufferBytes = 8 * 1024;
        FakeSession session = new FakeSession(4);
        // Chat limits raised so one client can push relayed lines at the server as fast as TCP allows.
        ServerNetwork network = start(session, NetworkConfig.builder().writeBufferBytes(writeBufferBytes)
                .maxChatChars(500).chatPerSecond(1000).chatBurst(1000).chatFloodStrikes(1_000_000).chatRelayPerSecond(100_000)
                .tcpMessagesPerSecond(1_000_000).tcpMessageBurst(1_000_000)
                .idleTimeoutMs(60_000) // the stuck peer sends nothing either; this test is about its reading
                .reconnectGraceMs(0)); // and about its leave, not a hold for a reconnect
        TestClient alice = client(network);
        Welcome aliceWelcome = alice.join("alice");

        // The stuck reader: tiny kernel receive buffer, joins, then never reads again (and never closes).
        RawPeer stuck = RawPeer.register(network, wire, 4096);
        closeables.add(stuck);
        stuck.sendFrame(wire, new Hello(Protocol.VERSION, "stuck", null));
        Welcome stuckWelcome = assertInstanceOf(Welcome.class, readFrameSkippingKeepAlives(stuck.in));
        awaitTrue(() -> session.joins.size() == 2, "both joins");

        // Every line alice sends is relayed to both. Alice reads hers; the stuck peer's pile up in its
        // receive buffer, then the server's socket send buffer, then KryoNet's 8 KiB write buffer.
        String line = "x".repeat(500);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int sent = 0;
        while (session.leaves.isEmpty()) {
            if (System.nanoTime() - deadline > 0) {
                fail("stuck reader never closed after " + sent + " lines; " + network.counters());
            }
            // About the chat rate (1000/s): faster lines would only be dropped as flooding.
            assertTrue(alice.client.sendTCP(new Chat(line)) > 0);
            sent++;
            if (sent % 64 == 0) {
                alice.received.clear(); // her own relayed lines; her client keeps reading them
            }
            Thread.sleep(1);
        }

        assertEquals(List.of(stuckWelcome.playerId), session.leaves);
        awaitCounter(network, Counter.TCP_WRITE_BUFFER_FULL, 1);
        assertEquals(0, network.counters().get(Counter.IDLE_TIMEOUTS));
        // The stuck peer, should it read again, finds the lines that made it out, then the end of the stream.
        byte[] drain = new byte[64 * 1024];
        try {
            while (stuck.in.read(drain) >= 0) {
                // discard
            }
        } catch (SocketException reset) {
            // a reset also means closed
        }
        awaitCounter(network, Counter.LEAVES, 1);
        assertTrue(alice.isConnected(), "alice sent all that traffic legitimately and stays");
        alice.received.clear();
        alice.client.sendTCP(new Chat("after"));
        Chat relayed;
        do {
            relayed = alice.await(Chat.class);
        } while (!"after".equals(relayed.text));
        assertEquals(aliceWelcome.playerId, relayed.fromPlayerId);
        var aliceLink = session.joins.get(0).link();
        assertTrue(aliceLink.sendSnapshot(new byte[] {9}, 1));
        assertEquals(1, alice.await(SnapshotDatagram.class).length);
        assertEquals(1, network.counters().get(Counter.LEAVES));
    }

    // ---- raw socket helpers ---------------------------------------------------------------------

    private Object readFrame(DataInputStream in) throws IOException {
        int length = in.readInt();
        byte[] frame = new byte[length];
        in.readFully(frame);
        return new KryoSerialization().read(null, ByteBuffer.wrap(frame));
    }

    private Object readFrameSkippingKeepAlives(DataInputStream in) throws IOException {
        Object o;
        do {
            o = readFrame(in);
        } while (o instanceof FrameworkMessage);
        return o;
    }

    private static void assertClosed(DataInputStream in) throws IOException {
        try {
            while (true) {
                if (in.read() < 0) {
                    return; // orderly close
                }
            }
        } catch (EOFException | SocketException closed) {
            // reset also means closed
        }
    }

    /** A hand-rolled KryoNet peer that completes the (TCP-only) registration and then misbehaves. */
    private static final class RawPeer implements AutoCloseable {
        final Socket socket;
        final DatagramSocket udp;
        final DataInputStream in;
        final DataOutputStream out;

        private RawPeer(Socket socket, DatagramSocket udp) throws IOException {
            this.socket = socket;
            this.udp = udp;
            this.in = new DataInputStream(socket.getInputStream());
            this.out = new DataOutputStream(socket.getOutputStream());
        }

        static RawPeer register(ServerNetwork network, KryoSerialization wire) throws IOException {
            return register(network, wire, 0);
        }

        /** receiveBufferBytes > 0 shrinks the kernel receive buffer (set before connect, so the window scale fits it). */
        static RawPeer register(ServerNetwork network, KryoSerialization wire, int receiveBufferBytes) throws IOException {
            Socket socket = new Socket();
            if (receiveBufferBytes > 0) {
                socket.setReceiveBufferSize(receiveBufferBytes);
            }
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", network.tcpPort()), 5000);
            socket.setSoTimeout(5000);
            RawPeer peer = new RawPeer(socket, new DatagramSocket());
            int length = peer.in.readInt();
            byte[] frame = new byte[length];
            peer.in.readFully(frame);
            Object registerTcp = new KryoSerialization().read(null, ByteBuffer.wrap(frame));
            assertSame(FrameworkMessage.RegisterTCP.class, registerTcp.getClass(), "server registered the connection");
            return peer;
        }

        /** Sends one protocol message as a TCP frame (4-byte length + message), as a KryoNet client would. */
        void sendFrame(KryoSerialization wire, Object message) throws IOException {
            byte[] frame = new byte[4096];
            int n = wire.encode(message, frame);
            out.writeInt(n);
            out.write(frame, 0, n);
            out.flush();
        }

        @Override
        public void close() throws IOException {
            udp.close();
            socket.close();
        }
    }
}
