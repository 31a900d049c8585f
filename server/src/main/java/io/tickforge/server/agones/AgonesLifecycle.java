package io.tickforge.server.agones;

import io.tickforge.server.session.RosterListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * This process as an Agones GameServer: {@code Ready} once the game ports are bound, health pings
 * while the tick loop moves ({@link HealthPinger}), the join token and match labels taken from the
 * allocation (watched on {@code /watch/gameserver}), the {@code players} List kept current
 * ({@link PlayerListSync}), and {@code Shutdown} after the server drained.
 *
 * <p>What an allocation may set (a {@code GameServerAllocation}'s {@code spec.metadata}):
 * annotation {@value #JOIN_TOKEN_ANNOTATION} = the token every Hello must carry (an annotation, not
 * a label: labels are indexed and visible to selectors, and limited to 63 characters); label
 * {@value #MATCH_LABEL} = the match id, logged. Until the GameServer is {@code Allocated} joins are
 * locked with a random token nobody knows, so players arrive only through the allocator; an
 * allocation without the annotation opens the session with {@code --join-token} (or to anyone when
 * that is unset).
 *
 * <p>Threads: one "agones" thread makes every SDK call except the watch, which has its own
 * "agones-watch" thread. The tick thread only adds roster changes to a lock-free queue. Public
 * methods: main thread.
 */
public final class AgonesLifecycle implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgonesLifecycle.class);

    /** Time between health polls; spec.health in deploy/agones/gameserver.yaml is set against it. */
    public static final long HEALTH_PERIOD_MS = 2000;
    public static final String JOIN_TOKEN_ANNOTATION = "tickforge.io/join-token";
    public static final String MATCH_LABEL = "tickforge.io/match";

    private static final long READY_RETRY_MS = 1000;
    private static final long WATCH_RETRY_MS = 1000;
    /** How often queued joins and leaves go to the players List. */
    private static final long PLAYER_FLUSH_MS = 250;

    /** What the allocation gave this server. {@code matchId} may be null. */
    public record Allocation(String gameServer, String matchId, boolean tokenFromAnnotation, Map<String, String> labels) {
    }

    private final AgonesSdk sdk;
    private final Consumer<String> joinTokenSink;
    private final String configuredToken;
    private final long healthPeriodMs;
    private final HealthPinger health;
    private final PlayerListSync players;
    private final ScheduledExecutorService agonesThread;
    private final AgonesSdk.Watch watch = new AgonesSdk.Watch();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Thread watchThread;

    private volatile boolean ready;
    private volatile Allocation allocation;
    private volatile String appliedToken;
    private ScheduledFuture<?> healthTask;

    /**
     * @param ticks           the last tick the session completed
     * @param joinTokenSink   replaces the token Hellos must carry (null = none); e.g. {@code network.joinGate()::setToken}
     * @param configuredToken {@code --join-token}, used when an allocation carries no token
     * @param healthPeriodMs  time between health polls, normally {@link #HEALTH_PERIOD_MS}
     */
    public AgonesLifecycle(AgonesSdk sdk, LongSupplier ticks, Consumer<String> joinTokenSink, String configuredToken,
                           long healthPeriodMs) {
        if (sdk == null || ticks == null || joinTokenSink == null || healthPeriodMs < 1) {
            throw new IllegalArgumentException("sdk, ticks, joinTokenSink and a positive health period are required");
        }
        this.sdk = sdk;
        this.joinTokenSink = joinTokenSink;
        this.configuredToken = configuredToken;
        this.healthPeriodMs = healthPeriodMs;
        this.health = new HealthPinger(sdk, ticks);
        this.agonesThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "agones");
            t.setDaemon(true);
            return t;
        });
        this.players = new PlayerListSync(sdk);
        this.watchThread = new Thread(this::watchLoop, "agones-watch");
        this.watchThread.setDaemon(true);
        // Nobody may join before the allocator sent players here: lock with a token nobody knows.
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        applyToken(Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** Give this to {@code GameSession.setRosterListener}. */
    public RosterListener roster() {
        return players;
    }

    /**
     * Call once both game ports are bound and the session ticks (joins are locked from construction
     * until allocation). Sends {@code Ready} on the Agones thread (retried every second while the
     * sidecar is not up yet) and starts the health pings, the players List updates and the
     * GameServer watch.
     */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        LOG.info("Agones: sidecar at {}; joins are locked until this GameServer is allocated", sdk.base());
        agonesThread.execute(this::sendReady);
        scheduleHealth();
        agonesThread.scheduleWithFixedDelay(this::flushPlayers, PLAYER_FLUSH_MS, PLAYER_FLUSH_MS, TimeUnit.MILLISECONDS);
        watchThread.start();
    }

    private synchronized void scheduleHealth() {
        // A periodic task that throws is never run again: nothing may escape a poll.
        healthTask = agonesThread.scheduleAtFixedRate(() -> {
            try {
                health.poll(System.nanoTime());
            } catch (RuntimeException e) {
                LOG.warn("Agones: health poll failed", e);
            }
        }, healthPeriodMs, healthPeriodMs, TimeUnit.MILLISECONDS);
    }

    public boolean isReady() {
        return ready;
    }

    /** The allocation seen on the watch; null until the GameServer is {@code Allocated}. */
    public Allocation allocation() {
        return allocation;
    }

    public HealthPinger health() {
        return health;
    }

    /** Stops the health pings (before the tick loop is stopped on purpose, so that is not reported as a stall). */
    public synchronized void stopHealthPings() {
        if (healthTask != null) {
            healthTask.cancel(false);
        }
    }

    /**
     * After the server drained: stops the health pings, sends the last player-list changes, then
     * {@code Shutdown}, and stops the watch. Blocks up to {@code timeoutMs}. Idempotent.
     */
    public void shutdown(long timeoutMs) {
        if (!started.get() || !stopped.compareAndSet(false, true)) {
            return;
        }
        stopHealthPings();
        agonesThread.execute(this::flushPlayers);
        agonesThread.execute(() -> {
            try {
                sdk.shutdown();
                LOG.info("Agones: Shutdown sent");
            } catch (IOException e) {
                LOG.warn("Agones: Shutdown failed: {}", e.getMessage());
            }
        });
        agonesThread.shutdown();
        try {
            if (!agonesThread.awaitTermination(timeoutMs, TimeUnit.MILLISECONDS)) {
                LOG.warn("Agones: calls still pending after {} ms", timeoutMs);
                agonesThread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watch.close();
        watchThread.interrupt();
    }

    @Override
    public void close() {
        shutdown(5000);
    }

    // ---- Agones thread ------------------------------------------------------------------------

    private void sendReady() {
        int attempts = 0;
        while (!stopped.get()) {
            attempts++;
            try {
                sdk.ready();
                ready = true;
                LOG.info("Agones: Ready sent{}", attempts > 1 ? " after " + attempts + " attempts" : "");
                return;
            } catch (IOException e) {
                // The sidecar may start after us (Agones documents this); keep trying.
                if (attempts == 1 || attempts % 10 == 0) {
                    LOG.warn("Agones: Ready failed (attempt {}), retrying every {} ms: {}", attempts, READY_RETRY_MS,
                            e.getMessage());
                }
            }
            if (!pause(READY_RETRY_MS)) {
                return;
            }
        }
    }

    private void flushPlayers() {
        try {
            players.flush();
        } catch (RuntimeException e) {
            LOG.warn("Agones: players list update failed", e);
        }
    }

    // ---- watch thread -------------------------------------------------------------------------

    private void watchLoop() {
        int failures = 0;
        while (!watch.isClosed()) {
            try {
                sdk.watchGameServer(watch, this::onUpdate);
            } catch (IOException | RuntimeException e) {
                if (watch.isClosed()) {
                    return;
                }
                failures++;
                if (failures == 1 || failures % 30 == 0) {
                    LOG.warn("Agones: GameServer watch failed ({} so far), reconnecting every {} ms: {}", failures, WATCH_RETRY_MS,
                            e.getMessage() == null ? e.toString() : e.getMessage());
                }
            } catch (InterruptedException e) {
                return;
            }
            if (!pause(WATCH_RETRY_MS)) {
                return;
            }
        }
    }

    void onUpdate(GameServerInfo gs) {
        if (!gs.isAllocated() || stopped.get()) {
            return;
        }
        final String annotated = gs.annotations().get(JOIN_TOKEN_ANNOTATION);
        final String token = annotated != null && !annotated.isBlank() ? annotated : configuredToken;
        final Map<String, String> labels = java.util.Collections.unmodifiableMap(new TreeMap<>(gs.labels()));
        final Allocation next = new Allocation(gs.name(), gs.labels().get(MATCH_LABEL), annotated != null && !annotated.isBlank(),
                labels);
        final Allocation previous = allocation;
        if (previous == null || !previous.equals(next) || !java.util.Objects.equals(token, appliedToken)) {
            applyToken(token);
            allocation = next;
            LOG.info("Agones: allocated (GameServer {}, match {}); joins {}; labels {}", gs.name(),
                    next.matchId() == null ? "-" : next.matchId(),
                    next.tokenFromAnnotation() ? "need the token from annotation " + JOIN_TOKEN_ANNOTATION
                            : token != null ? "need --join-token" : "are open",
                    labels);
        }
    }

    private void applyToken(String token) {
        appliedToken = token;
        joinTokenSink.accept(token);
    }

    private static boolean pause(long ms) {
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
