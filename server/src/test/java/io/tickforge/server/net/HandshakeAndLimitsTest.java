package io.tickforge.server.net;

import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.shared.protocol.Bye;
import io.tickforge.shared.protocol.ByeReason;
import io.tickforge.shared.protocol.Chat;
import io.tickforge.shared.protocol.Hello;
import io.tickforge.shared.protocol.Protocol;
import io.tickforge.shared.protocol.RejectReason;
import io.tickforge.shared.protocol.Rejected;
import io.tickforge.shared.protocol.Welcome;
import io.tickforge.shared.transport.SecureDatagram;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The handshake, the per-address limits and the chat relay without sockets: connections are plain
 * {@link PlayerConnection} objects, sends and closes are recorded, and time is a number the test
 * advances (handshake timeouts, attempt rates, flood kicks).
 */
class HandshakeAndLimitsTest {
    private static final long MS = 1_000_000L;

    private record Sent(PlayerConnection to, Object message) {
    }

    private final NetworkCounters counters = new NetworkCounters();
    private final List<Sent> sent = new ArrayList<>();
    private final List<Sent> closed = new ArrayList<>();
    private final FakeSession session = new FakeSession(4);
    private long nowNs = 1_000 * MS;

    private NetworkConfig.Builder config() {
        return NetworkConfig.builder().maxConnectionsPerIp(3).maxPreAuthConnections(5)
                .handshakesPerIpPerSecond(2).handshakeBurstPerIp(4).handshakeTimeoutMs(5000);
    }

    private PlayerConnection connection(NetworkConfig config) {
        return new PlayerConnection(nowNs, config);
    }

    private void close(PlayerConnection c, Object farewell) {
        c.closeRequested.set(true);
        closed.add(new Sent(c, farewell));
    }

    private Object lastClose(PlayerConnection c) {
        for (int i = closed.size() - 1; i >= 0; i--) {
            if (closed.get(i).to() == c) {
                return closed.get(i).message();
            }
        }
        return null;
    }

