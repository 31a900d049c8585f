package io.tickforge.server.session;

import io.tickforge.server.gameapi.Game;
import io.tickforge.server.gameapi.GameContext;
import io.tickforge.server.gameapi.GameDescriptor;
import io.tickforge.server.gameapi.GamePlayer;
import io.tickforge.server.gameapi.JoinDecision;
import io.tickforge.server.input.InputBuffer;
import io.tickforge.server.input.InputCounters;
import io.tickforge.server.input.InputQueue;
import io.tickforge.server.metrics.CpuMeter;
import io.tickforge.server.tick.TickClock;
import io.tickforge.server.tick.TickEventFields;
import io.tickforge.server.tick.TickHandler;
import io.tickforge.server.tick.TickLoop;
import io.tickforge.server.tick.TickScheduler;
import io.tickforge.server.tick.TickStats;
import io.tickforge.server.tick.TickStatsSnapshot;
import io.tickforge.server.tick.TickWaiter;
import io.tickforge.shared.protocol.ByeReason;
import io.tickforge.shared.protocol.InputPacket;
import io.tickforge.shared.world.InputLayout;
import io.tickforge.shared.protocol.RejectReason;
import io.tickforge.shared.protocol.ServerStats;
import io.tickforge.shared.world.WorldSnapshot;
import io.tickforge.shared.log.DistinctErrorLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * One authoritative game session: its game (driven only through the game SPI,
 * {@link io.tickforge.server.gameapi.Game}), its tick loop and its players. The gateway
 * methods are called from the network thread(s) and only enqueue; everything else runs on this
 * session's own tick thread ({@link #start()}), or on the shared tick thread that ticks it
 * ({@link #start(TickScheduler)}), or on the test thread that drives {@link #tickLoop()} by hand with
 * a manual clock. Several sessions can live in one process, each with its own world and loop.
 *
 * <p>One tick, in order:
 * <ol>
 *   <li>inputs: apply queued joins (after the game's {@code joinAttempt}) and leaves (tick
 *       boundary), drain the input queue into the per-player buffers, passing acks to
 *       replication;</li>
 *   <li>simulation: one input per joined player (buffer take) into the reusable inputs view,
 *       {@code Game.tick}, then {@code Game.writeSnapshot};</li>
 *   <li>replication: record the world, then per player encode and send one snapshot packet.</li>
 * </ol>
 * Time: the loop reads the clock once per tick and passes it down; the extra clock reads between
 * phases only measure phase durations for {@link TickStats}.
 *
 * <p>Recording ({@link #setRecorder}, {@code --record}): the recorder hears each join (with the
 * game's decision) and leave as applied, the inputs exactly as {@code Game.tick} receives them,
 * and the snapshot the game wrote: everything a replay needs (docs/REPLAY.md). Off, it costs one
 * null check per hook.
 */
public final class GameSession implements SessionGateway {
    private static final Logger LOG = LoggerFactory.getLogger(GameSession.class);
    /** First occurrence of each error with its stack, then counted (never one line per tick). */
    private final DistinctErrorLog errors = new DistinctErrorLog(LOG);

    /**
     * Input packets one player may have waiting between two ticks. A well-behaved client sends one
     * per tick (a few in a burst after a stall); more is a flood and is dropped at the gate.
     */
    public static final int MAX_QUEUED_PACKETS_PER_PLAYER = 16;
    /** How often the tick thread publishes the {@link WorldFeed} (the dashboard's map). */
    public static final int WORLD_FEED_HZ = 5;
    /** Joins and leaves applied per tick at most; the rest wait for the next tick. */
    public static final int MAX_CONTROL_EVENTS_PER_TICK = 16;

    private static final int SLOT_FREE = 0;
    private static final int SLOT_RESERVED = 1;
    private static final int SLOT_JOINED = 2;

    private static final int EVENT_JOIN = 0;
    private static final int EVENT_LEAVE = 1;
    private static final int EVENT_DETACH = 2;
    private static final int EVENT_REATTACH = 3;

    /** Control events are rare (a join, leave or reconnect per player lifetime): allocation is fine here. */
    private record ControlEvent(int kind, int slot, String name, PlayerLink link) {
    }

    private final SessionConfig config;
    private final Replication replication;
    private final TickClock clock;
    /**
     * How long after a tick's scheduled start replication stops starting packets
     * ({@link SessionConfig#replicationDeadlinePercent} of the period), or -1: no deadline.
     */
    private final long replicationDeadlineNs;
    private final Game game;
    private final GameDescriptor gameDescriptor;
    /** The game's input schema compiled into lanes: the input wire's and the buffers' layout. */
    private final InputLayout inputLayout;
    private final WorldSnapshot snapshot;
    private final TickStats tickStats;
    private final TickLoop tickLoop;
    private final CpuMeter cpuMeter;
    /** The tick thread's own CPU (sampled on it), to split the process figure. */
    private final CpuMeter tickThreadCpuMeter = new CpuMeter(CpuMeter.currentThreadCpuTime());

    // Network -> tick thread.
    private final AtomicIntegerArray slotState;
    private final ConcurrentLinkedQueue<ControlEvent> control = new ConcurrentLinkedQueue<>();
    private final InputQueue inputQueue;
    /** Packets of each slot waiting in the input queue: one flooding client cannot fill it for all. */
    private final AtomicIntegerArray queuedPerSlot;
    private final java.util.concurrent.atomic.AtomicLong rejectedPerPlayerLimit = new java.util.concurrent.atomic.AtomicLong();
    private final AtomicLong joinsRejectedByGame = new AtomicLong();

    // Tick thread only.
    private final InputCounters inputCounters = new InputCounters();
    private final InputBuffer[] buffers;
    private final PlayerLink[] links;
    private final String[] names;
    /** Per slot: the player as the game knows it (one instance from join to leave). */
    private final GamePlayer[] gamePlayers;
    private final TickInputs tickInputs;
    /** Lag compensation: the last ticks' positions, offered to the game as its {@code Rewind}. */
    private final PositionHistory positionHistory;
    private boolean gameStarted;
    private boolean gameEnded;
    /** Joined players (detached ones included: they stay in the game). */
    private int joinedCount;
    private final boolean[] joined;
    /** Joined, but the connection dropped and the network holds the slot for a reconnect: idle, no snapshots. */
    private final boolean[] detached;
    private final int maxDrainPerTick;
    private final InputQueue.Handler inputHandler = this::onInput;
    private final AtomicLong sendFailures = new AtomicLong();
    private final AtomicLong sendErrors = new AtomicLong();
    /**
     * Time spent in {@code PlayerLink.sendSnapshot} (sealing and the send syscall) and the sends
     * timed, summed over the threads that send (tick thread and replication workers): what the
     * sends cost inside the replicate phase. Two clock reads per datagram; no allocation once the
     * adders' cells exist.
     */
    private final LongAdder sendNanos = new LongAdder();
    private final LongAdder sendsTimed = new LongAdder();
    private long lastBytesIn;
    private long lastBytesOut;
    private long lastTrafficNs = Long.MIN_VALUE;
    /** Running total of (joined players x ticks), for the process CPU per client-tick. */
    private long clientTicks;
    /**
     * The host's total of client-ticks over all its sessions ({@link #shareClientTicks}), or null:
     * the process CPU is every session's, so per client-tick it is divided by every session's clients.
     */
    private LongAdder hostClientTicks;
    private long snapshotBytesLastTick;
    /**
     * Per slot: this tick's packet length (0: none sent), written by whichever thread wrote the
     * slot's packet and read by the tick thread after the write phase, so size counts and byte
     * totals keep a single writer however many replication workers there are.
     */
    private final int[] packetLengthThisTick;

    // Published by the tick thread for any reader.
    private volatile long currentTick = -1;
    private volatile int players;
    private volatile ServerStats publishedStats;
    private volatile InputCounters publishedInputCounters = new InputCounters();
    private volatile ReplicationFigures publishedReplication = ReplicationFigures.NONE;
    /**
     * The replication's cumulative counters read at the last stats publication (never modified once
     * published); before the first, all zero, as a replication's counters start.
     */
    private volatile ReplicationCounters publishedReplicationCounters = ReplicationCounters.zero();
    /** This session's own UDP bytes, counted by the transport (see {@link SessionTraffic}). */
    private final SessionTraffic traffic = new SessionTraffic();
    /** Where the published bytes/s come from: the session's own UDP counters unless {@link #setTrafficCounters}. */
    private volatile LongSupplier bytesIn = traffic::udpBytesIn;
    private volatile LongSupplier bytesOut = traffic::udpBytesOut;
    /** Written by the tick thread, read by the admin endpoint (see each class). */
    private final SnapshotSizeCounts snapshotSizes = new SnapshotSizeCounts();
    private final WorldFeed worldFeed;
    private volatile RosterListener rosterListener = RosterListener.NONE;

    private Thread thread;
    /** The shared tick scheduler running this session's ticks ({@link #start(TickScheduler)}), else null. */
    private TickScheduler scheduler;
    /** The replay log's recorder ({@code --record}), null when off: one null check per hook. Set before start. */
    private io.tickforge.server.replaylog.SessionRecorder recorder;

    /** A session on the real clock with park-then-spin waiting. */
    public GameSession(SessionConfig config, Game game, Replication replication) {
        this(config, game, replication, TickClock.SYSTEM, TickWaiter.parkThenSpin(200_000));
    }

    /** A session that measures this JVM's process CPU for its stats. */
    public GameSession(SessionConfig config, Game game, Replication replication, TickClock clock, TickWaiter waiter) {
        this(config, game, replication, clock, waiter, CpuMeter.processCpuTime());
    }

    /**
     * {@code game} is created for this session ({@code GameProvider.create} with the same tick rate
     * and player slots) and owned by its tick thread from here on. {@code cpuTime} is the process
     * CPU clock, read on the tick thread once per stats interval (tests inject their own); the tick
     * thread's own CPU clock is always the JVM's.
     */
    public GameSession(SessionConfig config, Game game, Replication replication, TickClock clock, TickWaiter waiter,
                       CpuMeter.CpuTimeSource cpuTime) {
        if (config == null || game == null || replication == null || clock == null || waiter == null || cpuTime == null) {
            throw new IllegalArgumentException("config, game, replication, clock, waiter and cpuTime are required");
        }
        this.cpuMeter = new CpuMeter(cpuTime);
        this.config = config;
        this.replication = replication;
        this.clock = clock;
        final int maxPlayers = config.maxPlayers();
        this.game = game;
        this.gameDescriptor = game.describe();
        if (gameDescriptor == null) {
            throw new IllegalArgumentException("game " + game.getClass().getName() + " describes nothing (describe() returned null)");
        }
        final io.tickforge.shared.world.EntityLayout replicated = replication.entityLayout();
        if (replicated != null && !replicated.codesLike(gameDescriptor.entityLayout())) {
            throw new IllegalArgumentException("replication was built for entity schema '" + replicated.schema().name()
                    + "' #" + replicated.schema().hashHex() + ", the game declares '" + gameDescriptor.entitySchema().name()
                    + "' #" + gameDescriptor.entitySchema().hashHex()
                    + ": build it with ReplicationConfig.withEntityLayout(game.describe().entityLayout())");
        }
        this.snapshot = new WorldSnapshot(gameDescriptor.entityLayout(), gameDescriptor.maxEntities());
        this.gamePlayers = new GamePlayer[maxPlayers];
        this.inputLayout = gameDescriptor.inputLimits().layout();
        this.tickInputs = new TickInputs(maxPlayers, inputLayout);
        this.positionHistory = new PositionHistory(config.lagCompensationTicks(), gameDescriptor.maxEntities());
        this.slotState = new AtomicIntegerArray(maxPlayers);
        this.inputQueue = new InputQueue(config.inputQueueCapacity(), inputLayout.lanes);
        this.queuedPerSlot = new AtomicIntegerArray(maxPlayers);
        this.maxDrainPerTick = inputQueue.capacity();
        this.buffers = new InputBuffer[maxPlayers];
        for (int s = 0; s < maxPlayers; s++) {
            buffers[s] = new InputBuffer(inputCounters, gameDescriptor.inputLimits());
            buffers[s].setMaxRenderLagTicks(positionHistory.capTicks());
        }
        this.links = new PlayerLink[maxPlayers];
        this.packetLengthThisTick = new int[maxPlayers];
        this.names = new String[maxPlayers];
        this.joined = new boolean[maxPlayers];
        this.detached = new boolean[maxPlayers];
        this.tickStats = new TickStats(config.tickRateHz(), config.statsPublishIntervalNs());
        this.replicationDeadlineNs = config.replicationDeadlinePercent() == 0 ? -1
                : 1_000_000_000L / config.tickRateHz() * config.replicationDeadlinePercent() / 100;
        this.tickLoop = new TickLoop(clock, config.tickRateHz(), config.maxCatchUpTicks(), new TickHandler() {
            @Override
            public void onTick(long tick, long nowNs) {
                GameSession.this.onTick(tick, nowNs, nowNs);
            }

            @Override
            public void onTick(long tick, long nowNs, long deadlineNs) {
                GameSession.this.onTick(tick, nowNs, deadlineNs);
            }
        }, tickStats, waiter, this::onStatsPublished);
        this.publishedStats = buildStats(tickStats.snapshot(), 0, 0);
        this.worldFeed = new WorldFeed(gameDescriptor.maxEntities(), maxPlayers,
                Math.max(1, config.tickRateHz() / WORLD_FEED_HZ));
        this.tickStats.setEventFields(new TickEventFields() {
            @Override
            public int sessionId() {
                return config.sessionId();
            }

            @Override
            public int playersNow() {
                return players;
            }

            @Override
            public long snapshotBytesLastTick() {
                return snapshotBytesLastTick;
            }
        });
    }

    // ---------------------------------------------------------------- SessionGateway (network threads)

    @Override
    public int sessionId() {
        return config.sessionId();
    }

    @Override
    public int tickRateHz() {
        return config.tickRateHz();
    }

    @Override
    public long currentTick() {
        return currentTick;
    }

    @Override
    public io.tickforge.shared.schema.EntitySchema entitySchema() {
        return gameDescriptor.entitySchema();
    }

    @Override
    public io.tickforge.shared.schema.InputSchema inputSchema() {
        return gameDescriptor.inputSchema();
    }

    @Override
    public int packetBudgetBytes() {
        return config.packetBudgetBytes();
    }

    @Override
    public int sendingThreads() {
        return replication.writerThreads();
    }

    @Override
    public int reserveSlot() {
        for (int s = 0; s < slotState.length(); s++) {
            if (slotState.get(s) == SLOT_FREE && slotState.compareAndSet(s, SLOT_FREE, SLOT_RESERVED)) {
                return s;
            }
        }
        return -1;
    }

    @Override
    public void releaseSlot(int slot) {
        if (slot >= 0 && slot < slotState.length()) {
            slotState.compareAndSet(slot, SLOT_RESERVED, SLOT_FREE);
        }
    }

    @Override
    public void enqueueJoin(int slot, String name, PlayerLink link) {
        if (slot < 0 || slot >= slotState.length() || link == null) {
            throw new IllegalArgumentException("bad join: slot " + slot + ", link " + link);
        }
        control.add(new ControlEvent(EVENT_JOIN, slot, name, link));
    }

    @Override
    public void enqueueLeave(int slot) {
        if (slot >= 0 && slot < slotState.length()) {
            control.add(new ControlEvent(EVENT_LEAVE, slot, null, null));
        }
    }

    @Override
    public void enqueueDetach(int slot) {
        if (slot >= 0 && slot < slotState.length()) {
            control.add(new ControlEvent(EVENT_DETACH, slot, null, null));
        }
    }

    @Override
    public void enqueueReattach(int slot, PlayerLink link) {
        if (slot < 0 || slot >= slotState.length() || link == null) {
            throw new IllegalArgumentException("bad reattach: slot " + slot + ", link " + link);
        }
        control.add(new ControlEvent(EVENT_REATTACH, slot, null, link));
    }

    @Override
    public InputLayout inputLayout() {
        return inputLayout;
    }

    @Override
    public boolean offerInput(int slot, InputPacket packet) {
        if (slot < 0 || slot >= slotState.length() || packet == null) {
            return false;
        }
        if (queuedPerSlot.incrementAndGet(slot) > MAX_QUEUED_PACKETS_PER_PLAYER) {
            queuedPerSlot.decrementAndGet(slot);
            rejectedPerPlayerLimit.incrementAndGet();
            return false;
        }
        if (!inputQueue.offer(slot, packet)) {
            queuedPerSlot.decrementAndGet(slot);
            return false;
        }
        return true;
    }

    @Override
    public ServerStats stats() {
        return publishedStats;
    }

    /** This session's UDP byte counters (the transport counts its peers' datagrams there). Any thread. */
    @Override
    public SessionTraffic traffic() {
        return traffic;
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * One of several sessions in this process ({@link SessionHost}): adds its client-ticks to
     * {@code hostTotal}, shared by all of them, and divides the process CPU by that total, so that
     * {@code cpuMicrosPerClientTick} is the process's cost per client-tick of every session, not the
     * whole process's CPU over this session's clients. {@code cpuCores} is the process's either way.
     * Call before {@link #start}.
     */
    public void shareClientTicks(LongAdder hostTotal) {
        if (hostTotal == null) {
            throw new IllegalArgumentException("hostTotal is required");
        }
        if (thread != null || scheduler != null) {
            throw new IllegalStateException("session " + config.sessionId() + " already started");
        }
        this.hostClientTicks = hostTotal;
    }

    /**
     * Totals the published bytes/s ({@link ServerStats#bytesInPerSecond}, {@link ServerStats#bytesOutPerSecond})
     * are computed from. By default the session's own UDP bytes ({@link #traffic()}): what a session
     * hosted among others (sessions on demand) reports. The single-session server sets the
     * process-wide network totals here instead (TCP and every datagram included, as it always
     * reported: with one session the process's traffic is the session's). Any thread.
     */
    public void setTrafficCounters(LongSupplier bytesInTotal, LongSupplier bytesOutTotal) {
        this.bytesIn = bytesInTotal;
        this.bytesOut = bytesOutTotal;
    }

    /** Starts this session's tick thread. */
    public synchronized void start() {
        start(null);
    }

    /**
     * Starts this session's ticks: on its own tick thread when {@code scheduler} is null, otherwise
     * on one of the shared scheduler's threads ({@code --tick-threads}; the scheduler outlives the
     * session, {@link #stop} takes the session off it).
     */
    public synchronized void start(TickScheduler scheduler) {
        if (thread != null || this.scheduler != null) {
            throw new IllegalStateException("session " + sessionId() + " already started");
        }
        if (scheduler != null) {
            scheduler.add(tickLoop);
            this.scheduler = scheduler;
            return;
        }
        thread = new Thread(() -> {
            try {
                tickLoop.run();
            } finally {
                endGame();
            }
        }, "tick-session-" + sessionId());
        thread.setPriority(Thread.MAX_PRIORITY);
        thread.start();
    }

    /**
     * Records this session's replay log (docs/REPLAY.md): the joins, leaves and inputs exactly as
     * applied to the game, and world hashes. Set before {@link #start}; {@link #stop} closes it.
     */
    public void setRecorder(io.tickforge.server.replaylog.SessionRecorder recorder) {
        if (thread != null || scheduler != null) {
            throw new IllegalStateException("set the recorder before the session starts");
        }
        this.recorder = recorder;
    }

    /** The replay log's recorder, null when not recording. */
    public io.tickforge.server.replaylog.SessionRecorder recorder() {
        return recorder;
    }

    /** Who hears about joins and leaves (e.g. a fleet manager's player list). Set before {@link #start}. */
    public void setRosterListener(RosterListener listener) {
        this.rosterListener = listener == null ? RosterListener.NONE : listener;
    }

    /**
     * Stops the tick loop after its current tick and waits for the thread; true if it ended in time.
     * Once it has, the replication's worker threads are stopped too (the session owns them from
     * construction on).
     */
    public synchronized boolean stop(long timeout, TimeUnit unit) throws InterruptedException {
        tickLoop.stop();
        if (scheduler != null) {
            // Off the shared scheduler once its thread has finished this session's tick in progress;
            // that thread's successor for the session is the caller, which ends the game.
            if (!scheduler.remove(tickLoop, Math.max(1, unit.toMillis(timeout)), TimeUnit.MILLISECONDS)) {
                return false;
            }
            endGame();
        } else if (thread != null) {
            thread.join(Math.max(1, unit.toMillis(timeout)));
            if (thread.isAlive()) {
                return false;
            }
        } else {
            // Driven by hand (tests, benchmarks): the caller was the tick thread.
            endGame();
        }
        replication.close();
        if (recorder != null) {
            recorder.close();
        }
        return true;
    }

    /** {@code Game.end()} once, after the last tick, if the game started. Tick thread (or its successor after it ended). */
    private void endGame() {
        if (gameStarted && !gameEnded) {
            gameEnded = true;
            try {
                game.end();
            } catch (RuntimeException e) {
                errors.record("game end failed", "session " + sessionId(), e);
            }
        }
    }

    /** Tells every joined player why and closes it. Call after {@link #stop}. */
    public void disconnectAll(ByeReason reason, String text) {
        for (int s = 0; s < links.length; s++) {
            final PlayerLink link = links[s];
            if (link != null) {
                try {
                    link.disconnect(reason, text);
                } catch (RuntimeException e) {
                    LOG.warn("disconnecting slot {} failed", s, e);
                }
            }
        }
    }

    // ---------------------------------------------------------------- the tick (tick thread)

    private void onTick(long tick, long nowNs, long deadlineNs) {
        if (!gameStarted) {
            gameStarted = true;
            game.start(new GameContext(config.sessionId(), config.tickRateHz(), config.maxPlayers(), tick,
                    positionHistory.capTicks() == 0 ? io.tickforge.server.gameapi.Rewind.OFF : positionHistory));
        }
        applyControl(tick);
        clientTicks += players;
        if (hostClientTicks != null && players != 0) {
            hostClientTicks.add(players);
        }
        inputQueue.drain(inputHandler, maxDrainPerTick);
        final long inputsEndNs = clock.nanoTime();
        tickStats.recordPhase(TickStats.PHASE_INPUTS, inputsEndNs - nowNs);

        final TickInputs inputs = tickInputs;
        inputs.clear();
        for (int s = 0; s < joined.length; s++) {
            if (joined[s]) {
                final InputBuffer buffer = buffers[s];
                final boolean received = buffer.take(tick);
                inputs.add(s, buffer, received, tick - buffer.renderLag());
            }
        }
        if (recorder != null) {
            recorder.inputs(tick, inputs);
        }
        positionHistory.beginTick(tick);
        game.tick(tick, inputs);
        snapshot.clear(tick);
        game.writeSnapshot(snapshot);
        if (snapshot.tick != tick) {
            throw new IllegalStateException("game " + game.getClass().getName() + " wrote the snapshot of tick "
                    + snapshot.tick + " during tick " + tick + " (out arrives cleared at the tick; clear(tick) is optional)");
        }
        if (recorder != null) {
            recorder.world(snapshot, game);
        }
        positionHistory.record(snapshot);
        worldFeed.maybePublish(tick, snapshot, names);
        final long simulationEndNs = clock.nanoTime();
        tickStats.recordPhase(TickStats.PHASE_SIMULATION, simulationEndNs - inputsEndNs);

        replication.recordWorld(snapshot);
        if (replicationDeadlineNs < 0) {
            replication.writePackets(packetSink);
        } else {
            // Measured from the tick's scheduled start: a late tick (catching up) has less room.
            replication.writePackets(packetSink, clock, deadlineNs + replicationDeadlineNs);
        }
        long snapshotBytes = 0;
        for (int s = 0; s < joined.length; s++) {
            final int length = packetLengthThisTick[s];
            if (length > 0) {
                packetLengthThisTick[s] = 0;
                snapshotSizes.record(length);
                snapshotBytes += length;
            }
        }
        tickStats.recordPhase(TickStats.PHASE_REPLICATION, clock.nanoTime() - simulationEndNs);
        snapshotBytesLastTick = snapshotBytes;
        currentTick = tick;
    }

    /**
     * Replication hands each finished packet here, from the tick thread or a replication worker:
     * one link per slot, so different slots never share state; the counters are atomic.
     */
    private final PacketSink packetSink = new PacketSink() {
        @Override
        public long lastAppliedInputTick(int slot) {
            // The client replays its inputs after this tick on top of our state; before its first
            // input arrived we have applied none of them.
            return buffers[slot].lastReceivedTick();
        }

        @Override
        public void send(int slot, byte[] packet, int length) {
            if (length > 0) {
                packetLengthThisTick[slot] = length;
                final long t0 = System.nanoTime();
                final boolean sent = links[slot].sendSnapshot(packet, length);
                sendNanos.add(System.nanoTime() - t0);
                sendsTimed.increment();
                if (!sent) {
                    sendFailures.incrementAndGet();
                }
            }
        }

        @Override
        public void failed(int slot, RuntimeException e) {
            // One client's failure must not cost the other clients their snapshot. Logged once per
            // distinct error, then counted (DistinctErrorLog is thread-safe: workers call this too).
            sendErrors.incrementAndGet();
            errors.record("snapshot send failed", "slot " + slot, e);
        }
    };

    private void notifyRoster(boolean join, int slot, String name) {
        try {
            if (join) {
                rosterListener.joined(slot, name);
            } else {
                rosterListener.left(slot, name);
            }
        } catch (RuntimeException e) {
            errors.record("roster listener failed", "slot " + slot, e);
        }
    }

    private void applyControl(long tick) {
        ControlEvent event;
        // Bounded: a burst of joins (or join/leave churn) is spread over ticks instead of one long tick;
        // the queue is FIFO, so a slot's join and leave stay in order.
        for (int applied = 0; applied < MAX_CONTROL_EVENTS_PER_TICK && (event = control.poll()) != null; applied++) {
            final int slot = event.slot();
            switch (event.kind()) {
                case EVENT_JOIN -> applyJoin(event, tick);
                case EVENT_LEAVE -> applyLeave(slot, tick);
                case EVENT_DETACH -> {
                    if (joined[slot] && !detached[slot]) {
                        // Idle from this tick: an empty buffer applies no input (as before a first input),
                        // and the inputs still queued from the dropped connection are refused in onInput.
                        detached[slot] = true;
                        buffers[slot].reset(tick);
                        replication.removeClient(slot);
                        LOG.debug("session {}: player '{}' in slot {} detached at tick {}", sessionId(), names[slot], slot, tick);
                    }
                }
                case EVENT_REATTACH -> applyReattach(event, tick);
                default -> throw new IllegalStateException("unknown control event " + event.kind());
            }
        }
        players = joinedCount;
    }

    private void applyJoin(ControlEvent event, long tick) {
        final int slot = event.slot();
        if (slotState.get(slot) != SLOT_RESERVED || joined[slot]) {
            // A network-layer bug, not a client's doing: refuse that one connection loudly.
            LOG.warn("join for slot {} refused: slot not reserved (state {})", slot, slotState.get(slot));
            refuse(event.link(), "join refused: slot " + slot + " not reserved");
            return;
        }
        final GamePlayer player = new GamePlayer(slot, event.name());
        final JoinDecision decision = game.joinAttempt(player);
        if (recorder != null) {
            recorder.join(tick, slot, event.name(), decision != null && decision.accepted());
        }
        if (decision == null || !decision.accepted()) {
            // The slot stays reserved until the network's leave for this connection (it ends the
            // slot: a Rejected is never held for a reconnect), so it cannot be handed out twice.
            joinsRejectedByGame.incrementAndGet();
            final String reason = decision == null ? "the game gave no answer" : decision.reason();
            LOG.debug("session {}: game rejected '{}' in slot {} at tick {}: {}", sessionId(), event.name(), slot, tick, reason);
            try {
                event.link().reject(RejectReason.GAME_REJECTED, reason);
            } catch (RuntimeException e) {
                LOG.warn("rejecting slot {} failed", slot, e);
            }
            return;
        }
        joined[slot] = true;
        joinedCount++;
        detached[slot] = false;
        links[slot] = event.link();
        names[slot] = event.name();
        gamePlayers[slot] = player;
        buffers[slot].reset(tick);
        game.join(player, tick);
        replication.addClient(slot);
        slotState.set(slot, SLOT_JOINED);
        // DEBUG only: the tick thread does not log per event (the network's summary counts joins).
        LOG.debug("session {}: player '{}' joined in slot {} at tick {}", sessionId(), event.name(), slot, tick);
        notifyRoster(true, slot, event.name());
    }

    private void applyLeave(int slot, long tick) {
        if (joined[slot]) {
            joined[slot] = false;
            joinedCount--;
            detached[slot] = false;
            if (recorder != null) {
                recorder.leave(tick, slot);
            }
            game.leave(gamePlayers[slot], tick);
            replication.removeClient(slot);
            LOG.debug("session {}: player '{}' left slot {} at tick {}", sessionId(), names[slot], slot, tick);
            notifyRoster(false, slot, names[slot]);
            links[slot] = null;
            names[slot] = null;
            gamePlayers[slot] = null;
        }
        slotState.set(slot, SLOT_FREE);
    }

    /** The same player (entity, score) on a new connection: fresh inputs, a keyframe first. */
    private void applyReattach(ControlEvent event, long tick) {
        final int slot = event.slot();
        if (!joined[slot]) {
            // The network never reattaches after the leave it queued itself: a bug, refused loudly.
            LOG.warn("reattach for slot {} refused: no player there (state {})", slot, slotState.get(slot));
            refuse(event.link(), "reconnect refused: slot " + slot + " has no player");
            return;
        }
        detached[slot] = false;
        links[slot] = event.link();
        buffers[slot].reset(tick);
        replication.addClient(slot); // resets its client state whether active or not: the next packet is a keyframe
        LOG.debug("session {}: player '{}' in slot {} reattached at tick {}", sessionId(), names[slot], slot, tick);
    }

    private static void refuse(PlayerLink link, String text) {
        try {
            link.disconnect(ByeReason.KICKED, text);
        } catch (RuntimeException e) {
            LOG.warn("disconnecting a refused connection failed", e);
        }
    }

    private void onInput(int slot, InputPacket packet) {
        queuedPerSlot.decrementAndGet(slot);
        if (!joined[slot] || detached[slot]) {
            inputCounters.unknownSlotPackets++;
            return;
        }
        if (packet.count < 0 || packet.count > InputPacket.MAX_INPUTS || packet.lanesPerInput != inputLayout.lanes) {
            inputCounters.malformedPackets++;
            return;
        }
        if (packet.hasAcks) {
            replication.onAcks(slot, packet.ackSequence & 0xFFFF, packet.ackBits);
        }
        final InputBuffer buffer = buffers[slot];
        final long newest = packet.newestTick;
        final int lanes = packet.lanesPerInput;
        for (int k = 0; k < packet.count; k++) {
            final long tick = newest >= k ? newest - k : -1;
            buffer.offer(tick, packet.lanes, k * lanes, packet.renderLag);
        }
    }

    private void onStatsPublished(TickStatsSnapshot tick, long nowNs) {
        final long in = bytesIn.getAsLong();
        final long out = bytesOut.getAsLong();
        long inPerS = 0;
        long outPerS = 0;
        if (lastTrafficNs != Long.MIN_VALUE && nowNs > lastTrafficNs) {
            final double seconds = (nowNs - lastTrafficNs) / 1e9;
            inPerS = Math.round((in - lastBytesIn) / seconds);
            outPerS = Math.round((out - lastBytesOut) / seconds);
        }
        lastBytesIn = in;
        lastBytesOut = out;
        lastTrafficNs = nowNs;
        cpuMeter.sample(nowNs, hostClientTicks != null ? hostClientTicks.sum() : clientTicks);
        tickThreadCpuMeter.sample(nowNs, clientTicks);
        publishedStats = buildStats(tick, inPerS, outPerS);
        publishedInputCounters = inputCounters.copy();
        final ReplicationCounters counters = new ReplicationCounters(); // once per stats interval
        replication.readCounters(counters);
        publishedReplication = ReplicationFigures.between(publishedReplicationCounters, counters);
        publishedReplicationCounters = counters;
    }

    private ServerStats buildStats(TickStatsSnapshot tick, long inPerS, long outPerS) {
        ServerStats s = new ServerStats();
        s.sessionId = config.sessionId();
        s.tickRateHz = config.tickRateHz();
        s.achievedTickRateHz = tick.achievedTickRateHz();
        s.ticks = tick.ticks();
        s.overruns = tick.overruns();
        s.skippedTicks = tick.skippedTicks();
        s.players = joinedCount;
        // What the game wrote in the last tick (0 before the first).
        s.entities = snapshot.count;
        s.tickDurationP50Us = tick.durationP50Us();
        s.tickDurationP99Us = tick.durationP99Us();
        s.tickDurationP999Us = tick.durationP999Us();
        s.tickDurationMaxUs = tick.durationMaxUs();
        s.tickLatenessP50Us = tick.latenessP50Us();
        s.tickLatenessP99Us = tick.latenessP99Us();
        s.tickLatenessMaxUs = tick.latenessMaxUs();
        s.bytesInPerSecond = inPerS;
        s.bytesOutPerSecond = outPerS;
        s.cpuCores = cpuMeter.cores() < 0 ? ServerStats.UNKNOWN : cpuMeter.cores();
        s.cpuMicrosPerClientTick = cpuMeter.microsPerClientTick() < 0 ? ServerStats.UNKNOWN
                : cpuMeter.microsPerClientTick();
        s.tickThreadCpuCores = tickThreadCpuMeter.cores() < 0 ? ServerStats.UNKNOWN : tickThreadCpuMeter.cores();
        return s;
    }

    // ---------------------------------------------------------------- read access

    /** The loop, for tests that drive ticks by hand ({@code tickLoop().doWork(nowNs)}). */
    public TickLoop tickLoop() {
        return tickLoop;
    }

    /** The hosted game. Tick thread (or a test driving it) only. */
    public Game game() {
        return game;
    }

    /** What the game told the engine about itself ({@code Game.describe()}); any thread. */
    public GameDescriptor gameDescriptor() {
        return gameDescriptor;
    }

    /** The lag compensation history the game queries. Tick thread (or a test driving it) only. */
    public PositionHistory positionHistory() {
        return positionHistory;
    }

    /** Joins the game refused at its {@code joinAttempt}; any thread. */
    public long joinsRejectedByGame() {
        return joinsRejectedByGame.get();
    }

    /** Tick thread (or a test driving it) only: live counters. */
    public InputCounters inputCounters() {
        return inputCounters;
    }

    /**
     * Replication over the last stats interval (shared codings, codings per packet, packets that
     * deferred), as published with the stats; {@link ReplicationFigures#NONE} before the first
     * interval. Any thread.
     */
    public ReplicationFigures publishedReplication() {
        return publishedReplication;
    }

    /**
     * The replication's cumulative counters as of the last stats publication (all zero before the
     * first; {@code known} false when the replication keeps none); any thread, read only.
     */
    public ReplicationCounters publishedReplicationCounters() {
        return publishedReplicationCounters;
    }

    /** A copy published with the stats; any thread. */
    public InputCounters publishedInputCounters() {
        return publishedInputCounters;
    }

    /** The latest published tick figures; any thread. */
    public TickStatsSnapshot tickStats() {
        return tickStats.snapshot();
    }

    /** Input packets refused at the gate: queue full or the player's own limit reached. Any thread. */
    public long inputQueueRejected() {
        return inputQueue.rejectedFull() + rejectedPerPlayerLimit.get();
    }

    /** Input packets refused because that player already had its limit queued. Any thread. */
    public long inputRejectedPerPlayerLimit() {
        return rejectedPerPlayerLimit.get();
    }

    /** Tick thread (or a test driving it) only: the player's connection dropped and its slot is held. */
    public boolean isDetached(int slot) {
        return detached[slot];
    }

    /**
     * Slots reserved by a handshake or taken by a player (joined or held for a reconnect) right now;
     * 0 means nobody is in or on the way in. Any thread (reads the slot states; no lock).
     */
    public int slotsInUse() {
        int used = 0;
        for (int s = 0; s < slotState.length(); s++) {
            if (slotState.get(s) != SLOT_FREE) {
                used++;
            }
        }
        return used;
    }

    /** Players currently in the world (as of the last tick boundary); any thread. */
    public int playerCount() {
        return players;
    }

    /** Snapshot datagrams the links refused (tick thread figure). */
    public long sendFailures() {
        return sendFailures.get();
    }

    public long sendErrors() {
        return sendErrors.get();
    }

    /** Total nanoseconds spent handing snapshot datagrams to the links (seal + send); any thread. */
    public long sendNanos() {
        return sendNanos.sum();
    }

    /** Snapshot datagrams handed to the links (the count behind {@link #sendNanos}); any thread. */
    public long sendsTimed() {
        return sendsTimed.sum();
    }

    /** Snapshot datagram sizes handed to the network; any thread. */
    public SnapshotSizeCounts snapshotSizes() {
        return snapshotSizes;
    }

    /** The low-rate world copy for the dashboard; any thread. */
    public WorldFeed worldFeed() {
        return worldFeed;
    }

    /** Raw per-tick timing figures; any thread (see {@link io.tickforge.server.tick.TickSampleRing}). */
    public io.tickforge.server.tick.TickSampleRing tickSamples() {
        return tickStats.samples();
    }

    public SessionConfig config() {
        return config;
    }
}
