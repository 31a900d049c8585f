package io.tickforge.shared.protocol;

import com.esotericsoftware.kryonet.FrameworkMessage;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

class SerializerRoundTripTest {
    private final KryoSerialization writer = new KryoSerialization();
    private final KryoSerialization reader = new KryoSerialization();

    @SuppressWarnings("unchecked")
    private <T> T roundTrip(T message) {
        byte[] out = new byte[20_000];
        int n = writer.encode(message, out);
        ByteBuffer buffer = ByteBuffer.wrap(out, 0, n);
        Object decoded = reader.read(null, buffer);
        assertEquals(n, buffer.position(), "every byte consumed");
        return (T) decoded;
    }

    @Test
    void hello() {
        Hello h = roundTrip(new Hello(Protocol.VERSION, "Zoë_1", "tok"));
        assertEquals(Protocol.VERSION, h.protocolVersion);
        assertEquals("Zoë_1", h.playerName);
        assertEquals("tok", h.joinToken);
        assertNull(roundTrip(new Hello(1, "a", null)).joinToken);
        assertNull(roundTrip(new Hello(1, "a", null)).connectToken);
        byte[] token = new byte[Protocol.MAX_CONNECT_TOKEN_BYTES];
        token[0] = 7;
        token[token.length - 1] = 9;
        org.junit.jupiter.api.Assertions.assertArrayEquals(token, roundTrip(new Hello(1, "a", null, token)).connectToken);
        assertEquals(0, roundTrip(new Hello(1, "a", null, new byte[0])).connectToken.length);
        assertNull(roundTrip(new Hello(Protocol.VERSION, "a", null)).reconnectSecret);
        byte[] secret = new byte[Welcome.RECONNECT_SECRET_BYTES];
        secret[0] = 1;
        secret[15] = (byte) 0xFF;
        Hello again = roundTrip(Hello.reconnect("a", "tok", 1023, secret));
        assertEquals(1023, again.reconnectPlayerId);
        org.junit.jupiter.api.Assertions.assertArrayEquals(secret, again.reconnectSecret);
        assertEquals("tok", again.joinToken);
        // Version 4: the schema hashes, the arena's unless the client names others.
        assertEquals(io.tickforge.shared.game.ArenaSchemas.ENTITY.hash(), h.entitySchemaHash);
        assertEquals(io.tickforge.shared.game.ArenaSchemas.INPUT.hash(), h.inputSchemaHash);
        Hello other = roundTrip(new Hello(Protocol.VERSION, "a", null).withSchemas(0x0123456789abcdefL, -2L));
        assertEquals(0x0123456789abcdefL, other.entitySchemaHash);
        assertEquals(-2L, other.inputSchemaHash);
        assertEquals(0x0123456789abcdefL, roundTrip(Hello.reconnect("a", null, 3, secret).withSchemas(0x0123456789abcdefL, 5)).entitySchemaHash);
        // Before version 4 there are none on the wire.
        assertEquals(0, roundTrip(new Hello(3, "a", null)).entitySchemaHash);
        // Version 5: game and session; "any" and the server's game by default.
        assertNull(h.game);
        assertEquals(Hello.ANY_SESSION, h.sessionId);
        Hello room = roundTrip(new Hello(Protocol.VERSION, "a", null).withSession("zone", Integer.MAX_VALUE));
        assertEquals("zone", room.game);
        assertEquals(Integer.MAX_VALUE, room.sessionId);
        Hello back = roundTrip(Hello.reconnect("a", null, 3, secret).withSession(null, 7));
        assertEquals(7, back.sessionId);
        assertEquals(3, back.reconnectPlayerId);
    }

