package io.tickforge.client;

import io.tickforge.client.interp.InterpolationBuffer;
import io.tickforge.client.metrics.ClientMetrics;
import io.tickforge.client.net.PacketPath;
import io.tickforge.client.net.SimulatedLink;
import io.tickforge.client.net.SocketPath;
import io.tickforge.client.predict.Predictor;
import io.tickforge.client.sync.ClockSync;
import io.tickforge.shared.netsim.NetworkConditions;
import io.tickforge.shared.protocol.Chat;
import io.tickforge.shared.protocol.ServerStats;
import io.tickforge.shared.protocol.Welcome;
import io.tickforge.shared.snapshot.SnapshotDecoder;
import io.tickforge.shared.snapshot.SnapshotView;
import io.tickforge.shared.transport.ClientUdpLink;
import io.tickforge.shared.world.WorldSnapshot;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * One player's connection to a Tickforge session: handshake, clock sync, the input loop, snapshot
 * decoding and acks, prediction and reconciliation of the own player, interpolation of the
 * others, and per-client metrics. Embeddable: a game supplies an {@link InputSource} and reads
 * {@link #predictedX()}, {@link #interpolated(long)} and friends from its own loop.
 *
 * <p>Parts: this class is the composition root; it wires {@link ClientConnection} (the connection
 * life cycle: KryoNet TCP, {@code Hello}/{@code Welcome}, the sealed UDP link, reconnect with backoff,
 * {@code Bye}), {@link InputSender} (the input loop),
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

    private final GameClientConfig config;
    private final ClientMetrics metrics;
    private final Events events;
    private final ClientConnection connection;
    /** The real path of {@link #connection}: sealed UDP datagrams, KryoNet pings over TCP. */
    private final SocketPath socket;
    /** What the client sends through: the socket path, or the network simulator decorating it. */
    private final PacketPath path;
    /** The decorator when the network is simulated, else null (for {@link #simulatedLink()} only). */
    private final SimulatedLink sim;

    // ---- driving thread only
    private final InputSender inputs;
    private final SnapshotReceiver snapshots;
    private final RttPings pings;
    private ClockSync clock;
    private Predictor predictor;
    private int tickRateHz;
    private long nowNs;

    public GameClient(GameClientConfig config, InputSource input, ClientMetrics metrics) {
        this(config, input, metrics, null);
    }

    public GameClient(GameClientConfig config, InputSource input, ClientMetrics metrics, Events events) {
        this.config = config;
        this.metrics = metrics;
        this.events = events == null ? new Events() { } : events;
        this.connection = new ClientConnection(config, metrics, new Joins());
        this.socket = connection.socket();
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
        this.inputs = new InputSender(this, input, config.redundancy, path,
                io.tickforge.shared.world.InputLayout.of(config.inputSchema));
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
        connection.connect();
    }

    /** Waits until joined or closed; returns true when joined. */
    public boolean awaitJoined(long timeout, TimeUnit unit) throws InterruptedException {
        return connection.awaitJoined(timeout, unit);
    }

    /** Asks the server for its tick figures; the reply appears in {@link #serverStats()}. */
    public void requestServerStats() {
        connection.requestServerStats();
    }

    /** The newest {@code ServerStats} reply, or null. */
    public ServerStats serverStats() {
        return connection.serverStats();
    }

    /**
     * Asks the driving thread to drop the TCP connection abruptly at its next poll (a reset, no
     * {@code Bye}), as a network failure would; with {@link GameClientConfig#reconnect} the client
     * then reconnects as the same player. For chaos testing ({@code --chaos-disconnect}). Any thread.
     */
    public void dropConnection() {
        connection.dropConnection();
    }

    /** Asks the driving thread to say {@code Bye(CLIENT_LEFT)} and close at its next poll. */
    public void requestClose() {
        connection.requestClose();
    }

    public State state() {
        return connection.state();
    }

    public boolean isClosed() {
        return connection.state() == State.CLOSED;
    }

    /** Times this client came back as the same player after losing its connection. */
    public long reconnects() {
        return metrics.reconnects();
    }

    /** Why the connection ended (null while open). */
    public String closeReason() {
        return connection.closeReason();
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
        if (connection.state() == State.CLOSED) {
            return 0;
        }
        this.nowNs = nowNs;
        if (connection.handleRequests()) {
            return 1;
        }
        if (connection.state() == State.RECONNECTING) {
            return connection.pollReconnecting(nowNs);
        }
        int work = connection.readSockets();
        work += path.release(nowNs);
        if (connection.reconnectIfSilent(nowNs, snapshots.lastSnapshotNs())) {
            return work + 1;
        }
        if (connection.state() == State.JOINED) {
            work += inputs.produce(nowNs, clock, predictor, snapshots.decoder());
            work += pings.poll(nowNs);
            connection.sendRequestedStats();
        }
        return work;
    }

    /**
     * For a thread that drives only this client: blocks until data arrives on either socket or the
     * timeout passes, then reads (the listener runs here). {@link ClientDriver} in dedicated mode
     * uses it between polls instead of parking. Driving thread only.
     */
    public void awaitNetwork(int timeoutMs) {
        connection.awaitNetwork(timeoutMs);
    }

    /**
     * Nanoseconds from {@code nowNs} until the next input falls due (for a dedicated driving thread
     * to sleep exactly that long); a few milliseconds while not joined.
     */
    public long nanosUntilNextInput(long nowNs) {
        if (connection.state() != State.JOINED || clock == null) {
            return 2_000_000L;
        }
        return inputs.nanosUntilNextInput(nowNs, clock, 2_000_000L);
    }

    /**
     * Releases the KryoNet selector once the client is closed; the driver calls it after removing
     * the client (never from inside {@code update}).
     */
    public void dispose() {
        connection.dispose();
    }

    /** What a join starts: clock sync, prediction, the snapshot and ping streams. Driving thread. */
    private final class Joins implements ClientConnection.Owner {
        @Override
        public void startStream(Welcome welcome, boolean reconnect, long helloSentNs) {
            if (reconnect) {
                // Everything that described the old stream starts over (the server sends a keyframe first).
                snapshots.newStream();
                inputs.restart();
            }
            tickRateHz = welcome.tickRateHz;
            clock = new ClockSync(tickRateHz);
            predictor = new Predictor(config.movement.create(tickRateHz, snapshots.layout(), inputs.layout()),
                    inputs.layout().lanes, 128);
            // Read the clock here, not the poll's start: Hello may have left after this pass began.
            final long now = System.nanoTime();
            clock.onWelcome(welcome.serverTick, now, now - helloSentNs);
            snapshots.start(connection.playerId(), clock, predictor, now);
            pings.start(clock, now);
        }

        @Override
        public void joined() {
            events.onJoined(GameClient.this);
        }

        @Override
        public void chat(Chat chat) {
            events.onChat(GameClient.this, chat);
        }

        @Override
        public void closed(String reason) {
            events.onClosed(GameClient.this, reason);
        }
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

    // ------------------------------------------------------------------ views (driving thread)

    /** The slot / entity id the server gave us; -1 before joining. */
    public int playerId() {
        return connection.playerId();
    }

    /** The session the server put us in ({@code Welcome.sessionId}); 0 before joining. */
    public int sessionId() {
        return connection.sessionId();
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

    /**
     * Lane {@code lane} of the own player's predicted state (the game's {@code PlayerMovement}
     * lanes: the arena's x, y; the zone game's x, y, zFine, vz); 0 before joining.
     */
    public int predictedState(int lane) {
        return predictor == null ? 0 : predictor.state(lane);
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

    /**
     * The server tick the client renders the others at for {@code nowNs} (fractional: the
     * interpolation's render time, what {@link #interpolated} samples); NaN before clock sync or
     * any snapshot. Inputs report it (rounded) for lag compensation.
     */
    public double renderTick(long nowNs) {
        if (clock == null) {
            return Double.NaN;
        }
        final InterpolationBuffer interpolation = snapshots.interpolation();
        if (interpolation.size() == 0) {
            return Double.NaN;
        }
        return interpolation.renderTick(clock.arrivalTick(nowNs));
    }

    /** The time of the current poll (ns); what {@link InputSource}s should use as "now". */
    public long nowNs() {
        return nowNs;
    }

    public long skippedInputTicks() {
        return inputs.skippedInputTicks();
    }

    public long listenerErrors() {
        return connection.listenerErrors();
    }

    public long missingBaselines() {
        return snapshots.missingBaselines();
    }

    public long malformedSnapshots() {
        return snapshots.malformedSnapshots();
    }

    public long udpDecodeFailures() {
        return connection.udpDecodeFailures();
    }

    /** Datagrams read and refused: not authentic (forged, altered, wrong key) or replayed. */
    public long udpDropped() {
        return socket.dropped();
    }

    /** The sealed UDP link (null before connect and while reconnecting). */
    public ClientUdpLink udpLink() {
        return connection.udpLink();
    }

    public SimulatedLink simulatedLink() {
        return sim;
    }
}
