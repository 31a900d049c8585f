package io.tickforge.shared.protocol;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.tickforge.shared.transport.SecureDatagram;
import io.tickforge.shared.world.InputLayout;
import com.esotericsoftware.kryonet.FrameworkMessage;

/**
 * Hand-written, symmetric serializers for every message (no reflection, no nested class ids).
 * Each read validates lengths, counts and enum ordinals before allocating anything. Instances
 * belong to one Kryo, hence to one thread; the reading serializers of the two hot UDP messages
 * decode into one reused instance each.
 */
final class ProtocolSerializers {
    private ProtocolSerializers() {
    }

    // ---- KryoNet framework messages -------------------------------------------------------

    /** {@code varint connectionID}. */
    static final class RegisterTcpSerializer extends Serializer<FrameworkMessage.RegisterTCP> {
        @Override
        public void write(Kryo kryo, Output output, FrameworkMessage.RegisterTCP message) {
            output.writeVarInt(message.connectionID, true);
        }

        @Override
        public FrameworkMessage.RegisterTCP read(Kryo kryo, Input input, Class<? extends FrameworkMessage.RegisterTCP> type) {
            FrameworkMessage.RegisterTCP message = new FrameworkMessage.RegisterTCP();
            message.connectionID = input.readVarInt(true);
            return message;
        }
    }

    /** {@code varint connectionID}. */
    static final class RegisterUdpSerializer extends Serializer<FrameworkMessage.RegisterUDP> {
        @Override
        public void write(Kryo kryo, Output output, FrameworkMessage.RegisterUDP message) {
            output.writeVarInt(message.connectionID, true);
        }

        @Override
        public FrameworkMessage.RegisterUDP read(Kryo kryo, Input input, Class<? extends FrameworkMessage.RegisterUDP> type) {
            FrameworkMessage.RegisterUDP message = new FrameworkMessage.RegisterUDP();
            message.connectionID = input.readVarInt(true);
            return message;
        }
    }

    /** Empty; reads return KryoNet's shared instance (it carries nothing). */
    static final class KeepAliveSerializer extends Serializer<FrameworkMessage.KeepAlive> {
        @Override
        public void write(Kryo kryo, Output output, FrameworkMessage.KeepAlive message) {
        }

        @Override
        public FrameworkMessage.KeepAlive read(Kryo kryo, Input input, Class<? extends FrameworkMessage.KeepAlive> type) {
            return FrameworkMessage.keepAlive;
        }
    }

    /** Empty. */
    static final class DiscoverHostSerializer extends Serializer<FrameworkMessage.DiscoverHost> {
        @Override
        public void write(Kryo kryo, Output output, FrameworkMessage.DiscoverHost message) {
        }

        @Override
        public FrameworkMessage.DiscoverHost read(Kryo kryo, Input input, Class<? extends FrameworkMessage.DiscoverHost> type) {
            return new FrameworkMessage.DiscoverHost();
        }
    }

    /** {@code varint id, boolean isReply}. KryoNet mutates received pings, so each read is fresh. */
    static final class PingSerializer extends Serializer<FrameworkMessage.Ping> {
        @Override
        public void write(Kryo kryo, Output output, FrameworkMessage.Ping message) {
            output.writeVarInt(message.id, true);
            output.writeBoolean(message.isReply);
        }

        @Override
        public FrameworkMessage.Ping read(Kryo kryo, Input input, Class<? extends FrameworkMessage.Ping> type) {
            FrameworkMessage.Ping message = new FrameworkMessage.Ping();
            message.id = input.readVarInt(true);
            message.isReply = input.readBoolean();
            return message;
        }
    }

    // ---- TCP control messages ---------------------------------------------------------------

