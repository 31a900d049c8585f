package io.tickforge.server.net;

import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.server.session.PlayerLink;
import io.tickforge.shared.protocol.Bye;
import io.tickforge.shared.protocol.ByeReason;
import io.tickforge.shared.protocol.RejectReason;
import io.tickforge.shared.protocol.Rejected;
import io.tickforge.shared.protocol.SnapshotDatagram;

/**
 * {@link PlayerLink} over one KryoNet (TCP) connection and its {@link UdpPeer}. Snapshots go out as
 * sealed datagrams through the {@link UdpTransport}, from whichever thread wrote this player's
 * packet (the tick thread or a replication worker), never two at once; control messages over
 * TCP, from any thread. Nothing here
 * throws into the caller: failures are counted.
 */
final class KryoPlayerLink implements PlayerLink {
    private final PlayerConnection connection;
    private final ServerNetwork network;
    private final NetworkCounters counters;
    private final int packetBudgetBytes;
    private final UdpTransport udp;
    private final UdpPeer peer;

    KryoPlayerLink(PlayerConnection connection, ServerNetwork network, NetworkCounters counters, int packetBudgetBytes,
                   UdpTransport udp, UdpPeer peer) {
        this.udp = udp;
        this.peer = peer;
        this.connection = connection;
        this.network = network;
        this.counters = counters;
        this.packetBudgetBytes = packetBudgetBytes;
    }

    @Override
    public int connectionId() {
        return connection.getID();
    }

    @Override
    public boolean sendSnapshot(byte[] bytes, int length) {
        return sendSnapshot(bytes, 0, length);
    }

    /**
     * Seals and sends {@code bytes[offset, offset+length)} (any thread, no locks; the transport
     * encrypts into a per-thread buffer, so the caller's array is free again on return).
     */
    @Override
    public boolean sendSnapshot(byte[] bytes, int offset, int length) {
        if (bytes == null || length <= 0 || offset < 0 || offset + length > bytes.length
                || length + SnapshotDatagram.FRAMING_BYTES > packetBudgetBytes) {
            counters.increment(Counter.SNAPSHOTS_OVER_BUDGET);
            return false;
        }
        if (!connection.isConnected() || connection.closeRequested.get()) {
            counters.increment(Counter.SNAPSHOTS_NOT_CONNECTED);
            return false;
        }
        return udp.send(peer, bytes, offset, length);
    }

    @Override
    public void sendReliable(Object message) {
        try {
            if (connection.sendTCP(message) == 0) {
                counters.increment(Counter.RELIABLE_SEND_FAILURES);
            }
        } catch (RuntimeException e) {
            counters.increment(Counter.RELIABLE_SEND_FAILURES);
        }
    }

    @Override
    public void disconnect(ByeReason reason, String text) {
        network.requestClose(connection, new Bye(reason, text));
    }

    /** {@code Rejected} then close, as a refused handshake; the slot ends (ReconnectGrace.noteFarewell). */
    @Override
    public void reject(RejectReason reason, String text) {
        network.requestClose(connection, new Rejected(reason, text));
    }

    @Override
    public String toString() {
        return "KryoPlayerLink{connection=" + connection.getID() + ", slot=" + connection.slot + '}';
    }
}
