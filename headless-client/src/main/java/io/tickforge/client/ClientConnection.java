package io.tickforge.client;

import com.esotericsoftware.kryonet.Client;
import com.esotericsoftware.kryonet.Connection;
import com.esotericsoftware.kryonet.FrameworkMessage;
import com.esotericsoftware.kryonet.KryoNetException;
import com.esotericsoftware.kryonet.Listener;
import io.tickforge.client.GameClient.State;
import io.tickforge.client.metrics.ClientMetrics;
import io.tickforge.client.net.CountingSerialization;
import io.tickforge.client.net.KryoNetUpdates;
import io.tickforge.client.net.SocketPath;
import io.tickforge.shared.log.DistinctErrorLog;
import io.tickforge.shared.protocol.Bye;
import io.tickforge.shared.protocol.ByeReason;
import io.tickforge.shared.protocol.Chat;
import io.tickforge.shared.protocol.Hello;
import io.tickforge.shared.protocol.KryoSerialization;
import io.tickforge.shared.protocol.Protocol;
import io.tickforge.shared.protocol.Rejected;
import io.tickforge.shared.protocol.ServerStats;
import io.tickforge.shared.protocol.StatsRequest;
import io.tickforge.shared.protocol.Welcome;
import io.tickforge.shared.transport.ClientUdpLink;
import io.tickforge.shared.transport.SecureDatagram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * The connection life cycle of one {@link GameClient}: TCP through KryoNet, {@code Hello} /
 * {@code Welcome} (or {@code Rejected}), the sealed UDP link and its keys, reconnecting as the same
 * player within the server's grace (backoff in {@link ReconnectSchedule}), reconnecting after a
 * snapshot silence, {@code Bye}, and the selector of {@link #awaitNetwork}. It owns the
 * {@link SocketPath} over its sockets; what travels on it is the other parts' business, and what a
 * join starts (clock sync, prediction, the streams) is the {@link Owner}'s.
 *
 * <p>Thread: the driving thread (all methods not marked otherwise; the KryoNet listener runs inside
 * its {@code update}); {@link #connect()} blocks its caller, reconnect attempts block the shared
 * reconnect thread, and the request flags and published figures are any thread's. Times in
 * nanoseconds of {@link System#nanoTime()}; grace, timeouts and silence in milliseconds.
 */
final class ClientConnection {
    /** Log lines keep the client's logger name. */
    private static final Logger LOG = LoggerFactory.getLogger(GameClient.class);
    /** One error policy for every client in the process: first occurrence with its stack, then counted. */
    private static final DistinctErrorLog ERRORS = new DistinctErrorLog(LOG);
    /** KryoNet reads one datagram per selected key per update; read until quiet, within reason. */
    private static final int MAX_UPDATES_PER_POLL = 16;
    /**
     * Reconnect attempts block in KryoNet's connect, which may not run on the driving thread (the
     * one calling update): one daemon thread for every client in the process runs them, one at a
     * time (attempts are rare: a dropped connection, a few retries).
     */
    private static final java.util.concurrent.ExecutorService RECONNECTOR =
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "tickforge-reconnect");
                t.setDaemon(true);
                return t;
            });

    /** What a join means to the rest of the client. Called on the driving thread; must not block. */
    interface Owner {
        /**
         * A {@code Welcome} joined us ({@code reconnect} false) or took us back as the same player on
         * a new connection: start clock sync, prediction, snapshots and pings afresh.
         */
        void startStream(Welcome welcome, boolean reconnect, long helloSentNs);

        /** The first join is complete (state JOINED); not called for reconnects. */
        void joined();

        void chat(Chat chat);

        /** The client is closed for good, for {@code reason}. */
        void closed(String reason);
    }

    private final GameClientConfig config;
    private final ClientMetrics metrics;
    private final Owner owner;
    private final Client kryoClient;
    /** The real path: sealed UDP datagrams, KryoNet pings over TCP. */
    private final SocketPath socket;
    private ClientUdpLink udp;
    private Selector awaitSelector;

    private volatile State state = State.NEW;
    private volatile boolean closeRequested;
    private volatile boolean statsRequested;
    private volatile ServerStats serverStats;
    private volatile String closeReason;
    private volatile String byeText;
    private volatile long helloSentNs;
    /** Set by any thread: drop the TCP connection abruptly at the next poll (chaos testing). */
    private volatile boolean dropRequested;
    /** A reconnect attempt is running on the reconnect thread. */
    private volatile boolean attemptInFlight;
    /** The last attempt could not connect (the reconnect thread's verdict, read by the driving thread). */
    private volatile String attemptFailure;
    /** The last attempt connected and sent its Hello: wait for Welcome or Rejected, start no other. */
    private volatile boolean attemptConnected;
    /** The server said Bye with a reason that ends the slot (kick, shutdown): never reconnect. */
    private volatile boolean slotEnded;
    private final Object joinLock = new Object();

    // ---- driving thread only
    private int playerId = -1;
    /** The session the Welcome joined (a reconnect names it); {@code Hello.ANY_SESSION} before. */
    private int sessionId = Hello.ANY_SESSION;
    private int receivedThisUpdate;
    private long listenerErrors;
    private long udpDecodeFailures;
    /** From Welcome: the secret and grace of a reconnect (an empty secret: none possible). */
    private byte[] reconnectSecret = new byte[0];
    private int reconnectGraceMs;
    private final ReconnectSchedule schedule = new ReconnectSchedule();
    private String lostBecause;

    ClientConnection(GameClientConfig config, ClientMetrics metrics, Owner owner) {
        this.config = config;
        this.metrics = metrics;
        this.owner = owner;
        this.kryoClient = new Client(config.writeBufferBytes, config.objectBufferBytes,
                new CountingSerialization(new KryoSerialization(), metrics));
        this.kryoClient.addListener(new NetListener());
        this.socket = new SocketPath(kryoClient, metrics);
    }

    /** The path over this connection's sockets (the same object for the whole life, across reconnects). */
    SocketPath socket() {
        return socket;
    }

    // ------------------------------------------------------------------ any thread

    /** See {@link GameClient#connect()}. Blocks the calling thread, never the driving one. */
    void connect() throws IOException {
        if (state != State.NEW) {
            throw new IllegalStateException("connect() once, from NEW; state is " + state);
        }
        state = State.CONNECTING;
        try {
            // TCP only: KryoNet's UDP registration would let anyone bind our address (issue 9).
            udp = new ClientUdpLink(new InetSocketAddress(config.host, config.udpPort));
            socket.use(udp);
            kryoClient.connect(config.connectTimeoutMs, config.host, config.tcpPort);
        } catch (IOException | RuntimeException e) {
            if (udp != null) {
                udp.close();
            }
            metrics.joinFailed("connect: " + e.getClass().getSimpleName());
            closeReason = "connect failed: " + e.getMessage();
            state = State.CLOSED;
            throw e instanceof IOException io ? io : new IOException(e);
        }
        state = State.HANDSHAKE;
        helloSentNs = System.nanoTime();
        kryoClient.sendTCP(new Hello(Protocol.VERSION, config.playerName, config.joinToken, config.connectToken)
                .withSchemas(config.entitySchema.hash(), config.inputSchema.hash())
                .withSession(config.game, config.sessionId));
    }

    boolean awaitJoined(long timeout, TimeUnit unit) throws InterruptedException {
        final long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (joinLock) {
            while (state != State.JOINED && state != State.CLOSED) {
                final long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(joinLock, left);
            }
        }
        return state == State.JOINED;
    }

    void requestServerStats() {
        statsRequested = true;
    }

    ServerStats serverStats() {
        return serverStats;
    }

    void dropConnection() {
        dropRequested = true;
    }

    void requestClose() {
        closeRequested = true;
    }

    State state() {
        return state;
    }

    String closeReason() {
        return closeReason;
    }

    // ------------------------------------------------------------------ driving thread

    /**
     * Acts on the requests of other threads: a close ({@code Bye(CLIENT_LEFT)}, then closed: returns
     * true) or a chaos drop (the TCP connection reset while joined).
     */
    boolean handleRequests() {
        if (closeRequested) {
            closeNow("closed by client", true);
            return true;
        }
        if (dropRequested) {
            dropRequested = false;
            if (state == State.JOINED) {
                dropAbruptly();
            }
        }
        return false;
    }

    /** While RECONNECTING: reads the socket (an answer to the attempt), then starts or ends attempts. */
    int pollReconnecting(long nowNs) {
        return readSockets() + driveReconnect(nowNs);
    }

    /**
     * While joined with reconnection possible: no snapshot since {@code lastSnapshotNs} for longer
     * than the configured silence means the path is dead though TCP may look open (NAT change): drop
     * it and reconnect. Returns true when it did.
     */
    boolean reconnectIfSilent(long nowNs, long lastSnapshotNs) {
        if (state == State.JOINED && reconnectSecret.length > 0 && config.reconnect
                && ReconnectSchedule.silent(nowNs, lastSnapshotNs, config.snapshotSilenceMs)) {
            kryoClient.close();
            lost("no snapshot for " + config.snapshotSilenceMs + " ms");
            return true;
        }
        return false;
    }

    /** Sends the {@code StatsRequest} another thread asked for, if any. */
    void sendRequestedStats() {
        if (statsRequested) {
            statsRequested = false;
            kryoClient.sendTCP(new StatsRequest());
        }
    }

    /** See {@link GameClient#awaitNetwork(int)}. */
    void awaitNetwork(int timeoutMs) {
        if (state == State.RECONNECTING && timeoutMs > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.min(timeoutMs, 5)));
            readSockets();
            return;
        }
        if (state == State.CLOSED || timeoutMs <= 0 || udp == null) {
            return;
        }
        try {
            if (awaitSelector == null) {
                // Our own selector over both sockets: KryoNet's select knows nothing of our UDP channel.
                awaitSelector = Selector.open();
                udp.channel().register(awaitSelector, SelectionKey.OP_READ);
                SocketChannel tcp = KryoNetUpdates.tcpChannel(kryoClient);
                if (tcp != null) {
                    tcp.register(awaitSelector, SelectionKey.OP_READ);
                }
            }
            awaitSelector.select(timeoutMs);
            awaitSelector.selectedKeys().clear();
        } catch (IOException | RuntimeException e) {
            // A closed channel or selector: the next poll notices the connection state.
        }
        readSockets();
    }

    /** Runs KryoNet's update (the listener) until quiet, then drains the UDP socket; notices a lost connection. */
    int readSockets() {
        int work = 0;
        for (int i = 0; i < MAX_UPDATES_PER_POLL && state != State.CLOSED; i++) {
            receivedThisUpdate = 0;
            KryoNetUpdates.defuseEmptySelectSleep(kryoClient);
            try {
                kryoClient.update(0);
            } catch (KryoNetException e) {
                if (isUdpDecodeFailure(e)) {
                    // KryoNet cleared its datagram buffer; the connection is intact. Count and go on.
                    udpDecodeFailures++;
                    metrics.decodeFailure();
                    continue;
                }
                lost(lostReason("protocol error: " + e.getMessage()));
                return work + 1;
            } catch (IOException e) {
                lost(lostReason("connection lost: " + e.getMessage()));
                return work + 1;
            }
            if (receivedThisUpdate == 0) {
                break;
            }
            work += receivedThisUpdate;
        }
        work += state == State.JOINED ? socket.drainDatagrams() : 0;
        if (state != State.CLOSED && state != State.NEW && state != State.CONNECTING && state != State.RECONNECTING
                && !kryoClient.isConnected()) {
            lost(lostReason("connection lost"));
        }
        return work;
    }

    /**
     * The TCP connection is gone. While joined, with a reconnect secret, no kick or shutdown from
     * the server and reconnection on: hold on to the player and reconnect; otherwise close. While
     * reconnecting, a lost attempt is retried by {@link #driveReconnect}.
     */
    private void lost(String reason) {
        if (state == State.RECONNECTING) {
            return;
        }
        if (state != State.JOINED || !config.reconnect || reconnectSecret.length == 0 || slotEnded || closeRequested) {
            closeNow(reason, false);
            return;
        }
        state = State.RECONNECTING;
        lostBecause = reason;
        schedule.start(System.nanoTime(), reconnectGraceMs);
        attemptFailure = null;
        attemptConnected = false;
        byeText = null;
        closeUdp(); // the old datagram keys and udpId are void; a reconnect brings new ones
        udp = null;
        socket.use(null);
        awaitSelector = null;
    }

    /** While RECONNECTING: start the next attempt when due, give up at the grace. */
    private int driveReconnect(long now) {
        if (state != State.RECONNECTING || attemptInFlight) {
            return 0;
        }
        String failure = attemptFailure;
        if (failure == null && attemptConnected) {
            if (kryoClient.isConnected() && !schedule.expired(now)) {
                return 0; // Hello sent on a live connection: the answer is on its way
            }
            attemptConnected = false;
            failure = "connection lost before Welcome"; // connected, then dropped again (or no answer in the grace)
        }
        if (failure != null) {
            attemptFailure = null;
            schedule.failed(now);
        }
        if (schedule.expired(now)) {
            metrics.reconnectFailed();
            final String why = "reconnect failed within the " + reconnectGraceMs + " ms grace after "
                    + schedule.attempts() + " attempt(s): " + (failure != null ? failure : lostBecause);
            LOG.info("{}: {}", config.playerName, why);
            closeNow(why, false);
            return 1;
        }
        if (!schedule.due(now)) {
            return 0;
        }
        schedule.begin();
        attemptInFlight = true;
        final Hello hello = Hello.reconnect(config.playerName, config.joinToken, playerId, reconnectSecret)
                .withSchemas(config.entitySchema.hash(), config.inputSchema.hash())
                .withSession(config.game, sessionId); // back to the session it was in
        final int timeoutMs = (int) Math.max(100, Math.min(config.connectTimeoutMs,
                TimeUnit.NANOSECONDS.toMillis(schedule.remainingNs(now))));
        try {
            RECONNECTOR.execute(() -> {
                try {
                    kryoClient.connect(timeoutMs, config.host, config.tcpPort);
                    helloSentNs = System.nanoTime();
                    kryoClient.sendTCP(hello);
                    attemptConnected = true;
                } catch (IOException | RuntimeException e) {
                    attemptFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
                } finally {
                    attemptInFlight = false;
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            attemptInFlight = false;
            attemptFailure = "no reconnect thread";
        }
        return 1;
    }

    /** Closes our TCP socket with a reset (SO_LINGER 0) and no Bye, as a dying network would. */
    private void dropAbruptly() {
        metrics.chaosDrop();
        try {
            final SocketChannel tcp = KryoNetUpdates.tcpChannel(kryoClient);
            if (tcp != null) {
                tcp.setOption(java.net.StandardSocketOptions.SO_LINGER, 0);
            }
        } catch (IOException | RuntimeException e) {
            // Closed already, or no linger: a FIN does as well.
        }
        kryoClient.close();
        lost("connection dropped on purpose (chaos)");
    }

    /** The server's stated reason when it sent one before closing, else what we saw. */
    private String lostReason(String seen) {
        final String bye = byeText;
        return bye != null ? bye : seen;
    }

    /** UdpConnection wraps every datagram read failure in this message (KryoNet 2.22). */
    private static boolean isUdpDecodeFailure(KryoNetException e) {
        return "Error during deserialization.".equals(e.getMessage());
    }

    private void onWelcome(Welcome welcome) {
        if (state != State.HANDSHAKE && state != State.RECONNECTING) {
            return;
        }
        final String mismatch = schemaMismatch(welcome, config.entitySchema, config.inputSchema);
        if (mismatch != null) {
            // Never decode entities or send inputs of a shape we were not built for.
            byeText = mismatch;
            closeNow(mismatch, false);
            return;
        }
        if (state == State.RECONNECTING) {
            onReconnectWelcome(welcome);
            return;
        }
        if (state != State.HANDSHAKE) {
            return;
        }
        playerId = welcome.playerId;
        sessionId = welcome.sessionId;
        if (!installKeys(welcome)) {
            return;
        }
        joinedFrom(welcome, false);
        metrics.joined();
        synchronized (joinLock) {
            state = State.JOINED;
            joinLock.notifyAll();
        }
        owner.joined();
    }

    /**
     * Null when the Welcome's schema hashes are this client's; otherwise the error, naming both
     * sides' hashes and this client's schema names.
     */
    static String schemaMismatch(Welcome welcome, io.tickforge.shared.schema.EntitySchema entity,
                                 io.tickforge.shared.schema.InputSchema input) {
        if (welcome.entitySchemaHash == entity.hash() && welcome.inputSchemaHash == input.hash()) {
            return null;
        }
        return "schema mismatch: the server's game speaks entity schema "
                + io.tickforge.shared.schema.Schema.hex(welcome.entitySchemaHash) + " and input schema "
                + io.tickforge.shared.schema.Schema.hex(welcome.inputSchemaHash) + "; this client was built for entity "
                + entity.name() + '#' + entity.hashHex() + " and input " + input.name() + '#' + input.hashHex();
    }

    /**
     * The same player on a new connection: new UDP socket and keys, and the owner starts everything
     * that described the old stream over (the server sends a keyframe first). One log line per reconnect.
     */
    private void onReconnectWelcome(Welcome welcome) {
        if (welcome.playerId != playerId) {
            closeNow("reconnect answered with player " + welcome.playerId + " instead of " + playerId, false);
            return;
        }
        try {
            udp = new ClientUdpLink(new InetSocketAddress(config.host, config.udpPort));
            socket.use(udp);
        } catch (IOException e) {
            closeNow("reconnect: cannot open a UDP socket: " + e.getMessage(), false);
            return;
        }
        if (!installKeys(welcome)) {
            return;
        }
        attemptConnected = false;
        joinedFrom(welcome, true);
        metrics.reconnected();
        state = State.JOINED;
        LOG.info("{}: reconnected as player {} after {} ms ({} attempt(s); lost: {})", config.playerName, playerId,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - schedule.lostAtNs()), schedule.attempts(), lostBecause);
    }

    /** The datagram keys of this Welcome into the UDP link; false (and closed) when there are none to use. */
    private boolean installKeys(Welcome welcome) {
        if (welcome.clientKey.length == 0) {
            // Signed-token mode: the datagram keys come from our connect token (of the Welcome's
            // key epoch: 0 at the join, +1 per reconnect), not over TCP.
            if (config.tokenClientToServerKey == null || config.tokenServerToClientKey == null) {
                closeNow("Welcome without datagram keys and no connect token keys to derive them from", false);
                return false;
            }
            udp.setKeys(welcome.udpId,
                    SecureDatagram.datagramKey(config.tokenClientToServerKey, SecureDatagram.CLIENT_TO_SERVER, welcome.keyEpoch),
                    SecureDatagram.datagramKey(config.tokenServerToClientKey, SecureDatagram.SERVER_TO_CLIENT, welcome.keyEpoch));
        } else {
            udp.setKeys(welcome.udpId, welcome.clientKey, welcome.serverKey);
        }
        return true;
    }

    /** Keep what a reconnect needs, bind the UDP address, and let the owner start its streams. */
    private void joinedFrom(Welcome welcome, boolean reconnect) {
        reconnectSecret = welcome.reconnectSecret;
        reconnectGraceMs = welcome.reconnectGraceMs;
        udp.sendBind();
        owner.startStream(welcome, reconnect, helloSentNs);
    }

    private void closeNow(String reason, boolean byClient) {
        if (state == State.CLOSED) {
            return;
        }
        closeReason = reason;
        if (byClient) {
            metrics.closedByClient();
            if (kryoClient.isConnected()) {
                kryoClient.sendTCP(new Bye(ByeReason.CLIENT_LEFT, null));
            }
        } else if (state == State.JOINED || state == State.RECONNECTING) {
            metrics.disconnected(reason);
        } else {
            metrics.joinFailed(reason);
        }
        synchronized (joinLock) {
            state = State.CLOSED;
            joinLock.notifyAll();
        }
        try {
            kryoClient.close();
        } catch (RuntimeException e) {
            LOG.debug("closing {}: {}", config.playerName, e.toString());
        }
        closeUdp();
        owner.closed(reason);
    }

    /** KryoNet callbacks, on the driving thread (inside update). Never throws into KryoNet. */
    private final class NetListener extends Listener {
        @Override
        public void received(Connection connection, Object object) {
            receivedThisUpdate++;
            try {
                if (object instanceof FrameworkMessage.Ping p) {
                    if (p.isReply && state == State.JOINED) {
                        socket.pingReplied(p.id, System.nanoTime());
                    }
                } else if (object instanceof Welcome w) {
                    onWelcome(w);
                } else if (object instanceof Rejected r) {
                    final String why = "Rejected " + r.reason + (r.text == null || r.text.isEmpty() ? "" : ": " + r.text);
                    if (state == State.RECONNECTING) {
                        metrics.reconnectFailed();
                        LOG.info("{}: reconnect as player {} refused: {}", config.playerName, playerId, why);
                    }
                    byeText = why;
                    closeNow(why, false);
                } else if (object instanceof Bye b) {
                    byeText = "Bye " + b.reason;
                    // Only a timeout leaves the slot held for us; a kick, a shutdown or a protocol error end it.
                    if (b.reason != ByeReason.TIMED_OUT) {
                        slotEnded = true;
                    }
                } else if (object instanceof ServerStats s) {
                    serverStats = s;
                } else if (object instanceof Chat c) {
                    owner.chat(c);
                }
            } catch (RuntimeException e) {
                listenerErrors++;
                ERRORS.record("client: handling " + object.getClass().getSimpleName() + " failed", config.playerName, e);
            }
        }

        @Override
        public void disconnected(Connection connection) {
            // Runs inside update() or close(); the next poll notices !isConnected and records why.
        }
    }

    /** See {@link GameClient#dispose()}: after the client is closed, never from inside {@code update}. */
    void dispose() {
        try {
            kryoClient.close();
            kryoClient.dispose();
        } catch (IOException | RuntimeException e) {
            LOG.debug("disposing {}: {}", config.playerName, e.toString());
        }
        closeUdp();
    }

    private void closeUdp() {
        try {
            if (awaitSelector != null) {
                awaitSelector.close();
            }
        } catch (IOException e) {
            LOG.debug("closing the selector of {}: {}", config.playerName, e.toString());
        }
        if (udp != null) {
            udp.close();
        }
    }

    // ------------------------------------------------------------------ figures

    /** The slot / entity id the server gave us; -1 before joining. */
    /** The session joined (Welcome.sessionId), {@code Hello.ANY_SESSION} (0) before the first Welcome. */
    int sessionId() {
        return sessionId;
    }

    int playerId() {
        return playerId;
    }

    long listenerErrors() {
        return listenerErrors;
    }

    long udpDecodeFailures() {
        return udpDecodeFailures;
    }

    /** The sealed UDP link (null before connect and while reconnecting). */
    ClientUdpLink udpLink() {
        return udp;
    }
}
