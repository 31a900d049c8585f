package io.tickforge.client.attack;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryonet.FrameworkMessage;
import io.tickforge.shared.protocol.InputPacket;
import io.tickforge.shared.protocol.Protocol;
import io.tickforge.shared.protocol.Welcome;
import io.tickforge.shared.transport.DatagramCipher;
import io.tickforge.shared.transport.SecureDatagram;

import javax.crypto.SecretKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The UDP attacks: one non-blocking {@link DatagramChannel} bound to the source address sends
 * paced datagrams to the server's UDP port and counts every byte that comes back (the server
 * must never answer: no reflection, no amplification). Modes that need live connections join
 * over TCP first ({@link WireClient}) and keep those alive while they flood. Attack thread only.
 */
final class UdpAttacks {
    private static final int BATCH = 256;
    private static final long KEEP_ALIVE_NS = TimeUnit.SECONDS.toNanos(4);
    /** Genuine inputs the replay mode captures before replaying them (its replay window is 256 wide too). */
    static final int CAPTURES = 256;
    /** Pace of the genuine captures: under the server's per-player datagram rate (600/s by default). */
    private static final int CAPTURE_RATE = 300;

    private final AttackConfig config;
    private final AttackTally tally;
    private final WireFrames frames = new WireFrames();
    private final SplittableRandom random;
    private final InetSocketAddress server;
    private final byte[] noise = new byte[64 * 1024];
    private final byte[] datagram = new byte[16 * 1024];
    private final ByteBuffer receive = ByteBuffer.allocate(64 * 1024);
    private final DatagramCipher cipher = new DatagramCipher();
    private final List<WireClient> players = new ArrayList<>();
    private long nextKeepAliveNs;

    UdpAttacks(AttackConfig config, AttackTally tally) {
        this.config = config;
        this.tally = tally;
        this.random = new SplittableRandom(config.seed());
        this.server = new InetSocketAddress(config.target(), config.udpPort());
        random.nextBytes(noise);
    }

    static void run(AttackConfig config, AttackTally tally, long startNs, long endNs) throws IOException {
        new UdpAttacks(config, tally).run(startNs, endNs);
    }

    private void run(long startNs, long endNs) throws IOException {
        try (DatagramChannel flood = open()) {
            switch (config.mode()) {
                case UDP_GARBAGE -> flood(flood, startNs, endNs, this::garbage);
                case UDP_WRONG_KEY -> wrongKey(flood, startNs, endNs);
                case FORGED_REGISTRATION -> forgedRegistration(flood, startNs, endNs);
                case REPLAYED_INPUTS -> replay(flood, startNs, endNs);
                default -> throw new IllegalArgumentException(config.mode().cliName() + " is not a UDP attack");
            }
        } finally {
            for (WireClient p : players) {
                p.close();
            }
        }
    }

    /** Writes datagram number {@code i} into {@link #datagram}; returns its length. */
    private interface Maker {
        int make(long i);
    }

    private void flood(DatagramChannel channel, long startNs, long endNs, Maker maker) throws IOException {
        flood(channel, null, startNs, endNs, maker, 0);
    }

    /**
     * Sends paced datagrams until {@code endNs} or the cap; every {@code everyNthFromSecond}-th
     * goes out of {@code second} instead (0: never).
     */
    private void flood(DatagramChannel channel, DatagramChannel second, long startNs, long endNs, Maker maker,
                       int everyNthFromSecond) throws IOException {
        final Pacer pacer = new Pacer(startNs, config.rate(), config.maxCount());
        long i = 0;
        while (!Thread.currentThread().isInterrupted()) {
            long now = System.nanoTime();
            if (now - endNs >= 0 || pacer.exhausted()) {
                break;
            }
            final long due = Math.min(BATCH, pacer.permits(now));
            for (long k = 0; k < due; k++, i++) {
                final int n = maker.make(i);
                final DatagramChannel out = second != null && everyNthFromSecond > 0 && i % everyNthFromSecond == 0
                        ? second : channel;
                send(out, n);
            }
            pacer.take(due);
            drain(channel, "udpBytes");
            if (second != null) {
                drain(second, "udpBytesToBoundPort");
            }
            keepPlayersAlive(now);
            if (due == 0) {
                LockSupport.parkNanos(Math.min(1_000_000, Math.max(10_000, pacer.nanosToNext(System.nanoTime()))));
            }
        }
        // Anything the server sent back in flight arrives within a few milliseconds on loopback.
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        drain(channel, "udpBytes");
        if (second != null) {
            drain(second, "udpBytesToBoundPort");
        }
    }

