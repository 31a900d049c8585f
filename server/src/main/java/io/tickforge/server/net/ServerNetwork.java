package io.tickforge.server.net;

import com.esotericsoftware.kryonet.Connection;
import com.esotericsoftware.kryonet.FrameworkMessage;
import com.esotericsoftware.kryonet.Listener;
import com.esotericsoftware.kryonet.Server;
import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.server.session.SessionGateway;
import io.tickforge.shared.protocol.Bye;
import io.tickforge.shared.protocol.ByeReason;
import io.tickforge.shared.protocol.Chat;
import io.tickforge.shared.protocol.Hello;
import io.tickforge.shared.protocol.InputPacket;
import io.tickforge.shared.protocol.KryoSerialization;
import io.tickforge.shared.protocol.Protocol;
import io.tickforge.shared.protocol.RejectReason;
import io.tickforge.shared.protocol.Rejected;
import io.tickforge.shared.protocol.SnapshotDatagram;
import io.tickforge.shared.protocol.StatsRequest;
import io.tickforge.shared.protocol.Welcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The KryoNet server in front of one session. Owns one thread, the update thread
 * ("tickforge-net"), which reads every socket, runs the listener (validate, count, enqueue; never
 * simulate) and does housekeeping (handshake deadlines, lingering closes, drop summary) between
 * selects. Other threads use {@link PlayerLink}s, {@link #counters()}, {@link #shutdown}.
 * See docs/NETWORKING.md for the handshake, limits and the KryoNet behaviours we work around.
 */
public final class ServerNetwork implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerNetwork.class);

    /** Counters that mean "something was dropped or refused", for the periodic summary line. */
    private static final Counter[] DROP_COUNTERS = {
        Counter.CONNECTIONS_OVER_LIMIT, Counter.CLOSED_BEFORE_REGISTRATION, Counter.REJECTED_VERSION,
        Counter.REJECTED_SERVER_FULL, Counter.REJECTED_BAD_NAME, Counter.REJECTED_BAD_TOKEN,
        Counter.REJECTED_TOKEN_EXPIRED, Counter.REJECTED_TOKEN_INVALID, Counter.REJECTED_TOKEN_WRONG_SERVER,
        Counter.REJECTED_TOKEN_REUSED, Counter.REJECTED_TOKEN_TABLE_FULL,
        Counter.HANDSHAKE_TIMEOUTS, Counter.IDLE_TIMEOUTS, Counter.TCP_WRITE_BUFFER_FULL, Counter.PROTOCOL_ERRORS, Counter.TCP_MALFORMED, Counter.TCP_BAD_FRAME_LENGTH,
        Counter.UDP_GARBAGE, Counter.UDP_OVERSIZED, Counter.UDP_UNKNOWN_SOURCE, Counter.UDP_NOT_JOINED,
        Counter.UDP_BAD_KEY, Counter.UDP_UNEXPECTED_TYPE, Counter.INPUTS_REFUSED_BY_SESSION, Counter.CHAT_TOO_LONG,
        Counter.CHAT_INVALID, Counter.CHAT_FLOODED, Counter.FLOOD_KICKS, Counter.TCP_FLOOD_KICKS, Counter.STATS_THROTTLED, Counter.LISTENER_ERRORS,
        Counter.UPDATE_LOOP_ERRORS, Counter.SNAPSHOTS_OVER_BUDGET, Counter.SNAPSHOT_SEND_FAILURES,
        Counter.RELIABLE_SEND_FAILURES
    };

    private final NetworkConfig config;
    private final SessionGateway session;
    private final JoinAuthenticator authenticator;
    private final NetworkCounters counters = new NetworkCounters();
    private final GuardedSerialization serialization;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentLinkedQueue<PlayerConnection> closeRequests = new ConcurrentLinkedQueue<>();
    private final RateLimitedLog listenerErrors = new RateLimitedLog(LOG, 10_000);
    private final RateLimitedLog loopErrors = new RateLimitedLog(LOG, 10_000);
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final long handshakeTimeoutNs;
    private final long closeLingerNs;
    private final long housekeepingIntervalNs;
    private final double chatTokensPerNs;
    private final double tcpTokensPerNs;

    /** Every accepted connection, pending or joined. Written by the update thread only (copy on write). */
    private volatile PlayerConnection[] connections = new PlayerConnection[0];
    // Update thread only.
    private final ArrayList<PlayerConnection> lingering = new ArrayList<>();
    private final long[] dropsAtLastSummary = new long[DROP_COUNTERS.length];
    private long nextSummaryNs;

    private volatile KryoServer server;
    private Thread updateThread;
    private volatile boolean running;
    private volatile int boundTcpPort = -1;
    private volatile int boundUdpPort = -1;

    /** Open or static-token mode, as {@code config.joinToken} says. */
    public ServerNetwork(NetworkConfig config, SessionGateway session) {
        this(config, session, config == null ? null : JoinAuthenticator.fromConfig(config));
    }

    /** {@code authenticator} decides every Hello's admission (on the update thread). */
    public ServerNetwork(NetworkConfig config, SessionGateway session, JoinAuthenticator authenticator) {
        if (config == null || session == null || authenticator == null) {
            throw new IllegalArgumentException("config, session and authenticator are required");
        }
        this.config = config;
        this.session = session;
        this.authenticator = authenticator;
        this.serialization = new GuardedSerialization(
                new KryoSerialization(Math.max(config.objectBufferBytes, 1024)), counters, config.maxInputDatagramBytes,
                config.objectBufferBytes);
        this.handshakeTimeoutNs = TimeUnit.MILLISECONDS.toNanos(config.handshakeTimeoutMs);
        this.closeLingerNs = TimeUnit.MILLISECONDS.toNanos(config.closeLingerMs);
        this.housekeepingIntervalNs = TimeUnit.MILLISECONDS.toNanos(config.housekeepingIntervalMs);
        this.chatTokensPerNs = config.chatPerSecond / 1e9;
        this.tcpTokensPerNs = config.tcpMessagesPerSecond / 1e9;
    }

    /** Binds the TCP and UDP ports (0 = ephemeral) and starts the update thread. */
    public void start() throws IOException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        int budget = session.packetBudgetBytes();
        if (budget <= SnapshotDatagram.FRAMING_BYTES || budget > config.objectBufferBytes) {
            throw new IllegalStateException("session packet budget " + budget + " bytes must be in "
                    + (SnapshotDatagram.FRAMING_BYTES + 1) + ".." + config.objectBufferBytes + " (objectBufferBytes)");
        }
        MinlogBridge.install();
        server = new KryoServer(config.writeBufferBytes, config.objectBufferBytes, serialization);
        server.addListener(new NetworkListener());
        InetAddress address = InetAddress.getByName(config.bindAddress);
        try {
            server.bind(new InetSocketAddress(address, config.tcpPort), new InetSocketAddress(address, config.udpPort));
            boundTcpPort = boundPort(server, true, config.tcpPort);
            boundUdpPort = boundPort(server, false, config.udpPort);
        } catch (IOException | RuntimeException e) {
            try {
                server.dispose();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            server = null;
            throw e;
        }
        LOG.info("Listening on {} TCP port {} and UDP port {} (session {}, budget {} bytes, handshake timeout {} ms)",
                config.bindAddress, boundTcpPort, boundUdpPort, session.sessionId(), budget, config.handshakeTimeoutMs);
        running = true;
        nextSummaryNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.dropSummaryIntervalMs);
        updateThread = new Thread(this::runUpdateLoop, "tickforge-net");
        updateThread.setDaemon(true);
        updateThread.start();
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

    /** Sends {@code Bye(reason)} to every connection, then closes them all and stops. Idempotent. */
    public void shutdown(ByeReason reason) {
        if (!started.get() || !stopped.compareAndSet(false, true) || server == null) {
            return;
        }
        Bye bye = new Bye(reason, "server stopping");
        PlayerConnection[] all = connections;
        for (PlayerConnection c : all) {
            if (c.isConnected() && c.closeRequested.compareAndSet(false, true)) {
                try {
                    c.sendTCP(bye);
                } catch (RuntimeException e) {
                    counters.increment(Counter.RELIABLE_SEND_FAILURES);
                }
            }
        }
        // Let the update thread flush what did not fit the socket at once.
        long deadlineNs = System.nanoTime() + closeLingerNs;
        while (System.nanoTime() - deadlineNs < 0 && anyUnflushed(all)) {
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
        for (PlayerConnection c : connections) {
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
        long nextHousekeepingNs = System.nanoTime();
        while (running) {
            try {
                // Blocks in select for at most the housekeeping interval; never called from a tick loop.
                server.update(config.housekeepingIntervalMs);
            } catch (Throwable t) {
                counters.increment(Counter.UPDATE_LOOP_ERRORS);
                loopErrors.warn("KryoNet update failed", t);
                if (t instanceof IOException) {
                    sleepQuietly(10); // a broken selector would otherwise spin
                }
            }
            try {
                long nowNs = System.nanoTime();
                processCloses(nowNs);
                if (nowNs - nextHousekeepingNs >= 0) {
                    housekeeping(nowNs);
                    nextHousekeepingNs = nowNs + housekeepingIntervalNs;
                }
            } catch (Throwable t) {
                counters.increment(Counter.UPDATE_LOOP_ERRORS);
                loopErrors.warn("Network housekeeping failed", t);
            }
        }
    }

    private void housekeeping(long nowNs) {
        PlayerConnection[] all = connections;
        int dead = 0;
        for (PlayerConnection c : all) {
            if (!c.isConnected()) {
                dead++;
                continue;
            }
            if (c.overLimit) {
                c.close();
                continue;
            }
            if (c.state.get() == PlayerConnection.AWAITING_HELLO && !c.closeRequested.get()
                    && nowNs - c.acceptedAtNs >= handshakeTimeoutNs) {
                counters.increment(Counter.HANDSHAKE_TIMEOUTS);
                LOG.debug("Connection {}: no Hello within {} ms, closing", c.getID(), config.handshakeTimeoutMs);
                requestClose(c, new Bye(ByeReason.HANDSHAKE_TIMEOUT, "no Hello within " + config.handshakeTimeoutMs + " ms"));
            }
        }
        if (dead > 0) {
            PlayerConnection[] live = new PlayerConnection[all.length - dead];
            int n = 0;
            for (PlayerConnection c : all) {
                if (c.isConnected() && n < live.length) {
                    live[n++] = c;
                }
            }
            connections = n == live.length ? live : Arrays.copyOf(live, n);
        }
        if (config.dropSummaryIntervalMs > 0 && nowNs - nextSummaryNs >= 0) {
            nextSummaryNs = nowNs + TimeUnit.MILLISECONDS.toNanos(config.dropSummaryIntervalMs);
            logDropSummary();
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
                    line = new StringBuilder("Network drops in the last ").append(config.dropSummaryIntervalMs).append(" ms:");
                }
                line.append(' ').append(DROP_COUNTERS[i].name().toLowerCase()).append('=').append(delta);
            }
        }
        if (line != null) {
            LOG.info(line.toString());
        }
    }

    private void onAccepted(PlayerConnection c) {
        counters.increment(Counter.CONNECTIONS_ACCEPTED);
        PlayerConnection[] all = connections;
        if (all.length >= config.maxConnections) {
            c.overLimit = true; // closed at the next housekeeping pass (KryoNet has not initialized it yet)
            counters.increment(Counter.CONNECTIONS_OVER_LIMIT);
        }
        PlayerConnection[] grown = Arrays.copyOf(all, all.length + 1);
        grown[all.length] = c;
        connections = grown;
    }

    // ---- message handling (update thread, inside the listener's try/catch) ----------------------

    private void onTcpMessage(PlayerConnection c, Object message) {
        if (c.closeRequested.get() || c.overLimit) {
            return; // already leaving; ignore whatever else it sent
        }
        if (message == GuardedSerialization.MALFORMED) {
            counters.increment(Counter.TCP_MALFORMED);
            LOG.debug("Connection {}: undecodable TCP frame, closing", c.getID());
            requestClose(c, new Bye(ByeReason.PROTOCOL_ERROR, "undecodable message"));
        } else if (message instanceof Hello hello) {
            onHello(c, hello);
        } else if (message instanceof Chat chat) {
            onChat(c, chat);
        } else if (message instanceof StatsRequest) {
            if (c.state.get() != PlayerConnection.JOINED) {
                protocolError(c, "StatsRequest before Welcome");
                return;
            }
            if (!takeToken(c, System.nanoTime(), false)) {
                counters.increment(Counter.STATS_THROTTLED);
                return;
            }
            counters.increment(Counter.STATS_REQUESTS);
            c.sendTCP(session.stats());
        } else if (message instanceof Bye) {
            requestClose(c, null); // the client is leaving
        } else {
            protocolError(c, "unexpected " + message.getClass().getSimpleName() + " over TCP");
        }
    }

    private void onDatagram(PlayerConnection c, Object message) {
        if (message instanceof InputPacket packet) {
            if (c.state.get() != PlayerConnection.JOINED || c.closeRequested.get()) {
                counters.increment(Counter.UDP_NOT_JOINED);
                return;
            }
            if (packet.udpKey != c.udpKey) {
                counters.increment(Counter.UDP_BAD_KEY);
                return;
            }
            if (session.offerInput(c.slot, packet)) {
                counters.increment(Counter.INPUTS_ACCEPTED);
            } else {
                counters.increment(Counter.INPUTS_REFUSED_BY_SESSION);
            }
        } else if (message != GuardedSerialization.MALFORMED) {
            // MALFORMED was already counted by the serialization.
            counters.increment(Counter.UDP_UNEXPECTED_TYPE);
        }
    }

    private void onHello(PlayerConnection c, Hello hello) {
        if (c.state.get() != PlayerConnection.AWAITING_HELLO) {
            protocolError(c, "second Hello");
            return;
        }
        if (hello.protocolVersion != Protocol.VERSION) {
            reject(c, Counter.REJECTED_VERSION, RejectReason.VERSION_MISMATCH,
                    "server speaks protocol " + Protocol.VERSION + ", client " + hello.protocolVersion);
            return;
        }
        if (!config.isValidName(hello.playerName)) {
            reject(c, Counter.REJECTED_BAD_NAME, RejectReason.BAD_NAME, "name must be 1.." + config.maxNameChars
                    + " ASCII letters, digits or '" + config.extraNameChars + "', no leading or trailing space");
            return;
        }
        JoinVerdict verdict = authenticator.authenticate(hello, c.getRemoteAddressTCP());
        if (!verdict.accepted()) {
            reject(c, verdict.counter(), verdict.reason(), verdict.text());
            return;
        }
        c.grant = verdict.grant();
        if (!c.state.compareAndSet(PlayerConnection.AWAITING_HELLO, PlayerConnection.JOINING)) {
            return; // closed meanwhile
        }
        int slot = session.reserveSlot();
        if (slot < 0) {
            reject(c, Counter.REJECTED_SERVER_FULL, RejectReason.SERVER_FULL, "session is full");
            return;
        }
        int key;
        do {
            key = random.nextInt();
        } while (key == 0);
        int budget = session.packetBudgetBytes();
        KryoPlayerLink link = new KryoPlayerLink(c, this, counters, budget);
        c.slot = slot;
        c.udpKey = key;
        c.playerName = hello.playerName;
        c.link = link;
        c.chatTokens = config.chatBurst;
        c.statsTokens = config.chatBurst;
        c.chatRefilledAtNs = System.nanoTime();
        c.statsRefilledAtNs = c.chatRefilledAtNs;
        c.setName("Connection " + c.getID() + " (slot " + slot + ", " + hello.playerName + ")");
        c.sendTCP(new Welcome(slot, session.sessionId(), session.tickRateHz(), session.currentTick(), key, budget));
        if (c.state.get() == PlayerConnection.CLOSED) {
            // Closed while sending; disconnected() saw JOINING and left the slot to us.
            session.releaseSlot(slot);
            return;
        }
        session.enqueueJoin(slot, hello.playerName, link);
        if (c.state.compareAndSet(PlayerConnection.JOINING, PlayerConnection.JOINED)) {
            counters.increment(Counter.JOINED);
            LOG.info("Connection {} joined as slot {} ({})", c.getID(), slot, hello.playerName);
        } else {
            // Closed between the check and the join: the session applies join then leave.
            session.enqueueLeave(slot);
            counters.increment(Counter.LEAVES);
        }
    }

    private void onChat(PlayerConnection c, Chat chat) {
        if (c.state.get() != PlayerConnection.JOINED) {
            protocolError(c, "Chat before Welcome");
            return;
        }
        String text = chat.text;
        if (text.length() > config.maxChatChars) {
            counters.increment(Counter.CHAT_TOO_LONG);
            return;
        }
        if (text.isBlank() || hasControlChars(text)) {
            counters.increment(Counter.CHAT_INVALID);
            return;
        }
        if (!takeToken(c, System.nanoTime(), true)) {
            counters.increment(Counter.CHAT_FLOODED);
            if (++c.chatStrikes >= config.chatFloodStrikes) {
                counters.increment(Counter.FLOOD_KICKS);
                LOG.info("Connection {} (slot {}) kicked for chat flooding", c.getID(), c.slot);
                requestClose(c, new Bye(ByeReason.FLOODING, "too many chat messages"));
            }
            return;
        }
        if (c.chatStrikes > 0) {
            c.chatStrikes--;
        }
        // KryoNet serializes once per connection (no encode-once broadcast); chat is rate-limited.
        counters.increment(Counter.CHAT_RELAYED);
        Chat relay = new Chat(c.slot, c.playerName, text);
        for (PlayerConnection p : connections) {
            if (p.state.get() == PlayerConnection.JOINED && !p.closeRequested.get()) {
                p.sendTCP(relay);
            }
        }
    }

    /**
     * Every TCP message, KryoNet's own pings and keep-alives included, costs a token: a peer that
     * floods frames (each one cheap, pings even answered by KryoNet) is told FLOODING and closed.
     */
    private boolean takeTcpToken(PlayerConnection c, long nowNs) {
        if (c.tcpRefilledAtNs == 0) {
            c.tcpTokens = config.tcpMessageBurst;
        } else {
            c.tcpTokens = Math.min(config.tcpMessageBurst, c.tcpTokens + (nowNs - c.tcpRefilledAtNs) * tcpTokensPerNs);
        }
        c.tcpRefilledAtNs = nowNs;
        if (c.tcpTokens >= 1.0) {
            c.tcpTokens -= 1.0;
            return true;
        }
        if (!c.closeRequested.get()) {
            counters.increment(Counter.TCP_FLOOD_KICKS);
            LOG.debug("Connection {}: more than {} TCP messages/s, closing", c.getID(), config.tcpMessagesPerSecond);
            requestClose(c, new Bye(ByeReason.FLOODING, "too many messages"));
        }
        return false;
    }

    /** Token bucket per connection (chat, or stats requests), refilled at chatPerSecond up to chatBurst. */
    private boolean takeToken(PlayerConnection c, long nowNs, boolean chat) {
        double tokens = chat ? c.chatTokens : c.statsTokens;
        long refilledAtNs = chat ? c.chatRefilledAtNs : c.statsRefilledAtNs;
        tokens = Math.min(config.chatBurst, tokens + (nowNs - refilledAtNs) * chatTokensPerNs);
        boolean granted = tokens >= 1.0;
        if (granted) {
            tokens -= 1.0;
        }
        if (chat) {
            c.chatTokens = tokens;
            c.chatRefilledAtNs = nowNs;
        } else {
            c.statsTokens = tokens;
            c.statsRefilledAtNs = nowNs;
        }
        return granted;
    }

    private static boolean hasControlChars(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private void reject(PlayerConnection c, Counter counter, RejectReason reason, String text) {
        counters.increment(counter);
        LOG.debug("Connection {} rejected: {} ({})", c.getID(), reason, text);
        requestClose(c, new Rejected(reason, text));
    }

    private void protocolError(PlayerConnection c, String text) {
        counters.increment(Counter.PROTOCOL_ERRORS);
        LOG.debug("Connection {}: protocol error ({}), closing", c.getID(), text);
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
                c.lastTcpReadMs = System.currentTimeMillis();
                c.setKeepAliveTCP(config.keepAliveMs);
                c.setTimeout(config.idleTimeoutMs);
            } catch (Throwable t) {
                listenerFailed(connection, "connected", t);
            }
        }

        @Override
        public void received(Connection connection, Object message) {
            try {
                boolean viaUdp = serialization.lastReadWasUdp();
                PlayerConnection c = (PlayerConnection) connection;
                if (!viaUdp) {
                    c.lastTcpReadMs = System.currentTimeMillis();
                    if (!takeTcpToken(c, System.nanoTime())) {
                        return;
                    }
                }
                if (message instanceof FrameworkMessage) {
                    return; // keep-alives, pings (KryoNet answers them), registrations
                }
                if (viaUdp) {
                    onDatagram(c, message);
                } else {
                    onTcpMessage(c, message);
                }
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
                if (c.writeBufferFull) {
                    LOG.info("Connection {} (slot {}): TCP write buffer ({} bytes) full, peer not reading, closed",
                            c.getID(), c.slot, config.writeBufferBytes);
                } else if (c.udpRegistered && !c.closeRequested.get()
                        && System.currentTimeMillis() - c.lastTcpReadMs > config.idleTimeoutMs) {
                    // KryoNet closes idle connections itself and does not say why; nothing read for longer
                    // than the timeout, and no close of ours pending, is that case.
                    counters.increment(Counter.IDLE_TIMEOUTS);
                    LOG.info("Connection {} (slot {}): nothing received for {} ms, closed", c.getID(), c.slot, config.idleTimeoutMs);
                }
                int previous = c.state.getAndSet(PlayerConnection.CLOSED);
                if (previous == PlayerConnection.JOINED) {
                    session.enqueueLeave(c.slot);
                    counters.increment(Counter.LEAVES);
                    LOG.info("Connection {} (slot {}) left", c.getID(), c.slot);
                }
            } catch (Throwable t) {
                listenerFailed(connection, "disconnected", t);
            }
        }
    }

    private void listenerFailed(Connection connection, String what, Throwable t) {
        counters.increment(Counter.LISTENER_ERRORS);
        listenerErrors.warn("Connection " + (connection == null ? "?" : connection.getID()) + ": " + what + " failed", t);
    }

    /** KryoNet's server with our connection type, so accepts (even ones that never register UDP) are tracked. */
    private final class KryoServer extends Server {
        KryoServer(int writeBufferBytes, int objectBufferBytes, GuardedSerialization serialization) {
            super(writeBufferBytes, objectBufferBytes, serialization);
        }

        @Override
        protected Connection newConnection() {
            PlayerConnection c = new PlayerConnection(System.nanoTime());
            onAccepted(c);
            return c;
        }
    }

    /**
     * KryoNet keeps its channels private and has no getter for the bound ports, so read them once
     * by reflection (the library sits on the class path, no module opens needed).
     */
    private static int boundPort(Server server, boolean tcp, int configured) throws IOException {
        try {
            if (tcp) {
                Field f = Server.class.getDeclaredField("serverChannel");
                f.setAccessible(true);
                ServerSocketChannel channel = (ServerSocketChannel) f.get(server);
                return channel.socket().getLocalPort();
            }
            Field udpField = Server.class.getDeclaredField("udp");
            udpField.setAccessible(true);
            Object udp = udpField.get(server);
            Field channelField = udp.getClass().getDeclaredField("datagramChannel");
            channelField.setAccessible(true);
            DatagramChannel channel = (DatagramChannel) channelField.get(udp);
            return channel.socket().getLocalPort();
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (configured != 0) {
                return configured;
            }
            throw new IOException("Cannot read the ephemeral " + (tcp ? "TCP" : "UDP") + " port KryoNet bound", e);
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
