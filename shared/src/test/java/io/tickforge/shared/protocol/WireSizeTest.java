package io.tickforge.shared.protocol;

import com.esotericsoftware.kryonet.FrameworkMessage;
import io.tickforge.shared.transport.SecureDatagram;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Encoded size of every message, class-id byte included (TCP adds a 4-byte length on top).
 * Each expectation spells out its bytes.
 */
class WireSizeTest {
    private final KryoSerialization serialization = new KryoSerialization();

    private int size(Object message) {
        return serialization.encode(message, new byte[20_000]);
    }

    @Test
    void hello() {
        // id 1 + version varint(1) 1 + name (varint(5+1) 1 + "alice" 5) + null token 1 + null connect token 1
        assertEquals(1 + 1 + (1 + 5) + 1 + 1, size(new Hello(1, "alice", null)));
        // ... + token (varint(6+1) 1 + "secret" 6)
        assertEquals(1 + 1 + (1 + 5) + (1 + 6) + 1, size(new Hello(1, "alice", "secret")));
        // ... + a 147-byte sealed connect token (varint(148) 2 + 147), no static token
        assertEquals(1 + 1 + (1 + 5) + 1 + (2 + 147), size(new Hello(1, "alice", null, new byte[147])));
        // From version 3: + secret length 1 (0: a fresh join); from version 4: + two schema hashes 2 x 8;
        // from version 5: + null game 1 + session id 0 ("any", varint 1)
        assertEquals(1 + 1 + (1 + 5) + 1 + 1 + 1 + 16 + 1 + 1, size(new Hello(Protocol.VERSION, "alice", null)));
        assertEquals(1 + 1 + (1 + 5) + 1 + 1 + 1 + 16, size(new Hello(4, "alice", null)));
        // ... naming the game "zone" (1 + 4) and session 300 (varint, 2)
        assertEquals(1 + 1 + (1 + 5) + 1 + 1 + 1 + 16 + (1 + 4) + 2,
                size(new Hello(Protocol.VERSION, "alice", null).withSession("zone", 300)));
        // Game and session need version 5; a session id is never negative.
        assertThrows(com.esotericsoftware.kryonet.KryoNetException.class,
                () -> size(new Hello(4, "alice", null).withSession(null, 2)));
        assertThrows(com.esotericsoftware.kryonet.KryoNetException.class,
                () -> size(new Hello(Protocol.VERSION, "alice", null).withSession(null, -1)));
        assertThrows(com.esotericsoftware.kryonet.KryoNetException.class,
                () -> size(new Hello(Protocol.VERSION, "alice", null).withSession("x".repeat(Protocol.MAX_GAME_NAME_BYTES + 1), 0)));
        assertEquals(1 + 1 + (1 + 5) + 1 + 1 + 1, size(new Hello(3, "alice", null)));
        // ... or a reconnect: secret length 1 + player id 5 (varint, 1) + secret 16, + the hashes 16, + game and session 2
        assertEquals(1 + 1 + (1 + 5) + 1 + 1 + (1 + 1 + 16) + 16 + 2,
                size(Hello.reconnect("alice", null, 5, new byte[Welcome.RECONNECT_SECRET_BYTES])));
        // Reconnect fields need version 3, and a secret of exactly 16 bytes.
        assertThrows(com.esotericsoftware.kryonet.KryoNetException.class, () -> {
            Hello old = new Hello(2, "alice", null);
            old.reconnectSecret = new byte[16];
            size(old);
        });
        assertThrows(com.esotericsoftware.kryonet.KryoNetException.class,
                () -> size(Hello.reconnect("alice", null, 5, new byte[15])));
    }

    @Test
    void welcome() {
        // id 1 + playerId 3 (1) + sessionId 7 (1) + tickRate 60 (1) + serverTick 1000 (varlong, 2)
        // + udpId fixed 4 + key length 1 + clientKey 16 + serverKey 16 + budget 1200 (varint, 2)
        // + secret length 1 (0: no reconnection) + grace 0 (1) + key epoch 0 (1)
        // + entity and input schema hashes 2 x 8 (version 4)
        byte[] key = new byte[SecureDatagram.KEY_BYTES];
        assertEquals(1 + 1 + 1 + 1 + 2 + 4 + 1 + 16 + 16 + 2 + 1 + 1 + 1 + 16,
                size(new Welcome(3, 7, 60, 1000, 0x12345678, key, key.clone(), 1200)));
        // Keys carried by a connect token instead: key length 0 and no key bytes.
        assertEquals(1 + 1 + 1 + 1 + 2 + 4 + 1 + 2 + 1 + 1 + 1 + 16,
                size(new Welcome(3, 7, 60, 1000, 0x12345678, null, null, 1200)));
        // With reconnection: secret 16 + grace 10000 ms (varint, 2) + epoch 1 (1): 45 + 16 + 2 = 63, + hashes 16
        assertEquals(1 + 1 + 1 + 1 + 2 + 4 + 1 + 16 + 16 + 2 + (1 + 16) + 2 + 1 + 16,
                size(new Welcome(3, 7, 60, 1000, 0x12345678, key, key.clone(), 1200)
                        .withReconnect(new byte[Welcome.RECONNECT_SECRET_BYTES], 10_000, 1)));
        assertThrows(com.esotericsoftware.kryonet.KryoNetException.class,
                () -> size(new Welcome(3, 7, 60, 1000, 1, key, key.clone(), 1200).withReconnect(new byte[8], 10_000, 0)));
        // Anything else is refused on write.
        assertThrows(com.esotericsoftware.kryonet.KryoNetException.class,
                () -> size(new Welcome(3, 7, 60, 1000, 1, new byte[8], new byte[8], 1200)));
        assertThrows(com.esotericsoftware.kryonet.KryoNetException.class,
                () -> size(new Welcome(3, 7, 60, 1000, 1, key, null, 1200)));
    }