    private void send(DatagramChannel out, int n) {
        try {
            final int sent = out.send(ByteBuffer.wrap(datagram, 0, n), server);
            if (sent == 0) {
                tally.increment(AttackTally.SENT, "datagramsNotSentBufferFull");
                return;
            }
            tally.increment(AttackTally.SENT, "datagrams");
            tally.add(AttackTally.SENT, "udpBytes", n);
        } catch (IOException e) {
            // ICMP port unreachable from an earlier datagram (server gone): counted, go on.
            tally.error("send", e);
        }
    }

    private void drain(DatagramChannel channel, String as) {
        try {
            while (true) {
                receive.clear();
                if (channel.receive(receive) == null) {
                    return;
                }
                tally.add(AttackTally.RECEIVED, as, receive.position());
                tally.increment(AttackTally.RECEIVED, as.replace("Bytes", "Datagrams"));
            }
        } catch (IOException e) {
            tally.error("receive", e);
        }
    }

    // ------------------------------------------------------------------ udp-garbage

    /**
     * One in 16 oversized (1 500..9 000 bytes), one in 4 shaped like a sealed input with a random
     * udpId (unknown source), the rest 1..1 400 random bytes (mostly garbage kinds, some oversized
     * for an input).
     */
    private int garbage(long i) {
        final int n;
        if (i % 16 == 0) {
            n = random.nextInt(1500, 9001);
        } else if (i % 4 == 1) {
            n = random.nextInt(SecureDatagram.OVERHEAD_BYTES, SecureDatagram.OVERHEAD_BYTES + 100);
        } else {
            n = random.nextInt(1, 1401);
        }
        System.arraycopy(noise, random.nextInt(noise.length - n), datagram, 0, n);
        if (i % 4 == 1) {
            datagram[0] = (byte) SecureDatagram.KIND_INPUT;
        }
        return n;
    }

    // ------------------------------------------------------------------ udp-wrong-key

    private void wrongKey(DatagramChannel flood, long startNs, long endNs) throws IOException {
        final List<Welcome> welcomes = joinPlayers(config.joins(), "wk-");
        if (welcomes.isEmpty()) {
            tally.increment(AttackTally.ERRORS, "setup:noJoin");
            return;
        }
        final int[] udpIds = new int[welcomes.size()];
        final SecretKey[] wrongKeys = new SecretKey[welcomes.size()];
        final byte[] raw = new byte[SecureDatagram.KEY_BYTES];
        for (int k = 0; k < udpIds.length; k++) {
            udpIds[k] = welcomes.get(k).udpId;
            random.nextBytes(raw);
            wrongKeys[k] = DatagramCipher.key(raw);
        }
        tally.add(AttackTally.SENT, "liveUdpIdsTargeted", udpIds.length);
        final byte[] payload = new byte[20];
        // Far ahead of any window: each datagram is "fresh" and costs the server a tag check.
        final long firstSequence = (1L << 40) + random.nextInt(1 << 20);
        flood(flood, startNs, endNs, i -> {
            final int k = (int) (i % udpIds.length);
            random.nextBytes(payload);
            return cipher.seal(SecureDatagram.KIND_INPUT, udpIds[k], firstSequence + i, wrongKeys[k], payload, 0,
                    payload.length, datagram, 0);
        });
    }

    // ------------------------------------------------------------------ forged-registration

    private void forgedRegistration(DatagramChannel flood, long startNs, long endNs) throws IOException {
        joinPlayers(1, "reg-");
        final int own = players.isEmpty() ? -1 : players.get(0).kryoConnectionId();
        // KryoNet numbers connections from 1; forge ids around ours (the bots joined before us).
        final int low = Math.max(0, own - 64);
        final int span = Math.max(own, 0) + 64 - low;
        tally.add(AttackTally.SENT, "ownKryoConnectionId", own);
        final FrameworkMessage.RegisterUDP register = new FrameworkMessage.RegisterUDP();
        flood(flood, startNs, endNs, i -> {
            register.connectionID = low + (int) (i % span);
            final byte[] body = frames.body(register);
            System.arraycopy(body, 0, datagram, 0, body.length);
            return body.length;
        });
    }

