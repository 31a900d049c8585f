package io.tickforge.client.load;

import io.tickforge.client.ClientDriver;
import io.tickforge.client.GameClient;
import io.tickforge.client.GameClientConfig;
import io.tickforge.client.metrics.ClientMetrics;
import io.tickforge.server.net.NetworkCounters;
import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.shared.protocol.Hello;
import io.tickforge.shared.protocol.KryoSerialization;
import io.tickforge.shared.protocol.Protocol;
import io.tickforge.shared.transport.ClientUdpLink;
import io.tickforge.shared.transport.SecureDatagram;
import com.esotericsoftware.kryonet.FrameworkMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real server, 8 real playing clients, and an attacker on both ports at once: UDP garbage,
 * oversized datagrams, KryoNet RegisterUDP forgeries for every connection id, datagrams sealed
 * with a wrong key under the players' real udpIds, captured player datagrams replayed from the
 * attacker's port; TCP garbage, oversized frame lengths, RegisterUDP frames and bad Hellos. Every
 * player must keep at least 99% of the snapshots the server sealed for it (counted by sequence,
 * not by time) with zero decode failures, nothing may reach or move a player's address, and the
 * attacker must receive nothing at all over UDP (no reflection, no amplification).
 */
class HostileTrafficLoopbackTest {
    private static final int PLAYERS = 8;
    /** Attack rounds; each round sends one burst of every attack. Count-based, not timed. */
    private static final int ROUNDS = 300;