    /**
     * {@code varint protocolVersion, string playerName, nullable string joinToken, nullable bytes
     * connectToken}, then from version 3 on {@code u8 secretBytes (0 or 16)} and, when 16,
     * {@code varint reconnectPlayerId, 16 bytes reconnectSecret}, then from version 4 on
     * {@code int64 entitySchemaHash, int64 inputSchemaHash}, then from version 5 on {@code nullable
     * string game (<= MAX_GAME_NAME_BYTES), varint sessionId (0 = any, else 1..2^31-1)}. Fields added after the version
     * are read only when the version says they are there, so any older client's Hello decodes
     * whole and gets a readable {@code Rejected(VERSION_MISMATCH)} rather than a protocol error.
     */
    static final class HelloSerializer extends Serializer<Hello> {
        @Override
        public void write(Kryo kryo, Output output, Hello message) {
            output.writeVarInt(message.protocolVersion, true);
            WireStrings.write(output, message.playerName, Protocol.MAX_NAME_BYTES, false, "Hello.playerName");
            WireStrings.write(output, message.joinToken, Protocol.MAX_TOKEN_BYTES, true, "Hello.joinToken");
            WireStrings.writeNullableBytes(output, message.connectToken, Protocol.MAX_CONNECT_TOKEN_BYTES, "Hello.connectToken");
            if (message.protocolVersion >= Protocol.VERSION_RECONNECT) {
                byte[] secret = message.reconnectSecret;
                if (secret == null) {
                    output.writeByte(0);
                } else {
                    if (secret.length != Welcome.RECONNECT_SECRET_BYTES || message.reconnectPlayerId < 0) {
                        throw new KryoException("Hello.reconnectSecret must be " + Welcome.RECONNECT_SECRET_BYTES
                                + " bytes and reconnectPlayerId >= 0");
                    }
                    output.writeByte(secret.length);
                    output.writeVarInt(message.reconnectPlayerId, true);
                    output.writeBytes(secret);
                }
            } else if (message.reconnectSecret != null) {
                throw new KryoException("Hello version " + message.protocolVersion + " has no reconnect fields");
            }
            if (message.protocolVersion >= Protocol.VERSION_SCHEMA) {
                output.writeLong(message.entitySchemaHash);
                output.writeLong(message.inputSchemaHash);
            }
            if (message.protocolVersion >= Protocol.VERSION_SESSIONS) {
                if (message.sessionId < 0) {
                    throw new KryoException("Hello.sessionId must be >= 0 (0: any): " + message.sessionId);
                }
                WireStrings.write(output, message.game, Protocol.MAX_GAME_NAME_BYTES, true, "Hello.game");
                output.writeVarInt(message.sessionId, true);
            } else if (message.sessionId != Hello.ANY_SESSION || (message.game != null && !message.game.isEmpty())) {
                throw new KryoException("Hello version " + message.protocolVersion + " has no game or session fields");
            }
        }

        @Override
        public Hello read(Kryo kryo, Input input, Class<? extends Hello> type) {
            Hello message = new Hello();
            message.protocolVersion = input.readVarInt(true);
            message.playerName = WireStrings.read(input, Protocol.MAX_NAME_BYTES, false, "Hello.playerName");
            message.joinToken = WireStrings.read(input, Protocol.MAX_TOKEN_BYTES, true, "Hello.joinToken");
            message.connectToken = WireStrings.readNullableBytes(input, Protocol.MAX_CONNECT_TOKEN_BYTES, "Hello.connectToken");
            if (message.protocolVersion >= Protocol.VERSION_RECONNECT) {
                int secretBytes = input.readByteUnsigned();
                if (secretBytes == Welcome.RECONNECT_SECRET_BYTES) {
                    message.reconnectPlayerId = input.readVarInt(true);
                    if (message.reconnectPlayerId < 0) {
                        throw new KryoException("Hello.reconnectPlayerId out of range");
                    }
                    message.reconnectSecret = input.readBytes(secretBytes);
                } else if (secretBytes != 0) {
                    throw new KryoException("Hello reconnect secret length " + secretBytes + " is neither 0 nor "
                            + Welcome.RECONNECT_SECRET_BYTES);
                }
            }
            if (message.protocolVersion >= Protocol.VERSION_SCHEMA) {
                message.entitySchemaHash = input.readLong();
                message.inputSchemaHash = input.readLong();
            } else {
                message.entitySchemaHash = 0;
                message.inputSchemaHash = 0;
            }
            if (message.protocolVersion >= Protocol.VERSION_SESSIONS) {
                message.game = WireStrings.read(input, Protocol.MAX_GAME_NAME_BYTES, true, "Hello.game");
                message.sessionId = input.readVarInt(true);
                if (message.sessionId < 0) {
                    throw new KryoException("Hello.sessionId out of range");
                }
            }
            return message;
        }
    }

