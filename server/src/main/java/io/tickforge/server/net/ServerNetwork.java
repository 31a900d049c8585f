package io.tickforge.server.net;

import com.esotericsoftware.kryonet.Connection;
import com.esotericsoftware.kryonet.FrameworkMessage;
import com.esotericsoftware.kryonet.Listener;
import com.esotericsoftware.kryonet.Server;
import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.server.session.SessionDirectory;
import io.tickforge.server.session.SessionGateway;
import io.tickforge.shared.protocol.Bye;
import io.tickforge.shared.protocol.ByeReason;
import io.tickforge.shared.protocol.Chat;
import io.tickforge.shared.protocol.Hello;
import io.tickforge.shared.protocol.KryoSerialization;
import io.tickforge.shared.protocol.RejectReason;
import io.tickforge.shared.protocol.Rejected;
import io.tickforge.shared.protocol.SnapshotDatagram;
import io.tickforge.shared.protocol.StatsRequest;
import io.tickforge.shared.log.DistinctErrorLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * The network in front of a process's sessions (one, or many through a {@link SessionDirectory}): KryoNet for TCP (control messages) and our
 * {@link UdpTransport} for sealed datagrams. Threads: the update thread ("tickforge-net") reads
 * every TCP socket, runs the listener (validate, count, hand to a role: {@link HelloHandler},
 * {@link ChatRelay}; never simulate) and does housekeeping (handshake deadlines, lingering closes,
 * the drop summary, which is the only per-interval log line) between selects, reading the injected
 * clock once per cycle; the UDP receive thread ("tickforge-udp") authenticates datagrams. Other
 * threads use {@link PlayerLink}s, {@link #counters()}, {@link #shutdown}.
 * See docs/NETWORKING.md for the handshake, limits and the KryoNet behaviours we work around.
 */
public final class ServerNetwork implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerNetwork.class);

    /** Counters that mean "something was dropped or refused", for the periodic summary line. */
    private static final Counter[] DROP_COUNTERS = {
        Counter.JOINED, Counter.LEAVES,
        Counter.CONNECTIONS_OVER_LIMIT, Counter.CONNECTIONS_OVER_IP_LIMIT, Counter.CONNECTIONS_OVER_PRE_AUTH_LIMIT,
        Counter.PRE_AUTH_EVICTIONS,
        Counter.REJECTED_RATE_LIMITED, Counter.CHAT_RELAY_LIMITED, Counter.UDP_BOUND, Counter.UDP_REBOUND,
        Counter.CLOSED_BEFORE_REGISTRATION, Counter.REJECTED_VERSION,
        Counter.REJECTED_SERVER_FULL, Counter.REJECTED_NO_SUCH_SESSION, Counter.REJECTED_SESSION_FULL,
        Counter.REJECTED_UNKNOWN_GAME, Counter.REJECTED_BAD_NAME, Counter.REJECTED_BAD_TOKEN, Counter.REJECTED_DRAINING,
        Counter.REJECTED_TOKEN_EXPIRED, Counter.REJECTED_TOKEN_INVALID, Counter.REJECTED_TOKEN_WRONG_SERVER,
        Counter.REJECTED_TOKEN_REUSED, Counter.REJECTED_TOKEN_TABLE_FULL, Counter.REJECTED_PLAYER_ALREADY_CONNECTED,
        Counter.SLOTS_HELD, Counter.RECONNECTS_ACCEPTED, Counter.RECONNECTS_REFUSED, Counter.RECONNECT_GRACE_EXPIRED,
        Counter.HANDSHAKE_TIMEOUTS, Counter.IDLE_TIMEOUTS, Counter.TCP_WRITE_BUFFER_FULL, Counter.PROTOCOL_ERRORS, Counter.TCP_MALFORMED, Counter.TCP_BAD_FRAME_LENGTH,
        Counter.UDP_GARBAGE, Counter.UDP_OVERSIZED, Counter.UDP_UNKNOWN_SOURCE, Counter.UDP_NOT_JOINED,
        Counter.UDP_BAD_KEY, Counter.UDP_UNEXPECTED_TYPE, Counter.UDP_REPLAYED, Counter.UDP_MALFORMED,
        Counter.UDP_FORGED_REGISTRATIONS, Counter.UDP_REBIND_LIMITED, Counter.UDP_FLOODED, Counter.INPUTS_REFUSED_BY_SESSION, Counter.CHAT_TOO_LONG,
        Counter.CHAT_INVALID, Counter.CHAT_FLOODED, Counter.FLOOD_KICKS, Counter.TCP_FLOOD_KICKS, Counter.STATS_THROTTLED, Counter.LISTENER_ERRORS,
        Counter.UPDATE_LOOP_ERRORS, Counter.SNAPSHOTS_OVER_BUDGET, Counter.SNAPSHOT_SEND_FAILURES,
        Counter.RELIABLE_SEND_FAILURES
    };

    private final NetworkConfig config;
    /** The default game's shape (a peer without a session, figures before placement). */
    private final SessionGateway session;
    /** Every hosted game's shape: start-up checks (datagram sizes, budgets, sockets). */
    private final java.util.List<SessionGateway> shapes;
    private final NetworkCounters counters = new NetworkCounters();
    private final GuardedSerialization serialization;
    private final SecureRandom random = new SecureRandom();
    private final UdpTransport udp;
    private final ConcurrentLinkedQueue<PlayerConnection> closeRequests = new ConcurrentLinkedQueue<>();
    private final DistinctErrorLog errors = new DistinctErrorLog(LOG);
    private final LongSupplier nanoClock;
    private final ConnectionTable table;
    private final HelloHandler hellos;
    private final ReconnectGrace grace;
    private final ChatRelay chat;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final long handshakeTimeoutNs;
    private final long closeLingerNs;
    private final long housekeepingIntervalNs;
    private final long idleTimeoutNs;

    // Update thread only.
    private final ArrayList<PlayerConnection> lingering = new ArrayList<>();
    private final long[] dropsAtLastSummary = new long[DROP_COUNTERS.length];
    private long nextSummaryNs;

    private volatile KryoServer server;
    private Thread updateThread;
    private volatile boolean running;
    private volatile int boundTcpPort = -1;
    private volatile int boundUdpPort = -1;
    /** Token check and drain switch for every Hello; a fleet manager drives it at run time. */
    private final JoinGate joinGate;

    /** Open or static-token mode, as {@code config.joinToken} says. */
    public ServerNetwork(NetworkConfig config, SessionGateway session) {
        this(config, session, null, System::nanoTime);
    }

    /**
     * {@code authenticator} decides every Hello's admission (on the update thread): e.g. the
     * signed connect tokens of {@code --token-secret}; null: the static token of the join gate.
     */
    public ServerNetwork(NetworkConfig config, SessionGateway session, JoinAuthenticator authenticator) {
        this(config, session, authenticator, System::nanoTime);
    }

    /**
     * @param authenticator decides on each Hello's credentials (a signed-token mode); null: the
     *                      static {@code --join-token} through {@link #joinGate()}
     * @param nanoClock     the clock every network decision reads (once per housekeeping cycle or event)
     */
    ServerNetwork(NetworkConfig config, SessionGateway session, JoinAuthenticator authenticator, LongSupplier nanoClock) {
        this(config, SessionDirectory.single(session, null), authenticator, nanoClock);
    }

    /**
     * In front of {@code sessions}: one session ({@link SessionDirectory#single}) or a
     * {@code SessionHost}'s sessions on demand; each Hello is placed by it and each connection's
     * inputs, control messages and figures go to its own session.
     */
    public ServerNetwork(NetworkConfig config, SessionDirectory sessions, JoinAuthenticator authenticator) {
        this(config, sessions, authenticator, System::nanoTime);
    }

    ServerNetwork(NetworkConfig config, SessionDirectory sessions, JoinAuthenticator authenticator, LongSupplier nanoClock) {
        if (config == null || sessions == null || nanoClock == null) {
            throw new IllegalArgumentException("config, sessions and clock are required");
        }
        final SessionGateway session = sessions.shape();
        this.config = config;
        this.session = session;
        this.shapes = java.util.List.copyOf(sessions.shapes());
        this.nanoClock = nanoClock;
        this.serialization = new GuardedSerialization(
                new KryoSerialization(Math.max(config.objectBufferBytes, 1024)), counters, config.maxInputDatagramBytes,
                config.objectBufferBytes);
        this.handshakeTimeoutNs = TimeUnit.MILLISECONDS.toNanos(config.handshakeTimeoutMs);
        this.closeLingerNs = TimeUnit.MILLISECONDS.toNanos(config.closeLingerMs);
        this.housekeepingIntervalNs = TimeUnit.MILLISECONDS.toNanos(config.housekeepingIntervalMs);
        this.idleTimeoutNs = TimeUnit.MILLISECONDS.toNanos(config.idleTimeoutMs);
        this.udp = new UdpTransport(counters, session::offerInput, config.maxInputDatagramBytes,
                TimeUnit.MILLISECONDS.toNanos(config.udpRebindIntervalMs),
                TimeUnit.MILLISECONDS.toNanos(config.udpRebindSilenceMs), config.udpDatagramsPerSecond,
                (long) config.udpDatagramsPerSecond, this::onUdpFlood, nanoClock, random);
        // Every hosted game's inputs must fit the receive buffer (each peer decodes by its own session's layout).
        for (SessionGateway game : shapes) {
            final io.tickforge.shared.world.InputLayout inputs = game.inputLayout();
            final int inputDatagram = io.tickforge.shared.protocol.InputPacket.maxWireBytes(inputs)
                    + io.tickforge.shared.transport.SecureDatagram.OVERHEAD_BYTES;
            if (inputDatagram > config.maxInputDatagramBytes) {
                throw new IllegalArgumentException("the game's input schema (" + inputs + ") makes input datagrams of up to "
                        + inputDatagram + " bytes; maxInputDatagramBytes is " + config.maxInputDatagramBytes + ": raise it");
            }
        }
        this.udp.setInputLayout(session.inputLayout());
        this.table = new ConnectionTable(config.maxConnections, config.maxConnectionsPerIp, config.maxPreAuthConnections,
                config.maxPreAuthPerIp, config.handshakesPerIpPerSecond, config.handshakeBurstPerIp);
        this.joinGate = new JoinGate(config.joinToken);
        // No authenticator given: the static token, through the join gate (a fleet manager may replace it).
        final JoinAuthenticator auth = authenticator != null ? authenticator : JoinAuthenticator.gate(joinGate);
        this.grace = new ReconnectGrace(session, counters, udp, joinGate, random, config.reconnectGraceMs);
        this.hellos = new HelloHandler(config, sessions, counters, table, udp, auth, joinGate, this::requestClose,
                PlayerConnection::sendTCP, this, grace);
        this.chat = new ChatRelay(config, counters, table::all, this::requestClose, PlayerConnection::sendTCP);
    }

    /** Who may join: replace the join token, or drain (every new Hello refused with DRAINING). Any thread. */
    public JoinGate joinGate() {
        return joinGate;
    }

    /**
     * Sends {@code Bye(reason, text)} to every open connection, joined or still handshaking, and
     * closes each after the usual linger; the network keeps running (see {@link #shutdown} to stop
     * it). Any thread.
     */
    public void disconnectAll(ByeReason reason, String text) {
        for (PlayerConnection c : table.all()) {
            if (c.isConnected()) {
                requestClose(c, new Bye(reason, text));
            }
        }
    }

    /**
     * Binds the TCP port (KryoNet, TCP only: its UDP, RegisterUDP binding and discovery are off) and
     * the UDP port (our {@link UdpTransport}), 0 = ephemeral, and starts the update and UDP threads.
     */
    public void start() throws IOException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        int budget = session.packetBudgetBytes();
        int sendingThreads = 1;
        for (SessionGateway game : shapes) {
            final int b = game.packetBudgetBytes();
            if (b <= SnapshotDatagram.FRAMING_BYTES || b > SnapshotDatagram.MAX_BUDGET_BYTES) {
                throw new IllegalStateException("session packet budget " + b + " bytes must be in "
                        + (SnapshotDatagram.FRAMING_BYTES + 1) + ".." + SnapshotDatagram.MAX_BUDGET_BYTES);
            }
            sendingThreads = Math.max(sendingThreads, game.sendingThreads());
        }
        io.tickforge.shared.log.MinlogBridge.install();
        server = new KryoServer(config.writeBufferBytes, config.objectBufferBytes, serialization);
        server.addListener(new NetworkListener());
        InetAddress address = InetAddress.getByName(config.bindAddress);
        try {
            server.bind(new InetSocketAddress(address, config.tcpPort), null);
            boundTcpPort = boundTcpPort(server, config.tcpPort);
            udp.setSocketCount(Math.min(16, sendingThreads));
            udp.bind(new InetSocketAddress(address, config.udpPort));
            boundUdpPort = udp.port();
        } catch (IOException | RuntimeException e) {
            try {
                server.dispose();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            udp.close();
            server = null;
            throw e;
        }
        LOG.info("Listening on {} TCP port {} and UDP port {} (session {}, budget {} bytes, handshake timeout {} ms)",
                config.bindAddress, boundTcpPort, boundUdpPort, session.sessionId(), budget, config.handshakeTimeoutMs);
        running = true;
        nextSummaryNs = nanoClock.getAsLong() + TimeUnit.MILLISECONDS.toNanos(config.dropSummaryIntervalMs);
        updateThread = new Thread(this::runUpdateLoop, "tickforge-net");
        updateThread.setDaemon(true);
        updateThread.start();
        udp.setBatchWindowNanos(TimeUnit.MICROSECONDS.toNanos(config.udpBatchMicros));
        udp.start();
    }

    /** The bound TCP port (after start). */
    public int tcpPort() {
        requireStarted();
        return boundTcpPort;
    }

    /** The bound UDP port (after start). */
    public int udpPort() {
        requireStarted();
        return boundUdpPort;
    }

    /** Total payload bytes received (TCP frames incl. their 4-byte length, UDP datagrams) since start. */
    public long bytesIn() {
        return counters.get(Counter.BYTES_IN);
    }

    /** Total payload bytes sent (TCP frames incl. their 4-byte length, UDP datagrams) since start. */
    public long bytesOut() {
        return counters.get(Counter.BYTES_OUT);
    }

    /** Every drop, refusal and traffic figure of this server. Any thread. */
    public NetworkCounters counters() {
        return counters;
    }

    public NetworkConfig config() {
        return config;
    }

    /** The update thread (after start), for allocation measurements in tests. */
    Thread updateThread() {
        return updateThread;
    }

    /** The UDP receive thread (after start), for allocation measurements in tests. */
    Thread udpThread() {
        return udp.receiveThread();
    }

    /** Slot owners and held slots, for tests. */
    ReconnectGrace reconnectGrace() {
        return grace;
    }

    /** The UDP transport, for tests. */
    UdpTransport udpTransport() {
        return udp;
    }

    /** Sends {@code Bye(reason)} to every connection, then closes them all and stops. Idempotent. */
    public void shutdown(ByeReason reason) {
        if (!started.get() || !stopped.compareAndSet(false, true) || server == null) {
            return;
        }
        Bye bye = new Bye(reason, "server stopping");
        PlayerConnection[] all = table.all();
        for (PlayerConnection c : all) {
            if (c.isConnected() && c.closeRequested.compareAndSet(false, true)) {
                c.endsSlot = true; // stopping: nothing is held
                try {
                    c.sendTCP(bye);
                } catch (RuntimeException e) {
                    counters.increment(Counter.RELIABLE_SEND_FAILURES);
                }
            }
        }
        // Let the update thread flush what did not fit the socket at once.
        long deadlineNs = nanoClock.getAsLong() + closeLingerNs;
        while (nanoClock.getAsLong() - deadlineNs < 0 && anyUnflushed(all)) {
            sleepQuietly(5);
        }
        running = false;
        Thread thread = updateThread;
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        server.stop();
        udp.close();
        for (PlayerConnection c : table.all()) {
            c.close(); // pending connections are not in KryoNet's own list
        }
        try {
            server.dispose();
        } catch (IOException e) {
            LOG.debug("Closing the selector failed", e);
        }
        LOG.info("Network stopped ({}): {}", reason, counters);
    }

    @Override
    public void close() {
        shutdown(ByeReason.SERVER_SHUTDOWN);
    }

    // ---- closing ---------------------------------------------------------------------------------

    /**
     * Sends {@code farewell} (Bye or Rejected; null for none) and closes the connection on the update
     * thread after the linger time (closeLingerMs). Any thread; first call wins.
     */
    void requestClose(PlayerConnection c, Object farewell) {
        if (!c.closeRequested.compareAndSet(false, true)) {
            return;
        }
        ReconnectGrace.noteFarewell(c, farewell); // a kick or a Bye ends the slot; a timeout holds it
        if (farewell != null) {
            try {
                c.sendTCP(farewell); // also wakes the selector, so the update thread sees the request soon
            } catch (RuntimeException e) {
                counters.increment(Counter.RELIABLE_SEND_FAILURES);
            }
        }
        closeRequests.add(c);
    }

    private void processCloses(long nowNs) {
        PlayerConnection c;
        while ((c = closeRequests.poll()) != null) {
            c.closeDeadlineNs = nowNs + closeLingerNs;
            lingering.add(c);
        }
        for (int i = lingering.size() - 1; i >= 0; i--) {
            PlayerConnection l = lingering.get(i);
            // Always linger: KryoNet keeps reading (we discard) what the peer still sends, so the close
            // is a FIN. Closing with unread bytes queued makes the kernel send RST, and an RST can
            // destroy our Bye in the peer's receive buffer before the peer reads it.
            if (!l.isConnected() || nowNs - l.closeDeadlineNs >= 0) {
                l.close();
                lingering.set(i, lingering.get(lingering.size() - 1));
                lingering.remove(lingering.size() - 1);
            }
        }
    }

    // ---- update thread ---------------------------------------------------------------------------

    private void runUpdateLoop() {
        long nextHousekeepingNs = nanoClock.getAsLong();
        while (running) {
            try {
                // Blocks in select for at most the housekeeping interval; never called from a tick loop.
                server.update(config.housekeepingIntervalMs);
            } catch (Throwable t) {
                counters.increment(Counter.UPDATE_LOOP_ERRORS);
                errors.record("KryoNet update failed", t);
                if (t instanceof IOException) {
                    sleepQuietly(10); // a broken selector would otherwise spin
                }
            }
            try {
                long nowNs = nanoClock.getAsLong();
                processCloses(nowNs);
                if (nowNs - nextHousekeepingNs >= 0) {
                    housekeeping(nowNs);
                    nextHousekeepingNs = nowNs + housekeepingIntervalNs;
                }
            } catch (Throwable t) {
                counters.increment(Counter.UPDATE_LOOP_ERRORS);
                errors.record("Network housekeeping failed", t);
            }
        }
    }

    /** Handshake deadlines, refused sockets, table cleanup, the summary line. Update thread. */
    void housekeeping(long nowNs) {
        for (PlayerConnection c : table.all()) {
            if (c.overLimit && c.isConnected()) {
                c.close();
            }
        }
        table.forEachIdle(nowNs, idleTimeoutNs, c -> {
            counters.increment(Counter.IDLE_TIMEOUTS);
            requestClose(c, new Bye(ByeReason.TIMED_OUT, "nothing received for " + config.idleTimeoutMs + " ms"));
        });
        table.forEachExpiredHandshake(nowNs, handshakeTimeoutNs, c -> {
            counters.increment(Counter.HANDSHAKE_TIMEOUTS);
            requestClose(c, new Bye(ByeReason.HANDSHAKE_TIMEOUT, "no Hello within " + config.handshakeTimeoutMs + " ms"));
        });
        table.removeClosed();
        table.evictIdle(nowNs);
        grace.expire(nowNs); // held slots whose --reconnect-grace is over leave (all of them while draining)
        if (config.dropSummaryIntervalMs > 0 && nowNs - nextSummaryNs >= 0) {
            nextSummaryNs = nowNs + TimeUnit.MILLISECONDS.toNanos(config.dropSummaryIntervalMs);
            logDropSummary();
            errors.logRepeats();
            io.tickforge.shared.log.MinlogBridge.logRepeats();
        }
    }

    private void logDropSummary() {
        StringBuilder line = null;
        for (int i = 0; i < DROP_COUNTERS.length; i++) {
            long now = counters.get(DROP_COUNTERS[i]);
            long delta = now - dropsAtLastSummary[i];
            dropsAtLastSummary[i] = now;
            if (delta > 0) {
                if (line == null) {
                    line = new StringBuilder("Network in the last ").append(config.dropSummaryIntervalMs).append(" ms:");
                }
                line.append(' ').append(DROP_COUNTERS[i].name().toLowerCase()).append('=').append(delta);
            }
        }
        if (line != null) {
            LOG.info(line.toString());
        }
    }

    /** UDP receive thread: a peer dropped a second's worth of datagrams over its rate; kick it (any thread may). */
    private void onUdpFlood(UdpPeer peer) {
        PlayerConnection c = peer.owner;
        if (c != null && !c.closeRequested.get()) {
            counters.increment(Counter.FLOOD_KICKS);
            requestClose(c, new Bye(ByeReason.FLOODING, "too many datagrams"));
        }
    }

    /** A socket KryoNet accepted (before it is initialised): tracked so every socket is seen. */
    private void onAccepted(PlayerConnection c) {
        counters.increment(Counter.CONNECTIONS_ACCEPTED);
        table.track(c);
    }

    /** KryoNet finished registering the socket: admission by total, pre-auth and per-address limits. */
    private void onConnected(PlayerConnection c) {
        InetSocketAddress remote = c.getRemoteAddressTCP();
        ConnectionTable.Admission admission = table.admit(c, remote == null ? null : remote.getAddress(), old -> {
            counters.increment(Counter.PRE_AUTH_EVICTIONS);
            requestClose(old, new Bye(ByeReason.HANDSHAKE_TIMEOUT, "no Hello yet and the server needs the room"));
        });
        if (admission != ConnectionTable.Admission.ADMITTED) {
            c.overLimit = true; // its messages are ignored
            counters.increment(switch (admission) {
                case OVER_PER_ADDRESS -> Counter.CONNECTIONS_OVER_IP_LIMIT;
                case OVER_PRE_AUTH_PER_ADDRESS -> Counter.CONNECTIONS_OVER_PRE_AUTH_LIMIT;
                default -> Counter.CONNECTIONS_OVER_LIMIT;
            });
            // Closed at once (KryoNet is done with it: connected() is the last step of its accept),
            // so its buffers go back at once and a flood never holds the table.
            c.close();
        }
    }

    // ---- message handling (update thread, inside the listener's try/catch) ----------------------

    private void onTcpMessage(PlayerConnection c, Object message, long nowNs) {
        if (c.closeRequested.get() || c.overLimit) {
            return; // already leaving; ignore whatever else it sent
        }
        if (message == GuardedSerialization.MALFORMED) {
            counters.increment(Counter.TCP_MALFORMED);
            requestClose(c, new Bye(ByeReason.PROTOCOL_ERROR, "undecodable message"));
        } else if (message instanceof Hello hello) {
            hellos.onHello(c, hello, nowNs);
        } else if (message instanceof Chat line) {
            if (c.state.get() != PlayerConnection.JOINED) {
                protocolError(c, "Chat before Welcome");
                return;
            }
            chat.onChat(c, line, nowNs);
        } else if (message instanceof StatsRequest) {
            if (c.state.get() != PlayerConnection.JOINED) {
                protocolError(c, "StatsRequest before Welcome");
                return;
            }
            if (!c.statsRequests.tryTake(nowNs)) {
                counters.increment(Counter.STATS_THROTTLED);
                return;
            }
            counters.increment(Counter.STATS_REQUESTS);
            final SessionGateway own = c.session;
            c.sendTCP(own != null ? own.stats() : session.stats()); // the figures of the player's own session
        } else if (message instanceof Bye) {
            requestClose(c, null); // the client is leaving
        } else {
            protocolError(c, "unexpected " + message.getClass().getSimpleName() + " over TCP");
        }
    }

    /**
     * Every TCP message, KryoNet's own pings and keep-alives included, costs a token: a peer that
     * floods frames (each one cheap, pings even answered by KryoNet) is told FLOODING and closed.
     */
    private boolean takeTcpToken(PlayerConnection c, long nowNs) {
        if (c.tcpMessages.tryTake(nowNs)) {
            return true;
        }
        if (!c.closeRequested.get()) {
            counters.increment(Counter.TCP_FLOOD_KICKS);
            requestClose(c, new Bye(ByeReason.FLOODING, "too many messages"));
        }
        return false;
    }

    private void protocolError(PlayerConnection c, String text) {
        counters.increment(Counter.PROTOCOL_ERRORS);
        requestClose(c, new Bye(ByeReason.PROTOCOL_ERROR, text));
    }

    // ---- plumbing --------------------------------------------------------------------------------

    /** KryoNet's listener: every method catches everything, so nothing can end the update thread. */
    private final class NetworkListener extends Listener {
        @Override
        public void connected(Connection connection) {
            try {
                PlayerConnection c = (PlayerConnection) connection;
                c.udpRegistered = true;
                c.lastTcpReadNs = nanoClock.getAsLong();
                c.setKeepAliveTCP(config.keepAliveMs);
                c.setTimeout(0); // KryoNet's wall-clock idle timer is off: housekeeping decides, on our clock
                onConnected(c);
            } catch (Throwable t) {
                listenerFailed(connection, "connected", t);
            }
        }

        @Override
        public void received(Connection connection, Object message) {
            try {
                // KryoNet reads only TCP here: its UDP is off (UdpTransport owns the UDP port).
                PlayerConnection c = (PlayerConnection) connection;
                long nowNs = nanoClock.getAsLong();
                c.lastTcpReadNs = nowNs;
                if (!takeTcpToken(c, nowNs)) {
                    return;
                }
                if (message instanceof FrameworkMessage.RegisterUDP) {
                    counters.increment(Counter.UDP_FORGED_REGISTRATIONS); // binds nothing: KryoNet has no UDP
                    return;
                }
                if (message instanceof FrameworkMessage) {
                    return; // keep-alives, pings (KryoNet answers them over TCP, same size, token-bucketed)
                }
                onTcpMessage(c, message, nowNs);
            } catch (Throwable t) {
                listenerFailed(connection, "received " + (message == null ? "null" : message.getClass().getSimpleName()), t);
            }
        }

        @Override
        public void disconnected(Connection connection) {
            try {
                PlayerConnection c = (PlayerConnection) connection;
                counters.increment(Counter.CONNECTIONS_CLOSED);
                if (!c.udpRegistered) {
                    counters.increment(Counter.CLOSED_BEFORE_REGISTRATION);
                }
                // Outcomes are counted where they are decided, not logged per event: the periodic
                // summary reports them (no client can make the server write more than that line).
                table.release(c);
                // CLOSED exactly once; a playing slot is held for a reconnect or ends (one leave).
                grace.onClosed(c, nanoClock.getAsLong());
            } catch (Throwable t) {
                listenerFailed(connection, "disconnected", t);
            }
        }
    }

    private void listenerFailed(Connection connection, String what, Throwable t) {
        counters.increment(Counter.LISTENER_ERRORS);
        errors.record("Listener " + what + " failed", t);
    }

    /** KryoNet's server with our connection type, so accepts (even ones that never register UDP) are tracked. */
    private final class KryoServer extends Server {
        KryoServer(int writeBufferBytes, int objectBufferBytes, GuardedSerialization serialization) {
            super(writeBufferBytes, objectBufferBytes, serialization);
        }

        @Override
        protected Connection newConnection() {
            PlayerConnection c = new PlayerConnection(nanoClock.getAsLong(), config);
            onAccepted(c);
            return c;
        }
    }

    /**
     * KryoNet keeps its channel private and has no getter for the bound port, so read it once by
     * reflection (the library sits on the class path, no module opens needed).
     */
    private static int boundTcpPort(Server server, int configured) throws IOException {
        try {
            Field f = Server.class.getDeclaredField("serverChannel");
            f.setAccessible(true);
            ServerSocketChannel channel = (ServerSocketChannel) f.get(server);
            return channel.socket().getLocalPort();
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (configured != 0) {
                return configured;
            }
            throw new IOException("Cannot read the ephemeral TCP port KryoNet bound", e);
        }
    }

    private static boolean anyUnflushed(PlayerConnection[] all) {
        for (PlayerConnection c : all) {
            if (c.isConnected() && c.getTcpWriteBufferSize() > 0) {
                return true;
            }
        }
        return false;
    }

    private void requireStarted() {
        if (!started.get() || boundTcpPort < 0) {
            throw new IllegalStateException("not started");
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
