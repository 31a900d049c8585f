package io.tickforge.server.session;

import io.tickforge.server.tick.TickScheduler;
import io.tickforge.shared.protocol.ByeReason;
import io.tickforge.shared.protocol.Hello;
import io.tickforge.shared.protocol.InputPacket;
import io.tickforge.shared.protocol.RejectReason;
import io.tickforge.shared.protocol.ServerStats;
import io.tickforge.shared.schema.EntitySchema;
import io.tickforge.shared.schema.InputSchema;
import io.tickforge.shared.world.InputLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The sessions of one process, on demand ({@code --max-sessions N}): creates a {@link GameSession}
 * (its game instance and replication workers from {@link Factory}; its ticks on its own tick thread,
 * or on the host's shared {@link TickScheduler} threads when it has some) when a
 * {@code Hello} asks for "any" session and none has room, places joins ({@link #place}), and ends a
 * session when its game says it is over ({@code Game.isOver()}) or after it has been empty (no slot
 * in use, reserved or held) for the empty-session timeout: its tick and worker threads end and
 * nothing here refers to it any more, so its memory goes with the last connection that knew it.
 *
 * <p>Threads: {@link #place} and {@link #find} run on the network's update thread; the sessions'
 * ends on this host's own thread ("tickforge-sessions", {@link #start}); {@link #sessions} and the
 * figures on any thread. All of those take the host's lock (a few times per player lifetime and once
 * per check interval); nothing per tick or per datagram does: a connection holds its session's
 * gateway itself. Creating a session (constructing its game and replication, starting its thread)
 * runs inside {@link #place}, on the network thread, a few milliseconds per session.
 *
 * <p>One game or several ({@code --games}, {@link HostedGame}): every session runs one hosted game
 * with that game's options; the sessions of one game share schemas and input layout
 * ({@link #shape(String)}), every session of the process the tick rate and packet budget (the
 * engine's; a game whose sessions would differ is refused at construction). The first session of
 * each hosted game is created with the host (ids 1.. in the order given, the default game's first),
 * so every game's own checks run at start-up. "Any" fills the oldest open session of the Hello's
 * game (none named: the default game, the first given) or starts one of that game while fewer than
 * {@code maxSessions} live, whatever their games; a Hello naming a session of another game is
 * refused with {@code NO_SUCH_SESSION} (no such session of its game), one naming a game not hosted
 * with {@code UNKNOWN_GAME} listing the hosted ones.
 */
public final class SessionHost implements SessionDirectory, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionHost.class);

    /** Builds a session (not started) with the given id: its game, its replication, its config. Host thread or network thread. */
    @FunctionalInterface
    public interface Factory {
        GameSession create(int sessionId);
    }

    /** A game this host runs sessions of: its name ({@code Hello.game}) and how to build a session of it. */
    public record HostedGame(String name, Factory factory) {
        public HostedGame {
            if (name == null || name.isEmpty() || factory == null) {
                throw new IllegalArgumentException("a hosted game needs a name and a factory");
            }
        }
    }

    /** A live session and the game it runs (figures: status lines, /metrics, /api/sessions). */
    public record HostedSession(GameSession session, String game) {
    }

    /** A hosted game as the host keeps it: its factory and the shape its first session gave. Immutable after construction. */
    private static final class Hosted {
        final String name;
        final Factory factory;
        Shape shape;

        Hosted(HostedGame g) {
            this.name = g.name();
            this.factory = g.factory();
        }
    }

    /** One live session, its game and when it was last seen empty. Guarded by the host's lock. */
    private static final class Live {
        final GameSession session;
        final Hosted game;
        /** Host clock, ns: first check that found it empty; {@link #NOT_EMPTY} while anyone is in. */
        long emptySinceNs = NOT_EMPTY;

        Live(GameSession session, Hosted game) {
            this.session = session;
            this.game = game;
        }
    }

    private static final long NOT_EMPTY = Long.MIN_VALUE;

    /** By name, in the order given: the first is the default game (a Hello naming none). */
    private final LinkedHashMap<String, Hosted> games = new LinkedHashMap<>();
    private final Hosted defaultGame;
    private final List<String> gameNames;
    private final List<SessionGateway> shapes;
    private final int maxSessions;
    private final long emptyTimeoutNs;
    private final long checkIntervalNs;
    private final LongSupplier nanoClock;
    private final Object lock = new Object();
    /** By session id, in creation order ("any" fills the oldest first). Guarded by {@link #lock}. */
    private final LinkedHashMap<Integer, Live> live = new LinkedHashMap<>();
    private int nextId = 1;
    private boolean closed;
    private final AtomicLong created = new AtomicLong();
    /** Client-ticks of every session this host ran: the divisor of each session's process CPU per client-tick. */
    private final LongAdder clientTicks = new LongAdder();
    private final AtomicLong ended = new AtomicLong();
    private final AtomicLong endedEmpty = new AtomicLong();
    private final AtomicLong endedOver = new AtomicLong();
    private Thread checker;
    /** Shared tick threads, or null: each session has its own. */
    private final TickScheduler scheduler;
    /** Guarded by {@link #lock}. */
    private boolean schedulerStarted;

    /**
     * One game: creates the first session (id 1, started by {@link #start}): it also gives the shape
     * every later session shares.
     *
     * @param gameName       the hosted game (what {@code Hello.game} must name, if anything)
     * @param maxSessions    sessions at once, 1..{@link #MAX_SESSIONS}
     * @param emptyTimeoutMs how long a session may stay empty before it ends, ms (0: at the first check that finds it empty)
     */
    public SessionHost(Factory factory, String gameName, int maxSessions, long emptyTimeoutMs) {
        this(factory, gameName, maxSessions, emptyTimeoutMs, 0);
    }

    /**
     * As above, with {@code tickThreads} shared tick threads ({@code --tick-threads}): above 0 every
     * session's ticks run on one of that many threads of a {@link TickScheduler} the host owns
     * (started by {@link #start}, ended by {@link #close}); 0: each session has its own tick thread.
     */
    public SessionHost(Factory factory, String gameName, int maxSessions, long emptyTimeoutMs, int tickThreads) {
        this(List.of(hosted(factory, gameName)), maxSessions, emptyTimeoutMs, tickThreads);
    }

    /**
     * Several games ({@code --games}): {@code games} in order, the first the default game (a Hello
     * naming none goes there). Creates the first session of each (ids 1.., started by {@link #start}),
     * so {@code maxSessions} must be at least the number of games.
     *
     * @throws IllegalArgumentException a game's factory refused its setup (the message names the game), duplicate
     *                                  names, too few sessions for the games
     * @throws IllegalStateException    a game's sessions would not share the engine's tick rate or packet budget
     */
    public SessionHost(List<HostedGame> games, int maxSessions, long emptyTimeoutMs, int tickThreads) {
        this(games, maxSessions, emptyTimeoutMs, System::nanoTime,
                tickThreads == 0 ? null : TickScheduler.onSystemClock(tickThreads));
    }

    private static HostedGame hosted(Factory factory, String gameName) {
        if (factory == null || gameName == null) {
            throw new IllegalArgumentException("factory, game name and clock are required");
        }
        return new HostedGame(gameName, factory);
    }

    /** Maximum {@code --max-sessions}. */
    public static final int MAX_SESSIONS = 4096;

    SessionHost(Factory factory, String gameName, int maxSessions, long emptyTimeoutMs, LongSupplier nanoClock) {
        this(factory, gameName, maxSessions, emptyTimeoutMs, nanoClock, null);
    }

    SessionHost(Factory factory, String gameName, int maxSessions, long emptyTimeoutMs, LongSupplier nanoClock,
                TickScheduler scheduler) {
        this(List.of(hosted(factory, gameName)), maxSessions, emptyTimeoutMs, nanoClock, scheduler);
    }

    /** {@code scheduler}: shared tick threads owned by the host from here on (null: a thread per session). */
    SessionHost(List<HostedGame> hostedGames, int maxSessions, long emptyTimeoutMs, LongSupplier nanoClock,
                TickScheduler scheduler) {
        if (hostedGames == null || hostedGames.isEmpty() || nanoClock == null) {
            throw new IllegalArgumentException("at least one game, and a clock, are required");
        }
        if (maxSessions < 1 || maxSessions > MAX_SESSIONS) {
            throw new IllegalArgumentException("max sessions must be in 1.." + MAX_SESSIONS + ": " + maxSessions);
        }
        if (emptyTimeoutMs < 0) {
            throw new IllegalArgumentException("the empty-session timeout must be >= 0 ms: " + emptyTimeoutMs);
        }
        for (HostedGame g : hostedGames) {
            if (games.put(g.name(), new Hosted(g)) != null) {
                throw new IllegalArgumentException("game '" + g.name() + "' is hosted twice");
            }
        }
        if (maxSessions < games.size()) {
            throw new IllegalArgumentException("max sessions " + maxSessions + " is below the " + games.size()
                    + " hosted games (each starts its first session with the server)");
        }
        this.gameNames = List.copyOf(games.keySet());
        this.defaultGame = games.values().iterator().next();
        this.maxSessions = maxSessions;
        this.emptyTimeoutNs = TimeUnit.MILLISECONDS.toNanos(emptyTimeoutMs);
        this.checkIntervalNs = Math.max(TimeUnit.MILLISECONDS.toNanos(10),
                Math.min(TimeUnit.MILLISECONDS.toNanos(250), emptyTimeoutNs / 5));
        this.nanoClock = nanoClock;
        this.scheduler = scheduler;
        final List<SessionGateway> allShapes = new ArrayList<>(games.size());
        try {
            for (Hosted g : games.values()) {
                final GameSession first;
                try {
                    first = g.factory.create(nextId);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(games.size() == 1 ? e.getMessage()
                            : "game '" + g.name + "': " + e.getMessage(), e);
                }
                nextId++;
                live.put(first.sessionId(), new Live(first, g));
                created.incrementAndGet();
                g.shape = new Shape(first);
                final Shape d = defaultGame.shape;
                if (g.shape.tickRateHz != d.tickRateHz || g.shape.packetBudgetBytes != d.packetBudgetBytes) {
                    throw new IllegalStateException("game '" + g.name + "' runs at " + g.shape.tickRateHz + " Hz with a "
                            + g.shape.packetBudgetBytes + "-byte packet budget, game '" + defaultGame.name + "' at "
                            + d.tickRateHz + " Hz with " + d.packetBudgetBytes + " bytes: the games of one server share"
                            + " the tick rate and packet budget (--tick-rate, --packet-budget)");
                }
                allShapes.add(g.shape);
            }
        } catch (RuntimeException e) {
            for (Live l : live.values()) {
                try {
                    l.session.stop(1, TimeUnit.SECONDS); // never started: frees its workers and recorder
                } catch (InterruptedException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (scheduler != null) {
                scheduler.close();
            }
            throw e;
        }
        this.shapes = List.copyOf(allShapes);
    }

    /** Starts the first session and the thread that ends sessions. */
    public void start() {
        synchronized (lock) {
            if (checker != null) {
                throw new IllegalStateException("already started");
            }
            for (Live l : live.values()) {
                startSession(l.session);
            }
            checker = new Thread(this::runChecks, "tickforge-sessions");
            checker.setDaemon(true);
            checker.start();
        }
    }

    // ---- SessionDirectory (network update thread) ------------------------------------------------

    @Override
    public SessionGateway shape() {
        return defaultGame.shape;
    }

    @Override
    public SessionGateway shape(String game) {
        final Hosted g = hosted(game);
        return g == null ? null : g.shape;
    }

    @Override
    public List<SessionGateway> shapes() {
        return shapes;
    }

    /** The hosted games' names, the default game first. */
    public List<String> games() {
        return gameNames;
    }

    /** The game a Hello's {@code game} names (null or empty: the default), or null when not hosted. */
    private Hosted hosted(String game) {
        return game == null || game.isEmpty() ? defaultGame : games.get(game);
    }

    @Override
    public String refuseGame(String game) {
        return SessionDirectory.gameRefusal(gameNames, game);
    }

    @Override
    public Placement place(int sessionId) {
        return place(null, sessionId);
    }

    @Override
    public Placement place(String game, int sessionId) {
        final Hosted g = hosted(game);
        if (g == null) {
            return Placement.refused(RejectReason.UNKNOWN_GAME, refuseGame(game));
        }
        synchronized (lock) {
            if (closed) {
                return Placement.refused(RejectReason.SERVER_FULL, "the server is stopping");
            }
            if (sessionId != Hello.ANY_SESSION) {
                Live l = live.get(sessionId);
                if (l == null) {
                    return Placement.refused(RejectReason.NO_SUCH_SESSION, "no session " + sessionId
                            + " on this server (it has ended, or never ran here); join any session");
                }
                if (l.game != g) {
                    return Placement.refused(RejectReason.NO_SUCH_SESSION, "session " + sessionId + " runs game '"
                            + l.game.name + "', not '" + g.name + "': no session " + sessionId + " of game '" + g.name
                            + "' here; join any session of '" + g.name + "'");
                }
                if (over(l.session)) {
                    return Placement.refused(RejectReason.NO_SUCH_SESSION, "session " + sessionId
                            + " is over (its game has ended); join any session");
                }
                int slot = l.session.reserveSlot();
                return slot < 0 ? Placement.refused(RejectReason.SESSION_FULL, "session " + sessionId + " is full ("
                        + l.session.config().maxPlayers() + " players)") : placed(l, slot);
            }
            for (Live l : live.values()) {
                if (l.game == g && !over(l.session)) {
                    int slot = l.session.reserveSlot();
                    if (slot >= 0) {
                        return placed(l, slot);
                    }
                }
            }
            if (live.size() >= maxSessions) {
                return Placement.refused(RejectReason.SERVER_FULL, games.size() == 1 ? "all " + live.size()
                        + " sessions are full and no more may start here (--max-sessions " + maxSessions + ")"
                        : "no session of game '" + g.name + "' has room and no more may start here (" + live.size()
                        + " sessions of " + String.join(", ", gameNames) + " live, --max-sessions " + maxSessions + ")");
            }
            final GameSession session;
            try {
                session = g.factory.create(nextId);
                startSession(session);
            } catch (RuntimeException e) {
                LOG.error("cannot start session {}: {}", nextId, e.toString(), e);
                return Placement.refused(RejectReason.SERVER_FULL, "the server could not start a new session");
            }
            nextId++;
            created.incrementAndGet();
            Live l = new Live(session, g);
            live.put(session.sessionId(), l);
            LOG.info("session {} started (game {}): {} of at most {} sessions", session.sessionId(), g.name, live.size(),
                    maxSessions);
            int slot = session.reserveSlot();
            return slot < 0 ? Placement.refused(RejectReason.SERVER_FULL, "a new session had no slot") : placed(l, slot);
        }
    }

    /** On its own tick thread, or on the shared ones (started with the first session). Under the lock. */
    private void startSession(GameSession session) {
        session.shareClientTicks(clientTicks);
        if (scheduler != null && !schedulerStarted) {
            scheduler.start();
            schedulerStarted = true;
        }
        session.start(scheduler);
    }

    private static Placement placed(Live l, int slot) {
        l.emptySinceNs = NOT_EMPTY;
        return new Placement(l.session, slot, null, null);
    }

    @Override
    public SessionGateway find(int sessionId) {
        synchronized (lock) {
            Live l = live.get(sessionId);
            return l == null ? null : l.session;
        }
    }

    @Override
    public SessionGateway find(String game, int sessionId) {
        final Hosted g = hosted(game);
        synchronized (lock) {
            Live l = live.get(sessionId);
            return l == null || l.game != g ? null : l.session;
        }
    }

    // ---- ending sessions (host thread) -----------------------------------------------------------

    private void runChecks() {
        while (true) {
            synchronized (lock) {
                if (closed) {
                    return;
                }
            }
            try {
                check(nanoClock.getAsLong());
            } catch (RuntimeException e) {
                LOG.error("session check failed", e);
            }
            try {
                TimeUnit.NANOSECONDS.sleep(checkIntervalNs);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Ends every session whose game is over or that has been empty for the timeout; returns how many. */
    int check(long nowNs) {
        final List<GameSession> gameOver = new ArrayList<>();
        final List<GameSession> empty = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return 0;
            }
            for (var it = live.values().iterator(); it.hasNext(); ) {
                Live l = it.next();
                if (over(l.session)) {
                    it.remove();
                    gameOver.add(l.session);
                } else if (l.session.slotsInUse() > 0) {
                    l.emptySinceNs = NOT_EMPTY;
                } else if (l.emptySinceNs == NOT_EMPTY) {
                    l.emptySinceNs = nowNs;
                    if (emptyTimeoutNs == 0) {
                        it.remove();
                        empty.add(l.session);
                    }
                } else if (nowNs - l.emptySinceNs >= emptyTimeoutNs) {
                    it.remove();
                    empty.add(l.session);
                }
            }
        }
        // Outside the lock: a stop waits for the tick thread (one tick at most).
        for (GameSession s : gameOver) {
            end(s, "its game is over");
            s.disconnectAll(ByeReason.SERVER_SHUTDOWN, "the match is over");
            endedOver.incrementAndGet();
        }
        for (GameSession s : empty) {
            end(s, "empty for " + TimeUnit.NANOSECONDS.toMillis(emptyTimeoutNs) + " ms");
            endedEmpty.incrementAndGet();
        }
        return gameOver.size() + empty.size();
    }

    private void end(GameSession s, String why) {
        try {
            if (!s.stop(2, TimeUnit.SECONDS)) {
                LOG.warn("session {}: its tick thread did not stop within 2 s", s.sessionId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ended.incrementAndGet();
        LOG.info("session {} ended: {} ({} live)", s.sessionId(), why, liveCount());
    }

    private static boolean over(GameSession s) {
        try {
            return s.game().isOver();
        } catch (RuntimeException e) {
            return false;
        }
    }

    // ---- figures and shutdown (any thread) -------------------------------------------------------

    /** The live sessions with their games, oldest first (a copy). */
    public List<HostedSession> hostedSessions() {
        synchronized (lock) {
            List<HostedSession> all = new ArrayList<>(live.size());
            for (Live l : live.values()) {
                all.add(new HostedSession(l.session, l.game.name));
            }
            return all;
        }
    }

    /** The live sessions, oldest first (a copy). */
    public List<GameSession> sessions() {
        synchronized (lock) {
            List<GameSession> all = new ArrayList<>(live.size());
            for (Live l : live.values()) {
                all.add(l.session);
            }
            return all;
        }
    }

    public int liveCount() {
        synchronized (lock) {
            return live.size();
        }
    }

    public int maxSessions() {
        return maxSessions;
    }

    /** Sessions started since the host was made (the first one included). */
    public long createdCount() {
        return created.get();
    }

    /** Sessions ended (empty for the timeout, or their game over). */
    public long endedCount() {
        return ended.get();
    }

    public long endedEmptyCount() {
        return endedEmpty.get();
    }

    public long endedGameOverCount() {
        return endedOver.get();
    }

    /** Players in every live session. */
    public int playerCount() {
        int players = 0;
        for (GameSession s : sessions()) {
            players += s.playerCount();
        }
        return players;
    }

    /** Tells the players of every live session why and closes them (after {@link #close}: a shutdown). */
    public void disconnectAll(ByeReason reason, String text) {
        for (GameSession s : sessions()) {
            s.disconnectAll(reason, text);
        }
    }

    /** Refuses new placements, stops the checks and every live session (their threads end). Idempotent. */
    @Override
    public void close() {
        final List<GameSession> all;
        final Thread thread;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            all = new ArrayList<>();
            for (Live l : live.values()) {
                all.add(l.session);
            }
            thread = checker;
        }
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (GameSession s : all) {
            try {
                if (!s.stop(2, TimeUnit.SECONDS)) {
                    LOG.warn("session {}: its tick thread did not stop within 2 s", s.sessionId());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (scheduler != null) {
            scheduler.close();
        }
    }

    /** How many shared tick threads run the sessions; 0: each session has its own. */
    public int tickThreads() {
        return scheduler == null ? 0 : scheduler.threads();
    }

    /**
     * What every session of one hosted game shares, copied from its first one (so that one can end
     * and go): the network reads its schemas, layout, rate, budget and sending threads. It is no
     * session: slot calls are refused. Immutable.
     */
    private static final class Shape implements SessionGateway {
        private final int tickRateHz;
        private final int packetBudgetBytes;
        private final EntitySchema entitySchema;
        private final InputSchema inputSchema;
        private final InputLayout inputLayout;
        private final int sendingThreads;
        private final ServerStats noStats = new ServerStats();

        Shape(GameSession s) {
            this.tickRateHz = s.tickRateHz();
            this.packetBudgetBytes = s.packetBudgetBytes();
            this.entitySchema = s.entitySchema();
            this.inputSchema = s.inputSchema();
            this.inputLayout = s.inputLayout();
            this.sendingThreads = s.sendingThreads();
        }

        @Override
        public int sessionId() {
            return 0;
        }

        @Override
        public int tickRateHz() {
            return tickRateHz;
        }

        @Override
        public long currentTick() {
            return 0;
        }

        @Override
        public int packetBudgetBytes() {
            return packetBudgetBytes;
        }

        @Override
        public EntitySchema entitySchema() {
            return entitySchema;
        }

        @Override
        public InputSchema inputSchema() {
            return inputSchema;
        }

        @Override
        public int sendingThreads() {
            return sendingThreads;
        }

        @Override
        public InputLayout inputLayout() {
            return inputLayout;
        }

        @Override
        public int reserveSlot() {
            throw new UnsupportedOperationException("the host's shape is no session: place joins through the host");
        }

        @Override
        public void releaseSlot(int slot) {
            throw new UnsupportedOperationException("the host's shape is no session");
        }

        @Override
        public void enqueueJoin(int slot, String name, PlayerLink link) {
            throw new UnsupportedOperationException("the host's shape is no session");
        }

        @Override
        public void enqueueLeave(int slot) {
            throw new UnsupportedOperationException("the host's shape is no session");
        }

        @Override
        public void enqueueDetach(int slot) {
            throw new UnsupportedOperationException("the host's shape is no session");
        }

        @Override
        public void enqueueReattach(int slot, PlayerLink link) {
            throw new UnsupportedOperationException("the host's shape is no session");
        }

        @Override
        public boolean offerInput(int slot, InputPacket packet) {
            return false; // a peer without a session: never the case once joined
        }

        @Override
        public ServerStats stats() {
            return noStats;
        }
    }
}