    /**
     * {@code varint playerId, varint sessionId, varint tickRateHz, varlong serverTick,
     * int32 udpId (fixed: random, a varint would average 5 bytes anyway), u8 keyBytes (0 or
     * SecureDatagram.KEY_BYTES), keyBytes clientKey, keyBytes serverKey, varint packetBudgetBytes,
     * u8 secretBytes (0 or 16), secretBytes reconnectSecret, varint reconnectGraceMs, varint keyEpoch,
     * int64 entitySchemaHash, int64 inputSchemaHash} (the reconnect four since version 3, the two
     * hashes since version 4; a Welcome only ever goes to a client of the server's version).
     */
    static final class WelcomeSerializer extends Serializer<Welcome> {
        @Override
        public void write(Kryo kryo, Output output, Welcome message) {
            output.writeVarInt(message.playerId, true);
            output.writeVarInt(message.sessionId, true);
            output.writeVarInt(message.tickRateHz, true);
            output.writeVarLong(message.serverTick, true);
            output.writeInt(message.udpId);
            int keyBytes = message.clientKey.length;
            if ((keyBytes != 0 && keyBytes != SecureDatagram.KEY_BYTES) || message.serverKey.length != keyBytes) {
                throw new KryoException("Welcome keys must both be empty or both " + SecureDatagram.KEY_BYTES + " bytes");
            }
            output.writeByte(keyBytes);
            output.writeBytes(message.clientKey);
            output.writeBytes(message.serverKey);
            output.writeVarInt(message.packetBudgetBytes, true);
            int secretBytes = message.reconnectSecret.length;
            if (secretBytes != 0 && secretBytes != Welcome.RECONNECT_SECRET_BYTES) {
                throw new KryoException("Welcome reconnect secret must be empty or " + Welcome.RECONNECT_SECRET_BYTES + " bytes");
            }
            if (message.reconnectGraceMs < 0 || message.keyEpoch < 0) {
                throw new KryoException("Welcome reconnectGraceMs and keyEpoch must be >= 0");
            }
            output.writeByte(secretBytes);
            output.writeBytes(message.reconnectSecret);
            output.writeVarInt(message.reconnectGraceMs, true);
            output.writeVarInt(message.keyEpoch, true);
            output.writeLong(message.entitySchemaHash);
            output.writeLong(message.inputSchemaHash);
        }

        @Override
        public Welcome read(Kryo kryo, Input input, Class<? extends Welcome> type) {
            Welcome message = new Welcome();
            message.playerId = input.readVarInt(true);
            message.sessionId = input.readVarInt(true);
            message.tickRateHz = input.readVarInt(true);
            message.serverTick = input.readVarLong(true);
            message.udpId = input.readInt();
            int keyBytes = input.readByteUnsigned();
            if (keyBytes != 0 && keyBytes != SecureDatagram.KEY_BYTES) {
                throw new KryoException("Welcome key length " + keyBytes + " is neither 0 nor " + SecureDatagram.KEY_BYTES);
            }
            message.clientKey = input.readBytes(keyBytes);
            message.serverKey = input.readBytes(keyBytes);
            message.packetBudgetBytes = input.readVarInt(true);
            int secretBytes = input.readByteUnsigned();
            if (secretBytes != 0 && secretBytes != Welcome.RECONNECT_SECRET_BYTES) {
                throw new KryoException("Welcome reconnect secret length " + secretBytes + " is neither 0 nor "
                        + Welcome.RECONNECT_SECRET_BYTES);
            }
            message.reconnectSecret = secretBytes == 0 ? Welcome.NO_KEY : input.readBytes(secretBytes);
            message.reconnectGraceMs = input.readVarInt(true);
            message.keyEpoch = input.readVarInt(true);
            if (message.reconnectGraceMs < 0 || message.keyEpoch < 0) {
                throw new KryoException("Welcome reconnectGraceMs or keyEpoch out of range");
            }
            message.entitySchemaHash = input.readLong();
            message.inputSchemaHash = input.readLong();
            return message;
        }
    }

    /** {@code byte reason (ordinal), string text}. */
    static final class RejectedSerializer extends Serializer<Rejected> {
        private static final RejectReason[] REASONS = RejectReason.values();

        @Override
        public void write(Kryo kryo, Output output, Rejected message) {
            output.writeByte(message.reason.ordinal());
            WireStrings.write(output, message.text == null ? "" : message.text, Protocol.MAX_REASON_TEXT_BYTES, false, "Rejected.text");
        }

