package io.tickforge.shared.protocol;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryonet.FrameworkMessage;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The wire contract: protocol version, the one place that assigns every Kryo registration id
 * (server and client call {@link #register(Kryo)}), field caps, and the top-level message
 * framing. Stateless; any thread.
 *
 * <p>Top-level layout of every message: {@code varint (registrationId + 2)} (Kryo's class-id
 * encoding: 0 is null, 1 is a class name; both are refused here), then the message's own
 * hand-written layout. Ids 16..29 keep the class id to one byte. Only the ids listed here are
 * accepted on read, so Kryo's default registrations (String, primitives, whose serializers trust
 * peer-supplied lengths) can never be reached from the network.
 */
public final class Protocol {
    /** Bump on any wire change; the server rejects other versions with VERSION_MISMATCH. */
    public static final int VERSION = 2;

    public static final int ID_REGISTER_TCP = 16;
    public static final int ID_REGISTER_UDP = 17;
    public static final int ID_KEEP_ALIVE = 18;
    public static final int ID_DISCOVER_HOST = 19;
    public static final int ID_PING = 20;
    public static final int ID_HELLO = 21;
    public static final int ID_WELCOME = 22;
    public static final int ID_REJECTED = 23;
    public static final int ID_BYE = 24;
    public static final int ID_CHAT = 25;
    public static final int ID_STATS_REQUEST = 26;
    public static final int ID_SERVER_STATS = 27;
    public static final int ID_INPUT_PACKET = 28;
    public static final int ID_SNAPSHOT_DATAGRAM = 29;

    static final int FIRST_ID = ID_REGISTER_TCP;
    static final int LAST_ID = ID_SNAPSHOT_DATAGRAM;

    /** Wire caps (UTF-8 bytes), enforced on write and on read before allocating. */
    public static final int MAX_NAME_BYTES = 96;
    public static final int MAX_TOKEN_BYTES = 256;
    /** Largest sealed connect token ({@code Hello.connectToken}). */
    public static final int MAX_CONNECT_TOKEN_BYTES = io.tickforge.shared.token.ConnectTokenFormat.MAX_SEALED_BYTES;
    public static final int MAX_CHAT_TEXT_BYTES = 1024;
    public static final int MAX_REASON_TEXT_BYTES = 512;
    /** Largest snapshot payload; keeps its length varint at 2 bytes (see FRAMING_BYTES). */
    public static final int MAX_SNAPSHOT_BYTES = 16383;

    private static final List<Map.Entry<Class<?>, Integer>> REGISTRATIONS;

    static {
        List<Map.Entry<Class<?>, Integer>> list = new ArrayList<>();
        list.add(entry(FrameworkMessage.RegisterTCP.class, ID_REGISTER_TCP));
        list.add(entry(FrameworkMessage.RegisterUDP.class, ID_REGISTER_UDP));
        list.add(entry(FrameworkMessage.KeepAlive.class, ID_KEEP_ALIVE));
        list.add(entry(FrameworkMessage.DiscoverHost.class, ID_DISCOVER_HOST));
        list.add(entry(FrameworkMessage.Ping.class, ID_PING));
        list.add(entry(Hello.class, ID_HELLO));
        list.add(entry(Welcome.class, ID_WELCOME));
        list.add(entry(Rejected.class, ID_REJECTED));
        list.add(entry(Bye.class, ID_BYE));
        list.add(entry(Chat.class, ID_CHAT));
        list.add(entry(StatsRequest.class, ID_STATS_REQUEST));
        list.add(entry(ServerStats.class, ID_SERVER_STATS));
        list.add(entry(InputPacket.class, ID_INPUT_PACKET));
        list.add(entry(SnapshotDatagram.class, ID_SNAPSHOT_DATAGRAM));
        REGISTRATIONS = Collections.unmodifiableList(list);
    }

    private Protocol() {
    }

    /** Every (message class, registration id) pair, in id order. */
    public static List<Map.Entry<Class<?>, Integer>> registrations() {
        return REGISTRATIONS;
    }

    /** A Kryo configured for the protocol: registration required, references off, all messages. */
    public static Kryo newKryo() {
        Kryo kryo = new Kryo();
        register(kryo);
        return kryo;
    }

    /**
     * Configures {@code kryo} (registration required, references off) and registers every
     * message with its fixed id and a fresh serializer (serializers hold per-Kryo reuse state).
     */
    public static void register(Kryo kryo) {
        kryo.setRegistrationRequired(true);
        kryo.setReferences(false);
        reg(kryo, FrameworkMessage.RegisterTCP.class, ProtocolSerializers.RegisterTcpSerializer::new, ID_REGISTER_TCP);
        reg(kryo, FrameworkMessage.RegisterUDP.class, ProtocolSerializers.RegisterUdpSerializer::new, ID_REGISTER_UDP);
        reg(kryo, FrameworkMessage.KeepAlive.class, ProtocolSerializers.KeepAliveSerializer::new, ID_KEEP_ALIVE);
        reg(kryo, FrameworkMessage.DiscoverHost.class, ProtocolSerializers.DiscoverHostSerializer::new, ID_DISCOVER_HOST);
        reg(kryo, FrameworkMessage.Ping.class, ProtocolSerializers.PingSerializer::new, ID_PING);
        reg(kryo, Hello.class, ProtocolSerializers.HelloSerializer::new, ID_HELLO);
        reg(kryo, Welcome.class, ProtocolSerializers.WelcomeSerializer::new, ID_WELCOME);
        reg(kryo, Rejected.class, ProtocolSerializers.RejectedSerializer::new, ID_REJECTED);
        reg(kryo, Bye.class, ProtocolSerializers.ByeSerializer::new, ID_BYE);
        reg(kryo, Chat.class, ProtocolSerializers.ChatSerializer::new, ID_CHAT);
        reg(kryo, StatsRequest.class, ProtocolSerializers.StatsRequestSerializer::new, ID_STATS_REQUEST);
        reg(kryo, ServerStats.class, ProtocolSerializers.ServerStatsSerializer::new, ID_SERVER_STATS);
        reg(kryo, InputPacket.class, ProtocolSerializers.InputPacketSerializer::new, ID_INPUT_PACKET);
        reg(kryo, SnapshotDatagram.class, ProtocolSerializers.SnapshotDatagramSerializer::new, ID_SNAPSHOT_DATAGRAM);
    }

    /** Writes {@code varint(id + 2)} and the message; only protocol messages are accepted. */
    public static void writeMessage(Kryo kryo, Output output, Object message) {
        Registration registration = kryo.getRegistration(message.getClass());
        int id = registration.getId();
        if (id < FIRST_ID || id > LAST_ID) {
            throw new KryoException("Not a protocol message: " + message.getClass().getName());
        }
        output.writeVarInt(id + 2, true);
        kryo.writeObject(output, message, registration.getSerializer());
    }

    /** Reads one message; unknown ids (including null and class names) fail with KryoException. */
    public static Object readMessage(Kryo kryo, Input input) {
        int wireId = input.readVarInt(true);
        int id = wireId - 2;
        if (id < FIRST_ID || id > LAST_ID) {
            throw new KryoException("Unknown message type (wire id " + (wireId & 0xFFFFFFFFL) + ")");
        }
        Registration registration = kryo.getRegistration(id);
        if (registration == null) {
            throw new KryoException("Unregistered message type id " + id);
        }
        return kryo.readObject(input, registration.getType(), registration.getSerializer());
    }

    private static <T> void reg(Kryo kryo, Class<T> type, Supplier<Serializer<T>> serializer, int id) {
        Registration existing = kryo.getClassResolver().getRegistration(id);
        if (existing != null && existing.getType() != type) {
            throw new IllegalStateException("Registration id " + id + " already taken by " + existing.getType().getName());
        }
        kryo.register(type, serializer.get(), id);
    }

    private static Map.Entry<Class<?>, Integer> entry(Class<?> type, int id) {
        return new SimpleImmutableEntry<>(type, id);
    }
}
