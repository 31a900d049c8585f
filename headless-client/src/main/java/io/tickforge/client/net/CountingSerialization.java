package io.tickforge.client.net;

import com.esotericsoftware.kryonet.Connection;
import com.esotericsoftware.kryonet.Serialization;
import io.tickforge.client.metrics.ClientMetrics;

import java.nio.ByteBuffer;

/**
 * Wraps the protocol's KryoNet {@link Serialization} to count one client's payload bytes in and
 * out (TCP frames including their length prefix, UDP datagram payloads; IP/UDP/TCP headers are not
 * seen from here). Reads run on the thread driving the client; writes on whichever thread sends.
 */
public final class CountingSerialization implements Serialization {
    private final Serialization delegate;
    private final ClientMetrics metrics;

    public CountingSerialization(Serialization delegate, ClientMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
    }

    @Override
    public void write(Connection connection, ByteBuffer buffer, Object object) {
        final int start = buffer.position();
        delegate.write(connection, buffer, object);
        metrics.addBytesOut(buffer.position() - start);
    }

    @Override
    public Object read(Connection connection, ByteBuffer buffer) {
        final int start = buffer.position();
        final int limit = buffer.limit();
        try {
            return delegate.read(connection, buffer);
        } finally {
            // A failed read consumed the whole frame or datagram as far as the transport is concerned.
            final int end = buffer.position() == start ? limit : buffer.position();
            metrics.addBytesIn(end - start);
        }
    }

    @Override
    public int getLengthLength() {
        return delegate.getLengthLength();
    }

    @Override
    public void writeLength(ByteBuffer buffer, int length) {
        delegate.writeLength(buffer, length);
        metrics.addBytesOut(delegate.getLengthLength());
    }

    @Override
    public int readLength(ByteBuffer buffer) {
        metrics.addBytesIn(delegate.getLengthLength());
        return delegate.readLength(buffer);
    }
}
