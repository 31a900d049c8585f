package io.tickforge.server.net;

import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.server.session.PlayerLink;
import io.tickforge.shared.protocol.Bye;
import io.tickforge.shared.protocol.ByeReason;
import io.tickforge.shared.protocol.SnapshotDatagram;

/**
 * {@link PlayerLink} over one KryoNet connection. {@link #sendSnapshot} is called by whichever
 * thread wrote this player's packet (the tick thread or a replication worker), never by two at
 * once (one reused {@link SnapshotDatagram}, encoded synchronously inside {@code sendUDP}, so it is
 * free again when the call returns; KryoNet serialises all UDP sends on its one socket's lock); the
 * control methods may be called from any thread. Nothing here
 * throws into the caller: failures are counted.
 */
final class KryoPlayerLink implements PlayerLink {
    private static final byte[] NO_BYTES = new byte[0];

    private final PlayerConnection connection;
    private final ServerNetwork network;
    private final NetworkCounters counters;
    private final int packetBudgetBytes;
    private final SnapshotDatagram datagram = new SnapshotDatagram(NO_BYTES, 0);

    KryoPlayerLink(PlayerConnection connection, ServerNetwork network, NetworkCounters counters, int packetBudgetBytes) {
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
        if (bytes == null || length <= 0 || length > bytes.length
                || length + SnapshotDatagram.FRAMING_BYTES > packetBudgetBytes) {
            counters.increment(Counter.SNAPSHOTS_OVER_BUDGET);
            return false;
        }
        if (!connection.isConnected() || connection.closeRequested.get()) {
            counters.increment(Counter.SNAPSHOTS_NOT_CONNECTED);
            return false;
        }
        try {
            // sendUDP returns the datagram size, -1 when the socket buffer was full, 0 on error
            // (after which KryoNet has closed the connection).
            int sent = connection.sendUDP(datagram.set(bytes, length));
            if (sent > 0) {
                counters.increment(Counter.SNAPSHOTS_SENT);
                return true;
            }
        } catch (RuntimeException e) {
            // e.g. IllegalStateException when the connection lost its UDP address meanwhile.
        } finally {
            datagram.set(NO_BYTES, 0);
        }
        counters.increment(Counter.SNAPSHOT_SEND_FAILURES);
        return false;
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

    @Override
    public String toString() {
        return "KryoPlayerLink{connection=" + connection.getID() + ", slot=" + connection.slot + '}';
    }
}
