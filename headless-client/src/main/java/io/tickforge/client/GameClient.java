package io.tickforge.client;

import com.esotericsoftware.kryonet.Client;
import com.esotericsoftware.kryonet.Connection;
import com.esotericsoftware.kryonet.FrameworkMessage;
import com.esotericsoftware.kryonet.KryoNetException;
import com.esotericsoftware.kryonet.Listener;
import io.tickforge.client.interp.InterpolationBuffer;
import io.tickforge.client.metrics.ClientMetrics;
import io.tickforge.shared.transport.ClientUdpLink;
import io.tickforge.client.net.CountingSerialization;
import io.tickforge.client.net.KryoNetUpdates;
import io.tickforge.client.net.PacketPath;
import io.tickforge.client.net.SimulatedLink;
import io.tickforge.client.net.SocketPath;
import io.tickforge.client.predict.Predictor;
import io.tickforge.client.sync.ClockSync;
import io.tickforge.shared.game.Movement;
import io.tickforge.shared.netsim.NetworkConditions;
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
import io.tickforge.shared.transport.SecureDatagram;
import io.tickforge.shared.snapshot.SnapshotDecoder;
import io.tickforge.shared.snapshot.SnapshotView;
import io.tickforge.shared.world.WorldSnapshot;
import io.tickforge.shared.log.DistinctErrorLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * One player's connection to a Tickforge session: handshake, clock sync, the input loop, snapshot
 * decoding and acks, prediction and reconciliation of the own player, interpolation of the
 * others, and per-client metrics. Embeddable: a game supplies an {@link InputSource} and reads
 * {@link #predictedX()}, {@link #interpolated(long)} and friends from its own loop.
 *
 * <p>Parts: this class keeps the TCP connection (KryoNet, {@code Hello}/{@code Welcome}, reconnect
 * with backoff, {@code Bye}) and wires the rest: {@link InputSender} (the input loop),
 * {@link SnapshotReceiver} (decoding, acks, feeding clock sync, prediction and interpolation),
 * {@link RttPings}, {@link ClockSync}, {@link Predictor}, and one {@link PacketPath} for all timed
 * traffic: {@link SocketPath}, decorated by {@link SimulatedLink} when the network is simulated.
 * <p>Threads: one thread drives the client by calling {@link #poll(long)} often (every 1..4 ms):
 * that thread owns all game state and runs the KryoNet listener (KryoNet's {@code update(0)} is
 * called from {@code poll}, never from a thread of its own). {@link ClientDriver} is such a thread
 * and drives many clients at once. {@link #connect()} blocks the calling thread (never the
 * driving thread) until TCP is registered, then sends {@code Hello}; the join completes on the
 * driving thread when {@code Welcome} arrives. UDP is not KryoNet's: a {@link ClientUdpLink}
 * seals every datagram with the keys from {@code Welcome} (docs/NETWORKING.md, "UDP"), sends a
 * bind datagram at once, and the server streams snapshots to that proven address. {@link #requestClose()},
 * {@link #requestServerStats()} and the getters of published figures are safe from any thread.
 *
 * <p>Units: positions in 1/256 m units, ticks are server ticks, times in nanoseconds from
 * {@link System#nanoTime()} (passed in by the driver).
 *
 * <pre>{@code
 * ClientDriver driver = new ClientDriver("game-net", 500);
 * driver.start();
 * GameClient client = new GameClient(GameClientConfig.builder("127.0.0.1", 7777, 7778)
 *         .playerName("alice").build(), (tick, c, in) -> in.set(127, 0, 0, 0), new ClientMetrics());
 * driver.add(client);
 * client.connect();                       // blocks until connected; Welcome follows
 * client.awaitJoined(5, TimeUnit.SECONDS);
 * }</pre>
 */
public final class GameClient {
    private static final Logger LOG = LoggerFactory.getLogger(GameClient.class);
    /** One error policy for every client in the process: first occurrence with its stack, then counted. */
    private static final DistinctErrorLog ERRORS = new DistinctErrorLog(LOG);

    /**
     * Connection life cycle: forward only, except JOINED -> RECONNECTING -> JOINED when the TCP
     * connection drops and the same player comes back on a new one within the server's grace.
     */
    public enum State { NEW, CONNECTING, HANDSHAKE, JOINED, RECONNECTING, CLOSED }

    /** Optional callbacks for an embedding game; all run on the driving thread and must not block. */
    public interface Events {
        default void onJoined(GameClient client) {
        }

        /** A new snapshot was decoded; {@link GameClient#view()} is the newest server state. */
        default void onSnapshot(GameClient client) {
        }

        default void onChat(GameClient client, Chat chat) {
        }

        default void onClosed(GameClient client, String reason) {
        }
    }

    /** KryoNet reads one datagram per selected key per update; read until quiet, within reason. */
    private static final int MAX_UPDATES_PER_POLL = 16;
    /** First retry after a failed reconnect attempt; doubles per attempt up to the cap. */
    static final long RECONNECT_BACKOFF_MIN_NS = TimeUnit.MILLISECONDS.toNanos(100);
    static final long RECONNECT_BACKOFF_MAX_NS = TimeUnit.SECONDS.toNanos(2);
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
    private final GameClientConfig config;
    private final ClientMetrics metrics;
    private final Client kryoClient;
    private ClientUdpLink udp;
    private Selector awaitSelector;
    /** The real path: sealed UDP datagrams, KryoNet pings over TCP. */
    private final SocketPath socket;
    /** What the client sends through: the socket path, or the network simulator decorating it. */
    private final PacketPath path;
    /** The decorator when the network is simulated, else null (for {@link #simulatedLink()} only). */
    private final SimulatedLink sim;
    private final Events events;

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
    private final Object joinLock = new Object();

    // ---- driving thread only
    private final InputSender inputs;
    private final SnapshotReceiver snapshots;
    private final RttPings pings;
    private final Listener listener = new NetListener();

    private ClockSync clock;
    private Predictor predictor;
    private int playerId = -1;
    private int tickRateHz;
    private long nowNs;
    private int receivedThisUpdate;
    private long listenerErrors;
    private long udpDecodeFailures;
    /** From Welcome: the secret, grace and key epoch of a reconnect (an empty secret: none possible). */
    private byte[] reconnectSecret = new byte[0];
    private int reconnectGraceMs;
    /** The server said Bye with a reason that ends the slot (kick, shutdown): never reconnect. */
    private volatile boolean slotEnded;
    private long lostAtNs;
    private long reconnectDeadlineNs;
    private long nextAttemptNs;
    private int attempts;
    private String lostBecause;

    public GameClient(GameClientConfig config, InputSource input, ClientMetrics metrics) {
        this(config, input, metrics, null);
    }

    public GameClient(GameClientConfig config, InputSource input, ClientMetrics metrics, Events events) {
        this.config = config;
        this.metrics = metrics;
        this.events = events == null ? new Events() { } : events;
        this.kryoClient = new Client(config.writeBufferBytes, config.objectBufferBytes,
                new CountingSerialization(new KryoSerialization(), metrics));
        this.kryoClient.addListener(listener);
        this.socket = new SocketPath(kryoClient, metrics);
        final PacketPath.Receiver own = new Inbound();
        if (config.simulated()) {
            sim = new SimulatedLink(orClean(config.uplink), orClean(config.downlink), config.seed, socket, own);
            socket.receiveInto(sim);
            path = sim;
        } else {
            sim = null;
            socket.receiveInto(own);
            path = socket;
        }
        this.inputs = new InputSender(this, input, config.redundancy, path);
        this.snapshots = new SnapshotReceiver(config, metrics, inputs);
        this.pings = new RttPings(TimeUnit.MILLISECONDS.toNanos(config.pingIntervalMs), path, metrics);
    }

    private static NetworkConditions orClean(NetworkConditions c) {
        return c == null ? NetworkConditions.CLEAN : c;
    }

    // ------------------------------------------------------------------ any thread

    /**
     * Connects TCP and UDP and sends {@code Hello}. Blocks until KryoNet has registered both (up to
     * the connect timeout); a driver must already be polling this client. Throws on failure and
     * records it in the metrics.
     */
    public void connect() throws IOException {
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
        kryoClient.sendTCP(new Hello(Protocol.VERSION, config.playerName, config.joinToken, config.connectToken));
    }

    /** Waits until joined or closed; returns true when joined. */
    public boolean awaitJoined(long timeout, TimeUnit unit) throws InterruptedException {
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

    /** Asks the server for its tick figures; the reply appears in {@link #serverStats()}. */
    public void requestServerStats() {
        statsRequested = true;
    }

    /** The newest {@code ServerStats} reply, or null. */
    public ServerStats serverStats() {
        return serverStats;
    }

    /**
     * Asks the driving thread to drop the TCP connection abruptly at its next poll (a reset, no
     * {@code Bye}), as a network failure would; with {@link GameClientConfig#reconnect} the client
     * then reconnects as the same player. For chaos testing ({@code --chaos-disconnect}). Any thread.
     */
    public void dropConnection() {
        dropRequested = true;
    }

    /** Asks the driving thread to say {@code Bye(CLIENT_LEFT)} and close at its next poll. */
    public void requestClose() {
        closeRequested = true;
    }

    public State state() {
        return state;
    }

    public boolean isClosed() {
        return state == State.CLOSED;
    }

    /** Times this client came back as the same player after losing its connection. */
    public long reconnects() {
        return metrics.reconnects();
    }

    /** Why the connection ended (null while open). */
    public String closeReason() {
        return closeReason;
    }

    public ClientMetrics metrics() {
        return metrics;
    }

    public GameClientConfig config() {
        return config;
    }

    // ------------------------------------------------------------------ driving thread

    /**
     * Does whatever is due at {@code nowNs}: reads the sockets (the KryoNet listener runs here),
     * delivers what the simulated network releases, produces and sends the inputs of every tick
     * that came due, sends RTT pings. Returns a rough count of work done (0 = idle).
     */
    public int poll(long nowNs) {
        if (state == State.CLOSED) {
            return 0;
        }
        this.nowNs = nowNs;
        if (closeRequested) {
            closeNow("closed by client", true);
            return 1;
        }
        if (dropRequested) {
            dropRequested = false;
            if (state == State.JOINED) {
                dropAbruptly();
            }
        }
        if (state == State.RECONNECTING) {
            return readSockets() + driveReconnect(nowNs);
        }
        int work = readSockets();
        work += path.release(nowNs);
        if (state == State.JOINED && config.snapshotSilenceMs > 0 && reconnectSecret.length > 0 && config.reconnect
                && nowNs - snapshots.lastSnapshotNs() > TimeUnit.MILLISECONDS.toNanos(config.snapshotSilenceMs)) {
            // TCP may look open long after the path died (NAT change): give up on it and reconnect.
            kryoClient.close();
            lost("no snapshot for " + config.snapshotSilenceMs + " ms");
            return work + 1;
        }
        if (state == State.JOINED) {
            work += inputs.produce(nowNs, clock, predictor, snapshots.decoder());
            work += pings.poll(nowNs);
            if (statsRequested) {
                statsRequested = false;
                kryoClient.sendTCP(new StatsRequest());
            }
        }
        return work;
    }

    /**
     * For a thread that drives only this client: blocks in KryoNet's {@code update(timeoutMs)}
     * until data arrives or the timeout passes (the listener runs here). {@link ClientDriver} in
     * dedicated mode uses it between polls instead of parking. Driving thread only.
     */
    public void awaitNetwork(int timeoutMs) {
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

    /**
     * Nanoseconds from {@code nowNs} until the next input falls due (for a dedicated driving thread
     * to sleep exactly that long); a few milliseconds while not joined.
     */
    public long nanosUntilNextInput(long nowNs) {
        if (state != State.JOINED || clock == null) {
            return 2_000_000L;
        }
        return inputs.nanosUntilNextInput(nowNs, clock, 2_000_000L);
    }

    private int readSockets() {
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
        work += readDatagrams();
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
        final long now = System.nanoTime();
        lostAtNs = now;
        // Give up a little before the server's grace ends: a Hello arriving after it is refused anyway.
        reconnectDeadlineNs = now + TimeUnit.MILLISECONDS.toNanos(reconnectGraceMs);
        nextAttemptNs = now;
        attempts = 0;
        attemptFailure = null;
        attemptConnected = false;
        byeText = null;
        closeUdp(); // the old datagram keys and udpId are void; a reconnect brings new ones
        udp = null;
        socket.use(null);
        awaitSelector = null;
    }

    /** Driving thread, while RECONNECTING: start the next attempt when due, give up at the grace. */
    private int driveReconnect(long now) {
        if (state != State.RECONNECTING || attemptInFlight) {
            return 0;
        }
        String failure = attemptFailure;
        if (failure == null && attemptConnected) {
            if (kryoClient.isConnected() && now - reconnectDeadlineNs < 0) {
                return 0; // Hello sent on a live connection: the answer is on its way
            }
            attemptConnected = false;
            failure = "connection lost before Welcome"; // connected, then dropped again (or no answer in the grace)
        }
        if (failure != null) {
            attemptFailure = null;
            // Bounded exponential backoff: 100 ms, 200, 400, ... 2 s.
            final long backoff = Math.min(RECONNECT_BACKOFF_MAX_NS, RECONNECT_BACKOFF_MIN_NS << Math.min(attempts - 1, 10));
            nextAttemptNs = now + backoff;
        }
        if (now - reconnectDeadlineNs >= 0) {
            metrics.reconnectFailed();
            final String why = "reconnect failed within the " + reconnectGraceMs + " ms grace after " + attempts
                    + " attempt(s): " + (failure != null ? failure : lostBecause);
            LOG.info("{}: {}", config.playerName, why);
            closeNow(why, false);
            return 1;
        }
        if (now - nextAttemptNs < 0) {
            return 0;
        }
        attempts++;
        attemptInFlight = true;
        final Hello hello = Hello.reconnect(config.playerName, config.joinToken, playerId, reconnectSecret);
        final int timeoutMs = (int) Math.max(100, Math.min(config.connectTimeoutMs,
                TimeUnit.NANOSECONDS.toMillis(reconnectDeadlineNs - now)));
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

    /** Closes our TCP socket with a reset (SO_LINGER 0) and no Bye, as a dying network would. Driving thread. */
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

    /** Drains the UDP socket (bounded per poll) while joined: authentic snapshots go to the inbound path. */
    private int readDatagrams() {
        return state == State.JOINED ? socket.drainDatagrams() : 0;
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
        if (state == State.RECONNECTING) {
            onReconnectWelcome(welcome);
            return;
        }
        if (state != State.HANDSHAKE) {
            return;
        }
        playerId = welcome.playerId;
        if (!installKeys(welcome)) {
            return;
        }
        joinedFrom(welcome);
        metrics.joined();
        synchronized (joinLock) {
            state = State.JOINED;
            joinLock.notifyAll();
        }
        events.onJoined(this);
    }

    /**
     * The same player on a new connection: new UDP socket and keys, and everything that described
     * the old stream starts over (the server sends a keyframe first): decoder, interpolation,
     * prediction, clock sync, input numbering. One log line per reconnect.
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
        snapshots.newStream();
        inputs.restart();
        joinedFrom(welcome);
        metrics.reconnected();
        state = State.JOINED;
        LOG.info("{}: reconnected as player {} after {} ms ({} attempt(s); lost: {})", config.playerName, playerId,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lostAtNs), attempts, lostBecause);
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

    /** Bind the UDP address and start clock sync and prediction from this Welcome. */
    private void joinedFrom(Welcome welcome) {
        reconnectSecret = welcome.reconnectSecret;
        reconnectGraceMs = welcome.reconnectGraceMs;
        udp.sendBind();
        tickRateHz = welcome.tickRateHz;
        clock = new ClockSync(tickRateHz);
        final int hz = tickRateHz;
        predictor = new Predictor((x, y, mx, my, b) -> Movement.step(x, y, mx, my, b, hz), 128);
        // Read the clock here, not the poll's start: Hello may have left after this pass began.
        final long now = System.nanoTime();
        clock.onWelcome(welcome.serverTick, now, now - helloSentNs);
        snapshots.start(playerId, clock, predictor, now);
        pings.start(clock, now);
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
        events.onClosed(this, reason);
    }

    /** The end of the inbound path: what the socket (or the simulator in front of it) delivers. */
    private final class Inbound implements PacketPath.Receiver {
        @Override
        public void onSnapshot(byte[] bytes, int length, long nowNs) {
            if (snapshots.onSnapshot(bytes, length, nowNs)) {
                events.onSnapshot(GameClient.this);
            }
        }

        @Override
        public void onPingReply(int id, long nowNs) {
            pings.onReply(id, nowNs);
        }
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
                    events.onChat(GameClient.this, c);
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

    /**
     * Releases the KryoNet selector once the client is closed; the driver calls it after removing
     * the client (never from inside {@code update}).
     */
    public void dispose() {
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

    // ------------------------------------------------------------------ views (driving thread)

    /** The slot / entity id the server gave us; -1 before joining. */
    public int playerId() {
        return playerId;
    }

    public int tickRateHz() {
        return tickRateHz;
    }

    /** Null before joining. */
    public ClockSync clock() {
        return clock;
    }

    /** Null before joining. */
    public Predictor predictor() {
        return predictor;
    }

    /** Predicted own x (1/256 m) after the newest input; only meaningful once the predictor is initialised. */
    public int predictedX() {
        return predictor == null ? 0 : predictor.x();
    }

    public int predictedY() {
        return predictor == null ? 0 : predictor.y();
    }

    public boolean hasOwnState() {
        return predictor != null && predictor.isInitialised();
    }

    /** The newest decoded server state (every entity in our interest, with per-entity ticks). */
    public SnapshotView view() {
        return snapshots.decoder().view();
    }

    public SnapshotDecoder decoder() {
        return snapshots.decoder();
    }

    public InterpolationBuffer interpolation() {
        return snapshots.interpolation();
    }

    /**
     * Writes the other entities as they were at the render tick for {@code nowNs} (render delay
     * ≈ 2.5 snapshot intervals behind the newest arrivals) into {@code out}; false before any
     * snapshot.
     */
    public boolean interpolated(long nowNs, WorldSnapshot out) {
        if (clock == null) {
            return false;
        }
        final InterpolationBuffer interpolation = snapshots.interpolation();
        return interpolation.sample(interpolation.renderTick(clock.arrivalTick(nowNs)), out);
    }

    /** The time of the current poll (ns); what {@link InputSource}s should use as "now". */
    public long nowNs() {
        return nowNs;
    }

    public long skippedInputTicks() {
        return inputs.skippedInputTicks();
    }

    public long listenerErrors() {
        return listenerErrors;
    }

    public long missingBaselines() {
        return snapshots.missingBaselines();
    }

    public long malformedSnapshots() {
        return snapshots.malformedSnapshots();
    }

    public long udpDecodeFailures() {
        return udpDecodeFailures;
    }

    /** Datagrams read and refused: not authentic (forged, altered, wrong key) or replayed. */
    public long udpDropped() {
        return socket.dropped();
    }

    /** The sealed UDP link (null before connect). */
    public ClientUdpLink udpLink() {
        return udp;
    }

    public SimulatedLink simulatedLink() {
        return sim;
    }
}
