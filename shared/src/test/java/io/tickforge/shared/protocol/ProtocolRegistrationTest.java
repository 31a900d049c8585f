package io.tickforge.shared.protocol;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryonet.FrameworkMessage;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Registration ids are the wire contract: this table is written out by hand on purpose. */
class ProtocolRegistrationTest {
    private static final Map<Class<?>, Integer> PINNED = new LinkedHashMap<>();

    static {
        PINNED.put(FrameworkMessage.RegisterTCP.class, 16);
        PINNED.put(FrameworkMessage.RegisterUDP.class, 17);
        PINNED.put(FrameworkMessage.KeepAlive.class, 18);
        PINNED.put(FrameworkMessage.DiscoverHost.class, 19);
        PINNED.put(FrameworkMessage.Ping.class, 20);
        PINNED.put(Hello.class, 21);
        PINNED.put(Welcome.class, 22);
        PINNED.put(Rejected.class, 23);
        PINNED.put(Bye.class, 24);
        PINNED.put(Chat.class, 25);
        PINNED.put(StatsRequest.class, 26);
        PINNED.put(ServerStats.class, 27);
        PINNED.put(InputPacket.class, 28);
        PINNED.put(SnapshotDatagram.class, 29);
    }

    @Test
    void registrationIdsArePinned() {
        Kryo kryo = Protocol.newKryo();
        for (Map.Entry<Class<?>, Integer> e : PINNED.entrySet()) {
            assertEquals(e.getValue().intValue(), kryo.getRegistration(e.getKey()).getId(),
                    e.getKey().getName() + " moved: registration ids are the wire contract, bump Protocol.VERSION and this table together");
        }
    }

    @Test
    void registrationListIsExactlyThePinnedTable() {
        List<Map.Entry<Class<?>, Integer>> actual = Protocol.registrations();
        assertEquals(PINNED.size(), actual.size(), "a message was added or removed without pinning its id");
        int i = 0;
        for (Map.Entry<Class<?>, Integer> e : PINNED.entrySet()) {
            assertEquals(e.getKey(), actual.get(i).getKey());
            assertEquals(e.getValue(), actual.get(i).getValue());
            i++;
        }
    }

    @Test
    void firstWireByteIsRegistrationIdPlusTwo() {
        KryoSerialization serialization = new KryoSerialization();
        byte[] out = new byte[64];
        serialization.encode(new StatsRequest(), out);
        assertEquals(26 + 2, out[0]);
        serialization.encode(FrameworkMessage.keepAlive, out);
        assertEquals(18 + 2, out[0]);
    }

    @Test
    void kryoIsStrict() {
        Kryo kryo = Protocol.newKryo();
        assertEquals(true, kryo.isRegistrationRequired());
        assertEquals(false, kryo.getReferences());
        // Unregistered types cannot be written.
        assertThrows(IllegalArgumentException.class, () -> kryo.getRegistration(java.util.ArrayList.class));
    }

    @Test
    void registeringTwiceIntoOneKryoIsHarmlessButAForeignIdClashFails() {
        Kryo kryo = new Kryo();
        kryo.register(java.util.ArrayList.class, 21);
        assertThrows(IllegalStateException.class, () -> Protocol.register(kryo));
    }
}
