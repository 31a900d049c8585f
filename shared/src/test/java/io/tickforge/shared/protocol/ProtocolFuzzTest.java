package io.tickforge.shared.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryonet.KryoNetException;

import java.nio.ByteBuffer;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Fuzz targets for every message body read from the network (a TCP frame after its 4-byte length,
 * or a whole UDP datagram). The default build replays the committed corpus under
 * src/test/resources/io/tickforge/shared/protocol/ProtocolFuzzTestInputs/; {@code JAZZER_FUZZ=1}
 * fuzzes one target (docs/SECURITY.md, "Fuzzing"). Budgets: {@code .ci/run} relies on them.
 */
class ProtocolFuzzTest {
    private final Kryo strict = Protocol.newKryo();
    private final Input strictInput = new Input();
    private final KryoSerialization serialization = new KryoSerialization();
    private final KryoSerialization reencoder = new KryoSerialization();
    private final KryoSerialization redecoder = new KryoSerialization();
    private final ByteBuffer direct = ByteBuffer.allocateDirect(KryoSerialization.DEFAULT_MAX_OBJECT_BYTES);
    private final byte[] encodeScratch = new byte[KryoSerialization.DEFAULT_MAX_OBJECT_BYTES + 16];

    /**
     * Any bytes: the serializers fail only with KryoException (anything else, such as an index or
     * a null pointer error, is a bug that KryoSerialization's catch-all would turn into a silent
     * "malformed"); KryoSerialization fails only with KryoNetException, the same way on heap and
     * direct buffers; and whatever decodes re-encodes to a fixpoint.
     */
    @FuzzTest(maxDuration = "90s", maxExecutions = 300_000)
    void message(byte[] data) {
        check(data);
    }

    /** The same checks, the fuzzer's bytes always read as an InputPacket body (the UDP hot path). */
    @FuzzTest(maxDuration = "90s", maxExecutions = 200_000)
    void inputPacket(byte[] data) {
        byte[] framed = new byte[data.length + 1];
        framed[0] = (byte) (Protocol.ID_INPUT_PACKET + 2);
        System.arraycopy(data, 0, framed, 1, data.length);
        Object decoded = check(framed);
        if (decoded != null) {
            InputPacket p = (InputPacket) decoded;
            assertTrue(p.count >= 1 && p.count <= InputPacket.MAX_INPUTS, "count " + p.count);
            assertTrue(p.renderLag >= 0 && p.renderLag <= InputPacket.MAX_RENDER_LAG, "renderLag " + p.renderLag);
        }
    }

    /** Returns the decoded message, or null when the bytes were refused. */
    private Object check(byte[] data) {
        boolean strictOk;
        strictInput.setBuffer(data);
        try {
            Protocol.readMessage(strict, strictInput);
            strictOk = true;
        } catch (KryoException expected) {
            strictOk = false;
        }

        Object heapMessage = null;
        ByteBuffer heap = ByteBuffer.wrap(data);
        try {
            heapMessage = serialization.read(null, heap);
            assertTrue(heap.position() <= data.length);
        } catch (KryoNetException refused) {
            assertEquals(0, heap.position(), "a refused message consumes nothing");
        }
        assertEquals(strictOk, heapMessage != null, "serializers and KryoSerialization agree");

        if (data.length <= direct.capacity()) {
            direct.clear();
            direct.put(data).flip();
            int consumed = heap.position();
            try {
                Object viaDirect = serialization.read(null, direct);
                assertTrue(heapMessage != null, "direct decoded what heap refused");
                assertEquals(heapMessage.getClass(), viaDirect.getClass());
                assertEquals(consumed, direct.position(), "heap and direct consume the same bytes");
            } catch (KryoNetException refused) {
                assertEquals(null, heapMessage, "direct refused what heap decoded");
            }
        }

        if (heapMessage != null) {
            byte[] once = encode(heapMessage);
            Object again;
            try {
                again = redecoder.read(null, ByteBuffer.wrap(once));
            } catch (KryoNetException e) {
                fail("re-encoded " + heapMessage.getClass().getSimpleName() + " does not decode: " + e.getMessage());
                return null;
            }
            assertArrayEquals(once, encode(again), "encode(decode(encode(m))) == encode(m)");
        }
        return heapMessage;
    }

    private byte[] encode(Object message) {
        try {
            return Arrays.copyOf(encodeScratch, reencoder.encode(message, encodeScratch));
        } catch (KryoNetException e) {
            fail("a decoded " + message.getClass().getSimpleName() + " does not re-encode: " + e.getMessage());
            return null;
        }
    }
}
