package io.tickforge.server.net;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.shared.protocol.KryoSerialization;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Fuzz target for the server's read path exactly as KryoNet drives it: the first byte picks TCP
 * (a frame body read for a connection, after its 4-byte length) or UDP (a datagram read into the
 * shared receive buffer with no connection yet). GuardedSerialization must never throw, must
 * consume every byte it refuses, and must count each refused datagram exactly once. Corpus:
 * GuardedSerializationFuzzTestInputs/.
 */
class GuardedSerializationFuzzTest {
    private static final int OBJECT_BUFFER = 4096;
    private static final int MAX_DATAGRAM = 1024;

    private final NetworkCounters counters = new NetworkCounters();
    private final GuardedSerialization serialization = new GuardedSerialization(
            new KryoSerialization(OBJECT_BUFFER), counters, MAX_DATAGRAM, OBJECT_BUFFER);
    private final PlayerConnection connection = new PlayerConnection(0, NetworkConfig.builder().build());
    private final ByteBuffer tcpBuffer = ByteBuffer.allocate(OBJECT_BUFFER);
    private final ByteBuffer udpBuffer = ByteBuffer.allocateDirect(OBJECT_BUFFER);

    @FuzzTest(maxDuration = "90s", maxExecutions = 200_000)
    void networkBytes(byte[] data) {
        if (data.length == 0) {
            return;
        }
        int length = Math.min(data.length - 1, OBJECT_BUFFER);
        boolean udp = (data[0] & 1) != 0;
        ByteBuffer buffer = udp ? udpBuffer : tcpBuffer;
        buffer.clear();
        buffer.put(data, 1, length).flip();
        long refusedBefore = counters.get(Counter.UDP_GARBAGE) + counters.get(Counter.UDP_OVERSIZED);

        Object message = serialization.read(udp ? null : connection, buffer);

        assertNotNull(message);
        assertEquals(udp, serialization.lastReadWasUdp());
        long refused = counters.get(Counter.UDP_GARBAGE) + counters.get(Counter.UDP_OVERSIZED) - refusedBefore;
        if (message == GuardedSerialization.MALFORMED) {
            assertEquals(buffer.limit(), buffer.position(), "a refused read consumes every byte");
            assertEquals(udp ? 1 : 0, refused, "each refused datagram counted once (TCP: by the listener)");
        } else {
            assertEquals(0, refused);
            assertEquals(buffer.limit(), buffer.position(), "an accepted read has no trailing bytes");
        }
        if (length >= 4) {
            // The TCP length prefix KryoNet reads first: any value is returned, bad ones are counted.
            tcpBuffer.clear();
            tcpBuffer.put(data, 1, 4).flip();
            long bad = counters.get(Counter.TCP_BAD_FRAME_LENGTH);
            int frameLength = serialization.readLength(tcpBuffer);
            boolean outOfRange = frameLength <= 0 || frameLength > tcpBuffer.capacity();
            assertEquals(outOfRange ? 1 : 0, counters.get(Counter.TCP_BAD_FRAME_LENGTH) - bad);
        }
    }
}