    @Test
    void oneAddressGetsAFewConnectionsAndTheRestAreRefusedWhileOthersStillGetIn() throws Exception {
        NetworkConfig config = config().build();
        ConnectionTable table = new ConnectionTable(config.maxConnections, config.maxConnectionsPerIp,
                config.maxPreAuthConnections, config.maxPreAuthPerIp, config.handshakesPerIpPerSecond,
                config.handshakeBurstPerIp);
        List<PlayerConnection> evicted = new ArrayList<>();
        InetAddress flooder = InetAddress.getByName("192.0.2.1");
        InetAddress player = InetAddress.getByName("198.51.100.7");
        List<ConnectionTable.Admission> outcomes = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            // (ServerNetwork closes a refused socket at once; refused ones hold no share of any limit.)
            PlayerConnection c = connection(config);
            table.track(c);
            outcomes.add(table.admit(c, flooder, evicted::add));
        }
        assertEquals(3, outcomes.stream().filter(a -> a == ConnectionTable.Admission.ADMITTED).count());
        assertEquals(3, table.preAuthCount());
        // A player from another address is admitted although the flooder holds 4000 sockets.
        PlayerConnection legit = connection(config);
        table.track(legit);
        assertEquals(ConnectionTable.Admission.ADMITTED, table.admit(legit, player, evicted::add));
        table.leavePreAuth(legit); // its Hello arrived
        // Pre-auth cap (5): silent sockets from more addresses fill it; from then on each newcomer
        // evicts the oldest silent one instead of being locked out.
        List<PlayerConnection> silent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            PlayerConnection c = connection(config);
            table.track(c);
            assertEquals(ConnectionTable.Admission.ADMITTED, table.admit(c, InetAddress.getByName("203.0.113." + i), evicted::add));
            silent.add(c);
        }
        assertEquals(5, table.preAuthCount());
        assertEquals(3 + 5, evicted.size(), "the flooder's 3, then the oldest 5 of the 10");
        PlayerConnection newcomer = connection(config);
        table.track(newcomer);
        assertEquals(ConnectionTable.Admission.ADMITTED, table.admit(newcomer, InetAddress.getByName("198.51.100.8"), evicted::add));
        assertTrue(evicted.contains(silent.get(5)));
        // Pre-auth per address (default 8 here is above maxConnectionsPerIp 3, so the address cap bit).
        assertEquals(ConnectionTable.Admission.OVER_PER_ADDRESS, table.admit(connection(config), flooder, evicted::add));
        // Releasing gives the shares back; idempotent.
        table.release(newcomer);
        table.release(newcomer);
        assertEquals(4, table.preAuthCount());
    }

    @Test
    void silentConnectionsExpireAtTheHandshakeTimeoutOnTheTestClock() {
        NetworkConfig config = config().build();
        ConnectionTable table = new ConnectionTable(100, 100, 100, 100, 10, 10);
        PlayerConnection early = connection(config);
        table.track(early);
        nowNs += 3000 * MS;
        PlayerConnection late = connection(config);
        table.track(late);
        List<PlayerConnection> expired = new ArrayList<>();
        table.forEachExpiredHandshake(nowNs + 1999 * MS, 5000 * MS, expired::add);
        assertEquals(List.of(), expired);
        table.forEachExpiredHandshake(nowNs + 2000 * MS, 5000 * MS, expired::add);
        assertEquals(List.of(early), expired);
        expired.clear();
        late.state.set(PlayerConnection.JOINED); // a joined connection never expires
        table.forEachExpiredHandshake(nowNs + 60_000 * MS, 5000 * MS, expired::add);
        assertEquals(List.of(early), expired);
    }

    @Test
    void aPeerThatSendsNothingIsIdleAfterTheTimeoutAndKeepAlivesKeepItAlive() {
        NetworkConfig config = config().build();
        ConnectionTable table = new ConnectionTable(100, 100, 100, 100, 10, 10);
        PlayerConnection talking = connection(config);
        PlayerConnection vanished = connection(config);
        table.track(talking);
        table.track(vanished);
        talking.lastTcpReadNs = nowNs;
        vanished.lastTcpReadNs = nowNs;
        long idleNs = 12_000 * MS;
        List<PlayerConnection> idle = new ArrayList<>();
        for (int second = 1; second <= 11; second++) { // a keep-alive from the talking peer every second
            talking.lastTcpReadNs = nowNs + second * 1000 * MS;
        }
        table.forEachIdle(nowNs + idleNs - 1, idleNs, idle::add);
        assertEquals(List.of(), idle);
        table.forEachIdle(nowNs + idleNs, idleNs, idle::add);
        assertEquals(List.of(vanished), idle);
        idle.clear();
        vanished.closeRequested.set(true); // being closed: not reported again
        table.forEachIdle(nowNs + 10 * idleNs, idleNs, idle::add);
        assertEquals(List.of(talking), idle);
    }

    private HelloHandler handler(NetworkConfig config, ConnectionTable table, UdpTransport udp, JoinAuthenticator auth) {
        return new HelloHandler(config, session, counters, table, udp, auth, null, this::close,
                (c, m) -> sent.add(new Sent(c, m)), null,
                new ReconnectGrace(session, counters, udp, new JoinGate(null), new SecureRandom(), config.reconnectGraceMs));
    }

    @Test
    void helloIsCheckedInOrderAndAWelcomeCarriesFreshKeys() throws Exception {
        NetworkConfig config = config().handshakesPerIpPerSecond(1000).handshakeBurstPerIp(1000).build();
        ConnectionTable table = new ConnectionTable(100, 100, 100, 100, 1000, 1000);
        UdpTransport udp = new UdpTransport(counters, (s, p) -> true, 256, 0, 0, () -> nowNs, new SecureRandom());
        HelloHandler hellos = handler(config, table, udp, new StaticTokenAuthenticator("sesame"));
        InetAddress address = InetAddress.getByName("198.51.100.7");

        PlayerConnection oldClient = connection(config);
        table.admit(oldClient, address, c -> { });
        hellos.onHello(oldClient, new Hello(Protocol.VERSION - 1, "old", "sesame"), nowNs);
        assertEquals(RejectReason.VERSION_MISMATCH, ((Rejected) lastClose(oldClient)).reason);

        PlayerConnection guesser = connection(config);
        table.admit(guesser, address, c -> { });
        hellos.onHello(guesser, new Hello(Protocol.VERSION, "guess", "open"), nowNs);
        assertEquals(RejectReason.BAD_TOKEN, ((Rejected) lastClose(guesser)).reason);

        PlayerConnection alice = connection(config);
        table.admit(alice, address, c -> { });
        hellos.onHello(alice, new Hello(Protocol.VERSION, "alice", "sesame"), nowNs);
        Welcome welcome = assertInstanceOf(Welcome.class, sent.get(sent.size() - 1).message());
        assertEquals(SecureDatagram.KEY_BYTES, welcome.clientKey.length);
        assertEquals(PlayerConnection.JOINED, alice.state.get());
        assertNotNull(alice.udpPeer);
        assertEquals(welcome.udpId, alice.udpPeer.udpId);
        assertTrue(alice.udpPeer.acceptingInputs);
        assertEquals(1, udp.peerCount());
        assertEquals(1, session.joins.size());
        assertEquals(0, table.preAuthCount(), "every handled Hello left the pre-auth count");

        hellos.onHello(alice, new Hello(Protocol.VERSION, "alice", "sesame"), nowNs);
        assertEquals(ByeReason.PROTOCOL_ERROR, ((Bye) lastClose(alice)).reason);
        assertEquals(1, counters.get(Counter.REJECTED_VERSION));
        assertEquals(1, counters.get(Counter.REJECTED_BAD_TOKEN));
        assertEquals(1, counters.get(Counter.JOINED));
    }

    @Test
    void oneAddressCannotGuessTokensFasterThanItsHandshakeRate() throws Exception {
        NetworkConfig config = config().build(); // 2 per second, burst 4
        ConnectionTable table = new ConnectionTable(100, 100, 100, 100, 2, 4);
        UdpTransport udp = new UdpTransport(counters, (s, p) -> true, 256, 0, 0, () -> nowNs, new SecureRandom());
        HelloHandler hellos = handler(config, table, udp, new StaticTokenAuthenticator("sesame"));
        InetAddress guesser = InetAddress.getByName("192.0.2.9");
        int badToken = 0;
        int limited = 0;
        for (int i = 0; i < 100; i++) { // 100 guesses within one second (10 ms apart)
            PlayerConnection c = connection(config);
            table.admit(c, guesser, x -> { });
            hellos.onHello(c, new Hello(Protocol.VERSION, "g", "guess" + i), nowNs);
            RejectReason reason = ((Rejected) lastClose(c)).reason;
            if (reason == RejectReason.BAD_TOKEN) {
                badToken++;
            } else if (reason == RejectReason.TOO_MANY_ATTEMPTS) {
                limited++;
            }
            table.release(c);
            nowNs += 10 * MS;
        }
        // Burst 4 plus 2 per second over ~1 s: 5 or 6 guesses were checked, the rest refused unchecked.
        assertTrue(badToken >= 5 && badToken <= 6, "checked guesses " + badToken);
        assertEquals(100 - badToken, limited);
        assertEquals(limited, counters.get(Counter.REJECTED_RATE_LIMITED));
        // Another address is not affected.
        PlayerConnection alice = connection(config);
        table.admit(alice, InetAddress.getByName("198.51.100.7"), x -> { });
        hellos.onHello(alice, new Hello(Protocol.VERSION, "alice", "sesame"), nowNs);
        assertEquals(PlayerConnection.JOINED, alice.state.get());
    }

    @Test
    void chatFloodIsDroppedThenKickedAndTheRelayBudgetBoundsTheFanOut() {
        NetworkConfig config = NetworkConfig.builder().chatPerSecond(5).chatBurst(3).chatFloodStrikes(10)
                .chatRelayPerSecond(4).build();
        PlayerConnection[] players = new PlayerConnection[8];
        for (int i = 0; i < players.length; i++) {
            players[i] = connection(config);
            players[i].state.set(PlayerConnection.JOINED);
            players[i].slot = i;
            players[i].playerName = "p" + i;
        }
        ChatRelay relay = new ChatRelay(config, counters, () -> players, this::close, (c, m) -> sent.add(new Sent(c, m)));
        // A flooder: 3 lines pass (its burst), the server-wide budget (burst 4) allows them.
        PlayerConnection flooder = players[0];
        for (int i = 0; i < 3; i++) {
            assertEquals(8, relay.onChat(flooder, new Chat("hi " + i), nowNs));
        }
        for (int i = 0; i < 9; i++) {
            assertEquals(0, relay.onChat(flooder, new Chat("spam"), nowNs));
        }
        assertEquals(null, lastClose(flooder), "9 strikes: dropped, not kicked yet");
        relay.onChat(flooder, new Chat("spam"), nowNs);
        assertEquals(ByeReason.FLOODING, ((Bye) lastClose(flooder)).reason);
        assertEquals(10, counters.get(Counter.CHAT_FLOODED));
        assertEquals(1, counters.get(Counter.FLOOD_KICKS));
        // Seven other players chat at once: only one more line fits the relay budget this instant.
        int relayed = 0;
        for (int i = 1; i < players.length; i++) {
            relayed += relay.onChat(players[i], new Chat("gg"), nowNs) > 0 ? 1 : 0;
        }
        assertEquals(1, relayed);
        assertEquals(6, counters.get(Counter.CHAT_RELAY_LIMITED));
        // A second later the budget has refilled by 4.
        nowNs += 1000 * MS;
        relayed = 0;
        for (int i = 1; i < players.length; i++) {
            relayed += relay.onChat(players[i], new Chat("gg again"), nowNs) > 0 ? 1 : 0;
        }
        assertEquals(4, relayed);
        // Every relayed line went to every joined player still connected: 8 before the kick, 7 after.
        assertEquals(3 * 8 + (1 + 4) * 7, sent.size());
    }
}