        @Override
        public Rejected read(Kryo kryo, Input input, Class<? extends Rejected> type) {
            Rejected message = new Rejected();
            message.reason = REASONS[checkOrdinal(input.readByteUnsigned(), REASONS.length, "Rejected.reason")];
            message.text = WireStrings.read(input, Protocol.MAX_REASON_TEXT_BYTES, false, "Rejected.text");
            return message;
        }
    }

    /** {@code byte reason (ordinal), nullable string text}. */
    static final class ByeSerializer extends Serializer<Bye> {
        private static final ByeReason[] REASONS = ByeReason.values();

        @Override
        public void write(Kryo kryo, Output output, Bye message) {
            output.writeByte(message.reason.ordinal());
            WireStrings.write(output, message.text, Protocol.MAX_REASON_TEXT_BYTES, true, "Bye.text");
        }

        @Override
        public Bye read(Kryo kryo, Input input, Class<? extends Bye> type) {
            Bye message = new Bye();
            message.reason = REASONS[checkOrdinal(input.readByteUnsigned(), REASONS.length, "Bye.reason")];
            message.text = WireStrings.read(input, Protocol.MAX_REASON_TEXT_BYTES, true, "Bye.text");
            return message;
        }
    }

    /** {@code varint (fromPlayerId + 1), nullable string fromName, string text}. */
    static final class ChatSerializer extends Serializer<Chat> {
        @Override
        public void write(Kryo kryo, Output output, Chat message) {
            if (message.fromPlayerId < -1) {
                throw new KryoException("Chat.fromPlayerId " + message.fromPlayerId + " < -1");
            }
            output.writeVarInt(message.fromPlayerId + 1, true);
            WireStrings.write(output, message.fromName, Protocol.MAX_NAME_BYTES, true, "Chat.fromName");
            WireStrings.write(output, message.text, Protocol.MAX_CHAT_TEXT_BYTES, false, "Chat.text");
        }

        @Override
        public Chat read(Kryo kryo, Input input, Class<? extends Chat> type) {
            Chat message = new Chat();
            int fromPlusOne = input.readVarInt(true);
            if (fromPlusOne < 0) {
                throw new KryoException("Chat.fromPlayerId out of range");
            }
            message.fromPlayerId = fromPlusOne - 1;
            message.fromName = WireStrings.read(input, Protocol.MAX_NAME_BYTES, true, "Chat.fromName");
            message.text = WireStrings.read(input, Protocol.MAX_CHAT_TEXT_BYTES, false, "Chat.text");
            return message;
        }
    }

    /** Empty. */
    static final class StatsRequestSerializer extends Serializer<StatsRequest> {
        private final StatsRequest shared = new StatsRequest();

        @Override
        public void write(Kryo kryo, Output output, StatsRequest message) {
        }

        @Override
        public StatsRequest read(Kryo kryo, Input input, Class<? extends StatsRequest> type) {
            return shared;
        }
    }

    /**
     * {@code varint sessionId, varint tickRateHz, float64 achievedTickRateHz}, then varlongs:
     * ticks, overruns, skippedTicks; varints players, entities; varlongs: tick duration p50, p99,
     * p99.9, max, tick lateness p50, p99, max, bytes out/s, bytes in/s; float64 cpuCores, float64
     * cpuMicrosPerClientTick, float64 tickThreadCpuCores (negative = unknown).
     */
    static final class ServerStatsSerializer extends Serializer<ServerStats> {
        @Override
        public void write(Kryo kryo, Output output, ServerStats s) {
            output.writeVarInt(s.sessionId, true);
            output.writeVarInt(s.tickRateHz, true);
            output.writeDouble(s.achievedTickRateHz);
            output.writeVarLong(s.ticks, true);
            output.writeVarLong(s.overruns, true);
            output.writeVarLong(s.skippedTicks, true);
            output.writeVarInt(s.players, true);
            output.writeVarInt(s.entities, true);
            output.writeVarLong(s.tickDurationP50Us, true);
            output.writeVarLong(s.tickDurationP99Us, true);
            output.writeVarLong(s.tickDurationP999Us, true);
            output.writeVarLong(s.tickDurationMaxUs, true);
            output.writeVarLong(s.tickLatenessP50Us, true);
            output.writeVarLong(s.tickLatenessP99Us, true);
            output.writeVarLong(s.tickLatenessMaxUs, true);
            output.writeVarLong(s.bytesOutPerSecond, true);
            output.writeVarLong(s.bytesInPerSecond, true);
            output.writeDouble(s.cpuCores);
            output.writeDouble(s.cpuMicrosPerClientTick);
            output.writeDouble(s.tickThreadCpuCores);
        }

