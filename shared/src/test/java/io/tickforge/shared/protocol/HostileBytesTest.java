package io.tickforge.shared.protocol;

import com.esotericsoftware.kryonet.KryoNetException;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bytes from the network are hostile: every bad input is a clear KryoNetException, never a huge allocation. */
class HostileBytesTest {
    private final KryoSerialization serialization = new KryoSerialization();

    private KryoNetException decodeFails(int... bytes) {
        byte[] raw = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            raw[i] = (byte) bytes[i];
        }
        return assertThrows(KryoNetException.class, () -> serialization.read(null, ByteBuffer.wrap(raw)));
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void unknownNullAndClassNameIdsAreRefused() {
        assertTrue(decodeFails(0).getMessage().contains("Unknown message type"), "null");
        assertTrue(decodeFails(1, 'x').getMessage().contains("Unknown message type"), "class by name");
        // Kryo's default String registration (id 1, wire 3) must not be reachable: its serializer trusts lengths.
        assertTrue(decodeFails(3, 0xFF, 0xFF, 0xFF, 0xFF, 0x07).getMessage().contains("Unknown message type"));
        assertTrue(decodeFails(99 + 2).getMessage().contains("Unknown message type"));
        assertThrows(KryoNetException.class, () -> serialization.read(null, ByteBuffer.allocate(0)));
    }

    @Test
    void hugeStringLengthIsRefusedBeforeAllocating() {
        // Hello: id 23, version 1, name length varint 0x7FFFFFFF (5 bytes), no name bytes.
        long before = allocatedBytes();
        KryoNetException e = decodeFails(Protocol.ID_HELLO + 2, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0x07);
        long allocated = allocatedBytes() - before;
        assertTrue(e.getMessage().contains("Hello.playerName"), e.getMessage());
        assertTrue(allocated < 1 << 20, "allocated " + allocated + " bytes decoding a hostile length");
    }

