package io.tickforge.server.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tickforge.server.input.InputCounters;
import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.server.session.GameSession;
import io.tickforge.server.session.WorldFeed;
import io.tickforge.server.tick.TickStats;
import io.tickforge.server.tick.TickStatsSnapshot;
import io.tickforge.shared.world.EntityIds;
import io.tickforge.shared.world.WorldSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The admin HTTP endpoint: Prometheus metrics, health, status JSON, a Server-Sent Events stream and
 * the dashboard page, on its own port (never a game port) and its own threads. It reads only what
 * other threads publish (see {@link AdminSources}); a sampler thread folds the tick thread's raw
 * samples five times a second. Start with {@link #start()}, stop with {@link #close()}.
 *
 * <p>Routes: {@code GET /metrics}, {@code /healthz}, {@code /api/status}, {@code /api/history},
 * {@code /api/world}, {@code /events}; the dashboard {@code /} and its static files. With a bearer
 * token configured, every route except the static page files answers 401 without
 * {@code Authorization: Bearer <token>} (the page itself holds no data and asks for the token).
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    /** The tick loop counts as stuck when its tick counter has not moved for this long. */
    public static final long STALL_NS = TimeUnit.SECONDS.toNanos(1);
    static final int MAX_EVENT_STREAMS = 4;
    private static final int HTTP_THREADS = MAX_EVENT_STREAMS + 2;
    private static final long SAMPLE_PERIOD_MS = 200;
    private static final int HISTORY_SECONDS = 300;
    private static final String UPLOT = "META-INF/resources/webjars/uplot/";
    private static final Map<String, String[]> STATIC = Map.of(
            "/", new String[] {"admin/index.html", "text/html; charset=utf-8"},
            "/index.html", new String[] {"admin/index.html", "text/html; charset=utf-8"},
            "/dashboard.js", new String[] {"admin/dashboard.js", "text/javascript; charset=utf-8"},
            "/dashboard.css", new String[] {"admin/dashboard.css", "text/css; charset=utf-8"},
            "/uplot.js", new String[] {"dist/uPlot.iife.min.js", "text/javascript; charset=utf-8"},
            "/uplot.css", new String[] {"dist/uPlot.min.css", "text/css; charset=utf-8"});

    private final AdminConfig config;
    private final AdminSources sources;
    private final TickAggregator ticks;
    private final TickProgress progress;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ExpositionFormats formats = ExpositionFormats.init();
    private final AtomicInteger eventStreams = new AtomicInteger();
    private final LongSupplier nanoClock;
    private final long startNs;
    private final String uplotVersion;
    private volatile BooleanSupplier draining = () -> false;
    private volatile boolean running;
    private HttpServer http;
    private ExecutorService httpThreads;
    private ScheduledExecutorService sampler;

    public AdminServer(AdminConfig config, AdminSources sources) {
        this(config, sources, System::nanoTime);
    }

    /** With a clock for health decisions and chart windows (tests pass a manual one). */
    AdminServer(AdminConfig config, AdminSources sources, LongSupplier nanoClock) {
        if (config == null || sources == null || nanoClock == null) {
            throw new IllegalArgumentException("config and sources are required");
        }
        this.config = config;
        this.sources = sources;
        this.nanoClock = nanoClock;
        this.startNs = nanoClock.getAsLong();
        final GameSession session = sources.session();
        this.ticks = new TickAggregator(session.tickSamples(), session.tickLoop().periodNs(), HISTORY_SECONDS);
        this.progress = new TickProgress(session::currentTick);
        this.registry.register(new TickforgeCollector(sources, ticks));
        JvmMetrics.builder().register(registry);
        this.uplotVersion = findUplotVersion();
    }

    /** Tells {@code /healthz} (503) and the status that the server is draining. Any thread. */
    public void setDraining(BooleanSupplier drainingNow) {
        this.draining = drainingNow == null ? () -> false : drainingNow;
    }

    /** Binds and starts serving; throws with the address when the port is taken. */
    public synchronized void start() throws IOException {
        if (http != null) {
            throw new IllegalStateException("admin endpoint already started");
        }
        final InetSocketAddress address = new InetSocketAddress(config.bindAddress(), config.port());
        try {
            http = HttpServer.create(address, 16);
        } catch (java.net.BindException e) {
            throw new java.net.BindException("admin port " + config.bindAddress() + ":" + config.port()
                    + " is taken (choose another with --admin-port, or 0 for any free port)");
        }
        final AtomicInteger n = new AtomicInteger();
        httpThreads = new ThreadPoolExecutor(HTTP_THREADS, HTTP_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(64), r -> daemon(r, "admin-http-" + n.incrementAndGet()),
                new ThreadPoolExecutor.DiscardPolicy());
        http.setExecutor(httpThreads);
        http.createContext("/", this::handle);
        sampler = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "admin-sampler"));
        running = true;
        sampler.scheduleAtFixedRate(this::sample, 0, SAMPLE_PERIOD_MS, TimeUnit.MILLISECONDS);
        http.start();
        LOG.info("admin endpoint on http://{}:{}/ (metrics /metrics, health /healthz{})", config.bindAddress(), port(),
                config.bearerToken() != null ? ", bearer token required" : "");
    }

    /** The bound port (after {@link #start()}). */
    public int port() {
        return http.getAddress().getPort();
    }

    public TickAggregator ticks() {
        return ticks;
    }

    @Override
    public synchronized void close() {
        running = false;
        if (http != null) {
            http.stop(0);
            httpThreads.shutdownNow();
            sampler.shutdownNow();
        }
    }

    /** One sampler pass (the sampler thread runs it every 200 ms; tests call it directly). */
    void sample() {
        try {
            final GameSession s = sources.session();
            ticks.poll(nanoClock.getAsLong(), System.currentTimeMillis(), s.playerCount(),
                    sources.network().get(Counter.BYTES_IN), sources.network().get(Counter.BYTES_OUT));
            progress.stalledNs(nanoClock.getAsLong());
        } catch (RuntimeException e) {
            LOG.warn("admin sampler failed", e);
        }
    }

    // ---------------------------------------------------------------- routing (HTTP threads)

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            final String path = exchange.getRequestURI().getPath();
            final String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "only GET\n");
                return;
            }
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            final String[] asset = STATIC.get(path);
            if (asset != null) {
                serveStatic(exchange, asset);
                return;
            }
            if (!authorized(exchange)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"tickforge\"");
                send(exchange, 401, "text/plain; charset=utf-8", "401: send Authorization: Bearer <admin token>\n");
                return;
            }
            switch (path) {
                case "/metrics" -> metrics(exchange);
                case "/healthz" -> health(exchange);
                case "/api/status" -> send(exchange, 200, "application/json", status().toString());
                case "/api/history" -> send(exchange, 200, "application/json", history().toString());
                case "/api/world" -> send(exchange, 200, "application/json", world().toString());
                case "/events" -> events(exchange);
                default -> send(exchange, 404, "text/plain; charset=utf-8", "404: no such page: " + path + "\n");
            }
        } catch (IOException e) {
            LOG.debug("admin request ended early: {}", e.toString());
        } catch (RuntimeException e) {
            LOG.warn("admin request failed", e);
        }
    }

    private boolean authorized(HttpExchange exchange) {
        return authorized(config.bearerToken(), exchange);
    }

    /** Whether the request carries {@code Authorization: Bearer token} (compared in constant time); true when there is no token. */
    static boolean authorized(String token, HttpExchange exchange) {
        if (token == null) {
            return true;
        }
        final String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(header.substring(7).trim().getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8));
    }

    private void metrics(HttpExchange exchange) throws IOException {
        final ExpositionFormatWriter writer = formats.findWriter(exchange.getRequestHeaders().getFirst("Accept"));
        final ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
        writer.write(body, registry.scrape());
        exchange.getResponseHeaders().set("Content-Type", writer.getContentType());
        sendBytes(exchange, 200, body.toByteArray());
    }

    private void health(HttpExchange exchange) throws IOException {
        final long stalledNs = progress.stalledNs(nanoClock.getAsLong());
        if (draining.getAsBoolean()) {
            send(exchange, 503, "text/plain; charset=utf-8", "draining\n");
        } else if (stalledNs > STALL_NS) {
            send(exchange, 503, "text/plain; charset=utf-8",
                    "tick loop stalled: no tick for " + stalledNs / 1_000_000 + " ms\n");
        } else {
            send(exchange, 200, "text/plain; charset=utf-8", "ok tick " + progress.lastTick() + "\n");
        }
    }

    private void events(HttpExchange exchange) throws IOException {
        if (eventStreams.incrementAndGet() > MAX_EVENT_STREAMS) {
            eventStreams.decrementAndGet();
            send(exchange, 503, "text/plain; charset=utf-8", "too many event streams (max " + MAX_EVENT_STREAMS + ")\n");
            return;
        }
        try {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.sendResponseHeaders(200, 0);
            final OutputStream out = exchange.getResponseBody();
            final int worldsPerStatus = (int) (1000 / SAMPLE_PERIOD_MS);
            for (long i = 0; running; i++) {
                if (i % worldsPerStatus == 0) {
                    writeEvent(out, "status", status().toString());
                }
                writeEvent(out, "world", world().toString());
                out.flush();
                Thread.sleep(SAMPLE_PERIOD_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            eventStreams.decrementAndGet();
        }
    }

    private static void writeEvent(OutputStream out, String name, String data) throws IOException {
        out.write(("event: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- bodies

    /** The figures of {@code /api/status} and the {@code status} event. */
    Json status() {
        final GameSession s = sources.session();
        final TickStatsSnapshot t = s.tickStats();
        final InputCounters in = s.publishedInputCounters();
        final long nowNs = nanoClock.getAsLong();
        final long stalledNs = progress.stalledNs(nowNs);
        final Json j = new Json().begin()
                .field("session", s.sessionId())
                .field("version", sources.version())
                .field("uptimeSeconds", (nowNs - startNs) / 1e9)
                .field("healthy", !draining.getAsBoolean() && stalledNs <= STALL_NS)
                .field("draining", draining.getAsBoolean())
                .field("tick", s.currentTick())
                .field("tickRateHz", s.config().tickRateHz())
                .field("tickBudgetSeconds", 1.0 / s.config().tickRateHz())
                .field("players", s.playerCount())
                .field("playerSlots", s.config().maxPlayers())
                .field("npcs", s.config().npcs());
        final TickAggregator.Point p = ticks.latest();
        j.key("live").begin();
        if (p != null) {
            point(j, p);
        }
        j.end();
        j.key("interval").begin()
                .field("seconds", t.intervalNs() / 1e9)
                .field("achievedTickRateHz", t.achievedTickRateHz())
                .field("durationP50Seconds", t.durationP50Us() / 1e6)
                .field("durationP99Seconds", t.durationP99Us() / 1e6)
                .field("durationMaxSeconds", t.durationMaxUs() / 1e6)
                .field("latenessP99Seconds", t.latenessP99Us() / 1e6)
                .field("latenessMaxSeconds", t.latenessMaxUs() / 1e6);
        if (t.offCpuP99Us() >= 0) {
            // Per tick, how long the tick thread was not running during it (TickStatsSnapshot).
            j.field("offCpuP99Seconds", t.offCpuP99Us() / 1e6).field("offCpuMaxSeconds", t.offCpuMaxUs() / 1e6);
        }
        if (t.wakeRunQueueP99Us() >= 0) {
            // Per tick, run-queue wait of the tick thread before the tick (adds to lateness) and in it.
            j.field("wakeRunQueueP99Seconds", t.wakeRunQueueP99Us() / 1e6)
                    .field("tickRunQueueP99Seconds", t.tickRunQueueP99Us() / 1e6);
        }
        j.key("phaseP99Seconds").begin();
        for (int ph = 0; ph < TickStats.PHASES; ph++) {
            j.field(TickStats.phaseName(ph), t.phaseP99Us(ph) / 1e6);
        }
        j.end().end();
        j.key("counters").begin()
                .field("ticks", ticks.duration().count())
                .field("overruns", ticks.overruns())
                .field("skippedTicks", s.tickSamples().skippedTotal())
                .field("tickErrors", t.tickErrors())
                .field("bytesIn", sources.network().get(Counter.BYTES_IN))
                .field("bytesOut", sources.network().get(Counter.BYTES_OUT))
                .field("snapshotBytes", s.snapshotSizes().totalBytes());
        long dropped = 0;
        for (Counter c : TickforgeCollector.DROP_REASONS) {
            dropped += sources.network().get(c);
        }
        j.field("networkDropped", dropped);
        j.key("inputs").begin()
                .field("applied", in.applied)
                .field("missingRepeated", in.missingRepeated)
                .field("late", in.late)
                .field("duplicate", in.duplicate)
                .field("rejected", in.rejectedTotal())
                .field("queueFull", s.inputQueueRejected())
                .end();
        j.key("drops").begin();
        for (Counter c : TickforgeCollector.DROP_REASONS) {
            final long v = sources.network().get(c);
            if (v != 0) {
                j.field(c.name().toLowerCase(java.util.Locale.ROOT), v);
            }
        }
        j.end();
        // Every network counter, zeros included (stable keys): what scripts/attack.sh diffs around an attack.
        j.key("network").begin();
        for (Counter c : Counter.values()) {
            j.field(c.name().toLowerCase(java.util.Locale.ROOT), sources.network().get(c));
        }
        j.end().end();
        return j.end();
    }

    private static void point(Json j, TickAggregator.Point p) {
        j.field("t", p.epochMs())
                .field("ticks", p.ticks())
                .field("tickRateHz", Math.round(p.tickRateHz() * 10) / 10.0)
                .field("durationP50", p.durationP50S())
                .field("durationP99", p.durationP99S())
                .field("durationMax", p.durationMaxS())
                .field("latenessP99", p.latenessP99S())
                .field("latenessMax", p.latenessMaxS())
                .field("players", p.players())
                .field("inBytesPerSecond", p.inBytesPerS())
                .field("outBytesPerSecond", p.outBytesPerS());
    }

    Json history() {
        final Json j = new Json().begin().key("points").beginArray();
        for (TickAggregator.Point p : ticks.history()) {
            point(j.begin(), p);
            j.end();
        }
        return j.endArray().end();
    }

    /** Entities as {@code [x, y, kind, flags]} in metres; players carry a name. */
    Json world() {
        final WorldFeed.Frame f = sources.session().worldFeed().read();
        final Json j = new Json().begin().field("arenaSizeMetres", sources.session().gameDescriptor().worldSizeM());
        if (f == null) {
            return j.field("tick", -1).key("players").beginArray().endArray().key("npcs").beginArray().endArray().end();
        }
        j.field("tick", f.tick());
        j.key("players").beginArray();
        for (int i = 0; i < f.count(); i++) {
            if (EntityIds.isPlayer(f.entityId()[i])) {
                j.begin().field("name", f.nameOf(i)).field("x", metres(f.x()[i])).field("y", metres(f.y()[i]))
                        .field("alive", (f.flags()[i] & WorldSnapshot.FLAG_ALIVE) != 0)
                        .field("fired", (f.flags()[i] & WorldSnapshot.FLAG_FIRED) != 0).end();
            }
        }
        j.endArray();
        // NPCs as a flat [x0, y0, x1, y1, ...] array in decimetres: a thousand dots stay small.
        j.key("npcs").beginArray();
        for (int i = 0; i < f.count(); i++) {
            if (!EntityIds.isPlayer(f.entityId()[i])) {
                j.value(Math.round(f.x()[i] * 10.0 / 256.0)).value(Math.round(f.y()[i] * 10.0 / 256.0));
            }
        }
        return j.endArray().end();
    }

    private static double metres(int units) {
        return Math.round(units * 100.0 / 256.0) / 100.0;
    }

    // ---------------------------------------------------------------- plumbing

    private void serveStatic(HttpExchange exchange, String[] asset) throws IOException {
        final String resource = asset[0].startsWith("dist/") ? UPLOT + uplotVersion + "/" + asset[0] : asset[0];
        try (InputStream in = AdminServer.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                send(exchange, 500, "text/plain; charset=utf-8", "500: missing from the jar: " + resource + "\n");
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", asset[1]);
            sendBytes(exchange, 200, in.readAllBytes());
        }
    }

    private static String findUplotVersion() {
        try (InputStream in = AdminServer.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            if (in != null) {
                final java.util.Properties p = new java.util.Properties();
                p.load(in);
                return p.getProperty("version", "");
            }
        } catch (IOException e) {
            LOG.warn("cannot read uPlot's version: {}", e.toString());
        }
        return "";
    }

    static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        sendBytes(exchange, status, body.getBytes(StandardCharsets.UTF_8));
    }

    static void sendBytes(HttpExchange exchange, int status, byte[] body) throws IOException {
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
    }

    static Thread daemon(Runnable r, String name) {
        final Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.setPriority(Thread.NORM_PRIORITY - 1);
        return t;
    }
}