        @Override
        public ServerStats read(Kryo kryo, Input input, Class<? extends ServerStats> type) {
            ServerStats s = new ServerStats();
            s.sessionId = input.readVarInt(true);
            s.tickRateHz = input.readVarInt(true);
            s.achievedTickRateHz = input.readDouble();
            s.ticks = input.readVarLong(true);
            s.overruns = input.readVarLong(true);
            s.skippedTicks = input.readVarLong(true);
            s.players = input.readVarInt(true);
            s.entities = input.readVarInt(true);
            s.tickDurationP50Us = input.readVarLong(true);
            s.tickDurationP99Us = input.readVarLong(true);
            s.tickDurationP999Us = input.readVarLong(true);
            s.tickDurationMaxUs = input.readVarLong(true);
            s.tickLatenessP50Us = input.readVarLong(true);
            s.tickLatenessP99Us = input.readVarLong(true);
            s.tickLatenessMaxUs = input.readVarLong(true);
            s.bytesOutPerSecond = input.readVarLong(true);
            s.bytesInPerSecond = input.readVarLong(true);
            s.cpuCores = input.readDouble();
            s.cpuMicrosPerClientTick = input.readDouble();
            s.tickThreadCpuCores = input.readDouble();
            return s;
        }
    }

    // ---- UDP messages -------------------------------------------------------------------------

    /**
     * Layout (the payload of a sealed KIND_INPUT datagram, or a Kryo message after its class id):
     * {@code u8 header (bit7 hasAcks, bits0-3 count 1..8, others 0),
     * [u16 ackSequence, int32 ackBits when hasAcks], varlong newestTick, u8 renderLag (protocol 4)}, then per input
     * its lanes in the {@link InputLayout}'s order and widths ({@code ceil(bits/8)} bytes each, little-endian;
     * the arena's {@code s8 moveX, s8 moveY, u16 aim, u8 buttons}, 5 bytes). The serializer is built for
     * one layout (the session's input schema); a packet with fewer bytes than its count needs fails
     * here, one with more leaves bytes unread (the transport calls both malformed). Reads decode into
     * one reused instance: valid only until the next read on the same (network) thread.
     */
    static final class InputPacketSerializer extends Serializer<InputPacket> {
        private final InputPacket reused = new InputPacket();
        private final InputLayout layout;

        InputPacketSerializer(InputLayout layout) {
            this.layout = java.util.Objects.requireNonNull(layout, "layout");
        }

        @Override
        public void write(Kryo kryo, Output output, InputPacket p) {
            if (p.count < 1 || p.count > InputPacket.MAX_INPUTS) {
                throw new KryoException("InputPacket.count " + p.count + " outside 1.." + InputPacket.MAX_INPUTS);
            }
            output.writeByte(p.count | (p.hasAcks ? InputPacket.HEADER_HAS_ACKS : 0));
            if (p.hasAcks) {
                output.writeShort(p.ackSequence);
                output.writeInt(p.ackBits);
            }
            output.writeVarLong(p.newestTick, true);
            if (p.renderLag < 0 || p.renderLag > InputPacket.MAX_RENDER_LAG) {
                throw new KryoException("InputPacket.renderLag " + p.renderLag + " outside 0.." + InputPacket.MAX_RENDER_LAG);
            }
            output.writeByte(p.renderLag);
            if (p.lanesPerInput != layout.lanes) {
                throw new KryoException("InputPacket has " + p.lanesPerInput + " lanes per input; the layout "
                        + layout + " has " + layout.lanes);
            }
            final int[] bytes = layout.bytes;
            final int lanes = layout.lanes;
            final int[] v = p.lanes;
            int o = 0;
            for (int k = 0; k < p.count; k++) {
                for (int l = 0; l < lanes; l++) {
                    final int x = v[o++];
                    switch (bytes[l]) {
                        case 1 -> output.writeByte(x);
                        case 2 -> output.writeShort(x);
                        case 3 -> {
                            output.writeShort(x);
                            output.writeByte(x >> 16);
                        }
                        default -> output.writeInt(x);
                    }
                }
            }
        }

