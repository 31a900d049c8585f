package io.tickforge.client.attack;

import com.esotericsoftware.kryonet.FrameworkMessage;
import io.tickforge.shared.protocol.Bye;
import io.tickforge.shared.protocol.KryoSerialization;
import io.tickforge.shared.protocol.Rejected;

import java.nio.ByteBuffer;

/**
 * The server's TCP framing as an attacker writes and reads it: {@code u32 length} (big-endian)
 * then one message encoded by the shared {@link KryoSerialization}. One instance per thread.
 */
final class WireFrames {
    /** Largest frame the attacker accepts from the server before calling the stream broken. */
    static final int MAX_FRAME_BYTES = 64 * 1024;

    private final KryoSerialization wire = new KryoSerialization();
    private final byte[] scratch = new byte[MAX_FRAME_BYTES];

    /** {@code message} framed: length then body. Allocates the returned array. */
    byte[] frame(Object message) {
        final int n = wire.encode(message, scratch);
        final byte[] out = new byte[KryoSerialization.LENGTH_BYTES + n];
        ByteBuffer.wrap(out).putInt(n).put(scratch, 0, n);
        return out;
    }

    /** The message body alone (no length): what a UDP datagram of KryoNet would carry. */
    byte[] body(Object message) {
        final int n = wire.encode(message, scratch);
        final byte[] out = new byte[n];
        System.arraycopy(scratch, 0, out, 0, n);
        return out;
    }

    byte[] keepAlive() {
        return frame(new FrameworkMessage.KeepAlive());
    }

    /** Decodes one frame body; throws KryoNetException when it is not a protocol message. */
    Object decode(byte[] body, int offset, int length) {
        return wire.read(null, ByteBuffer.wrap(body, offset, length));
    }

    /** A short name for counting: the class, plus the reason for Rejected and Bye. */
    static String describe(Object message) {
        if (message instanceof Rejected r) {
            return "Rejected." + r.reason;
        }
        if (message instanceof Bye b) {
            return "Bye." + b.reason;
        }
        return message == null ? "null" : message.getClass().getSimpleName();
    }
}
