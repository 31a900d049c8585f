package io.tickforge.shared.protocol;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.tickforge.shared.game.ArenaSchemas;
import io.tickforge.shared.schema.InputSchema;
import io.tickforge.shared.world.InputLayout;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The input packet's lanes follow the layout the serializer was built for. */
class InputPacketLayoutTest {
    static final InputSchema ODD = InputSchema.builder("odd")
            .sint("throttle", -1000, 1000)          // 2 bytes, sign-extended
            .enumeration("mode", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q")
            .sint("lean", -3_000_000, 3_000_000)    // 23 bits: 3 bytes, sign-extended
            .uint("charge", 0, 2_000_000_000)       // 31 bits: 4 bytes
            .bool("crouch")
            .build();
    static final InputLayout LAYOUT = InputLayout.of(ODD);

    @Test
    void lanesRoundTripByTheLayout() {
        assertEquals(2 + 1 + 3 + 4 + 1, LAYOUT.bytesPerInput);
        Kryo kryo = Protocol.newKryo(LAYOUT);
        InputPacket p = new InputPacket();
        p.lanesPerInput = LAYOUT.lanes;
        p.newestTick = 9;
        p.count = 2;
        int[][] inputs = {{-1000, 16, -3_000_000, 2_000_000_000, 1}, {1000, 0, 2_999_999, 0, 0}};
        for (int k = 0; k < 2; k++) {
            for (int l = 0; l < LAYOUT.lanes; l++) {
                p.setLane(k, l, inputs[k][l]);
            }
        }
        Output out = new Output(128);
        kryo.writeObject(out, p);
        assertEquals(3 + 2 * LAYOUT.bytesPerInput, out.position(), "header, tick, lag, then 11 bytes per input");
        InputPacket back = kryo.readObject(new Input(out.toBytes()), InputPacket.class);
        assertEquals(LAYOUT.lanes, back.lanesPerInput);
        for (int k = 0; k < 2; k++) {
            for (int l = 0; l < LAYOUT.lanes; l++) {
                assertEquals(inputs[k][l], back.lane(k, l), "input " + k + " lane " + l);
            }
        }
    }

    @Test
    void aPacketOfAnotherShapeIsMalformed() {
        // The arena's one-input packet (5 bytes per input) read by the 11-byte layout: too short.
        byte[] arena = HexFormat.of().parseHex(InputWireBytesTest.ONE);
        assertThrows(KryoException.class, () -> Protocol.newKryo(LAYOUT).readObject(new Input(arena), InputPacket.class));
        // An 11-byte input read by the arena's layout: bytes are left over (the transport calls that malformed).
        InputPacket p = new InputPacket();
        p.lanesPerInput = LAYOUT.lanes;
        p.newestTick = 5;
        p.count = 1;
        Output out = new Output(64);
        Protocol.newKryo(LAYOUT).writeObject(out, p);
        Input in = new Input(out.toBytes());
        Protocol.newKryo().readObject(in, InputPacket.class);
        assertTrue(in.position() < out.position(), "trailing bytes");
        // Writing a packet whose lanes per input are not the layout's is a bug, refused.
        InputPacket four = new InputPacket();
        four.count = 1;
        assertThrows(KryoException.class, () -> Protocol.newKryo(LAYOUT).writeObject(new Output(64), four));
    }

    @Test
    void theLargestPacketFitsItsBound() {
        assertEquals(57, InputPacket.maxWireBytes(InputLayout.FIXED), "the arena's: 17 + 8 x 5");
        InputPacket p = new InputPacket();
        p.lanesPerInput = LAYOUT.lanes;
        p.hasAcks = true;
        p.newestTick = Long.MAX_VALUE;
        p.count = InputPacket.MAX_INPUTS;
        Output out = new Output(InputPacket.maxWireBytes(LAYOUT));
        Protocol.newKryo(LAYOUT).writeObject(out, p);
        assertEquals(InputPacket.maxWireBytes(LAYOUT), out.position());
    }

    @Test
    void theArenaLayoutCodesTheArenaBytes() {
        Output out = new Output(128);
        Protocol.newKryo(InputLayout.of(ArenaSchemas.INPUT)).writeObject(out, InputWireBytesTest.acked());
        assertEquals(InputWireBytesTest.ACKED, HexFormat.of().formatHex(out.toBytes()));
    }
}
