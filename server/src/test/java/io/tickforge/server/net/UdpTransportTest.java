package io.tickforge.server.net;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.server.net.UdpTransport.Outcome;
import io.tickforge.shared.protocol.InputPacket;
import io.tickforge.shared.protocol.Protocol;
import io.tickforge.shared.transport.DatagramCipher;
import io.tickforge.shared.transport.SecureDatagram;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.SecretKey;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The UDP receive path without sockets: datagrams are handed to {@link UdpTransport#onDatagram}
 * with a clock the test advances, so binding, rebinding limits and the replay window are driven
 * step by step.
 */
class UdpTransportTest {
    private static final long MS = 1_000_000L;
    private static final long REBIND_NS = 1000 * MS;
    private static final long SILENCE_NS = 300 * MS;

    private final NetworkCounters counters = new NetworkCounters();
    private final List<Long> offeredTicks = new ArrayList<>();
    private final DatagramCipher cipher = new DatagramCipher();
    private final Kryo kryo = Protocol.newKryo();
    private final InetSocketAddress home = new InetSocketAddress("10.0.0.1", 40000);
    private final InetSocketAddress nat = new InetSocketAddress("10.0.0.1", 40001);
    private final InetSocketAddress attacker = new InetSocketAddress("192.0.2.66", 5555);
    private UdpTransport transport;
    private UdpPeer peer;
    private SecretKey clientKey;
    private long nowNs = 5_000 * MS;

    @BeforeEach
    void setUp() {
        transport = new UdpTransport(counters, (slot, p) -> offeredTicks.add(p.newestTick), 256, REBIND_NS,
                SILENCE_NS, () -> nowNs, new SecureRandom());
        peer = transport.register(3);
        peer.acceptingInputs = true;
        clientKey = DatagramCipher.key(peer.rawClientKey);
    }

    private byte[] sealed(int kind, long sequence, long tick, SecretKey key, int udpId) {
        byte[] payload = new byte[0];
        int length = 0;
        if (kind == SecureDatagram.KIND_INPUT) {
            InputPacket p = new InputPacket();
            p.count = 1;
            p.newestTick = tick;
            Output out = new Output(64);
            kryo.writeObject(out, p);
            payload = out.toBytes();
            length = payload.length;
        }
        byte[] d = new byte[length + SecureDatagram.OVERHEAD_BYTES];
        cipher.seal(kind, udpId, sequence, key, payload, 0, length, d, 0);
        return d;
    }

    private byte[] input(long sequence, long tick) {
        return sealed(SecureDatagram.KIND_INPUT, sequence, tick, clientKey, peer.udpId);
    }

    private Outcome receive(byte[] d, InetSocketAddress from) {
        return transport.onDatagram(d.clone(), d.length, from, nowNs);
    }

    @Test
    void theFirstAuthenticDatagramBindsTheAddressAndInputsFlow() {
        assertNull(peer.address, "no address before any proof");
        assertEquals(Outcome.BOUND, receive(sealed(SecureDatagram.KIND_BIND, 0, 0, clientKey, peer.udpId), home));
        assertEquals(home, peer.address);
        assertEquals(Outcome.INPUT, receive(input(1, 100), home));
        assertEquals(Outcome.KEEPALIVE, receive(sealed(SecureDatagram.KIND_BIND, 2, 0, clientKey, peer.udpId), home));
        assertEquals(List.of(100L), offeredTicks);
    }

    @Test
    void nothingUnauthenticatedBindsOrMovesAnAddress() {
        SecretKey guessed = DatagramCipher.key(new byte[SecureDatagram.KEY_BYTES]);
        assertEquals(Outcome.BAD_TAG, receive(sealed(SecureDatagram.KIND_BIND, 0, 0, guessed, peer.udpId), attacker));
        assertNull(peer.address);
        assertEquals(Outcome.UNKNOWN_ID, receive(sealed(SecureDatagram.KIND_BIND, 0, 0, clientKey, peer.udpId + 1), attacker));
        // KryoNet's RegisterUDP (class id 19, connection id varint): counted, binds nothing.
        byte[] register = {(byte) (Protocol.ID_REGISTER_UDP + 2), 3};
        assertEquals(Outcome.FORGED_REGISTRATION, transport.onDatagram(register, register.length, attacker, nowNs));
        assertEquals(Outcome.GARBAGE, transport.onDatagram(new byte[28], 28, attacker, nowNs));
        assertEquals(Outcome.OVERSIZED, transport.onDatagram(new byte[257], 257, attacker, nowNs));
        byte[] flipped = input(9, 1);
        flipped[flipped.length - 1] ^= 1;
        assertEquals(Outcome.BAD_TAG, receive(flipped, attacker));
        byte[] serverKind = sealed(SecureDatagram.KIND_SNAPSHOT, 20, 0, clientKey, peer.udpId);
        assertEquals(Outcome.UNEXPECTED_KIND, receive(serverKind, attacker));
        assertNull(peer.address, "still unbound");
        assertEquals(List.of(), offeredTicks);
        // The real client then binds from its own address as usual.
        assertEquals(Outcome.INPUT, receive(input(0, 7), home));
        assertEquals(home, peer.address);
    }

    @Test
    void aCapturedDatagramReplayedLaterOrFromAnotherPortDoesNothing() {
        byte[] captured = input(0, 50);
        assertEquals(Outcome.INPUT, receive(captured, home));
        assertEquals(Outcome.REPLAYED, receive(captured, home));
        nowNs += 10 * REBIND_NS;
        assertEquals(Outcome.REPLAYED, receive(captured, attacker), "replayed from another port, much later");
        assertEquals(home, peer.address);
        assertEquals(List.of(50L), offeredTicks);
        // Reordering inside the window is fine; each sequence counts once.
        assertEquals(Outcome.INPUT, receive(input(5, 55), home));
        byte[] third = input(3, 53);
        assertEquals(Outcome.INPUT, receive(third, home));
        assertEquals(Outcome.REPLAYED, receive(third, home));
        assertEquals(List.of(50L, 55L, 53L), offeredTicks);
    }

    @Test
    void natRebindingMovesTheAddressByANewerAuthenticDatagramAtMostOncePerInterval() {
        assertEquals(Outcome.INPUT, receive(input(0, 1), home));
        nowNs += REBIND_NS; // the client's NAT mapping changed a while after binding
        assertEquals(Outcome.INPUT, receive(input(1, 2), nat));
        assertEquals(nat, peer.address);
        assertEquals(1, counters.get(Counter.UDP_REBOUND));
        // A late datagram from the old mapping does not flip it back (not newest, and too soon).
        assertEquals(Outcome.REBIND_LIMITED, receive(input(2, 3), home));
        nowNs += REBIND_NS - 1;
        assertEquals(Outcome.REBIND_LIMITED, receive(input(10, 4), home));
        assertEquals(nat, peer.address);
        nowNs += 1;
        // Once the interval has passed, a newer datagram may move it again.
        assertEquals(Outcome.INPUT, receive(input(11, 5), home));
        assertEquals(home, peer.address);
        assertEquals(List.of(1L, 2L, 5L), offeredTicks);
    }

    @Test
    void aCapturedDatagramRacedAheadOfTheRealOneCannotMoveTheAddressWhileTheRealSenderTalks() {
        assertEquals(Outcome.INPUT, receive(input(0, 1), home));
        long seq = 1;
        for (int i = 0; i < 200; i++) { // 200 ticks at 60 Hz, long past the rebind interval
            nowNs += 16 * MS;
            byte[] real = input(seq++, 100 + i);
            // An on-path attacker sees the datagram first and sends a copy from its own address.
            assertEquals(Outcome.REBIND_LIMITED, receive(real, attacker));
            assertEquals(Outcome.REPLAYED, receive(real, home)); // the real copy: that one input is lost
            assertEquals(Outcome.INPUT, receive(input(seq++, 1000 + i), home)); // the next is not raced
        }
        assertEquals(home, peer.address);
        assertEquals(0, counters.get(Counter.UDP_REBOUND));
        // When the real sender really goes quiet (its NAT mapping died) a newer datagram may move it.
        nowNs += SILENCE_NS;
        assertEquals(Outcome.INPUT, receive(input(seq++, 5000), nat));
        assertEquals(nat, peer.address);
    }

    @Test
    void anOlderAuthenticDatagramFromANewAddressDoesNotMoveIt() {
        assertEquals(Outcome.INPUT, receive(input(5, 1), home));
        nowNs += 10 * REBIND_NS;
        assertEquals(Outcome.REBIND_LIMITED, receive(input(4, 2), nat), "reordered, not the newest");
        assertEquals(home, peer.address);
    }

    @Test
    void malformedPayloadsAndClosedPeersAreCountedNotOffered() {
        byte[] payload = {(byte) 0x7F, 0, 0};
        byte[] d = new byte[payload.length + SecureDatagram.OVERHEAD_BYTES];
        cipher.seal(SecureDatagram.KIND_INPUT, peer.udpId, 0, clientKey, payload, 0, payload.length, d, 0);
        assertEquals(Outcome.MALFORMED, receive(d, home));
        byte[] bindWithPayload = new byte[1 + SecureDatagram.OVERHEAD_BYTES];
        cipher.seal(SecureDatagram.KIND_BIND, peer.udpId, 1, clientKey, new byte[1], 0, 1, bindWithPayload, 0);
        assertEquals(Outcome.MALFORMED, receive(bindWithPayload, home));
        peer.acceptingInputs = false;
        assertEquals(Outcome.NOT_JOINED, receive(input(2, 9), home));
        transport.unregister(peer);
        assertNull(peer.address);
        assertEquals(Outcome.UNKNOWN_ID, receive(input(3, 10), home));
        assertEquals(List.of(), offeredTicks);
        assertEquals(0, transport.peerCount());
    }

    @Test
    void anAuthenticatedFloodIsCappedPerPeerAndReportedOnce() {
        List<UdpPeer> kicked = new ArrayList<>();
        UdpTransport limited = new UdpTransport(counters, (slot, p) -> true, 256, REBIND_NS, SILENCE_NS, 100, 50,
                kicked::add, () -> nowNs, new SecureRandom());
        UdpPeer flooder = limited.register(1);
        flooder.acceptingInputs = true;
        SecretKey key = DatagramCipher.key(flooder.rawClientKey);
        int accepted = 0;
        int flooded = 0;
        for (long seq = 0; seq < 300; seq++) { // 300 datagrams in one instant: burst 100
            byte[] d = sealed(SecureDatagram.KIND_INPUT, seq, seq, key, flooder.udpId);
            Outcome o = limited.onDatagram(d, d.length, home, nowNs);
            if (o == Outcome.INPUT) {
                accepted++;
            } else if (o == Outcome.FLOODED) {
                flooded++;
            }
        }
        assertEquals(100, accepted);
        assertEquals(200, flooded);
        assertEquals(List.of(flooder), kicked, "reported once, at the 50th drop");
        nowNs += 1000 * MS; // a second later the peer may send 100 more
        byte[] later = sealed(SecureDatagram.KIND_INPUT, 300, 300, key, flooder.udpId);
        assertEquals(Outcome.INPUT, limited.onDatagram(later, later.length, home, nowNs));
    }

    @Test
    void sendingNeedsAProvenAddressAndNeverThrows() {
        assertFalse(transport.send(peer, new byte[] {1, 2, 3}, 0, 3), "no proven address: nothing sent");
        assertEquals(1, counters.get(Counter.SNAPSHOTS_UNBOUND));
        assertEquals(Outcome.INPUT, receive(input(0, 1), home));
        // The socket is not bound in this test: the send fails, is counted, and does not throw.
        assertFalse(transport.send(peer, new byte[] {1, 2, 3}, 0, 3));
        assertEquals(1, counters.get(Counter.SNAPSHOT_SEND_FAILURES));
        assertFalse(transport.send(peer, new byte[10], 5, 6), "range outside the array");
        assertEquals(1, counters.get(Counter.SNAPSHOTS_OVER_BUDGET));
    }

    @Test
    void udpIdsAreUniqueNonzeroAndKeysDifferPerDirectionAndPeer() {
        UdpPeer other = transport.register(4);
        assertFalse(other.udpId == peer.udpId || other.udpId == 0 || peer.udpId == 0);
        assertFalse(java.util.Arrays.equals(peer.rawClientKey, peer.rawServerKey));
        assertFalse(java.util.Arrays.equals(peer.rawClientKey, other.rawClientKey));
        assertEquals(2, transport.peerCount());
    }
}
