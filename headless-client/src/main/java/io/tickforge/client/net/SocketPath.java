package io.tickforge.client.net;

import com.esotericsoftware.kryonet.Client;
import com.esotericsoftware.kryonet.FrameworkMessage;
import io.tickforge.client.metrics.ClientMetrics;
import io.tickforge.shared.transport.ClientUdpLink;
import io.tickforge.shared.transport.SecureDatagram;

/**
 * The real {@link PacketPath}: inputs out as sealed UDP datagrams on the connection's
 * {@link ClientUdpLink}, pings out as KryoNet {@code Ping}s over TCP; in, authentic snapshot
 * payloads drained from the UDP socket and ping replies from the TCP listener, handed to the
 * {@link PacketPath.Receiver} at the head of the inbound chain. Owned by the driving thread; no
 * allocation per packet.
 */
public final class SocketPath implements PacketPath {
    /** Datagrams read per drain at most, so one busy socket cannot hold the driving thread. */
    private static final int MAX_DATAGRAMS_PER_DRAIN = 64;

    private final Client tcp;
    private final ClientMetrics metrics;
    private final FrameworkMessage.Ping ping = new FrameworkMessage.Ping();
    private Receiver inbound;
    /** The connection's sealed UDP link; null between a lost connection and its reconnect. */
    private ClientUdpLink udp;
    private long dropped;

    public SocketPath(Client tcp, ClientMetrics metrics) {
        this.tcp = tcp;
        this.metrics = metrics;
    }

    /** Where what arrives goes: the client's receiver, or a decorator in front of it. Set once, before traffic. */
    public void receiveInto(Receiver inbound) {
        this.inbound = inbound;
    }

    /** The UDP link of the current connection (null: none, outgoing inputs are dropped). */
    public void use(ClientUdpLink link) {
        this.udp = link;
    }

    public ClientUdpLink link() {
        return udp;
    }

    @Override
    public void sendInput(byte[] bytes, int length, long nowNs) {
        final ClientUdpLink link = udp;
        if (link == null) {
            return; // the connection was lost in this very poll: its keys are void
        }
        if (link.sendRaw(SecureDatagram.KIND_INPUT, bytes, 0, length)) {
            metrics.addBytesOut(link.lastSentBytes());
        }
        metrics.inputPacketSent();
    }

    @Override
    public void sendPing(int id, long nowNs) {
        ping.id = id;
        ping.isReply = false;
        tcp.sendTCP(ping);
    }

    @Override
    public int release(long nowNs) {
        return 0;
    }

    /** A ping reply the TCP listener read, timed at {@code nowNs}. */
    public void pingReplied(int id, long nowNs) {
        inbound.onPingReply(id, nowNs);
    }

    /**
     * Drains the UDP socket (bounded): authentic snapshots go to the receiver, timed by one clock
     * read for the whole drain; the rest are counted. Returns the datagrams read.
     */
    public int drainDatagrams() {
        final ClientUdpLink link = udp;
        if (link == null) {
            return 0;
        }
        int read = 0;
        long now = 0;
        boolean timed = false;
        for (int i = 0; i < MAX_DATAGRAMS_PER_DRAIN; i++) {
            final int length = link.receive();
            if (length == ClientUdpLink.NONE) {
                break;
            }
            read++;
            metrics.addBytesIn(link.lastReadBytes());
            if (length == ClientUdpLink.DROPPED) {
                dropped++;
                continue;
            }
            if (!timed) {
                now = System.nanoTime();
                timed = true;
            }
            inbound.onSnapshot(link.payload(), length, now);
        }
        return read;
    }

    /** Datagrams read and refused: not authentic (forged, altered, wrong key) or replayed. */
    public long dropped() {
        return dropped;
    }
}
