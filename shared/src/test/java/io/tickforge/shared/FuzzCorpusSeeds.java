package io.tickforge.shared;

import com.esotericsoftware.kryonet.FrameworkMessage;
import io.tickforge.shared.protocol.Bye;
import io.tickforge.shared.protocol.ByeReason;
import io.tickforge.shared.protocol.Chat;
import io.tickforge.shared.protocol.Hello;
import io.tickforge.shared.protocol.InputPacket;
import io.tickforge.shared.protocol.KryoSerialization;
import io.tickforge.shared.protocol.Protocol;
import io.tickforge.shared.protocol.RejectReason;
import io.tickforge.shared.protocol.Rejected;
import io.tickforge.shared.protocol.ServerStats;
import io.tickforge.shared.protocol.SnapshotDatagram;
import io.tickforge.shared.protocol.StatsRequest;
import io.tickforge.shared.protocol.Welcome;
import io.tickforge.shared.snapshot.SnapshotDelta;
import io.tickforge.shared.snapshot.SnapshotEncoder;
import io.tickforge.shared.snapshot.SnapshotView;
import io.tickforge.shared.token.ClientToken;
import io.tickforge.shared.token.ConnectTokenMinter;
import io.tickforge.shared.token.TokenClaims;
import io.tickforge.shared.token.TokenSecret;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the seed inputs of every fuzz target (valid messages, a real snapshot stream, valid
 * tokens), so the fuzzers start past the first length and type checks. Run from the repository root
 * as docs/SECURITY.md ("Fuzzing") shows. Seeds are committed; files the fuzzers find are added beside them.
 */
public final class FuzzCorpusSeeds {
    private static final KryoSerialization WIRE = new KryoSerialization();

    private FuzzCorpusSeeds() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        Path shared = root.resolve("shared/src/test/resources/io/tickforge/shared");
        Path server = root.resolve("server/src/test/resources/io/tickforge/server");