        @Override
        public InputPacket read(Kryo kryo, Input input, Class<? extends InputPacket> type) {
            InputPacket p = reused;
            final int header = input.readByteUnsigned();
            final int count = header & InputPacket.HEADER_COUNT_MASK;
            if (count < 1 || count > InputPacket.MAX_INPUTS
                    || (header & ~(InputPacket.HEADER_COUNT_MASK | InputPacket.HEADER_HAS_ACKS)) != 0) {
                p.count = 0;
                throw new KryoException("InputPacket header 0x" + Integer.toHexString(header)
                        + ": count outside 1.." + InputPacket.MAX_INPUTS + " or unknown bits");
            }
            p.hasAcks = (header & InputPacket.HEADER_HAS_ACKS) != 0;
            if (p.hasAcks) {
                p.ackSequence = input.readShortUnsigned();
                p.ackBits = input.readInt();
            } else {
                p.ackSequence = 0;
                p.ackBits = 0;
            }
            p.newestTick = input.readVarLong(true);
            // Any byte is a valid lag (0..255): the server clamps it to its cap and counts.
            p.renderLag = input.readByteUnsigned();
            final int[] bytes = layout.bytes;
            final boolean[] signed = layout.signed;
            final int lanes = layout.lanes;
            final int[] v = p.lanes;
            p.lanesPerInput = lanes;
            int o = 0;
            for (int k = 0; k < count; k++) {
                for (int l = 0; l < lanes; l++) {
                    final int x;
                    switch (bytes[l]) {
                        case 1 -> x = signed[l] ? input.readByte() : input.readByteUnsigned();
                        case 2 -> x = signed[l] ? input.readShort() : input.readShortUnsigned();
                        case 3 -> {
                            final int low = input.readShortUnsigned();
                            x = low | (signed[l] ? input.readByte() : input.readByteUnsigned()) << 16;
                        }
                        default -> x = input.readInt();
                    }
                    v[o++] = x;
                }
            }
            p.count = count;
            return p;
        }
    }

    /**
     * Layout: {@code varint length (1..MAX_SNAPSHOT_BYTES), then length bytes}. Reads reuse one
     * instance and one buffer: the result is valid only until the next read on the same thread.
     */
    static final class SnapshotDatagramSerializer extends Serializer<SnapshotDatagram> {
        private final SnapshotDatagram reused = new SnapshotDatagram(new byte[0], 0);

        @Override
        public void write(Kryo kryo, Output output, SnapshotDatagram d) {
            if (d.length < 1 || d.length > Protocol.MAX_SNAPSHOT_BYTES || d.length > d.bytes.length) {
                throw new KryoException("SnapshotDatagram.length " + d.length + " outside 1.." + Protocol.MAX_SNAPSHOT_BYTES);
            }
            output.writeVarInt(d.length, true);
            output.writeBytes(d.bytes, 0, d.length);
        }

        @Override
        public SnapshotDatagram read(Kryo kryo, Input input, Class<? extends SnapshotDatagram> type) {
            int length = input.readVarInt(true);
            if (length < 1 || length > Protocol.MAX_SNAPSHOT_BYTES) {
                throw new KryoException("SnapshotDatagram.length " + length + " outside 1.." + Protocol.MAX_SNAPSHOT_BYTES);
            }
            int available = input.limit() - input.position();
            if (input.getInputStream() == null && length > available) {
                throw new KryoException("SnapshotDatagram.length " + length + " exceeds the " + available + " bytes left");
            }
            SnapshotDatagram d = reused;
            if (d.bytes.length < length) {
                // Grows at most a few times, to the largest datagram seen (capped above).
                d.bytes = new byte[Math.max(length, Math.min(Protocol.MAX_SNAPSHOT_BYTES, 2048))];
            }
            input.readBytes(d.bytes, 0, length);
            d.length = length;
            return d;
        }
    }

    static int checkOrdinal(int ordinal, int count, String field) {
        if (ordinal >= count) {
            throw new KryoException(field + " ordinal " + ordinal + " >= " + count);
        }
        return ordinal;
    }
}