    @Test
    void helloSessionFieldsAreCheckedOnRead() {
        // Hello v5: id, version 5, name "a", null join token, null connect token, no secret,
        // hashes 2 x 8, then a game name of 65 bytes (varint 66): over the cap.
        int[] head = {Protocol.ID_HELLO + 2, 5, 2, 'a', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        int[] longGame = java.util.Arrays.copyOf(head, head.length + 1);
        longGame[head.length] = Protocol.MAX_GAME_NAME_BYTES + 2;
        KryoNetException game = decodeFails(longGame);
        assertTrue(game.getMessage().contains("Hello.game") || game.getMessage().contains("exceeds limit"), game.getMessage());
        // ... a null game, then session id varint 0xFFFFFFFF (-1 as an int): refused.
        int[] negative = java.util.Arrays.copyOf(head, head.length + 6);
        System.arraycopy(new int[] {0, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, 0, negative, head.length, 6);
        assertTrue(decodeFails(negative).getMessage().contains("Hello.sessionId"));
    }

    @Test
    void connectTokenLengthsAreCappedAndChecked() {
        // Hello: id, version 2, name "a", null join token, connect token length varint 0x7FFFFFFF.
        KryoNetException huge = decodeFails(Protocol.ID_HELLO + 2, 2, 2, 'a', 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x07);
        assertTrue(huge.getMessage().contains("Hello.connectToken"), huge.getMessage());
        // Length MAX + 1 (varint of MAX + 2): over the cap even if the bytes were there.
        int over = Protocol.MAX_CONNECT_TOKEN_BYTES + 2;
        KryoNetException capped = decodeFails(Protocol.ID_HELLO + 2, 2, 2, 'a', 0, 0x80 | (over & 0x7F), over >>> 7);
        assertTrue(capped.getMessage().contains("exceeds limit"), capped.getMessage());
        // Length 10 but only 3 bytes follow.
        KryoNetException shortBytes = decodeFails(Protocol.ID_HELLO + 2, 2, 2, 'a', 0, 11, 1, 2, 3);
        assertTrue(shortBytes.getMessage().contains("bytes left"), shortBytes.getMessage());
    }

    /**
     * Found by ProtocolFuzzTest (corpus: hello-token-invalid-utf8-expands-on-reencode): 126 bytes of
     * 0xFF used to decode to 126 U+FFFD, which encode to 378 bytes, over the 256-byte cap, so the
     * decoded message could not be written back. A chat line of invalid bytes could not be relayed
     * once --max-chat-length exceeded 341. Malformed UTF-8 is now refused on read.
     */
    @Test
    void malformedUtf8IsRefused() {
        // Chat: id, from 0, null name, text length 3 + 1: 0xFF 0xFE 'a'.
        KryoNetException e = decodeFails(Protocol.ID_CHAT + 2, 0, 0, 4, 0xFF, 0xFE, 'a');
        assertTrue(e.getMessage().contains("Chat.text is not valid UTF-8"), e.getMessage());
        // A lone surrogate encoded as UTF-8 (CESU style) is malformed too.
        assertTrue(decodeFails(Protocol.ID_CHAT + 2, 0, 0, 4, 0xED, 0xA0, 0x80).getMessage().contains("not valid UTF-8"));
    }

    @Test
    void stringLongerThanTheBytesPresentIsRefused() {
        // Chat: id 27, from 0, null name, text length 50 + 1 but only 2 bytes follow.
        KryoNetException e = decodeFails(Protocol.ID_CHAT + 2, 0, 0, 51, 'h', 'i');
        assertTrue(e.getMessage().contains("Chat.text"), e.getMessage());
    }

    @Test
    void snapshotLengthsAreChecked() {
        long before = allocatedBytes();
        // length varint 2^30: above MAX_SNAPSHOT_BYTES.
        decodeFails(Protocol.ID_SNAPSHOT_DATAGRAM + 2, 0x80, 0x80, 0x80, 0x80, 0x04);
        assertTrue(allocatedBytes() - before < 1 << 20);
        // length 0
        decodeFails(Protocol.ID_SNAPSHOT_DATAGRAM + 2, 0);
        // length 500 with 2 bytes present
        decodeFails(Protocol.ID_SNAPSHOT_DATAGRAM + 2, 0xF4, 0x03, 1, 2);
    }

    @Test
    void inputCountOutsideOneToMaxIsRefused() {
        // Header byte: count in bits 0-3, bit 7 = acks follow, bits 4-6 must be 0. Counts 0, 9 and
        // 15, a zero count with acks, and a valid count with an unknown bit are all refused.
        for (int header : new int[] {0, InputPacket.MAX_INPUTS + 1, 0x0F, 0x80, 0x41, 255}) {
            int[] bytes = new int[1 + 4 + 1 + 2 + 4 + 1 + 5 * 15];
            bytes[0] = Protocol.ID_INPUT_PACKET + 2;
            bytes[5] = header;
            KryoNetException e = decodeFails(bytes);
            assertTrue(e.getMessage().contains("InputPacket header"), e.getMessage());
        }
    }

    @Test
    void enumOrdinalOutOfRangeIsRefused() {
        assertTrue(decodeFails(Protocol.ID_REJECTED + 2, 200, 1).getMessage().contains("Rejected.reason"));
        assertTrue(decodeFails(Protocol.ID_BYE + 2, ByeReason.values().length, 0).getMessage().contains("Bye.reason"));
    }

    @Test
    void truncatedMessageIsRefused() {
        byte[] out = new byte[96];
        // A bad key length is refused too (0 and 16 are the only ones).
        byte[] badKey = new byte[96];
        int k = serialization.encode(new Welcome(1, 2, 60, 99, 12345, null, null, 1200), badKey);
        // the key-length byte sits before the 2-byte budget varint, the 3 reconnect bytes and the 16 schema-hash bytes
        badKey[k - 22] = 15;
        assertThrows(KryoNetException.class, () -> serialization.read(null, ByteBuffer.wrap(badKey, 0, k)));
        int n = serialization.encode(new Welcome(1, 2, 60, 99, 12345, new byte[16], new byte[16], 1200), out);
        for (int cut = 1; cut < n; cut++) {
            int length = cut;
            assertThrows(KryoNetException.class, () -> serialization.read(null, ByteBuffer.wrap(out, 0, length)), "cut at " + cut);
        }
    }

    @Test
    void randomBytesEitherDecodeOrFailWithKryoNetException() {
        SplittableRandom random = new SplittableRandom(20261124);
        int decoded = 0;
        long before = allocatedBytes();
        for (int i = 0; i < 20_000; i++) {
            byte[] raw = new byte[1 + random.nextInt(64)];
            for (int j = 0; j < raw.length; j++) {
                raw[j] = (byte) random.nextInt(256);
            }
            // Aim most cases at real message ids so the serializers themselves get fuzzed.
            raw[0] = (byte) (Protocol.ID_REGISTER_TCP + 2 + random.nextInt(15));
            try {
                serialization.read(null, ByteBuffer.wrap(raw));
                decoded++;
            } catch (KryoNetException expected) {
                // the only allowed failure
            }
        }
        assertTrue(decoded > 0, "some random inputs are valid messages");
        // 20k attempts; each may allocate a few small objects and strings of at most 64 bytes.
        long allocated = allocatedBytes() - before;
        assertTrue(allocated < 64L << 20, "allocated " + allocated);
    }

    @Test
    void writeFailuresAreKryoNetExceptions() {
        ByteBuffer tiny = ByteBuffer.allocate(4);
        KryoNetException e = assertThrows(KryoNetException.class,
                () -> serialization.write(null, tiny, new Chat("this does not fit in four bytes")));
        assertEquals(0, tiny.position(), "the destination buffer is left untouched");
        assertThrows(KryoNetException.class, () -> serialization.write(null, ByteBuffer.allocate(64), "a String"));
        assertThrows(KryoNetException.class, () -> serialization.write(null, ByteBuffer.allocate(64), new Hello(1, null, null)));
        String tooLong = "x".repeat(Protocol.MAX_CHAT_TEXT_BYTES + 1);
        assertThrows(KryoNetException.class, () -> serialization.write(null, ByteBuffer.allocate(4096), new Chat(tooLong)));
        InputPacket empty = new InputPacket();
        assertThrows(KryoNetException.class, () -> serialization.write(null, ByteBuffer.allocate(64), empty));
        assertTrue(e.getMessage().contains("bytes"));
    }
}
