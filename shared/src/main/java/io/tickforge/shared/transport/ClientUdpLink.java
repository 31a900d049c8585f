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
    /** One cipher per direction, each always on the same key: the JDK then keeps the key schedule. */
    private final DatagramCipher sendCipher = new DatagramCipher();
    private final DatagramCipher receiveCipher = new DatagramCipher();
    private final ReplayWindow replay = new ReplayWindow();
    private final Kryo kryo = Protocol.newKryo();
    private final Output body = new Output(128);
    private final byte[] sendBytes = new byte[2048];
    /** Direct buffers: the socket reads and writes them without the JDK's per-call temporary direct buffer. */
    private final ByteBuffer sendBuffer = ByteBuffer.allocateDirect(sendBytes.length);
    private final byte[] receiveBytes = new byte[SnapshotDatagram.MAX_BUDGET_BYTES + 1];
    private final ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(receiveBytes.length);
    private final byte[] payload = new byte[SnapshotDatagram.MAX_BUDGET_BYTES];

    private int udpId;
    private SecretKey clientKey;
    private SecretKey serverKey;
    private long nextSequence;
    private long sent;
    private long sendFailures;
    private long rejected;
    private long replayed;
    private long accepted;
    private int lastSentBytes;
    private int lastReadBytes;

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

    /**
     * Sets the sequence of the next datagram sent (it must only ever grow for one pair of keys:
     * a repeated sequence is a repeated GCM nonce). For a client resuming with known keys, and for
     * tests that play an attacker.
     */
    public void setNextSequence(long next) {
        if (next < nextSequence) {
            throw new IllegalArgumentException("sequence may only grow: " + next + " < " + nextSequence);
        }
        nextSequence = next;
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

    /** Encodes (the four-field input shape, {@code Protocol.newKryo()}: tests and tools), seals and sends one input packet. */
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
        int n = sendCipher.seal(kind, udpId, nextSequence++, clientKey, bytes, offset, length, sendBytes, 0);
        sendBuffer.clear();
        sendBuffer.put(sendBytes, 0, n).flip();
        try {
            if (channel.write(sendBuffer) == n) {
                sent++;
                lastSentBytes = n;
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
        lastReadBytes = n;
        receiveBuffer.flip().get(receiveBytes, 0, n);
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
        int length = receiveCipher.open(serverKey, receiveBytes, 0, n, payload, 0);
        if (length < 1) {
            rejected++;
            return DROPPED;
        }
        replay.mark(sequence);
        accepted++;
        return length;
    }

    /** The payload of the last authentic datagram {@link #receive} returned; overwritten by the next. */
    public byte[] payload() {
        return payload;
    }

    /** Size of the last datagram sent (header and tag included). */
    public int lastSentBytes() {
        return lastSentBytes;
    }

    /** Size of the last datagram read, accepted or not. */
    public int lastReadBytes() {
        return lastReadBytes;
    }

    /** Authentic snapshot datagrams accepted. */
    public long accepted() {
        return accepted;
    }

    /**
     * The newest server sequence accepted (-1 before any). The server numbers every datagram it
     * seals for this connection from 0, so {@code newestSequence() + 1 - accepted()} is how many
     * of them were lost on the way (or refused): a count-based delivery figure.
     */
    public long newestSequence() {
        return replay.newest();
    }

    public int udpId() {
        return udpId;
    }

    /** Copies the last datagram sent (as it went on the wire) into {@code out}; returns its length. For tests of replay. */
    public int copyLastSent(byte[] out) {
        System.arraycopy(sendBytes, 0, out, 0, lastSentBytes);
        return lastSentBytes;
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
