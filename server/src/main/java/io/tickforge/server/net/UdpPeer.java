package io.tickforge.server.net;

import io.tickforge.shared.transport.DatagramCipher;
import io.tickforge.shared.transport.ReplayWindow;

import javax.crypto.SecretKey;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connection's UDP state in the {@link UdpTransport}: its datagram id, the two per-direction
 * keys, the proven address and the replay window. Created by the network thread at Welcome;
 * {@link #replay}, {@link #boundAtNs} belong to the UDP receive thread; {@link #address} is written
 * by the receive thread and read by senders; {@link #sendSequence} is shared by every sending
 * thread (one atomic increment per datagram).
 *
 * <p>Each peer has its own two ciphers, so each is always initialised with the same key: the JDK's
 * AES keeps the expanded key schedule while the key does not change, and a cipher shared by
 * many peers would expand a key on every datagram (measured in {@code DatagramAeadBenchmark}).
 */
final class UdpPeer {
    final int udpId;
    /** The session slot whose inputs this peer carries. */
    final int slot;
    final byte[] rawClientKey;
    final byte[] rawServerKey;
    final SecretKey clientKey;
    final SecretKey serverKey;
    final ReplayWindow replay = new ReplayWindow();
    final AtomicLong sendSequence = new AtomicLong();
    /** Seals this peer's snapshots: used by the one thread that writes its packet in a tick. */
    final DatagramCipher sendCipher = new DatagramCipher();
    /** Opens this peer's datagrams: UDP receive thread only. */
    final DatagramCipher receiveCipher = new DatagramCipher();
    /** Null until a datagram sealed with {@link #clientKey} arrived; snapshots go only here. */
    volatile InetSocketAddress address;
    /** Inputs are handed to the session only while true (set once joined, cleared on close). */
    volatile boolean acceptingInputs;
    /** Receive thread: when the address was last bound or moved (ns, the transport's clock). */
    long boundAtNs;
    /** Receive thread: when the last authentic datagram from the bound address arrived. */
    long lastFromBoundNs;
    /** Receive thread: authentic datagrams this peer may send (an authenticated flood costs a tag check each). */
    final TokenBucket datagrams;
    /** Receive thread: authentic datagrams dropped over {@link #datagrams}. */
    long floodDrops;
    /**
     * The session this peer's inputs go to (set once at Welcome, before {@link #acceptingInputs});
     * null: the transport's own sink (one session, tests).
     */
    volatile io.tickforge.server.session.SessionGateway session;
    /**
     * The session's UDP byte counters ({@code session.traffic()}, read once when the peer is bound
     * to it, before {@link #session}): the transport adds each of this peer's datagrams with one field
     * read and one add. Null: not counted per session.
     */
    volatile io.tickforge.server.session.SessionTraffic traffic;
    /** The TCP connection this peer belongs to (for a flood kick); set once at Welcome. */
    volatile PlayerConnection owner;

    /**
     * Decodes this peer's input datagrams by its session's input layout (receive thread only; one
     * instance per distinct layout, shared by the peers of that layout); null: the transport's default.
     * Set at registration, when the peer is bound to its session, before its udpId is sent anywhere.
     */
    final com.esotericsoftware.kryo.Kryo inputKryo;

    /** Binds the peer to its session (network thread, at Welcome): its inputs go there, its bytes count there. */
    void bindSession(io.tickforge.server.session.SessionGateway to) {
        traffic = to == null ? null : to.traffic();
        session = to;
    }

    UdpPeer(int udpId, int slot, byte[] rawClientKey, byte[] rawServerKey, double datagramsPerSecond) {
        this(udpId, slot, rawClientKey, rawServerKey, datagramsPerSecond, null);
    }

    UdpPeer(int udpId, int slot, byte[] rawClientKey, byte[] rawServerKey, double datagramsPerSecond,
            com.esotericsoftware.kryo.Kryo inputKryo) {
        this.inputKryo = inputKryo;
        this.datagrams = new TokenBucket(datagramsPerSecond, Math.max(1, datagramsPerSecond));
        this.udpId = udpId;
        this.slot = slot;
        this.rawClientKey = rawClientKey;
        this.rawServerKey = rawServerKey;
        this.clientKey = DatagramCipher.key(rawClientKey);
        this.serverKey = DatagramCipher.key(rawServerKey);
    }

    @Override
    public String toString() {
        return "UdpPeer{udpId=" + Integer.toHexString(udpId) + ", slot=" + slot + ", address=" + address + '}';
    }
}