        Map<String, byte[]> messages = messages();
        write(shared.resolve("protocol/ProtocolFuzzTestInputs/message"), messages);
        Map<String, byte[]> inputs = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : messages.entrySet()) {
            if (e.getKey().startsWith("input-packet")) {
                inputs.put(e.getKey(), Arrays.copyOfRange(e.getValue(), 1, e.getValue().length)); // body only
            }
        }
        write(shared.resolve("protocol/ProtocolFuzzTestInputs/inputPacket"), inputs);
        write(shared.resolve("snapshot/SnapshotDecoderFuzzTestInputs/datagrams"), Map.of("encoder-stream", snapshotStream()));
        write(shared.resolve("token/ConnectTokenFuzzTestInputs/token"), tokens());

        Map<String, byte[]> network = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : messages.entrySet()) {
            boolean udp = e.getKey().startsWith("input-packet") || e.getKey().startsWith("register-udp")
                    || e.getKey().startsWith("snapshot");
            network.put((udp ? "udp-" : "tcp-") + e.getKey(), prefixed((byte) (udp ? 1 : 0), e.getValue()));
        }
        write(server.resolve("net/GuardedSerializationFuzzTestInputs/networkBytes"), network);
    }

    static Map<String, byte[]> messages() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("hello", encode(new Hello(Protocol.VERSION, "alice", null)));
        m.put("hello-join-token", encode(new Hello(Protocol.VERSION, "bob_1", "sesame")));
        m.put("hello-connect-token", encode(new Hello(Protocol.VERSION, "carol", null, new byte[147])));
        m.put("hello-reconnect", encode(Hello.reconnect("dave", null, 3, new byte[Welcome.RECONNECT_SECRET_BYTES])));
        m.put("hello-session", encode(new Hello(Protocol.VERSION, "erin", null).withSession("arena", 42)));
        byte[] key = new byte[io.tickforge.shared.transport.SecureDatagram.KEY_BYTES];
        Arrays.fill(key, (byte) 0x5E);
        m.put("welcome", encode(new Welcome(3, 1, 60, 123_456, 0x5EED5EED, key, key.clone(), 1200)));
        m.put("welcome-token-keys", encode(new Welcome(3, 1, 60, 123_456, 0x5EED5EED, null, null, 1200)));
        m.put("welcome-reconnect", encode(new Welcome(3, 1, 60, 123_456, 0x5EED5EED, key, key.clone(), 1200)
                .withReconnect(new byte[Welcome.RECONNECT_SECRET_BYTES], 10_000, 1)));
        m.put("rejected", encode(new Rejected(RejectReason.TOKEN_REUSED, "already used")));
        m.put("bye", encode(new Bye(ByeReason.FLOODING, "too many")));
        m.put("chat-to-server", encode(new Chat("gg wp")));
        m.put("chat-relayed", encode(new Chat(4, "dave", "héllo ✓")));
        m.put("stats-request", encode(new StatsRequest()));
        ServerStats stats = new ServerStats();
        stats.sessionId = 1;
        stats.tickRateHz = 60;
        stats.achievedTickRateHz = 59.9;
        stats.ticks = 1000;
        m.put("server-stats", encode(stats));
        InputPacket one = new InputPacket();
        one.count = 1;
        one.newestTick = 500;
        one.setLane(0, 0, 127);
        one.setLane(0, 2, 1024);
        m.put("input-packet-one", encode(one));
        InputPacket acked = new InputPacket();
        acked.count = InputPacket.MAX_INPUTS;
        acked.hasAcks = true;
        acked.ackSequence = 65535;
        acked.ackBits = 0xF0F0F0F0;
        acked.newestTick = 1L << 40;
        m.put("input-packet-acks", encode(acked));
        byte[] snapshotPayload = Arrays.copyOf(snapshotPackets()[0], snapshotPackets()[0].length);
        m.put("snapshot-datagram", encode(new SnapshotDatagram(snapshotPayload, snapshotPayload.length)));
        FrameworkMessage.RegisterTCP tcp = new FrameworkMessage.RegisterTCP();
        tcp.connectionID = 7;
        m.put("register-tcp", encode(tcp));
        FrameworkMessage.RegisterUDP udp = new FrameworkMessage.RegisterUDP();
        udp.connectionID = 7;
        m.put("register-udp", encode(udp));
        m.put("keep-alive", encode(FrameworkMessage.keepAlive));
        m.put("discover-host", encode(new FrameworkMessage.DiscoverHost()));
        FrameworkMessage.Ping ping = new FrameworkMessage.Ping();
        ping.id = 3;
        ping.isReply = true;
        m.put("ping", encode(ping));
        return m;
    }

    /** A keyframe, then deltas with changes, an addition and a removal, as the encoder writes them. */
    static byte[][] snapshotPackets() {
        SnapshotEncoder encoder = new SnapshotEncoder();
        SnapshotDelta delta = new SnapshotDelta(8);
        byte[] out = new byte[1197];
        byte[][] packets = new byte[4][];
        SnapshotView base = null;
        for (int seq = 0; seq < 4; seq++) {
            delta.clear();
            delta.sequence = seq;
            delta.serverTick = 100 + seq;
            delta.lastAppliedInputTick = 99 + seq;
            delta.keyframe = seq == 0;
            delta.baselineSequence = Math.max(0, seq - 1);
            delta.complete = true;
            if (seq == 0) {
                delta.addAdded(0, 1000, 2000, 1024, 100, 1);
                delta.addAdded(1024, 30000, 30000, 5, 100, 1);
            } else if (seq == 1) {
                delta.addChanged(0, SnapshotDelta.FIELD_POSITION_SMALL | SnapshotDelta.FIELD_HEADING, 1005, 1997, 1026, 100, 1);
                delta.addChanged(1, SnapshotDelta.FIELD_STATUS, 30000, 30000, 5, 75, 1);
            } else if (seq == 2) {
                delta.addAdded(2000, 500, 700, 0, 50, 0);
            } else {
                delta.addRemoved(0);
            }
            int length = encoder.encode(delta, delta.keyframe ? null : base, out, out.length);
            packets[seq] = Arrays.copyOf(out, length);
            SnapshotView next = new SnapshotView(8);
            next.applyDelta(delta.keyframe ? null : base, delta);
            base = next;
        }
        return packets;
    }

    /** The decoder target's framing: {@code u16 length, payload} per datagram. */
    static byte[] snapshotStream() {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (byte[] p : snapshotPackets()) {
            stream.write(p.length >>> 8);
            stream.write(p.length & 0xFF);
            stream.writeBytes(p);
        }
        return stream.toByteArray();
    }

    static Map<String, byte[]> tokens() {
        byte[] secret = new byte[32];
        for (int i = 0; i < 32; i++) {
            secret[i] = (byte) i; // ConnectTokenFuzzTest.SECRET
        }
        byte[] nonce = new byte[12];
        byte[] c2s = new byte[32];
        byte[] s2c = new byte[32];
        Arrays.fill(c2s, (byte) 0x20);
        Arrays.fill(s2c, (byte) 0x40);
        ClientToken token = ConnectTokenMinter.mint(TokenSecret.of(secret),
                new TokenClaims(42, 7, 1_900_000_000L, "play.example.com:7777", new byte[] {'h', 'i'}), c2s, s2c, nonce);
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("sealed", prefixed((byte) 0, token.sealed()));
        m.put("client-token", prefixed((byte) 1, token.encode()));
        // A private part: playerId, sessionId, address, keys, user data (ConnectTokenFormat).
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.writeBytes(new byte[] {0, 0, 0, 0, 0, 0, 0, 42, 0, 0, 0, 0, 0, 0, 0, 7});
        byte[] address = "127.0.0.1:7777".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        p.write(address.length);
        p.writeBytes(address);
        p.writeBytes(c2s);
        p.writeBytes(s2c);
        p.write(0);
        p.write(2);
        p.writeBytes(new byte[] {'h', 'i'});
        m.put("private-part", prefixed((byte) 2, p.toByteArray()));
        return m;
    }

    private static byte[] encode(Object message) {
        byte[] out = new byte[4096];
        return Arrays.copyOf(out, WIRE.encode(message, out));
    }

    private static byte[] prefixed(byte first, byte[] rest) {
        byte[] b = new byte[rest.length + 1];
        b[0] = first;
        System.arraycopy(rest, 0, b, 1, rest.length);
        return b;
    }

    private static void write(Path dir, Map<String, byte[]> files) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Files.write(dir.resolve("seed-" + e.getKey()), e.getValue());
        }
    }
}
