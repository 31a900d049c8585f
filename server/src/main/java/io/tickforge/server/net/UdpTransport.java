package io.tickforge.server.net;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.shared.log.DistinctErrorLog;
import io.tickforge.shared.protocol.InputPacket;
import io.tickforge.shared.protocol.Protocol;
import io.tickforge.shared.protocol.SnapshotDatagram;
import io.tickforge.shared.transport.DatagramCipher;
import io.tickforge.shared.transport.SecureDatagram;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The server's UDP socket (KryoNet's UDP is off): one {@link DatagramChannel}, sealed datagrams
 * both ways ({@link SecureDatagram}), addresses bound only by proof of the connection's key.
 *
 * <p>Receive ({@link #onDatagram}, thread "tickforge-udp", or a test calling it directly with its
 * own clock): size and kind checks, one hash lookup of the udpId, the replay window, then the
 * AEAD check; nothing else happens to a datagram before its tag verified. The first authentic
 * datagram binds the peer's address; a newer authentic one from another address moves it (NAT
 * rebinding) only when the bound address has been silent for {@code rebindSilenceNs} (a real NAT
 * change ends the old mapping; an on-path attacker racing a captured datagram ahead of the real
 * one does not silence the real sender) and at most once per {@code rebindIntervalNs}. Nothing is ever sent in reply to a
 * datagram: the only datagrams the server sends are snapshots, and only to a proven address.
 *
 * <p>Send ({@link #send}, any thread, no locks of ours): seals into a per-thread buffer with the
 * peer's own {@link DatagramCipher} (one writer per peer per tick), one atomic sequence increment
 * per datagram, then one non-blocking {@code DatagramChannel.send} on the sending thread's own
 * socket of the port's group (see {@link #channels}). Peers are added and removed by the
 * network thread ({@link #register}, {@link #unregister}; copy-on-write table, rare).
 *
 * <p>Per session: a peer bound to a session ({@link UdpPeer#bindSession}) has its bytes added to that
 * session's {@link io.tickforge.server.session.SessionTraffic} besides the process-wide counters:
 * received, each whole datagram once its tag verified; sent, each sealed datagram the socket took.
 * One field read and one {@code LongAdder} add per datagram.
 */
final class UdpTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UdpTransport.class);

    /** What became of one received datagram; each maps to one counter. */
    enum Outcome {
        INPUT(Counter.INPUTS_ACCEPTED), BOUND(Counter.UDP_BOUND), REBOUND(Counter.UDP_REBOUND), KEEPALIVE(null),
        GARBAGE(Counter.UDP_GARBAGE), OVERSIZED(Counter.UDP_OVERSIZED), FORGED_REGISTRATION(Counter.UDP_FORGED_REGISTRATIONS),
        UNKNOWN_ID(Counter.UDP_UNKNOWN_SOURCE), REPLAYED(Counter.UDP_REPLAYED), BAD_TAG(Counter.UDP_BAD_KEY),
        REBIND_LIMITED(Counter.UDP_REBIND_LIMITED), MALFORMED(Counter.UDP_MALFORMED),
        UNEXPECTED_KIND(Counter.UDP_UNEXPECTED_TYPE),
        NOT_JOINED(Counter.UDP_NOT_JOINED), REFUSED_BY_SESSION(Counter.INPUTS_REFUSED_BY_SESSION),
        FLOODED(Counter.UDP_FLOODED);

        final Counter counter;

        Outcome(Counter counter) {
            this.counter = counter;
        }
    }

    /** Where authentic inputs go (the session). Called on the receive thread; must not block. */
    @FunctionalInterface
    interface InputSink {
        boolean offer(int slot, InputPacket packet);
    }

    private static final Int2ObjectOpenHashMap<UdpPeer> EMPTY = new Int2ObjectOpenHashMap<>();
    /** A KryoNet RegisterUDP datagram: class id byte (id 17 + 2), then the connection id varint (1..5). */
    private static final int REGISTER_UDP_WIRE_ID = Protocol.ID_REGISTER_UDP + 2;

    private final NetworkCounters counters;
    private final InputSink sink;
    private final int maxDatagramBytes;
    private final long rebindIntervalNs;
    private final long rebindSilenceNs;
    private final double datagramsPerSecond;
    private final long floodKickDrops;
    private final java.util.function.Consumer<UdpPeer> onFlood;
    private final LongSupplier nanoClock;
    private final SecureRandom random;
    private final ThreadLocal<Sender> senders = ThreadLocal.withInitial(() -> new Sender(nextSenderChannel()));
    private final java.util.concurrent.atomic.AtomicInteger sendersCreated = new java.util.concurrent.atomic.AtomicInteger();

    /** Copy-on-write; written under {@code this} by the network thread, read lock-free by the receive thread. */
    private volatile Int2ObjectOpenHashMap<UdpPeer> peers = EMPTY;

    // Receive thread only.
    private final byte[] receiveBytes;
    private final ByteBuffer receiveBuffer;
    private final byte[] plaintext;
    private final Input input = new Input();
    /**
     * Decodes input packets of peers registered without a layout (one session, tests): the default
     * game's input layout ({@link #setInputLayout}). Peers of a session carry their own
     * ({@link UdpPeer#inputKryo}).
     */
    private Kryo kryo = Protocol.newKryo();

    /**
     * One Kryo per distinct input wire (layouts that code alike share one), for the peers'
     * {@link UdpPeer#inputKryo}: built on the network thread under {@code this}, used by the receive
     * thread only. As many as hosted games at most.
     */
    private final java.util.ArrayList<io.tickforge.shared.world.InputLayout> layouts = new java.util.ArrayList<>();
    private final java.util.ArrayList<Kryo> layoutKryos = new java.util.ArrayList<>();

    /**
     * The sockets of the UDP port: one, or (with {@link #setSocketCount}) a group sharing the port
     * through {@code SO_REUSEPORT}, each sending thread on its own socket. The JDK sends under a
     * per-channel lock, so threads sending on one socket queue behind each other's system calls
     * (measured: two threads sharing a socket used ~1.6x the CPU per datagram of two threads on a
     * socket each). Inputs may arrive on any socket of the group; the receive thread drains all.
     */
    private volatile DatagramChannel[] channels = new DatagramChannel[0];
    private int socketCount = 1;
    private Selector selector;
    private Thread thread;
    private volatile boolean running;
    private volatile long batchWindowNs;

    /**
     * @param maxDatagramBytes largest datagram accepted from a client (larger ones are dropped
     *                         unread as oversized)
     * @param rebindIntervalNs least time between two moves of one peer's address
     * @param rebindSilenceNs  how long the bound address must have sent nothing authentic before
     *                         another address may take over
     * @param nanoClock        the receive thread's clock (read once per batch of datagrams)
     */
    UdpTransport(NetworkCounters counters, InputSink sink, int maxDatagramBytes, long rebindIntervalNs,
                 long rebindSilenceNs, LongSupplier nanoClock, SecureRandom random) {
        this(counters, sink, maxDatagramBytes, rebindIntervalNs, rebindSilenceNs, 600, 600, peer -> { }, nanoClock, random);
    }

    /**
     * @param datagramsPerSecond authentic datagrams one peer may send per second (burst the same);
     *                           the excess is dropped ({@code UDP_FLOODED})
     * @param floodKickDrops     after this many dropped datagrams {@code onFlood} is called once
     *                           (receive thread; the network closes the connection)
     */
    UdpTransport(NetworkCounters counters, InputSink sink, int maxDatagramBytes, long rebindIntervalNs,
                 long rebindSilenceNs, double datagramsPerSecond, long floodKickDrops,
                 java.util.function.Consumer<UdpPeer> onFlood, LongSupplier nanoClock, SecureRandom random) {
        if (counters == null || sink == null || nanoClock == null || random == null) {
            throw new IllegalArgumentException("counters, sink, clock and random are required");
        }
        if (maxDatagramBytes < SecureDatagram.OVERHEAD_BYTES + 1 || rebindIntervalNs < 0 || rebindSilenceNs < 0) {
            throw new IllegalArgumentException("maxDatagramBytes " + maxDatagramBytes + " or rebindIntervalNs "
                    + rebindIntervalNs + " out of range");
        }
        this.counters = counters;
        this.sink = sink;
        this.maxDatagramBytes = maxDatagramBytes;
        this.rebindIntervalNs = rebindIntervalNs;
        this.rebindSilenceNs = rebindSilenceNs;
        this.datagramsPerSecond = datagramsPerSecond;
        this.floodKickDrops = floodKickDrops;
        this.onFlood = onFlood;
        new TokenBucket(datagramsPerSecond, Math.max(1, datagramsPerSecond)); // validates the rate now
        this.nanoClock = nanoClock;
        this.random = random;
        // One byte more than accepted: a datagram filling the buffer was (or would have been) truncated.
        this.receiveBytes = new byte[maxDatagramBytes + 1];
        // Direct: the socket reads into it without the JDK's per-call temporary direct buffer.
        this.receiveBuffer = ByteBuffer.allocateDirect(receiveBytes.length);
        this.plaintext = new byte[maxDatagramBytes];
    }

    /**
     * Decode input packets by {@code layout} (the session's input schema; the engine's four-field
     * shape until set): a packet whose bytes do not match it is malformed. Set before {@link #start}.
     */
    void setInputLayout(io.tickforge.shared.world.InputLayout layout) {
        if (thread != null) {
            throw new IllegalStateException("set the input layout before start()");
        }
        kryo = Protocol.newKryo(layout);
    }

    /**
     * Sockets to open on the port, one per thread that sends snapshots (the tick thread and each
     * replication worker); at most 16. More than one needs {@code SO_REUSEPORT} (Linux, macOS);
     * where the platform lacks it the transport keeps one socket. Set before {@link #bind}.
     */
    void setSocketCount(int count) {
        if (count < 1 || count > 16) {
            throw new IllegalArgumentException("UDP socket count must be 1..16: " + count);
        }
        socketCount = count;
    }

    /**
     * Opens and binds the socket or socket group (port 0 = ephemeral). Call once, before
     * {@link #start}. A port that another socket already holds is refused with a
     * {@link java.net.BindException} even for a group: the port is first bound once without
     * {@code SO_REUSEPORT}, so a second server started on the same port fails as it always did
     * instead of silently joining the group and taking a share of the inputs.
     */
    void bind(InetSocketAddress address) throws IOException {
        int count = socketCount;
        if (count > 1) {
            try (DatagramChannel probe = DatagramChannel.open()) {
                if (!probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                    count = 1;
                } else if (address.getPort() != 0) {
                    probe.setOption(StandardSocketOptions.SO_REUSEADDR, false);
                    probe.bind(address); // in use: BindException, as for a single socket
                }
            }
        }
        DatagramChannel[] group = new DatagramChannel[count];
        try {
            selector = Selector.open();
            InetSocketAddress at = address;
            for (int i = 0; i < count; i++) {
                DatagramChannel c = DatagramChannel.open();
                group[i] = c;
                c.setOption(StandardSocketOptions.SO_REUSEADDR, false);
                if (count > 1) {
                    c.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                }
                c.bind(at);
                at = (InetSocketAddress) c.getLocalAddress(); // the others join the port the first got
                c.configureBlocking(false);
                c.register(selector, SelectionKey.OP_READ);
            }
        } catch (IOException | RuntimeException e) {
            for (DatagramChannel c : group) {
                if (c != null) {
                    c.close();
                }
            }
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
        channels = group;
    }

    int port() {
        return channels.length == 0 ? -1 : channels[0].socket().getLocalPort();
    }

    /** Sockets bound (1, or the group size). */
    int socketCount() {
        return channels.length;
    }

    /** The socket a new sending thread takes: round robin over the group. */
    private DatagramChannel nextSenderChannel() {
        DatagramChannel[] group = channels;
        if (group.length == 0) {
            throw new IllegalStateException("send before bind");
        }
        return group[Math.floorMod(sendersCreated.getAndIncrement(), group.length)];
    }

    /**
     * After handling a batch the receive thread waits this long before reading again (0 = never):
     * see {@link NetworkConfig#udpBatchMicros}. Set before {@link #start}.
     */
    void setBatchWindowNanos(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("batch window " + nanos + " ns < 0");
        }
        batchWindowNs = nanos;
    }

    /** Starts the receive thread. */
    void start() {
        running = true;
        thread = new Thread(this::receiveLoop, "tickforge-udp");
        thread.setDaemon(true);
        thread.start();
    }

    Thread receiveThread() {
        return thread;
    }

    // ---- peers (network thread) ------------------------------------------------------------------

    /** A new peer for {@code slot} with fresh random keys and a unique nonzero udpId. */
    UdpPeer register(int slot) {
        return register(slot, (io.tickforge.shared.world.InputLayout) null);
    }

    /**
     * As {@link #register(int)}, its input datagrams decoded by {@code layout} (its session's input
     * schema; null: the transport's default, {@link #setInputLayout}).
     */
    UdpPeer register(int slot, io.tickforge.shared.world.InputLayout layout) {
        return register(slot, DatagramCipher.newRawKey(random), DatagramCipher.newRawKey(random), layout);
    }

    /**
     * A new peer for {@code slot} with the given keys (e.g. from a signed connect token, which the
     * client already holds) and a unique nonzero udpId.
     */
    synchronized UdpPeer register(int slot, byte[] rawClientKey, byte[] rawServerKey) {
        return register(slot, rawClientKey, rawServerKey, null);
    }

    /** As {@link #register(int, byte[], byte[])}, its input datagrams decoded by {@code layout} (null: the default). */
    synchronized UdpPeer register(int slot, byte[] rawClientKey, byte[] rawServerKey,
                                  io.tickforge.shared.world.InputLayout layout) {
        final Kryo inputs = layout == null ? null : kryoFor(layout);
        Int2ObjectOpenHashMap<UdpPeer> next = new Int2ObjectOpenHashMap<>(peers);
        int udpId;
        do {
            udpId = random.nextInt();
        } while (udpId == 0 || next.containsKey(udpId));
        UdpPeer peer = new UdpPeer(udpId, slot, rawClientKey, rawServerKey, datagramsPerSecond, inputs);
        next.put(udpId, peer);
        peers = next;
        return peer;
    }

    /** The Kryo that decodes {@code layout}'s input wire (built once per distinct wire). Under {@code this}. */
    private Kryo kryoFor(io.tickforge.shared.world.InputLayout layout) {
        for (int i = 0; i < layouts.size(); i++) {
            if (layouts.get(i).wireLike(layout)) {
                return layoutKryos.get(i);
            }
        }
        final Kryo k = Protocol.newKryo(layout);
        layouts.add(layout);
        layoutKryos.add(k);
        return k;
    }

    /** Forgets the peer: later datagrams naming it are unknown, sends to it fail. Idempotent. */
    synchronized void unregister(UdpPeer peer) {
        peer.acceptingInputs = false;
        if (peers.get(peer.udpId) != peer) {
            return;
        }
        Int2ObjectOpenHashMap<UdpPeer> next = new Int2ObjectOpenHashMap<>(peers);
        next.remove(peer.udpId);
        peers = next;
        peer.address = null;
    }

    int peerCount() {
        return peers.size();
    }

    // ---- send (any thread) -----------------------------------------------------------------------

    /**
     * Seals {@code bytes[offset, offset+length)} as a snapshot datagram and sends it to the peer's
     * proven address. Never blocks, never throws: false (and counted) when the peer has no proven
     * address, the socket buffer is full, or the socket failed.
     */
    boolean send(UdpPeer peer, byte[] bytes, int offset, int length) {
        InetSocketAddress to = peer.address;
        if (to == null) {
            counters.increment(Counter.SNAPSHOTS_UNBOUND);
            return false;
        }
        if (length < 1 || length > Protocol.MAX_SNAPSHOT_BYTES || offset < 0 || offset + length > bytes.length) {
            counters.increment(Counter.SNAPSHOTS_OVER_BUDGET);
            return false;
        }
        if (channels.length == 0) {
            counters.increment(Counter.SNAPSHOT_SEND_FAILURES); // not bound (yet, or any more)
            return false;
        }
        Sender s = senders.get();
        try {
            int n = peer.sendCipher.seal(SecureDatagram.KIND_SNAPSHOT, peer.udpId, peer.sendSequence.getAndIncrement(),
                    peer.serverKey, bytes, offset, length, s.bytes, 0);
            s.buffer.clear();
            s.buffer.put(s.bytes, 0, n).flip();
            if (s.channel.send(s.buffer, to) == n) {
                counters.add(Counter.BYTES_OUT, n);
                counters.add(Counter.UDP_BYTES_OUT, n);
                final io.tickforge.server.session.SessionTraffic traffic = peer.traffic;
                if (traffic != null) {
                    traffic.udpSent(n);
                }
                counters.increment(Counter.SNAPSHOTS_SENT);
                return true;
            }
        } catch (IOException | RuntimeException e) {
            // Closed socket, unreachable address: counted below, never thrown at a sender.
        }
        counters.increment(Counter.SNAPSHOT_SEND_FAILURES);
        return false;
    }

    /** A sending thread's socket and datagram buffer, reused for every send on that thread (the cipher is the peer's). */
    private static final class Sender {
        final DatagramChannel channel;

        Sender(DatagramChannel channel) {
            this.channel = channel;
        }

        final byte[] bytes = new byte[SnapshotDatagram.MAX_BUDGET_BYTES];
        /** Direct, so the socket sends from it without the JDK's per-call temporary direct buffer. */
        final ByteBuffer buffer = ByteBuffer.allocateDirect(SnapshotDatagram.MAX_BUDGET_BYTES);
    }

    // ---- receive -------------------------------------------------------------------------------

    /**
     * Drains the socket, then (with a batch window) sleeps the window and drains again without
     * asking the selector: while datagrams keep coming, one sleep per window is the only context
     * switch, instead of a selector wake-up plus a sleep. Only a drain that finds nothing goes
     * back to blocking in the selector, so an idle server does not poll.
     */
    private void receiveLoop() {
        DistinctErrorLog errors = new DistinctErrorLog(LOG);
        boolean waitInSelector = true;
        while (running) {
            try {
                if (waitInSelector) {
                    selector.select(100);
                    selector.selectedKeys().clear();
                }
                long nowNs = nanoClock.getAsLong();
                int received = 0;
                for (DatagramChannel channel : channels) {
                    received += drain(channel, nowNs, errors);
                }
                waitInSelector = true;
                if (received > 0) {
                    counters.increment(Counter.UDP_RECEIVE_WAKEUPS);
                    if (batchWindowNs > 0 && running) {
                        // Let the next datagrams gather: one wake-up reads them all (see NetworkConfig).
                        LockSupport.parkNanos(batchWindowNs);
                        waitInSelector = false;
                    }
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (Throwable t) {
                if (!running) {
                    return;
                }
                waitInSelector = true;
                counters.increment(Counter.UPDATE_LOOP_ERRORS);
                errors.record("UDP receive failed", t);
            }
        }
    }

    /** Reads and handles what waits on one socket (at most 1024 datagrams: a close is noticed now and then). */
    private int drain(DatagramChannel channel, long nowNs, DistinctErrorLog errors) throws IOException {
        int received = 0;
        for (int i = 0; i < 1024; i++) {
            receiveBuffer.clear();
            SocketAddress from = channel.receive(receiveBuffer);
            if (from == null) {
                break;
            }
            received++;
            int length = receiveBuffer.position();
            receiveBuffer.flip().get(receiveBytes, 0, length);
            counters.add(Counter.BYTES_IN, length);
            counters.add(Counter.UDP_BYTES_IN, length);
            try {
                Outcome outcome = onDatagram(receiveBytes, length, (InetSocketAddress) from, nowNs);
                if (outcome.counter != null) {
                    counters.increment(outcome.counter);
                }
            } catch (RuntimeException e) {
                // A bug behind the sink (the session): counted and logged rate-limited, never fatal.
                counters.increment(Counter.LISTENER_ERRORS);
                errors.record("Handling a datagram failed", e);
            }
        }
        return received;
    }

    /**
     * Handles one received datagram (receive thread; tests call it with their own clock and
     * buffers). Returns the outcome; the caller counts it.
     */
    Outcome onDatagram(byte[] data, int length, InetSocketAddress from, long nowNs) {
        if (length > maxDatagramBytes) {
            return Outcome.OVERSIZED;
        }
        if (length < SecureDatagram.OVERHEAD_BYTES) {
            return length >= 2 && length <= 6 && (data[0] & 0xFF) == REGISTER_UDP_WIRE_ID
                    ? Outcome.FORGED_REGISTRATION : Outcome.GARBAGE;
        }
        int kind = SecureDatagram.kind(data, 0);
        if (kind != SecureDatagram.KIND_INPUT && kind != SecureDatagram.KIND_BIND) {
            return kind == SecureDatagram.KIND_SNAPSHOT ? Outcome.UNEXPECTED_KIND : Outcome.GARBAGE;
        }
        UdpPeer peer = peers.get(SecureDatagram.udpId(data, 0));
        if (peer == null) {
            return Outcome.UNKNOWN_ID;
        }
        long sequence = SecureDatagram.sequence(data, 0);
        if (!peer.replay.isFresh(sequence)) {
            return Outcome.REPLAYED;
        }
        int payloadLength = peer.receiveCipher.open(peer.clientKey, data, 0, length, plaintext, 0);
        if (payloadLength < 0) {
            return Outcome.BAD_TAG;
        }
        // Authentic from here on: the whole datagram counts as its session's traffic, whatever follows.
        final io.tickforge.server.session.SessionTraffic traffic = peer.traffic;
        if (traffic != null) {
            traffic.udpReceived(length);
        }
        if (!peer.datagrams.tryTake(nowNs)) {
            peer.replay.mark(sequence);
            if (++peer.floodDrops == floodKickDrops) {
                onFlood.accept(peer);
            }
            return Outcome.FLOODED;
        }
        boolean newest = sequence > peer.replay.newest();
        InetSocketAddress bound = peer.address;
        Outcome addressOutcome = null;
        if (bound == null) {
            peer.address = from;
            peer.boundAtNs = nowNs;
            peer.lastFromBoundNs = nowNs;
            addressOutcome = Outcome.BOUND;
        } else if (bound.equals(from)) {
            peer.lastFromBoundNs = nowNs;
        } else {
            // Only the newest datagram may move the address (an older one arriving late from the old
            // address must not flip it back), only once the bound address went quiet (a replay racing
            // the real datagram does not silence the real sender), and not more often than the interval.
            if (!newest || nowNs - peer.lastFromBoundNs < rebindSilenceNs || nowNs - peer.boundAtNs < rebindIntervalNs) {
                peer.replay.mark(sequence);
                return Outcome.REBIND_LIMITED;
            }
            peer.address = from;
            peer.boundAtNs = nowNs;
            peer.lastFromBoundNs = nowNs;
            addressOutcome = Outcome.REBOUND;
        }
        peer.replay.mark(sequence);
        if (kind == SecureDatagram.KIND_BIND) {
            if (payloadLength != 0) {
                return Outcome.MALFORMED;
            }
            return addressOutcome != null ? addressOutcome : Outcome.KEEPALIVE;
        }
        if (addressOutcome != null) {
            counters.increment(addressOutcome.counter);
        }
        InputPacket packet;
        // The peer's own session's input layout (set at registration): one field read, no lookup.
        final Kryo inputs = peer.inputKryo;
        try {
            input.setBuffer(plaintext, 0, payloadLength);
            packet = (inputs != null ? inputs : kryo).readObject(input, InputPacket.class);
            if (input.position() != payloadLength) {
                return Outcome.MALFORMED;
            }
        } catch (KryoException | IndexOutOfBoundsException e) {
            return Outcome.MALFORMED;
        }
        if (!peer.acceptingInputs) {
            return Outcome.NOT_JOINED;
        }
        // The peer's own session (a field, set at Welcome): no lookup per datagram.
        final io.tickforge.server.session.SessionGateway session = peer.session;
        final boolean taken = session != null ? session.offerInput(peer.slot, packet) : sink.offer(peer.slot, packet);
        return taken ? Outcome.INPUT : Outcome.REFUSED_BY_SESSION;
    }

    @Override
    public void close() {
        running = false;
        try {
            if (selector != null) {
                selector.wakeup();
            }
            Thread t = thread;
            if (t != null && t != Thread.currentThread()) {
                t.join(2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (DatagramChannel channel : channels) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("Closing a UDP socket failed", e);
            }
        }
        try {
            if (selector != null) {
                selector.close();
            }
        } catch (IOException e) {
            LOG.debug("Closing the UDP selector failed", e);
        }
    }
}
