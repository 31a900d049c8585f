package io.tickforge.shared.transport;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import io.tickforge.shared.protocol.InputPacket;
import io.tickforge.shared.protocol.Protocol;
import io.tickforge.shared.protocol.SnapshotDatagram;

import javax.crypto.SecretKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * The client's side of the sealed UDP transport ({@link SecureDatagram}): one
 * {@link DatagramChannel} connected to the server's UDP port (the kernel drops datagrams from any
 * other source), the per-direction keys from {@code Welcome}, the send sequence and the replay
 * window. Used by the headless client and by tests. Owned by one thread (the client's driving thread); not thread-safe; no allocation per datagram
 * beyond the cipher's parameter spec.
 */
public final class ClientUdpLink implements AutoCloseable {
    /** {@link #receive} result: nothing (more) to read. */
    public static final int NONE = -1;
    /** {@link #receive} result: a datagram was read and dropped (not authentic, replayed, not a snapshot). */
    public static final int DROPPED = -2;

    private final DatagramChannel channel;
    private final DatagramCipher cipher = new DatagramCipher();
    private final ReplayWindow replay = new ReplayWindow();
    private final Kryo kryo = Protocol.newKryo();
    private final Output body = new Output(128);
    private final byte[] sendBytes = new byte[2048];
    private final ByteBuffer sendBuffer = ByteBuffer.wrap(sendBytes);
    private final byte[] receiveBytes = new byte[SnapshotDatagram.MAX_BUDGET_BYTES + 1];
    private final ByteBuffer receiveBuffer = ByteBuffer.wrap(receiveBytes);
    private final byte[] payload = new byte[SnapshotDatagram.MAX_BUDGET_BYTES];

    private int udpId;
    private SecretKey clientKey;
    private SecretKey serverKey;
    private long nextSequence;
    private long sent;
    private long sendFailures;
    private long rejected;
    private long replayed;

    public ClientUdpLink(InetSocketAddress server) throws IOException {
        DatagramChannel c = DatagramChannel.open();
        try {
            c.connect(server);
            c.configureBlocking(false);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        channel = c;
    }

    /** Installs the connection's id and keys (from {@code Welcome}, or from a connect token). */
    public void setKeys(int udpId, byte[] rawClientKey, byte[] rawServerKey) {
        this.udpId = udpId;
        this.clientKey = DatagramCipher.key(rawClientKey);
        this.serverKey = DatagramCipher.key(rawServerKey);
    }

    public boolean hasKeys() {
        return clientKey != null;
    }

    /** The channel, for a selector that waits on it. */
    public DatagramChannel channel() {
        return channel;
    }

    /** Proves the key from this socket's address (the server binds it); no payload. */
    public boolean sendBind() {
        return seal(SecureDatagram.KIND_BIND, payload, 0, 0);
    }

    /** Encodes, seals and sends one input packet. */
    public boolean sendInput(InputPacket packet) {
        body.reset();
        kryo.writeObject(body, packet);
        return seal(SecureDatagram.KIND_INPUT, body.getBuffer(), 0, body.position());
    }

    /** Seals any payload under any kind (tests: what a hostile client could send). */
    public boolean sendRaw(int kind, byte[] bytes, int offset, int length) {
        return seal(kind, bytes, offset, length);
    }

    private boolean seal(int kind, byte[] bytes, int offset, int length) {
        if (clientKey == null) {
            throw new IllegalStateException("no keys yet (Welcome not received)");
        }
        int n = cipher.seal(kind, udpId, nextSequence++, clientKey, bytes, offset, length, sendBytes, 0);
        sendBuffer.clear().limit(n);
        try {
            if (channel.write(sendBuffer) == n) {
                sent++;
                return true;
            }
        } catch (IOException e) {
            // ICMP port unreachable from an earlier datagram, or the server gone: counted.
        }
        sendFailures++;
        return false;
    }

    /**
     * Reads one datagram. Returns the length of an authentic, fresh snapshot payload (then in
     * {@link #payload()}), {@link #DROPPED} for a datagram that was read and refused, or
     * {@link #NONE} when nothing is waiting.
     */
    public int receive() {
        receiveBuffer.clear();
        int n;
        try {
            n = channel.read(receiveBuffer);
        } catch (IOException e) {
            // PortUnreachableException and friends: an ICMP error, not data.
            return NONE;
        }
        if (n <= 0) {
            return NONE;
        }
        if (serverKey == null || n > SnapshotDatagram.MAX_BUDGET_BYTES || n < SecureDatagram.OVERHEAD_BYTES
                || SecureDatagram.kind(receiveBytes, 0) != SecureDatagram.KIND_SNAPSHOT
                || SecureDatagram.udpId(receiveBytes, 0) != udpId) {
            rejected++;
            return DROPPED;
        }
        long sequence = SecureDatagram.sequence(receiveBytes, 0);
        if (!replay.isFresh(sequence)) {
            replayed++;
            return DROPPED;
        }
        int length = cipher.open(serverKey, receiveBytes, 0, n, payload, 0);
        if (length < 1) {
            rejected++;
            return DROPPED;
        }
        replay.mark(sequence);
        return length;
    }

    /** The payload of the last authentic datagram {@link #receive} returned; overwritten by the next. */
    public byte[] payload() {
        return payload;
    }

    public long sent() {
        return sent;
    }

    public long sendFailures() {
        return sendFailures;
    }

    /** Datagrams refused as not authentic (wrong kind, id, size or tag). */
    public long rejected() {
        return rejected;
    }

    /** Authentic-looking datagrams refused by the replay window. */
    public long replayed() {
        return replayed;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