    /** The wire carries the ordinal: appending is compatible, reordering is not. */
    @Test
    void welcome() {
        byte[] clientKey = new byte[16];
        byte[] serverKey = new byte[16];
        for (int i = 0; i < 16; i++) {
            clientKey[i] = (byte) i;
            serverKey[i] = (byte) (255 - i);
        }
        Welcome w = roundTrip(new Welcome(1023, 9, 240, 123_456_789_012L, -559038737, clientKey, serverKey, 1200));
        assertEquals(1023, w.playerId);
        assertEquals(9, w.sessionId);
        assertEquals(240, w.tickRateHz);
        assertEquals(123_456_789_012L, w.serverTick);
        assertEquals(-559038737, w.udpId);
        org.junit.jupiter.api.Assertions.assertArrayEquals(clientKey, w.clientKey);
        org.junit.jupiter.api.Assertions.assertArrayEquals(serverKey, w.serverKey);
        Welcome keyless = roundTrip(new Welcome(1, 2, 60, 3, 4, null, null, 1200));
        assertEquals(0, keyless.clientKey.length);
        assertEquals(0, keyless.serverKey.length);
        assertEquals(1200, keyless.packetBudgetBytes);
        assertEquals(1200, w.packetBudgetBytes);
        assertEquals(0, w.reconnectSecret.length);
        assertEquals(0, w.reconnectGraceMs);
        byte[] secret = serverKey.clone();
        Welcome again = roundTrip(new Welcome(5, 2, 60, 3, 4, null, null, 1200).withReconnect(secret, 10_000, 7));
        org.junit.jupiter.api.Assertions.assertArrayEquals(secret, again.reconnectSecret);
        assertEquals(10_000, again.reconnectGraceMs);
        assertEquals(7, again.keyEpoch);
        assertEquals(0, again.entitySchemaHash);
        Welcome schemas = roundTrip(new Welcome(5, 2, 60, 3, 4, null, null, 1200).withSchemas(Long.MIN_VALUE, 0x51b26680fbfadc30L));
        assertEquals(Long.MIN_VALUE, schemas.entitySchemaHash);
        assertEquals(0x51b26680fbfadc30L, schemas.inputSchemaHash);
    }

    @Test
    void rejectedByeChat() {
        for (RejectReason reason : RejectReason.values()) {
            Rejected r = roundTrip(new Rejected(reason, "why"));
            assertEquals(reason, r.reason);
            assertEquals("why", r.text);
        }
        for (ByeReason reason : ByeReason.values()) {
            assertEquals(reason, roundTrip(new Bye(reason, null)).reason);
        }
        Chat c = roundTrip(new Chat(17, "bob", "hello there"));
        assertEquals(17, c.fromPlayerId);
        assertEquals("bob", c.fromName);
        assertEquals("hello there", c.text);
        Chat fromClient = roundTrip(new Chat("x"));
        assertEquals(-1, fromClient.fromPlayerId);
        assertNull(fromClient.fromName);
    }

    @Test
    void serverStats() {
        ServerStats s = new ServerStats();
        s.sessionId = 3;
        s.tickRateHz = 60;
        s.achievedTickRateHz = 59.97;
        s.ticks = 1_000_000;
        s.overruns = 2;
        s.skippedTicks = 1;
        s.players = 64;
        s.entities = 1064;
        s.tickDurationP50Us = 300;
        s.tickDurationP99Us = 900;
        s.tickDurationP999Us = 1500;
        s.tickDurationMaxUs = 4000;
        s.tickLatenessP50Us = 3;
        s.tickLatenessP99Us = 20;
        s.tickLatenessMaxUs = 400;
        s.bytesOutPerSecond = 5_000_000;
        s.bytesInPerSecond = 80_000;
        s.cpuCores = 0.375;
        s.cpuMicrosPerClientTick = 12.5;
        s.tickThreadCpuCores = 0.25;
        ServerStats r = roundTrip(s);
        assertEquals(59.97, r.achievedTickRateHz);
        assertEquals(1_000_000, r.ticks);
        assertEquals(1064, r.entities);
        assertEquals(1500, r.tickDurationP999Us);
        assertEquals(400, r.tickLatenessMaxUs);
        assertEquals(5_000_000, r.bytesOutPerSecond);
        assertEquals(80_000, r.bytesInPerSecond);
        assertEquals(0.375, r.cpuCores);
        assertEquals(12.5, r.cpuMicrosPerClientTick);
        assertEquals(0.25, r.tickThreadCpuCores);
        ServerStats unknown = roundTrip(new ServerStats());
        assertEquals(ServerStats.UNKNOWN, unknown.cpuCores, "a fresh ServerStats says unknown, not zero cores");
        assertEquals(ServerStats.UNKNOWN, unknown.cpuMicrosPerClientTick);
        assertEquals(ServerStats.UNKNOWN, unknown.tickThreadCpuCores);
    }