    @Test
    void rejectedAndBye() {
        // id 1 + reason 1 + text (1 + 4)
        assertEquals(1 + 1 + (1 + 4), size(new Rejected(RejectReason.SERVER_FULL, "full")));
        // id 1 + reason 1 + null text 1
        assertEquals(1 + 1 + 1, size(new Bye(ByeReason.PROTOCOL_ERROR, null)));
        // id 1 + reason 1 + text (1 + 3)
        assertEquals(1 + 1 + (1 + 3), size(new Bye(ByeReason.KICKED, "afk")));
    }

    @Test
    void chat() {
        // id 1 + (fromPlayerId -1) + 1 = 0 (1) + null name 1 + text (1 + 2)
        assertEquals(1 + 1 + 1 + (1 + 2), size(new Chat("hi")));
        // id 1 + 5+1 (1) + name (1 + 3) + text (1 + 2)
        assertEquals(1 + 1 + (1 + 3) + (1 + 2), size(new Chat(5, "bob", "hi")));
        // Non-ASCII counts UTF-8 bytes: "é" is 2 bytes.
        assertEquals(1 + 1 + 1 + (1 + 2), size(new Chat("é")));
    }

    @Test
    void statsRequestAndServerStats() {
        assertEquals(1, size(new StatsRequest()));
        // id 1 + sessionId 1 + tickRate 1 + achieved double 8 + ticks/overruns/skipped 3 x 1
        // + players/entities 2 x 1 + 7 percentiles x 1 + bytes out/in 2 x 1
        // + cpuCores double 8 + cpuMicrosPerClientTick double 8 + tickThreadCpuCores double 8
        assertEquals(1 + 1 + 1 + 8 + 3 + 2 + 7 + 2 + 8 + 8 + 8, size(new ServerStats()));
    }

    @Test
    void frameworkMessages() {
        assertEquals(1, size(FrameworkMessage.keepAlive));
        assertEquals(1, size(new FrameworkMessage.DiscoverHost()));
        FrameworkMessage.RegisterTCP register = new FrameworkMessage.RegisterTCP();
        register.connectionID = 7;
        assertEquals(1 + 1, size(register));
        FrameworkMessage.Ping ping = new FrameworkMessage.Ping();
        ping.id = 5;
        ping.isReply = true;
        assertEquals(1 + 1 + 1, size(ping));
    }

    @Test
    void inputPacket() {
        InputPacket p = new InputPacket();
        p.newestTick = 1000;
        p.count = 3;
        // Before any snapshot arrived, no acks:
        // id 1 + header 1 + newestTick 1000 (varlong, 2) + renderLag 1 + 3 inputs x 5
        assertEquals(1 + 1 + 2 + 1 + 3 * 5, size(p));
        p.hasAcks = true;
        p.renderLag = InputPacket.MAX_RENDER_LAG;
        // id 1 + header 1 + ackSequence 2 + ackBits 4 + newestTick 2 + renderLag 1 + 3 inputs x 5
        assertEquals(1 + 1 + 2 + 4 + 2 + 1 + 3 * 5, size(p));
        p.count = InputPacket.MAX_INPUTS;
        p.newestTick = Long.MAX_VALUE;
        // Worst case: varlong of 2^63-1 takes 9 bytes; renderLag 1; 8 inputs x 5.
        assertEquals(1 + 1 + 2 + 4 + 9 + 1 + 8 * 5, size(p));
    }

    @Test
    void snapshotFramingBytesIsTheSealedDatagramOverhead() {
        // On UDP a snapshot is the payload of a sealed datagram: kind 1 + udpId 4 + sequence 8
        // before it, GCM tag 16 after it.
        assertEquals(1 + 4 + 8 + 16, SnapshotDatagram.FRAMING_BYTES);
        assertEquals(SecureDatagram.OVERHEAD_BYTES, SnapshotDatagram.FRAMING_BYTES);
        assertEquals(Protocol.MAX_SNAPSHOT_BYTES + 29, SnapshotDatagram.MAX_BUDGET_BYTES);
        // The Kryo form (tests and tools only): id 1 + length varint (2 for 128..16383) + payload.
        assertEquals(1 + 2 + 1171, size(new SnapshotDatagram(new byte[1171], 1171)));
        assertEquals(1 + 1 + 100, size(new SnapshotDatagram(new byte[100], 100)));
        // Past the cap the writer refuses instead of growing the framing.
        assertThrows(com.esotericsoftware.kryonet.KryoNetException.class,
                () -> size(new SnapshotDatagram(new byte[16384], 16384)));
    }
}
