package io.tickforge.server.net;

import com.esotericsoftware.kryonet.Connection;
import com.esotericsoftware.kryonet.FrameworkMessage;
import com.esotericsoftware.kryonet.KryoNetException;
import com.esotericsoftware.kryonet.Serialization;
import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.shared.protocol.KryoSerialization;

import java.nio.ByteBuffer;

/**
 * The server's {@link Serialization}: the protocol's {@link KryoSerialization} plus the checks
 * KryoNet does not make. Reads run on the update thread only; writes on any thread.
 *
 * <ul>
 * <li>A frame or datagram that does not decode never throws into KryoNet (which would log an
 * ERROR with a stack trace per packet): the bytes are consumed and {@link #MALFORMED} is returned,
 * so KryoNet's framing stays aligned and our listener decides (close a TCP peer, count a datagram).
 * <li>Transport: KryoNet's {@code Listener} is not told whether an object came over TCP or UDP.
 * TCP reads always pass a connection; the first UDP datagram the server ever decodes (a
 * {@code RegisterUDP}, needed before any address is known) arrives with a null connection and
 * shows us the one shared UDP read buffer. Later reads compare buffer identity. Since KryoNet calls
 * the listener right after each read on the same thread, {@link #lastReadWasUdp()} tells the
 * listener where the object it is handling came from.
 * <li>UDP datagrams larger than {@code maxInputDatagramBytes}, or filling the whole receive buffer
 * (the JDK silently truncates longer ones), are dropped as oversized before decoding.
 * <li>A TCP write that does not fit the connection's write buffer (a peer that stopped reading) is
 * counted as {@code TCP_WRITE_BUFFER_FULL} before the exception goes on to KryoNet, which closes
 * that connection.
 * </ul>
 */
final class GuardedSerialization implements Serialization {
    /** Stands in for bytes that did not decode; never written, never registered. */
    static final Object MALFORMED = new Object() {
        @Override
        public String toString() {
            return "MALFORMED";
        }
    };

    private final KryoSerialization delegate;
    private final NetworkCounters counters;
    private final int maxInputDatagramBytes;
    /** Largest frame the delegate can encode; a TCP write failing with less room than this is a full buffer. */
    private final int maxFrameBytes;
    private ByteBuffer udpReadBuffer;
    private boolean lastReadWasUdp;

    GuardedSerialization(KryoSerialization delegate, NetworkCounters counters, int maxInputDatagramBytes) {
        this(delegate, counters, maxInputDatagramBytes, 1024);
    }

    GuardedSerialization(KryoSerialization delegate, NetworkCounters counters, int maxInputDatagramBytes, int maxFrameBytes) {
        this.delegate = delegate;
        this.counters = counters;
        this.maxInputDatagramBytes = maxInputDatagramBytes;
        this.maxFrameBytes = maxFrameBytes;
    }

    /** Whether the object KryoNet is handing to the listener right now was read from UDP. Update thread only. */
    boolean lastReadWasUdp() {
        return lastReadWasUdp;
    }

    @Override
    public Object read(Connection connection, ByteBuffer buffer) {
        boolean udp = connection == null || buffer == udpReadBuffer;
        if (connection == null) {
            udpReadBuffer = buffer;
        }
        lastReadWasUdp = udp;
        int size = buffer.remaining();
        counters.add(Counter.BYTES_IN, udp ? size : size + KryoSerialization.LENGTH_BYTES);
        if (udp && (size >= buffer.capacity() || size > maxInputDatagramBytes)) {
            counters.increment(Counter.UDP_OVERSIZED);
            buffer.position(buffer.limit());
            return MALFORMED;
        }
        Object message;
        try {
            message = delegate.read(connection, buffer);
        } catch (RuntimeException e) {
            return malformed(buffer, udp);
        }
        if (buffer.hasRemaining()) {
            return malformed(buffer, udp);
        }
        if (connection == null && !(message instanceof FrameworkMessage.RegisterUDP)) {
            // KryoNet drops these silently after the read; this is the only place to count them.
            counters.increment(Counter.UDP_UNKNOWN_SOURCE);
        }
        return message;
    }

    private Object malformed(ByteBuffer buffer, boolean udp) {
        buffer.position(buffer.limit());
        if (udp) {
            counters.increment(Counter.UDP_GARBAGE);
        }
        // TCP: counted by the listener, which also closes the connection.
        return MALFORMED;
    }

    @Override
    public void write(Connection connection, ByteBuffer buffer, Object object) {
        int start = buffer.position();
        try {
            delegate.write(connection, buffer, object);
        } catch (KryoNetException e) {
            // The delegate refuses a frame that does not fit without writing any of it. With less room
            // left than the largest frame, that is a TCP write buffer the peer is not draining.
            if (!buffer.isDirect() && buffer.remaining() < maxFrameBytes) {
                counters.increment(Counter.TCP_WRITE_BUFFER_FULL);
                if (connection instanceof PlayerConnection c) {
                    c.writeBufferFull = true; // read by disconnected(), which KryoNet calls next
                }
            }
            throw e;
        }
        int written = buffer.position() - start;
        // KryoNet's TCP write buffers are heap buffers, its UDP write buffer is direct.
        counters.add(Counter.BYTES_OUT, buffer.isDirect() ? written : written + KryoSerialization.LENGTH_BYTES);
    }

    @Override
    public int getLengthLength() {
        return delegate.getLengthLength();
    }

    @Override
    public void writeLength(ByteBuffer buffer, int length) {
        delegate.writeLength(buffer, length);
    }

    @Override
    public int readLength(ByteBuffer buffer) {
        int length = delegate.readLength(buffer);
        if (length <= 0 || length > buffer.capacity()) {
            // KryoNet throws right after this and closes the connection; count it here.
            counters.increment(Counter.TCP_BAD_FRAME_LENGTH);
        }
        return length;
    }
}