    @Test
    void inputPacketDecodesIntoOneReusedInstance() {
        InputPacket p = new InputPacket();
        p.hasAcks = true;
        p.ackSequence = 65535;
        p.ackBits = 0x80000001;
        p.newestTick = 77;
        p.renderLag = 255;
        p.count = 2;
        p.set(0, -127, 127, 65535, 3);
        p.set(1, 0, -1, 16384, 0);
        InputPacket a = roundTrip(p);
        assertTrue(a.hasAcks);
        assertEquals(65535, a.ackSequence);
        assertEquals(0x80000001, a.ackBits);
        assertEquals(77, a.newestTick);
        assertEquals(255, a.renderLag, "unsigned byte");
        assertEquals(2, a.count);
        assertEquals(-127, a.moveX(0));
        assertEquals(127, a.moveY(0));
        assertEquals(65535, a.aim(0) & 0xFFFF);
        assertEquals(3, a.buttons(0));
        assertEquals(-1, a.moveY(1));
        assertEquals(16384, a.aim(1) & 0xFFFF);
        p.newestTick = 78;
        InputPacket b = roundTrip(p);
        assertSame(a, b, "the reading side reuses one instance (no allocation per packet)");
        assertEquals(78, b.newestTick);
        // Without acks the ack fields are not on the wire, and the reused instance forgets old ones.
        p.hasAcks = false;
        InputPacket c = roundTrip(p);
        assertFalse(c.hasAcks);
        assertEquals(0, c.ackSequence);
        assertEquals(0, c.ackBits);
        assertEquals(78, c.newestTick);
        assertEquals(2, c.count);
        p.renderLag = 0;
        assertEquals(0, roundTrip(p).renderLag);
        // Out of the byte's range: refused on write (a client bug), never truncated silently.
        for (int bad : new int[] {-1, InputPacket.MAX_RENDER_LAG + 1}) {
            p.renderLag = bad;
            assertThrows(RuntimeException.class, () -> roundTrip(p), "renderLag " + bad);
        }
    }

    @Test
    void snapshotDatagram() {
        byte[] payload = new byte[1197];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31);
        }
        SnapshotDatagram d = roundTrip(new SnapshotDatagram(payload, payload.length));
        assertEquals(payload.length, d.length);
        byte[] copy = new byte[d.length];
        System.arraycopy(d.bytes, 0, copy, 0, d.length);
        assertArrayEquals(payload, copy);
        SnapshotDatagram again = roundTrip(new SnapshotDatagram(payload, 10));
        assertSame(d, again, "reused on the reading side");
        assertEquals(10, again.length);
    }

    @Test
    void frameworkMessages() {
        FrameworkMessage.RegisterUDP r = new FrameworkMessage.RegisterUDP();
        r.connectionID = 12345;
        assertEquals(12345, roundTrip(r).connectionID);
        FrameworkMessage.Ping ping = new FrameworkMessage.Ping();
        ping.id = 9;
        ping.isReply = true;
        FrameworkMessage.Ping back = roundTrip(ping);
        assertEquals(9, back.id);
        assertEquals(true, back.isReply);
        assertSame(FrameworkMessage.keepAlive, roundTrip(new FrameworkMessage.KeepAlive()));
    }

    @Test
    void tcpLengthPrefixIsFourBytesBigEndian() {
        ByteBuffer b = ByteBuffer.allocate(8);
        writer.writeLength(b, 0x01020304);
        assertEquals(KryoSerialization.LENGTH_BYTES, b.position());
        b.flip();
        assertEquals(0x01020304, reader.readLength(b));
    }

    @Test
    void aDirectBufferDecodesFromItsPositionLikeAHeapBuffer() {
        // KryoNet reads into heap buffers today; a direct one goes through the scratch copy.
        Chat chat = new Chat("hello");
        byte[] out = new byte[64];
        int n = writer.encode(chat, out);
        ByteBuffer direct = ByteBuffer.allocateDirect(64);
        direct.put(new byte[] {9, 9, 9});           // bytes before the message are not read
        direct.put(out, 0, n).flip().position(3);
        Chat decoded = (Chat) reader.read(null, direct);
        assertEquals("hello", decoded.text);
        assertEquals(3 + n, direct.position(), "every byte of the message consumed, from its start");
    }
}
