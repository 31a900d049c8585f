package io.tickforge.shared.protocol;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryonet.Connection;
import com.esotericsoftware.kryonet.KryoNetException;
import com.esotericsoftware.kryonet.Serialization;

import java.nio.ByteBuffer;

/**
 * KryoNet {@link Serialization} on Kryo 5 for the Tickforge protocol (see {@link Protocol}).
 *
 * <p>Threads: {@link #read} only on the endpoint's update thread (one read Kryo, one reused
 * {@link Input}; decoded UDP messages are reused instances, valid until the next read).
 * {@link #write} from any thread: each writing thread gets its own Kryo and {@link Output}
 * (ThreadLocal, allocated on a thread's first write), so writers never contend on a lock.
 *
 * <p>Failures: every read or write failure surfaces as {@link KryoNetException}. A write that does
 * not fit the destination buffer leaves the buffer untouched (we encode first, then copy), so
 * KryoNet's TCP write buffer is never left half-written; KryoNet closes the connection.
 *
 * <p>TCP framing: 4-byte big-endian length before each object ({@link #LENGTH_BYTES}).
 */
public final class KryoSerialization implements Serialization {
    public static final int LENGTH_BYTES = 4;
    /** Default cap on one encoded object, in bytes; larger writes fail. */
    public static final int DEFAULT_MAX_OBJECT_BYTES = 64 * 1024;

    private final int maxObjectBytes;
    private final Kryo readKryo = Protocol.newKryo();
    private final Input input = new Input();
    private byte[] readScratch = new byte[0];
    private final ThreadLocal<Writer> writers;

    public KryoSerialization() {
        this(DEFAULT_MAX_OBJECT_BYTES);
    }

    public KryoSerialization(int maxObjectBytes) {
        if (maxObjectBytes < 64) {
            throw new IllegalArgumentException("maxObjectBytes " + maxObjectBytes + " < 64");
        }
        this.maxObjectBytes = maxObjectBytes;
        this.writers = ThreadLocal.withInitial(() -> new Writer(this.maxObjectBytes));
    }

    @Override
    public void write(Connection connection, ByteBuffer buffer, Object object) {
        try {
            Writer writer = writers.get();
            Output output = writer.output;
            output.reset();
            Protocol.writeMessage(writer.kryo, output, object);
            int length = output.position();
            if (length > buffer.remaining()) {
                throw new KryoNetException("Encoded " + object.getClass().getSimpleName() + " is " + length
                        + " bytes, buffer has " + buffer.remaining() + " left");
            }
            buffer.put(output.getBuffer(), 0, length);
        } catch (KryoNetException e) {
            throw e;
        } catch (Throwable t) {
            throw new KryoNetException("Cannot serialize " + (object == null ? "null" : object.getClass().getName()), t);
        }
    }

    /** Encodes one message into {@code out} (any thread); returns the encoded length. For tests and tools. */
    public int encode(Object message, byte[] out) {
        ByteBuffer buffer = ByteBuffer.wrap(out);
        write(null, buffer, message);
        return buffer.position();
    }

    @Override
    public Object read(Connection connection, ByteBuffer buffer) {
        int start = buffer.position();
        int count = buffer.remaining();
        byte[] array;
        int offset;
        if (buffer.hasArray()) {
            array = buffer.array();
            offset = buffer.arrayOffset() + start;
        } else {
            if (readScratch.length < count) {
                readScratch = new byte[count];
            }
            buffer.get(start, readScratch, 0, count);   // absolute: no duplicate() per message
            array = readScratch;
            offset = 0;
        }
        try {
            input.setBuffer(array, offset, count);
            Object message = Protocol.readMessage(readKryo, input);
            buffer.position(start + (input.position() - offset));
            return message;
        } catch (KryoNetException e) {
            throw e;
        } catch (Throwable t) {
            throw new KryoNetException("Cannot decode message (" + count + " bytes): " + t.getMessage(), t);
        }
    }

    @Override
    public int getLengthLength() {
        return LENGTH_BYTES;
    }

    @Override
    public void writeLength(ByteBuffer buffer, int length) {
        buffer.putInt(length);
    }

    @Override
    public int readLength(ByteBuffer buffer) {
        return buffer.getInt();
    }

    private static final class Writer {
        final Kryo kryo = Protocol.newKryo();
        final Output output;

        Writer(int maxObjectBytes) {
            output = new Output(Math.min(512, maxObjectBytes), maxObjectBytes);
        }
    }
}
