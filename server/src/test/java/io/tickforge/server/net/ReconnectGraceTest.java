package io.tickforge.server.net;

import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.shared.protocol.Bye;
import io.tickforge.shared.protocol.ByeReason;
import io.tickforge.shared.protocol.Hello;
import io.tickforge.shared.protocol.Protocol;
import io.tickforge.shared.protocol.RejectReason;
import io.tickforge.shared.protocol.Rejected;
import io.tickforge.shared.protocol.Welcome;
import io.tickforge.shared.transport.DatagramCipher;
import io.tickforge.shared.transport.SecureDatagram;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reconnect grace without sockets: connections are plain {@link PlayerConnection}s, the
 * handshake runs through {@link HelloHandler}, a dropped connection goes through
 * {@link ReconnectGrace#onClosed} (what KryoNet's disconnected calls), and the grace ends when the
 * test advances its clock and calls {@link ReconnectGrace#expire} (what housekeeping calls).
 */
@Timeout(10)
class ReconnectGraceTest {
    private static final long MS = 1_000_000L;
    private static final int GRACE_MS = 10_000;

    private record Sent(PlayerConnection to, Object message) {
    }

    private final NetworkCounters counters = new NetworkCounters();
    private final List<Sent> sent = new ArrayList<>();
    private final List<Sent> closed = new ArrayList<>();
    private final FakeSession session = new FakeSession(4);
    private final JoinGate gate = new JoinGate(null);
    private long nowNs = 1_000 * MS;
    private InetAddress home;
    private NetworkConfig config;
    private ConnectionTable table;
    private UdpTransport udp;
    private ReconnectGrace grace;
    private HelloHandler hellos;

    @BeforeEach
    void setUp() throws Exception {
        home = InetAddress.getByName("198.51.100.7");
        build(GRACE_MS, JoinAuthenticator.OPEN, 1000);
    }

    private void build(int graceMs, JoinAuthenticator auth, int handshakeBurst) {
        config = NetworkConfig.builder().reconnectGraceMs(graceMs).handshakesPerIpPerSecond(2)
                .handshakeBurstPerIp(handshakeBurst).build();
        table = new ConnectionTable(100, 100, 100, 100, 2, handshakeBurst);
        udp = new UdpTransport(counters, (s, p) -> true, 256, 0, 0, () -> nowNs, new SecureRandom());
        grace = new ReconnectGrace(session, counters, udp, gate, new SecureRandom(), graceMs);
        hellos = new HelloHandler(config, session, counters, table, udp, auth, gate, this::close,
                (c, m) -> sent.add(new Sent(c, m)), null, grace);
    }

    /** What ServerNetwork.requestClose does, minus the socket: first call wins, the farewell decides the hold. */
    private void close(PlayerConnection c, Object farewell) {
        if (c.closeRequested.compareAndSet(false, true)) {
            ReconnectGrace.noteFarewell(c, farewell);
            closed.add(new Sent(c, farewell));
        }
    }

    private PlayerConnection connect() {
        PlayerConnection c = new PlayerConnection(nowNs, config);
        table.track(c);
        assertEquals(ConnectionTable.Admission.ADMITTED, table.admit(c, home, x -> { }));
        return c;
    }

    private Welcome join(PlayerConnection c, String name) {
        hellos.onHello(c, new Hello(Protocol.VERSION, name, null), nowNs);
        assertEquals(PlayerConnection.JOINED, c.state.get(), "joined: " + lastClose(c));
        return lastWelcome(c);
    }

    private Object reconnect(PlayerConnection c, int playerId, byte[] secret) {
        hellos.onHello(c, Hello.reconnect("again", null, playerId, secret), nowNs);
        Object farewell = lastClose(c);
        return farewell != null ? farewell : lastWelcome(c);
    }

    /** What KryoNet's disconnected does once the socket is gone. */
    private void drop(PlayerConnection c) {
        table.release(c);
        grace.onClosed(c, nowNs);
    }

    private Welcome lastWelcome(PlayerConnection c) {
        for (int i = sent.size() - 1; i >= 0; i--) {
            if (sent.get(i).to() == c && sent.get(i).message() instanceof Welcome w) {
                return w;
            }
        }
        return null;
    }

    private Object lastClose(PlayerConnection c) {
        for (int i = closed.size() - 1; i >= 0; i--) {
            if (closed.get(i).to() == c) {
                return closed.get(i).message();
            }
        }
        return null;
    }

    private static void assertRefused(Object answer) {
        Rejected rejected = assertInstanceOf(Rejected.class, answer);
        assertEquals(RejectReason.RECONNECT_REFUSED, rejected.reason);
        assertFalse(rejected.text.isEmpty());
    }

    @Test
    void aDroppedPlayerIsHeldAndGetsTheSameSlotBackWithFreshUdpIdAndKeys() {
        PlayerConnection first = connect();
        Welcome welcome = join(first, "alice");
        assertEquals(Welcome.RECONNECT_SECRET_BYTES, welcome.reconnectSecret.length);
        assertEquals(GRACE_MS, welcome.reconnectGraceMs);
        assertEquals(0, welcome.keyEpoch);
        UdpPeer oldPeer = first.udpPeer;

        drop(first);
        assertEquals(List.of(welcome.playerId), session.detaches, "held: the session detaches, no leave");
        assertEquals(List.of(), session.leaves);
        assertEquals(1, grace.heldCount());
        assertEquals(1, counters.get(Counter.SLOTS_HELD));

        nowNs += GRACE_MS * MS - 1; // the last nanosecond of the grace
        assertEquals(0, grace.expire(nowNs));
        PlayerConnection second = connect();
        Welcome again = assertInstanceOf(Welcome.class, reconnect(second, welcome.playerId, welcome.reconnectSecret));
        assertEquals(welcome.playerId, again.playerId);
        assertEquals(PlayerConnection.JOINED, second.state.get());
        assertNotEquals(welcome.udpId, again.udpId);
        assertFalse(Arrays.equals(welcome.clientKey, again.clientKey), "fresh datagram keys");
        assertFalse(Arrays.equals(welcome.serverKey, again.serverKey));
        assertArrayEquals(welcome.reconnectSecret, again.reconnectSecret, "the secret lives as long as the slot");
        assertEquals(1, again.keyEpoch);
        assertEquals(1, session.reattaches.size());
        assertEquals(welcome.playerId, session.reattaches.get(0).slot());
        assertEquals(0, grace.heldCount());
        assertEquals(1, counters.get(Counter.RECONNECTS_ACCEPTED));
        // The old udpId is void: its datagrams name no connection; the new one binds by proof.
        byte[] oldDatagram = bind(oldPeer.udpId, oldPeer.rawClientKey, 0);
        assertEquals(UdpTransport.Outcome.UNKNOWN_ID, udp.onDatagram(oldDatagram, oldDatagram.length, from(1), nowNs));
        byte[] newDatagram = bind(again.udpId, again.clientKey, 0);
        assertEquals(UdpTransport.Outcome.BOUND, udp.onDatagram(newDatagram, newDatagram.length, from(2), nowNs));
        assertEquals(1, udp.peerCount());

        // Long after, nothing expires: the slot has an owner again. The session saw no join and no leave.
        nowNs += 60_000 * MS;
        assertEquals(0, grace.expire(nowNs));
        assertEquals(List.of(), session.leaves);
        assertEquals(1, session.joins.size());
        assertEquals(1, session.reserveCalls.get(), "a reconnect reserves no slot");
    }

    @Test
    void afterTheGraceTheReconnectIsRefusedAndTheLeaveHappensExactlyOnce() {
        PlayerConnection first = connect();
        Welcome welcome = join(first, "alice");
        drop(first);
        drop(first); // a second close of the same connection changes nothing
        assertEquals(1, session.detaches.size());

        nowNs += GRACE_MS * MS; // the grace is over, housekeeping has not run yet
        Object answer = reconnect(connect(), welcome.playerId, welcome.reconnectSecret);
        assertRefused(answer);
        assertTrue(((Rejected) answer).text.contains("grace"), ((Rejected) answer).text);
        assertEquals(1, grace.expire(nowNs));
        assertEquals(0, grace.expire(nowNs + 1));
        assertEquals(List.of(welcome.playerId), session.leaves);
        assertEquals(1, counters.get(Counter.RECONNECT_GRACE_EXPIRED));
        assertEquals(1, counters.get(Counter.LEAVES));
        // After the leave the slot is unknown: still refused, still no second leave.
        assertRefused(reconnect(connect(), welcome.playerId, welcome.reconnectSecret));
        assertEquals(2, counters.get(Counter.RECONNECTS_REFUSED));
        assertEquals(0, counters.get(Counter.RECONNECTS_ACCEPTED));
        assertEquals(1, session.leaves.size());
        // The slot is free again: a newcomer gets it.
        assertEquals(welcome.playerId, join(connect(), "bob").playerId);
    }

    @Test
    void aWrongSecretOrPlayerIdIsRefusedAndTheHoldStaysForTheRealPlayer() {
        Welcome welcome = join(connect(), "alice");
        PlayerConnection first = lastConnectionWelcomed();
        drop(first);
        byte[] wrong = welcome.reconnectSecret.clone();
        wrong[15] ^= 1;
        assertRefused(reconnect(connect(), welcome.playerId, wrong));
        assertRefused(reconnect(connect(), welcome.playerId + 1, welcome.reconnectSecret));
        assertEquals(2, counters.get(Counter.RECONNECTS_REFUSED));
        assertEquals(1, grace.heldCount(), "a guess does not end the hold");
        assertInstanceOf(Welcome.class, reconnect(connect(), welcome.playerId, welcome.reconnectSecret));
    }

    @Test
    void kicksAndTheClientsOwnByeEndTheSlotAtOnceButATimeoutHoldsIt() {
        PlayerConnection flooder = connect();
        Welcome flooderWelcome = join(flooder, "flooder");
        close(flooder, new Bye(ByeReason.FLOODING, "too many messages"));
        drop(flooder);
        PlayerConnection leaver = connect();
        Welcome leaverWelcome = join(leaver, "leaver");
        close(leaver, null); // the client said Bye
        drop(leaver);
        PlayerConnection silent = connect();
        Welcome silentWelcome = join(silent, "silent");
        close(silent, new Bye(ByeReason.TIMED_OUT, "nothing received"));
        drop(silent);

        assertEquals(List.of(flooderWelcome.playerId, leaverWelcome.playerId), session.leaves);
        assertEquals(List.of(silentWelcome.playerId), session.detaches);
        assertRefused(reconnect(connect(), flooderWelcome.playerId, flooderWelcome.reconnectSecret));
        assertInstanceOf(Welcome.class, reconnect(connect(), silentWelcome.playerId, silentWelcome.reconnectSecret));
    }

    @Test
    void aReconnectWhileTheOldConnectionIsStillOpenReplacesIt() {
        PlayerConnection old = connect();
        Welcome welcome = join(old, "alice");
        UdpPeer oldPeer = old.udpPeer;
        // The client's side saw its connection die (NAT change); the server's side has not noticed yet.
        PlayerConnection fresh = connect();
        Welcome again = assertInstanceOf(Welcome.class, reconnect(fresh, welcome.playerId, welcome.reconnectSecret));
        assertEquals(welcome.playerId, again.playerId);
        Bye bye = assertInstanceOf(Bye.class, lastClose(old), "the old connection is told and closed");
        assertEquals(ByeReason.KICKED, bye.reason);
        assertEquals(1, udp.peerCount(), "only the new peer is live");
        assertFalse(oldPeer.acceptingInputs);
        assertEquals(1, session.reattaches.size());
        // The old socket now closes: it owns nothing, so no hold and no leave.
        drop(old);
        assertEquals(List.of(), session.detaches);
        assertEquals(List.of(), session.leaves);
        assertEquals(0, grace.heldCount());
        // The new connection is the owner: its drop holds the slot as usual.
        drop(fresh);
        assertEquals(List.of(welcome.playerId), session.detaches);
    }

    @Test
    void graceZeroHoldsNothingAndWelcomeCarriesNoSecret() {
        build(0, JoinAuthenticator.OPEN, 1000);
        PlayerConnection c = connect();
        Welcome welcome = join(c, "alice");
        assertEquals(0, welcome.reconnectSecret.length);
        assertEquals(0, welcome.reconnectGraceMs);
        drop(c);
        assertEquals(List.of(welcome.playerId), session.leaves);
        assertEquals(List.of(), session.detaches);
        assertRefused(reconnect(connect(), welcome.playerId, new byte[Welcome.RECONNECT_SECRET_BYTES]));
    }

    @Test
    void drainingHoldsNothingNewAndEndsTheHeldSlots() {
        PlayerConnection held = connect();
        Welcome heldWelcome = join(held, "held");
        PlayerConnection later = connect();
        Welcome laterWelcome = join(later, "later");
        drop(held);
        gate.startDraining();
        drop(later);
        assertEquals(List.of(laterWelcome.playerId), session.leaves, "dropped while draining: leaves at once");
        assertEquals(1, grace.expire(nowNs), "the held slot ends at the next housekeeping, grace or not");
        assertEquals(List.of(laterWelcome.playerId, heldWelcome.playerId), session.leaves);
    }

    @Test
    void reconnectAttemptsCountAgainstTheAddressHandshakeRate() {
        build(GRACE_MS, JoinAuthenticator.OPEN, 4); // burst 4, 2 per second
        PlayerConnection first = connect();
        Welcome welcome = join(first, "alice"); // 1 of the burst
        drop(first);
        int limited = 0;
        for (int i = 0; i < 10; i++) { // guesses in one instant
            Rejected r = assertInstanceOf(Rejected.class, reconnect(connect(), welcome.playerId, new byte[16]));
            if (r.reason == RejectReason.TOO_MANY_ATTEMPTS) {
                limited++;
            }
        }
        assertEquals(10 - 3, limited, "3 left in the burst were checked, the rest refused unchecked");
        assertEquals(3, counters.get(Counter.RECONNECTS_REFUSED));
        // Within the grace, once the address's bucket refills, the real secret still works.
        nowNs += 1000 * MS;
        assertInstanceOf(Welcome.class, reconnect(connect(), welcome.playerId, welcome.reconnectSecret));
    }

    @Test
    void signedTokensOneSlotPerAccountAndReconnectKeysFromTheNextEpoch() {
        byte[] c2s = new byte[32];
        byte[] s2c = new byte[32];
        Arrays.fill(c2s, (byte) 1);
        Arrays.fill(s2c, (byte) 2);
        JoinGrant grant = new JoinGrant(42, 7, new byte[0], c2s, s2c);
        build(GRACE_MS, (hello, remote) -> JoinVerdict.accept(grant), 1000);
        PlayerConnection first = connect();
        Welcome welcome = join(first, "alice");
        assertEquals(0, welcome.clientKey.length, "signed mode: keys come from the token");

        // A second token for account 42 while it plays, then while its slot is held: refused.
        PlayerConnection twin = connect();
        hellos.onHello(twin, new Hello(Protocol.VERSION, "twin", null), nowNs);
        assertEquals(RejectReason.PLAYER_ALREADY_CONNECTED, assertInstanceOf(Rejected.class, lastClose(twin)).reason);
        drop(first);
        PlayerConnection twin2 = connect();
        hellos.onHello(twin2, new Hello(Protocol.VERSION, "twin", null), nowNs);
        assertEquals(RejectReason.PLAYER_ALREADY_CONNECTED, assertInstanceOf(Rejected.class, lastClose(twin2)).reason);
        assertEquals(2, counters.get(Counter.REJECTED_PLAYER_ALREADY_CONNECTED));

        // The reconnect needs no token; its datagram keys are epoch 1 of the token's keys.
        PlayerConnection second = connect();
        Welcome again = assertInstanceOf(Welcome.class, reconnect(second, welcome.playerId, welcome.reconnectSecret));
        assertEquals(0, again.clientKey.length);
        assertEquals(1, again.keyEpoch);
        byte[] epoch0 = bind(again.udpId, SecureDatagram.datagramKey(c2s, SecureDatagram.CLIENT_TO_SERVER, 0), 0);
        assertEquals(UdpTransport.Outcome.BAD_TAG, udp.onDatagram(epoch0, epoch0.length, from(1), nowNs),
                "the first connection's keys do not open the reconnected one");
        byte[] epoch1 = bind(again.udpId, SecureDatagram.datagramKey(c2s, SecureDatagram.CLIENT_TO_SERVER, 1), 1);
        assertEquals(UdpTransport.Outcome.BOUND, udp.onDatagram(epoch1, epoch1.length, from(1), nowNs));
    }

    private PlayerConnection lastConnectionWelcomed() {
        for (int i = sent.size() - 1; i >= 0; i--) {
            if (sent.get(i).message() instanceof Welcome) {
                return sent.get(i).to();
            }
        }
        throw new AssertionError("no Welcome sent");
    }

    private static byte[] bind(int udpId, byte[] rawClientKey, long sequence) {
        byte[] d = new byte[SecureDatagram.OVERHEAD_BYTES];
        new DatagramCipher().seal(SecureDatagram.KIND_BIND, udpId, sequence, DatagramCipher.key(rawClientKey),
                new byte[0], 0, 0, d, 0);
        return d;
    }

    private static InetSocketAddress from(int port) {
        return new InetSocketAddress("10.0.0.1", 40_000 + port);
    }
}
