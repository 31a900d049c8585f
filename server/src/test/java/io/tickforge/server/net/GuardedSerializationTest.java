package io.tickforge.server.net;

import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.shared.protocol.Chat;
import io.tickforge.shared.protocol.InputPacket;
import io.tickforge.shared.protocol.KryoSerialization;
import com.esotericsoftware.kryonet.FrameworkMessage;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server-side guard, without sockets: buffers stand in for KryoNet's TCP and UDP read buffers. */
class GuardedSerializationTest {
    private final NetworkCounters counters = new NetworkCounters();
    private final GuardedSerialization guarded = new GuardedSerialization(new KryoSerialization(), counters, 256);
    private final KryoSerialization wire = new KryoSerialization();
    private final ByteBuffer udpBuffer = ByteBuffer.allocate(4096);
    private final ByteBuffer tcpBuffer = ByteBuffer.allocate(4096);
    private final PlayerConnection connection = new PlayerConnection(0, NetworkConfig.builder().build());

    private void fill(ByteBuffer buffer, byte[] bytes, int length) {
        buffer.clear();
        buffer.put(bytes, 0, length);
        buffer.flip();
    }

    private void fill(ByteBuffer buffer, Object message) {
        byte[] out = new byte[512];
        fill(buffer, out, wire.encode(message, out));
    }

    private void learnUdpBuffer() {
        FrameworkMessage.RegisterUDP register = new FrameworkMessage.RegisterUDP();
        register.connectionID = 1;
        fill(udpBuffer, register);
        assertInstanceOf(FrameworkMessage.RegisterUDP.class, guarded.read(null, udpBuffer));
        assertEquals(0, counters.get(Counter.UDP_UNKNOWN_SOURCE), "RegisterUDP from a new address is expected");
    }

    @Test
    void transportIsKnownFromTheBufferKryoNetPasses() {
        learnUdpBuffer();
        InputPacket p = new InputPacket();
        p.count = 1;
        fill(udpBuffer, p);
        assertInstanceOf(InputPacket.class, guarded.read(connection, udpBuffer));
        assertTrue(guarded.lastReadWasUdp());
        fill(tcpBuffer, new Chat("hi"));
        assertInstanceOf(Chat.class, guarded.read(connection, tcpBuffer));
        assertFalse(guarded.lastReadWasUdp());
    }

    @Test
    void udpGarbageTrailingBytesAndOversizedAreConsumedAndCounted() {
        learnUdpBuffer();
        fill(udpBuffer, new byte[] {(byte) 0xFF, 1, 2}, 3);
        assertSame(GuardedSerialization.MALFORMED, guarded.read(connection, udpBuffer));
        assertFalse(udpBuffer.hasRemaining(), "consumed, so KryoNet does not throw and log");
        assertEquals(1, counters.get(Counter.UDP_GARBAGE));

        byte[] out = new byte[512];
        InputPacket p = new InputPacket();
        p.count = 1;
        int n = wire.encode(p, out);
        fill(udpBuffer, out, n + 3); // a valid packet plus 3 trailing bytes
        assertSame(GuardedSerialization.MALFORMED, guarded.read(connection, udpBuffer));
        assertEquals(2, counters.get(Counter.UDP_GARBAGE));

        fill(udpBuffer, new byte[300], 300); // over maxInputDatagramBytes (256)
        assertSame(GuardedSerialization.MALFORMED, guarded.read(connection, udpBuffer));
        fill(udpBuffer, new byte[4096], 4096); // filled the receive buffer: the JDK truncated it
        assertSame(GuardedSerialization.MALFORMED, guarded.read(connection, udpBuffer));
        assertEquals(2, counters.get(Counter.UDP_OVERSIZED));
    }

    @Test
    void messagesFromUnregisteredAddressesAreCounted() {
        learnUdpBuffer();
        InputPacket p = new InputPacket();
        p.count = 1;
        fill(udpBuffer, p);
        guarded.read(null, udpBuffer);
        assertEquals(1, counters.get(Counter.UDP_UNKNOWN_SOURCE));
    }

    @Test
    void tcpGarbageIsConsumedSoTheStreamStaysAligned() {
        tcpBuffer.clear();
        tcpBuffer.put(new byte[] {(byte) (99 + 2), 1, 2, 7, 7});
        tcpBuffer.flip();
        tcpBuffer.limit(3); // KryoNet limits the buffer to the frame
        assertSame(GuardedSerialization.MALFORMED, guarded.read(connection, tcpBuffer));
        assertEquals(3, tcpBuffer.position());
        assertEquals(0, counters.get(Counter.UDP_GARBAGE), "TCP garbage is the listener's to count");
    }

    @Test
    void badFrameLengthsAreCounted() {
        for (int length : new int[] {0, -5, 4097}) {
            ByteBuffer b = ByteBuffer.allocate(4096);
            b.putInt(length).flip();
            assertEquals(length, guarded.readLength(b), "KryoNet still sees it and closes the connection");
        }
        ByteBuffer ok = ByteBuffer.allocate(4096);
        ok.putInt(4096).flip();
        guarded.readLength(ok);
        assertEquals(3, counters.get(Counter.TCP_BAD_FRAME_LENGTH));
    }

    @Test
    void bytesAreCountedWithTheirFraming() {
        ByteBuffer tcpOut = ByteBuffer.allocate(64);
        guarded.write(connection, tcpOut, new Chat("hi"));
        // Chat("hi") is 6 bytes (see WireSizeTest) + 4-byte TCP length prefix.
        assertEquals(6 + 4, counters.get(Counter.BYTES_OUT));
        ByteBuffer udpOut = ByteBuffer.allocateDirect(64);
        InputPacket p = new InputPacket();
        p.count = 1;
        p.hasAcks = true;
        guarded.write(connection, udpOut, p);
        // InputPacket with acks, 1 input, tick 0: id 1 + header 1 + acks 2 + 4 + tick 1
        // + render lag 1 + input 5 = 15, no prefix on UDP.
        assertEquals(10 + 15, counters.get(Counter.BYTES_OUT));
    }

    @Test
    void aTcpWriteThatDoesNotFitIsCountedAsAFullBufferAndWritesNothing() {
        Chat line = new Chat("x".repeat(100)); // 1 class id + varint fromPlayerId+1 + 1 (null name) + varint(101) + 100 = 104 bytes
        // A heap buffer (KryoNet's TCP write buffer) with 50 bytes left, less than the 1024-byte largest frame.
        ByteBuffer tcpOut = ByteBuffer.allocate(4096);
        tcpOut.position(4096 - 50);

        org.junit.jupiter.api.Assertions.assertThrows(com.esotericsoftware.kryonet.KryoNetException.class,
                () -> guarded.write(connection, tcpOut, line));

        assertEquals(4096 - 50, tcpOut.position(), "no half frame");
        assertEquals(1, counters.get(Counter.TCP_WRITE_BUFFER_FULL));
        assertTrue(connection.writeBufferFull);
        assertEquals(0, counters.get(Counter.BYTES_OUT));

        // With room for it the same message goes through and nothing more is counted.
        tcpOut.clear();
        guarded.write(connection, tcpOut, line);
        assertEquals(104, tcpOut.position());
        assertEquals(1, counters.get(Counter.TCP_WRITE_BUFFER_FULL));
    }
}