    // ------------------------------------------------------------------ replayed-inputs

    private void replay(DatagramChannel replayer, long startNs, long endNs) throws IOException {
        final List<Welcome> welcomes = joinPlayers(1, "rp-");
        if (welcomes.isEmpty()) {
            tally.increment(AttackTally.ERRORS, "setup:noJoin");
            return;
        }
        final Welcome w = welcomes.get(0);
        final SecretKey clientKey = DatagramCipher.key(w.clientKey);
        final Kryo kryo = Protocol.newKryo();
        final Output body = new Output(256);
        final InputPacket packet = new InputPacket();
        final byte[][] captured = new byte[CAPTURES][];
        try (DatagramChannel genuine = open()) {
            // The genuine player: proves its key from its own port, then sends real inputs, paced.
            long sequence = 0;
            int n = cipher.seal(SecureDatagram.KIND_BIND, w.udpId, sequence++, clientKey, new byte[0], 0, 0, datagram, 0);
            send(genuine, n);
            final long setupStart = System.nanoTime();
            final byte[] payload = new byte[256];
            for (int c = 0; c < CAPTURES && System.nanoTime() < endNs; c++) {
                packet.hasAcks = false;
                packet.newestTick = w.serverTick + 1 + c;
                packet.count = 1;
                packet.set(0, random.nextInt(-127, 128), random.nextInt(-127, 128), random.nextInt(1 << 16), 0);
                body.reset();
                kryo.writeObject(body, packet);
                System.arraycopy(body.getBuffer(), 0, payload, 0, body.position());
                n = cipher.seal(SecureDatagram.KIND_INPUT, w.udpId, sequence++, clientKey, payload, 0, body.position(),
                        datagram, 0);
                captured[c] = java.util.Arrays.copyOf(datagram, n);
                send(genuine, n);
                LockSupport.parkNanos(1_000_000_000L / CAPTURE_RATE);
                drain(genuine, "udpBytesToBoundPort");
                keepPlayersAlive(System.nanoTime());
            }
            tally.add(AttackTally.SENT, "genuineInputsCaptured", CAPTURES);
            tally.add(AttackTally.SENT, "captureMillis", (System.nanoTime() - setupStart) / 1_000_000);
            // Replays: from another port (a thief), and every 8th from the genuine port itself.
            flood(replayer, genuine, System.nanoTime(), endNs, i -> {
                final byte[] d = captured[(int) (i % CAPTURES)];
                System.arraycopy(d, 0, datagram, 0, d.length);
                return d.length;
            }, 8);
        }
    }

    // ------------------------------------------------------------------ shared

    private DatagramChannel open() throws IOException {
        final DatagramChannel c = DatagramChannel.open();
        try {
            c.bind(new InetSocketAddress(config.source(), 0));
            c.configureBlocking(false);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** Joins {@code count} players over TCP from the source address; returns the Welcomes received. */
    private List<Welcome> joinPlayers(int count, String namePrefix) {
        final List<Welcome> welcomes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            try {
                final WireClient c = new WireClient(config.source(), config.target(), config.tcpPort(), 2000, frames, tally);
                final Welcome w = c.join(namePrefix + i, config.joinToken());
                if (w == null) {
                    c.close();
                    continue;
                }
                players.add(c);
                welcomes.add(w);
                tally.increment(AttackTally.CONNECTIONS, "joinedAsPlayer");
            } catch (IOException | RuntimeException e) {
                tally.error("join", e);
            }
        }
        nextKeepAliveNs = System.nanoTime() + KEEP_ALIVE_NS;
        return welcomes;
    }

    private void keepPlayersAlive(long nowNs) {
        if (players.isEmpty() || nowNs - nextKeepAliveNs < 0) {
            return;
        }
        nextKeepAliveNs = nowNs + KEEP_ALIVE_NS;
        for (WireClient p : players) {
            try {
                if (p.drain()) {
                    p.sendKeepAlive();
                }
            } catch (IOException e) {
                tally.error("keepAlive", e);
            }
        }
    }
}