    @Test
    @Timeout(90)
    void playersKeepTheirSnapshotsWhileBothPortsAreAttacked() throws Exception {
        final List<GameClient> players = new ArrayList<>();
        try (ClientDriver driver = new ClientDriver("hostile-driver", 500);
             InProcessServer server = new InProcessServer(60, 32, 50)) {
            driver.start();
            for (int i = 0; i < PLAYERS; i++) {
                final int seed = i;
                final GameClient c = new GameClient(GameClientConfig.builder("127.0.0.1", server.tcpPort(), server.udpPort())
                        .playerName("player-" + i).build(),
                        (tick, client, in) -> in.set((int) ((tick + seed * 7) % 255) - 127, 40, (int) (tick * 97), 0),
                        new ClientMetrics());
                driver.add(c);
                c.connect();
                assertTrue(c.awaitJoined(5, TimeUnit.SECONDS), "player " + i + " joined");
                players.add(c);
            }
            waitForSnapshots(players, 30);
            final long[] sequenceBefore = new long[PLAYERS];
            final long[] acceptedBefore = new long[PLAYERS];
            for (int i = 0; i < PLAYERS; i++) {
                sequenceBefore[i] = players.get(i).udpLink().newestSequence();
                acceptedBefore[i] = players.get(i).udpLink().accepted();
            }

            // Count every log line at INFO or above while under attack: per-event logging must not exist.
            final ch.qos.logback.classic.Logger root =
                    (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            final java.util.concurrent.atomic.AtomicInteger logLines = new java.util.concurrent.atomic.AtomicInteger();
            final ch.qos.logback.core.AppenderBase<ch.qos.logback.classic.spi.ILoggingEvent> lineCounter =
                    new ch.qos.logback.core.AppenderBase<>() {
                        @Override
                        protected void append(ch.qos.logback.classic.spi.ILoggingEvent event) {
                            if (event.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.INFO)) {
                                logLines.incrementAndGet();
                            }
                        }
                    };
            lineCounter.start();
            root.addAppender(lineCounter);
            final long attackStartNs = System.nanoTime();
            final InetSocketAddress udpAddress = new InetSocketAddress("127.0.0.1", server.udpPort());
            final SplittableRandom random = new SplittableRandom(9);
            final KryoSerialization wire = new KryoSerialization();
            final byte[] datagram = new byte[6000];
            final ByteBuffer readBack = ByteBuffer.allocate(70_000);
            long attackerReceived = 0;
            try (DatagramChannel attacker = DatagramChannel.open()) {
                attacker.bind(new InetSocketAddress("127.0.0.1", 0));
                attacker.configureBlocking(false);
                final List<ClientUdpLink> wrongKeys = new ArrayList<>();
                for (GameClient p : players) {
                    final ClientUdpLink forger = new ClientUdpLink(udpAddress);
                    final byte[] guess = new byte[SecureDatagram.KEY_BYTES];
                    random.nextBytes(guess);
                    forger.setKeys(p.udpLink().udpId(), guess, guess);
                    forger.setNextSequence(1L << 40); // ahead of the window, so each one costs a tag check

                    wrongKeys.add(forger);
                }
                final List<Socket> silent = new ArrayList<>();
                try {
                    for (int round = 0; round < ROUNDS; round++) {
                        // UDP: noise of any size, oversized, forged KryoNet registrations for ids 0..39.
                        for (int k = 0; k < 4; k++) {
                            final int n = random.nextInt(1, 400);
                            random.nextBytes(datagram);
                            attacker.send(ByteBuffer.wrap(datagram, 0, n), udpAddress);
                        }
                        attacker.send(ByteBuffer.wrap(datagram, 0, 5000), udpAddress);
                        final FrameworkMessage.RegisterUDP register = new FrameworkMessage.RegisterUDP();
                        register.connectionID = round % 40;
                        final int rn = wire.encode(register, datagram);
                        attacker.send(ByteBuffer.wrap(datagram, 0, rn), udpAddress);
                        // Wrong key under a real udpId; a captured real datagram replayed from our port.
                        final int victim = round % PLAYERS;
                        wrongKeys.get(victim).sendBind();
                        final int cn = players.get(victim).udpLink().copyLastSent(datagram);
                        if (cn > 0) {
                            attacker.send(ByteBuffer.wrap(datagram, 0, cn), udpAddress);
                        }
                        // TCP, every 10th round: garbage, an oversized frame length, RegisterUDP and a bad Hello.
                        if (round % 10 == 0) {
                            tcpAttack(server.tcpPort(), wire, random, round / 10, silent);
                        }
                        readBack.clear();
                        while (attacker.receive(readBack) != null) {
                            attackerReceived += readBack.position();
                            readBack.clear();
                        }
                        Thread.sleep(5); // about 200 rounds/s: a steady flood the players live through
                    }
                } finally {
                    for (ClientUdpLink f : wrongKeys) {
                        f.close();
                    }
                    for (Socket s : silent) {
                        s.close();
                    }
                }
                Thread.sleep(200); // anything in flight towards the attacker would have arrived by now
                readBack.clear();
                while (attacker.receive(readBack) != null) {
                    attackerReceived += readBack.position();
                    readBack.clear();
                }
            }
            final double attackS = (System.nanoTime() - attackStartNs) / 1e9;
            root.detachAppender(lineCounter);
            waitForSnapshots(players, 30);

            final NetworkCounters counters = server.network.counters();
            final StringBuilder kept = new StringBuilder("hostile loopback: kept/sealed per player:");
            for (int i = 0; i < PLAYERS; i++) {
                final GameClient p = players.get(i);
                final ClientUdpLink link = p.udpLink();
                final long sealed = link.newestSequence() - sequenceBefore[i];
                final long got = link.accepted() - acceptedBefore[i];
                kept.append(' ').append(link.accepted() - acceptedBefore[i]).append('/').append(link.newestSequence() - sequenceBefore[i]);
                assertTrue(sealed >= 60, "player " + i + ": snapshots kept flowing (" + sealed + ")");
                assertTrue(got >= 0.99 * sealed, "player " + i + " kept " + got + " of " + sealed + " snapshots; " + counters);
                assertEquals(0, p.metrics().decodeFailures(), "player " + i + " decode failures");
                assertEquals(GameClient.State.JOINED, p.state(), "player " + i + " still playing");
            }
            System.out.println(kept + "; attacker received " + attackerReceived + " bytes; " + logLines.get()
                    + " log lines at INFO+ in " + String.format(java.util.Locale.ROOT, "%.1f", attackS) + " s of attack; tick p99 "
                    + server.session.stats().tickDurationP99Us + " us (last stats interval); " + counters);
            // Thousands of hostile events, and at most the periodic summary lines plus a first-occurrence
            // warning or two: nothing is logged per event.
            assertTrue(logLines.get() <= 5 + 2 * (int) Math.ceil(attackS / 10.0), "log lines during the attack: " + logLines.get());
            assertEquals(0, attackerReceived, "nothing was sent to the attacker's address");
            assertEquals(0, counters.get(Counter.UDP_REBOUND), "no address moved");
            assertEquals(PLAYERS, counters.get(Counter.UDP_BOUND), "each player bound once, by proof");
            assertTrue(counters.get(Counter.UDP_GARBAGE) > 0, counters.toString());
            assertTrue(counters.get(Counter.UDP_OVERSIZED) >= ROUNDS / 2, counters.toString());
            assertTrue(counters.get(Counter.UDP_FORGED_REGISTRATIONS) >= ROUNDS / 2, counters.toString());
            assertTrue(counters.get(Counter.UDP_BAD_KEY) >= ROUNDS / 2, counters.toString());
            assertTrue(counters.get(Counter.UDP_REPLAYED) >= ROUNDS / 2, counters.toString());
            assertTrue(counters.get(Counter.TCP_BAD_FRAME_LENGTH) >= ROUNDS / 40, counters.toString());
            assertTrue(counters.get(Counter.TCP_MALFORMED) + counters.get(Counter.REJECTED_VERSION) >= ROUNDS / 40, counters.toString());
            assertTrue(counters.get(Counter.CONNECTIONS_OVER_PRE_AUTH_LIMIT) >= 20 - 8, "silent sockets past the per-address share");
            assertEquals(0, counters.get(Counter.LISTENER_ERRORS), counters.toString());
            assertEquals(0, counters.get(Counter.UPDATE_LOOP_ERRORS), counters.toString());
        } finally {
            for (GameClient p : players) {
                p.requestClose();
            }
        }
    }

