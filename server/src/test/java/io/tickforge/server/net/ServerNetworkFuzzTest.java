package io.tickforge.server.net;

import ch.qos.logback.classic.Level;
import com.esotericsoftware.kryonet.FrameworkMessage;
import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.shared.protocol.Chat;
import io.tickforge.shared.protocol.Hello;
import io.tickforge.shared.protocol.InputPacket;
import io.tickforge.shared.protocol.KryoSerialization;
import io.tickforge.shared.protocol.Protocol;
import io.tickforge.shared.protocol.Welcome;
import io.tickforge.shared.transport.ClientUdpLink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded random bytes at a live server, over UDP from a joined peer's own address and over TCP from
 * registered raw peers. Nothing may escape our handlers (LISTENER_ERRORS stays 0), only the valid
 * inputs reach the session, and a well-behaved client never notices.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerNetworkFuzzTest {
    static {
        for (String name : new String[] {"io.tickforge.server.net", "kryonet"}) {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(name)).setLevel(Level.WARN);
        }
    }

    private final KryoSerialization wire = new KryoSerialization();
    private final KryoSerialization reader = new KryoSerialization();

    @Test
    void randomBytesNeverReachTheSessionOrHurtOtherClients() throws Exception {
        FakeSession session = new FakeSession(64);
        NetworkConfig config = NetworkConfig.builder().bindAddress("127.0.0.1").tcpPort(0).udpPort(0).build();
        try (ServerNetwork network = new ServerNetwork(config, session); TestClient alice = new TestClient()) {
            network.start();
            alice.connect(network);
            Welcome aliceWelcome = alice.join("alice");
            SplittableRandom random = new SplittableRandom(42);
            InetAddress loopback = InetAddress.getByName("127.0.0.1");

            // A raw peer that joins properly, then fuzzes UDP from its proven address.
            InetSocketAddress udpAddress = new InetSocketAddress(loopback, network.udpPort());
            try (Socket socket = new Socket(loopback, network.tcpPort()); ClientUdpLink link = new ClientUdpLink(udpAddress);
                 DatagramSocket udp = new DatagramSocket()) {
                socket.setSoTimeout(5000);
                DataInputStream in = new DataInputStream(socket.getInputStream());
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                assertTrue(readFrame(in) instanceof FrameworkMessage.RegisterTCP);
                writeFrame(out, new Hello(Protocol.VERSION, "fuzzer", null));
                Welcome welcome = null;
                while (welcome == null) {
                    Object o = readFrame(in);
                    if (o instanceof Welcome w) {
                        welcome = w;
                    }
                }

                link.setKeys(welcome.udpId, welcome.clientKey, welcome.serverKey);
                ClientUdpLink wrongKey = new ClientUdpLink(udpAddress);
                byte[] guessed = welcome.clientKey.clone();
                guessed[0] ^= 1;
                wrongKey.setKeys(welcome.udpId, guessed, welcome.serverKey);
                Set<Long> validTicks = new HashSet<>();
                byte[] datagram = new byte[700];
                for (int i = 0; i < 3000; i++) {
                    int kind = random.nextInt(4);
                    int length;
                    if (kind == 0) { // pure noise, any size up to over the limit
                        length = random.nextInt(600);
                        for (int j = 0; j < length; j++) {
                            datagram[j] = (byte) random.nextInt(256);
                        }
                    } else if (kind == 1) { // a real header (kind, alice's or the fuzzer's id) followed by noise
                        length = 1 + random.nextInt(120);
                        for (int j = 0; j < length; j++) {
                            datagram[j] = (byte) random.nextInt(256);
                        }
                        datagram[0] = (byte) (1 + random.nextInt(3));
                        int id = random.nextBoolean() ? welcome.udpId : aliceWelcome.udpId;
                        for (int j = 0; j < 4 && length > 1 + j; j++) {
                            datagram[1 + j] = (byte) (id >>> (24 - 8 * j));
                        }
                    } else if (kind == 2) { // well-formed input sealed with a wrong key
                        wrongKey.sendInput(randomInput(random, 1_000_000 + i));
                        continue;
                    } else { // valid input
                        long tick = 2_000_000 + i;
                        validTicks.add(tick);
                        link.sendInput(randomInput(random, tick));
                        continue;
                    }
                    udp.send(new DatagramPacket(datagram, length, loopback, network.udpPort()));
                    if ((i & 63) == 0) {
                        Thread.sleep(1); // stay below the loopback socket buffer; UDP may drop under overload anyway
                    }
                }
                // Every input that reached the session is a valid one (UDP may lose some on a busy machine).
                int fuzzSlot = welcome.playerId;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                int received = 0;
                while (System.nanoTime() - deadline < 0) {
                    FakeSession.Input input = session.inputs.poll(200, TimeUnit.MILLISECONDS);
                    if (input == null) {
                        continue;
                    }
                    assertEquals(fuzzSlot, input.slot());
                    assertTrue(validTicks.contains(input.newestTick()), "only valid inputs reach the session: " + input);
                    received++;
                }
                assertTrue(received > 0, "valid inputs got through the noise");
                wrongKey.close();
            }

            // Registered raw peers sending random framed bytes over TCP: each may only hurt itself.
            for (int peer = 0; peer < 20; peer++) {
                try (Socket socket = new Socket(loopback, network.tcpPort())) {
                    socket.setSoTimeout(5000);
                    DataInputStream in = new DataInputStream(socket.getInputStream());
                    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                    assertTrue(readFrame(in) instanceof FrameworkMessage.RegisterTCP);
                    try {
                        for (int f = 0; f < 10; f++) {
                            int length = 1 + random.nextInt(200);
                            byte[] frame = new byte[length];
                            for (int j = 0; j < length; j++) {
                                frame[j] = (byte) random.nextInt(256);
                            }
                            frame[0] = (byte) (Protocol.ID_REGISTER_TCP + 2 + random.nextInt(14));
                            out.writeInt(random.nextInt(8) == 0 ? random.nextInt() : length);
                            out.write(frame);
                        }
                        out.flush();
                    } catch (IOException closedEarly) {
                        // the server may close us mid-stream: that is the point
                    }
                }
            }

            assertEquals(0, network.counters().get(Counter.LISTENER_ERRORS), "nothing escaped our handlers: " + network.counters());
            assertEquals(0, network.counters().get(Counter.UPDATE_LOOP_ERRORS));
            assertTrue(network.counters().get(Counter.UDP_GARBAGE) + network.counters().get(Counter.UDP_OVERSIZED) > 0);
            assertTrue(network.counters().get(Counter.UDP_BAD_KEY) > 0);
            assertTrue(alice.isConnected());
            alice.client.sendTCP(new Chat("still fine"));
            Chat chat = alice.await(Chat.class);
            while (!"still fine".equals(chat.text)) { // fuzzers may have chatted validly by chance
                chat = alice.await(Chat.class);
            }
            assertEquals(aliceWelcome.playerId, chat.fromPlayerId);
            try (TestClient late = new TestClient()) {
                late.connect(network);
                assertNotNull(late.join("late"));
            }
        }
    }

    private static InputPacket randomInput(SplittableRandom random, long tick) {
        InputPacket p = new InputPacket();
        p.hasAcks = random.nextBoolean();
        p.ackSequence = random.nextInt(65536);
        p.ackBits = random.nextInt();
        p.newestTick = tick;
        p.count = 1 + random.nextInt(InputPacket.MAX_INPUTS);
        for (int k = 0; k < p.count; k++) {
            p.set(k, random.nextInt(256) - 128, random.nextInt(256) - 128, random.nextInt(65536), random.nextInt(256));
        }
        return p;
    }

    private Object readFrame(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length <= 0 || length > 65536) {
            fail("bad frame length from server: " + length);
        }
        byte[] frame = new byte[length];
        in.readFully(frame);
        return reader.read(null, ByteBuffer.wrap(frame));
    }

    private void writeFrame(DataOutputStream out, Object message) throws IOException {
        byte[] buffer = new byte[512];
        int n = wire.encode(message, buffer);
        out.writeInt(n);
        out.write(buffer, 0, n);
        out.flush();
    }
}
