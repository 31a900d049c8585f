package io.tickforge.shared.protocol;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryonet.FrameworkMessage;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import io.tickforge.shared.world.InputLayout;

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
    public static final int VERSION = 5;
    /** The first version whose Hello carries the reconnect fields (and whose Welcome the reconnect secret). */
    public static final int VERSION_RECONNECT = 3;
    /** The first version whose InputPacket carries the render lag (lag compensation): one byte per packet. */
    public static final int VERSION_RENDER_LAG = 4;
    /** The first version whose Hello and Welcome carry the entity and input schema hashes. */
    public static final int VERSION_SCHEMA = 4;
    /** The first version whose Hello names a game and a session (sessions on demand). */
    public static final int VERSION_SESSIONS = 5;

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
    /** Largest game name in a {@code Hello} (UTF-8 bytes; the server accepts only catalog names). */
    public static final int MAX_GAME_NAME_BYTES = 64;
    /** Largest sealed connect token ({@code Hello.connectToken}). */
    public static final int MAX_CONNECT_TOKEN_BYTES = io.tickforge.shared.token.ConnectTokenFormat.MAX_SEALED_BYTES;
    public static final int MAX_CHAT_TEXT_BYTES = 1024;
    public static final int MAX_REASON_TEXT_BYTES = 512;
    /** Largest snapshot payload; keeps its length varint at 2 bytes (see FRAMING_BYTES). */
    public static final int MAX_SNAPSHOT_BYTES = 16383;

    /** Kryo's switch for {@code sun.misc.Unsafe}; see {@link #disableKryoUnsafeUnlessChosen()}. */
    public static final String KRYO_UNSAFE_PROPERTY = "kryo.unsafe";

    static {
        // Before anything here can create a Kryo.
        disableKryoUnsafeUnlessChosen();
    }

    /** One row per message: class, serializer factory, id. The only registration table. */
    private record Row<T>(Class<T> type, Function<InputLayout, Serializer<T>> serializer, int id) {
    }

    private static final List<Row<?>> TABLE = List.of(
            new Row<>(FrameworkMessage.RegisterTCP.class, l -> new ProtocolSerializers.RegisterTcpSerializer(), ID_REGISTER_TCP),
            new Row<>(FrameworkMessage.RegisterUDP.class, l -> new ProtocolSerializers.RegisterUdpSerializer(), ID_REGISTER_UDP),
            new Row<>(FrameworkMessage.KeepAlive.class, l -> new ProtocolSerializers.KeepAliveSerializer(), ID_KEEP_ALIVE),
            new Row<>(FrameworkMessage.DiscoverHost.class, l -> new ProtocolSerializers.DiscoverHostSerializer(), ID_DISCOVER_HOST),
            new Row<>(FrameworkMessage.Ping.class, l -> new ProtocolSerializers.PingSerializer(), ID_PING),
            new Row<>(Hello.class, l -> new ProtocolSerializers.HelloSerializer(), ID_HELLO),
            new Row<>(Welcome.class, l -> new ProtocolSerializers.WelcomeSerializer(), ID_WELCOME),
            new Row<>(Rejected.class, l -> new ProtocolSerializers.RejectedSerializer(), ID_REJECTED),
            new Row<>(Bye.class, l -> new ProtocolSerializers.ByeSerializer(), ID_BYE),
            new Row<>(Chat.class, l -> new ProtocolSerializers.ChatSerializer(), ID_CHAT),
            new Row<>(StatsRequest.class, l -> new ProtocolSerializers.StatsRequestSerializer(), ID_STATS_REQUEST),
            new Row<>(ServerStats.class, l -> new ProtocolSerializers.ServerStatsSerializer(), ID_SERVER_STATS),
            new Row<>(InputPacket.class, ProtocolSerializers.InputPacketSerializer::new, ID_INPUT_PACKET),
            new Row<>(SnapshotDatagram.class, l -> new ProtocolSerializers.SnapshotDatagramSerializer(), ID_SNAPSHOT_DATAGRAM));

    private static final List<Map.Entry<Class<?>, Integer>> REGISTRATIONS = TABLE.stream()
            .<Map.Entry<Class<?>, Integer>>map(r -> new SimpleImmutableEntry<>(r.type(), r.id()))
            .toList();

    private Protocol() {
    }

    /**
     * Keeps Kryo off {@code sun.misc.Unsafe}. Kryo's {@code util.Util} decides once, in its static
     * initializer, whether to use Unsafe: unless the system property {@code kryo.unsafe} is
     * {@code "false"} it loads {@code kryo.unsafe.UnsafeUtil}, whose own initializer calls
     * {@code Unsafe.arrayBaseOffset} - the call JDK 24+ warns about on stderr. Only
     * {@code FieldSerializer}'s field access and the {@code Unsafe*} streams use it; every message
     * here has a hand-written serializer, so nothing is lost. Runs before this class can create a
     * {@code Kryo} (the first thing that initializes {@code Util}); an explicit
     * {@code -Dkryo.unsafe=...} is left as the user set it.
     */
    static void disableKryoUnsafeUnlessChosen() {
        if (System.getProperty(KRYO_UNSAFE_PROPERTY) == null) {
            System.setProperty(KRYO_UNSAFE_PROPERTY, "false");
        }
    }

    /** Every (message class, registration id) pair, in id order. */
    public static List<Map.Entry<Class<?>, Integer>> registrations() {
        return REGISTRATIONS;
    }

    /**
     * A Kryo configured for the protocol: registration required, references off, all messages;
     * input packets coded by the engine's four-field input shape ({@link InputLayout#FIXED}: the
     * arena's wire).
     */
    public static Kryo newKryo() {
        return newKryo(InputLayout.FIXED);
    }

    /** As {@link #newKryo()}, input packets coded by {@code inputs} (the game's input schema). */
    public static Kryo newKryo(InputLayout inputs) {
        Kryo kryo = new Kryo();
        register(kryo, inputs);
        return kryo;
    }

    /**
     * Configures {@code kryo} (registration required, references off) and registers every
     * message with its fixed id and a fresh serializer (serializers hold per-Kryo reuse state).
     */
    public static void register(Kryo kryo) {
        register(kryo, InputLayout.FIXED);
    }

    /** As {@link #register(Kryo)}, input packets coded by {@code inputs}. */
    public static void register(Kryo kryo, InputLayout inputs) {
        java.util.Objects.requireNonNull(inputs, "inputs");
        kryo.setRegistrationRequired(true);
        kryo.setReferences(false);
        for (Row<?> row : TABLE) {
            reg(kryo, row, inputs);
        }
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

    private static <T> void reg(Kryo kryo, Row<T> row, InputLayout inputs) {
        Registration existing = kryo.getClassResolver().getRegistration(row.id());
        if (existing != null && existing.getType() != row.type()) {
            throw new IllegalStateException("Registration id " + row.id() + " already taken by " + existing.getType().getName());
        }
        kryo.register(row.type(), row.serializer().apply(inputs), row.id());
    }
}
