package io.tickforge.shared.protocol;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The arena's input packet bytes, pinned (with the serializer of protocol 4 before the input wire
 * followed the schema): the schema-driven codec must write and read exactly these, so arena
 * clients and servers of either build interoperate and no protocol bump is needed.
 */
class InputWireBytesTest {
    private static final HexFormat HEX = HexFormat.of();

    /** One input, no acks: header 01, tick varint 05, lag 00, moveX 81 (-127), moveY 7f, aim ffff, buttons 03. Kryo writes shorts and ints little-endian (aim 16384 is {@code 00 40}). */
    static InputPacket one() {
        InputPacket p = new InputPacket();
        p.newestTick = 5;
        p.count = 1;
        p.set(0, -127, 127, 65535, 3);
        return p;
    }

    /** Acks and three inputs, a multi-byte tick and a render lag. */
    static InputPacket acked() {
        InputPacket p = new InputPacket();
        p.hasAcks = true;
        p.ackSequence = 0xBEEF;
        p.ackBits = 0x80000001;
        p.newestTick = 300_000;
        p.renderLag = 7;
        p.count = 3;
        p.set(0, 10, -10, 16384, 1);
        p.set(1, 0, 0, 0, 0);
        p.set(2, -1, 1, 0x8001, 2);
        return p;
    }

    static final String ONE = "010500817fffff03";
    static final String ACKED = "83efbe01000080e0a712070af60040010000000000ff01018002";

    @Test
    void arenaInputPacketBytesAreUnchanged() {
        assertEquals(ONE, hex(one()));
        assertEquals(ACKED, hex(acked()));
    }

    @Test
    void pinnedBytesDecodeToTheSameInputs() {
        Kryo kryo = Protocol.newKryo();
        InputPacket p = kryo.readObject(new Input(HEX.parseHex(ACKED)), InputPacket.class);
        assertEquals(3, p.count);
        assertEquals(300_000, p.newestTick);
        assertEquals(7, p.renderLag);
        assertEquals(0xBEEF, p.ackSequence);
        assertEquals(hex(acked()), hex(p), "re-encodes to the pinned bytes");
    }

    static String hex(InputPacket p) {
        Kryo kryo = Protocol.newKryo();
        Output out = new Output(128);
        kryo.writeObject(out, p);
        return HEX.formatHex(out.toBytes());
    }
}