    private static void tcpAttack(int tcpPort, KryoSerialization wire, SplittableRandom random, int n, List<Socket> silent)
            throws IOException {
        final byte[] frame = new byte[512];
        // Garbage from 127.0.0.3 and silent sockets from 127.0.0.2 (both loopback on Linux): the
        // silent ones fill their address's pre-auth share without keeping the garbage from the parsers.
        try (Socket s = connectFrom("127.0.0.3", tcpPort)) {
            final DataOutputStream out = new DataOutputStream(s.getOutputStream());
            switch (n % 4) {
                case 0 -> { // noise
                    random.nextBytes(frame);
                    out.write(frame, 0, 64);
                }
                case 1 -> out.writeInt(1 << 30); // a frame length far over the object buffer
                case 2 -> { // a RegisterUDP frame over TCP, then a Hello from the wrong protocol version
                    final FrameworkMessage.RegisterUDP register = new FrameworkMessage.RegisterUDP();
                    register.connectionID = n;
                    int len = wire.encode(register, frame);
                    out.writeInt(len);
                    out.write(frame, 0, len);
                    len = wire.encode(new Hello(Protocol.VERSION + 1, "intruder", null), frame);
                    out.writeInt(len);
                    out.write(frame, 0, len);
                }
                default -> { // an unknown message type
                    out.writeInt(3);
                    out.write(new byte[] {(byte) 101, 1, 2});
                }
            }
            out.flush();
        } catch (IOException closedByServer) {
            // the server may close us first: that is a defence working
        }
        if (silent.size() < 20) {
            silent.add(connectFrom("127.0.0.2", tcpPort)); // connects and says nothing
        }
    }

    private static Socket connectFrom(String local, int tcpPort) throws IOException {
        final Socket s = new Socket();
        s.bind(new InetSocketAddress(local, 0));
        s.connect(new InetSocketAddress("127.0.0.1", tcpPort), 5000);
        return s;
    }

    private static void waitForSnapshots(List<GameClient> players, int atLeast) throws InterruptedException {
        final long[] start = new long[players.size()];
        for (int i = 0; i < start.length; i++) {
            start[i] = players.get(i).metrics().snapshots();
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (int i = 0; i < start.length; i++) {
            while (players.get(i).metrics().snapshots() - start[i] < atLeast) {
                assertTrue(System.nanoTime() < deadline, "player " + i + " receives snapshots");
                Thread.sleep(10);
            }
        }
    }
}
