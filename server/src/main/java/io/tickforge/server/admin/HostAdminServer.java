package io.tickforge.server.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.tickforge.server.net.NetworkCounters;
import io.tickforge.server.session.GameSession;
import io.tickforge.server.session.SessionHost;
import io.tickforge.server.tick.TickStatsSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The admin endpoint of a server running sessions on demand ({@code --max-sessions} above 1): the
 * same port, bind address and bearer token rules as {@link AdminServer}, but fewer routes, since
 * sessions come and go: {@code /metrics} (per-session series labelled {@code session} and {@code game}, the host's
 * session counts, the network's traffic and drops, the JVM), {@code /healthz} (503 while draining)
 * and {@code /api/sessions} (JSON, one entry per live session). No dashboard, event stream or
 * tick histograms: those follow one session's tick ring ({@link AdminServer}).
 *
 * <p>Threads: the HTTP threads ("admin-http-N") read figures other threads published (each
 * session's published tick figures, atomic counters); nothing here runs on or waits for a tick
 * thread. {@link #start} and {@link #close} from the main thread.
 */
public final class HostAdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HostAdminServer.class);
    private static final int HTTP_THREADS = 2;

    private final AdminConfig config;
    private final SessionHost host;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ExpositionFormats formats = ExpositionFormats.init();
    private volatile BooleanSupplier draining = () -> false;
    private HttpServer http;
    private ExecutorService httpThreads;

    public HostAdminServer(AdminConfig config, SessionHost host, NetworkCounters network, String version) {
        if (config == null || host == null || network == null || version == null) {
            throw new IllegalArgumentException("config, host, network counters and version are required");
        }
        this.config = config;
        this.host = host;
        this.registry.register(new SessionsCollector(host, network, version));
        JvmMetrics.builder().register(registry);
    }

    /** Tells {@code /healthz} (503) that the server is draining. Any thread. */
    public void setDraining(BooleanSupplier drainingNow) {
        this.draining = drainingNow == null ? () -> false : drainingNow;
    }

    /** Binds and starts serving; throws with the address when the port is taken. */
    public synchronized void start() throws IOException {
        if (http != null) {
            throw new IllegalStateException("admin endpoint already started");
        }
        try {
            http = HttpServer.create(new InetSocketAddress(config.bindAddress(), config.port()), 16);
        } catch (java.net.BindException e) {
            throw new java.net.BindException("admin port " + config.bindAddress() + ":" + config.port()
                    + " is taken (choose another with --admin-port, or 0 for any free port)");
        }
        final AtomicInteger n = new AtomicInteger();
        httpThreads = new ThreadPoolExecutor(HTTP_THREADS, HTTP_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(64), r -> AdminServer.daemon(r, "admin-http-" + n.incrementAndGet()),
                new ThreadPoolExecutor.DiscardPolicy());
        http.setExecutor(httpThreads);
        http.createContext("/", this::handle);
        http.start();
        LOG.info("admin endpoint on http://{}:{}/ (sessions on demand: /metrics, /healthz, /api/sessions{})",
                config.bindAddress(), port(), config.bearerToken() != null ? ", bearer token required" : "");
    }

    /** The bound port (after {@link #start()}). */
    public int port() {
        return http.getAddress().getPort();
    }

    @Override
    public synchronized void close() {
        if (http != null) {
            http.stop(0);
            httpThreads.shutdownNow();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            final String path = exchange.getRequestURI().getPath();
            final String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                AdminServer.send(exchange, 405, "text/plain; charset=utf-8", "only GET\n");
                return;
            }
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (!AdminServer.authorized(config.bearerToken(), exchange)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"tickforge\"");
                AdminServer.send(exchange, 401, "text/plain; charset=utf-8", "401: send Authorization: Bearer <admin token>\n");
                return;
            }
            switch (path) {
                case "/metrics" -> {
                    final ExpositionFormatWriter writer = formats.findWriter(exchange.getRequestHeaders().getFirst("Accept"));
                    final ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
                    writer.write(body, registry.scrape());
                    exchange.getResponseHeaders().set("Content-Type", writer.getContentType());
                    AdminServer.sendBytes(exchange, 200, body.toByteArray());
                }
                case "/healthz" -> {
                    if (draining.getAsBoolean()) {
                        AdminServer.send(exchange, 503, "text/plain; charset=utf-8", "draining\n");
                    } else {
                        AdminServer.send(exchange, 200, "text/plain; charset=utf-8",
                                "ok " + host.liveCount() + " session(s)\n");
                    }
                }
                case "/api/sessions" -> AdminServer.send(exchange, 200, "application/json", sessions().toString());
                default -> AdminServer.send(exchange, 404, "text/plain; charset=utf-8",
                        "404: no such page: " + path + " (sessions on demand serve /metrics, /healthz, /api/sessions)\n");
            }
        } catch (IOException e) {
            LOG.debug("admin request ended early: {}", e.toString());
        } catch (RuntimeException e) {
            LOG.warn("admin request failed", e);
        }
    }

    /** {@code {"live":2,"max":16,"started":3,"ended":1,...,"games":["arena","zone"],"sessions":[{"session":1,"game":"arena","players":8,...,"udpBytesIn":..,"udpBytesOut":..},...]}}. */
    Json sessions() {
        final Json j = new Json().begin()
                .field("live", host.liveCount()).field("max", host.maxSessions())
                .field("started", host.createdCount()).field("ended", host.endedCount())
                .field("endedEmpty", host.endedEmptyCount()).field("endedGameOver", host.endedGameOverCount());
        j.key("games").beginArray();
        for (String g : host.games()) {
            j.value(g);
        }
        j.endArray();
        j.key("sessions").beginArray();
        for (SessionHost.HostedSession h : host.hostedSessions()) {
            final GameSession s = h.session();
            final TickStatsSnapshot t = s.tickStats();
            j.begin().field("session", s.sessionId()).field("game", h.game()).field("players", s.playerCount())
                    .field("slots", s.config().maxPlayers()).field("tick", s.currentTick())
                    .field("tickRateHz", s.config().tickRateHz()).field("achievedTickRateHz", t.achievedTickRateHz())
                    .field("durationP99Us", t.durationP99Us()).field("latenessP99Us", t.latenessP99Us())
                    .field("overruns", t.overruns()).field("skipped", t.skippedTicks())
                    .field("udpBytesIn", s.traffic().udpBytesIn()).field("udpBytesOut", s.traffic().udpBytesOut()).end();
        }
        return j.endArray().end();
    }

    /**
     * Every series of {@code /metrics} for sessions on demand, built at scrape time from published
     * figures: per live session ({@code session} and {@code game} labels) players, slots, ticks, overruns, skipped
     * ticks, the last stats interval's tick duration and lateness p99 and the session's own UDP bytes
     * received and sent ({@link io.tickforge.server.session.SessionTraffic}); the host's live, maximum,
     * started and ended sessions; the network's bytes and drops. Names follow {@link TickforgeCollector}
     * where they mean the same.
     */
    static final class SessionsCollector implements MultiCollector {
        private final SessionHost host;
        private final NetworkCounters network;
        private final String version;

        SessionsCollector(SessionHost host, NetworkCounters network, String version) {
            this.host = host;
            this.network = network;
            this.version = version;
        }

        @Override
        public MetricSnapshots collect() {
            final List<SessionHost.HostedSession> sessions = host.hostedSessions();
            final GaugeSnapshot.Builder players = gauge("tickforge_players", "Players in the world.");
            final GaugeSnapshot.Builder slots = gauge("tickforge_player_slots", "Player slots of the session.");
            final CounterSnapshot.Builder ticks = counter("tickforge_ticks", "Ticks the session has completed.");
            final CounterSnapshot.Builder overruns = counter("tickforge_tick_overruns", "Ticks that took longer than the tick budget.");
            final CounterSnapshot.Builder skipped = counter("tickforge_ticks_skipped",
                    "Schedule slots skipped because the loop fell too far behind.");
            final GaugeSnapshot.Builder p99 = gauge("tickforge_tick_duration_p99_seconds",
                    "Tick duration p99 over the session's last stats interval.");
            final GaugeSnapshot.Builder late = gauge("tickforge_tick_lateness_p99_seconds",
                    "Tick start lateness p99 over the session's last stats interval.");
            final CounterSnapshot.Builder udpIn = counter("tickforge_session_udp_received_bytes",
                    "UDP bytes received for the session: whole datagrams whose tag verified under one of its peers' keys.");
            final CounterSnapshot.Builder udpOut = counter("tickforge_session_udp_sent_bytes",
                    "UDP bytes sent to the session's peers: whole sealed snapshot datagrams.");
            for (SessionHost.HostedSession h : sessions) {
                final GameSession s = h.session();
                final Labels label = Labels.of("game", h.game(), "session", Integer.toString(s.sessionId()));
                final TickStatsSnapshot t = s.tickStats();
                players.dataPoint(GaugeDataPointSnapshot.builder().labels(label).value(s.playerCount()).build());
                slots.dataPoint(GaugeDataPointSnapshot.builder().labels(label).value(s.config().maxPlayers()).build());
                ticks.dataPoint(CounterDataPointSnapshot.builder().labels(label).value(Math.max(0, s.currentTick())).build());
                overruns.dataPoint(CounterDataPointSnapshot.builder().labels(label).value(t.overruns()).build());
                skipped.dataPoint(CounterDataPointSnapshot.builder().labels(label).value(t.skippedTicks()).build());
                p99.dataPoint(GaugeDataPointSnapshot.builder().labels(label).value(t.durationP99Us() / 1e6).build());
                late.dataPoint(GaugeDataPointSnapshot.builder().labels(label).value(t.latenessP99Us() / 1e6).build());
                udpIn.dataPoint(CounterDataPointSnapshot.builder().labels(label).value(s.traffic().udpBytesIn()).build());
                udpOut.dataPoint(CounterDataPointSnapshot.builder().labels(label).value(s.traffic().udpBytesOut()).build());
            }
            final List<MetricSnapshot> out = new ArrayList<>();
            out.add(players.build());
            out.add(slots.build());
            out.add(ticks.build());
            out.add(overruns.build());
            out.add(skipped.build());
            out.add(p99.build());
            out.add(late.build());
            out.add(udpIn.build());
            out.add(udpOut.build());
            out.add(gauge("tickforge_sessions", "Sessions running now.")
                    .dataPoint(GaugeDataPointSnapshot.builder().value(sessions.size()).build()).build());
            out.add(gauge("tickforge_sessions_max", "Sessions this process may run at once (--max-sessions).")
                    .dataPoint(GaugeDataPointSnapshot.builder().value(host.maxSessions()).build()).build());
            out.add(counter("tickforge_sessions_started", "Sessions started.")
                    .dataPoint(CounterDataPointSnapshot.builder().value(host.createdCount()).build()).build());
            out.add(counter("tickforge_sessions_ended", "Sessions ended, by reason.")
                    .dataPoint(CounterDataPointSnapshot.builder().labels(Labels.of("reason", "empty"))
                            .value(host.endedEmptyCount()).build())
                    .dataPoint(CounterDataPointSnapshot.builder().labels(Labels.of("reason", "game_over"))
                            .value(host.endedGameOverCount()).build()).build());
            TickforgeCollector.addNetworkSeries(out, network);
            out.add(io.prometheus.metrics.model.snapshots.InfoSnapshot.builder().name("tickforge_build")
                    .help("Tickforge build information.")
                    .dataPoint(io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot.builder()
                            .labels(Labels.of("version", version)).build()).build());
            return new MetricSnapshots(out);
        }

        private static GaugeSnapshot.Builder gauge(String name, String help) {
            return GaugeSnapshot.builder().name(name).help(help);
        }

        private static CounterSnapshot.Builder counter(String name, String help) {
            return CounterSnapshot.builder().name(name).help(help);
        }
    }
}
