package io.tickforge.client.load;

import io.tickforge.client.ClientDriver;
import io.tickforge.client.GameClient;
import io.tickforge.client.GameClientConfig;
import io.tickforge.client.bot.BotController;
import io.tickforge.client.bot.BotGames;
import io.tickforge.client.bot.BotSeeds;
import io.tickforge.client.metrics.ClientMetrics;
import io.tickforge.client.metrics.Limits;
import io.tickforge.client.metrics.LoadReport;
import io.tickforge.client.metrics.RunAggregator;
import io.tickforge.client.metrics.RunFigures;
import io.tickforge.shared.log.MinlogBridge;
import io.tickforge.shared.protocol.ServerStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs N bots against a server: ramps them in, lets them play through the warm-up, measures for
 * the configured duration, fetches the server's own tick figures over TCP, closes the bots, and
 * reports (table, JSON, limits). The caller's thread runs the schedule and the progress line;
 * {@link ClientDriver} threads (one per core by default) drive the bots; a small pool connects them
 * (KryoNet's connect blocks until registered).
 */
public final class LoadRunner {
    private static final Logger LOG = LoggerFactory.getLogger(LoadRunner.class);
    public static final int EXIT_OK = 0;
    public static final int EXIT_LIMIT_MISSED = 1;
    public static final int EXIT_NO_BOT_JOINED = 3;

    private final LoadConfig config;
    private final PrintStream out;
    private final ClientMetrics[] metrics;
    private final GameClient[] clients;
    private final ClientDriver[] drivers;
    private final RunAggregator aggregator;
    private volatile boolean stopRequested;
    /** Null unless {@link #recordTimeline} was called. */
    private SnapshotTimeline timeline;

    private RunFigures figures;
    private ServerStats serverStats;
    private List<Limits.Result> limitResults;

    public LoadRunner(LoadConfig config, PrintStream out) {
        this.config = config;
        this.out = out;
        MinlogBridge.install();
        this.metrics = new ClientMetrics[config.bots()];
        for (int i = 0; i < metrics.length; i++) {
            metrics[i] = new ClientMetrics();
        }
        this.clients = new GameClient[config.bots()];
        this.drivers = new ClientDriver[config.threadPerBot() ? config.bots() : config.driverThreads()];
        this.aggregator = new RunAggregator(metrics);
    }

    /**
     * Also samples every bot's snapshot count at each progress line (and when measuring starts and
     * ends) into the JSON report's {@code timeline}. Call before {@link #run}.
     */
    public void recordTimeline() {
        timeline = new SnapshotTimeline();
    }

    /** Ends the run early (e.g. from a shutdown hook); figures cover what was measured. */
    public void requestStop() {
        stopRequested = true;
    }

    /** Runs the whole schedule; returns the process exit code. */
    public int run() throws InterruptedException {
        final long startNs = System.nanoTime();
        final long warmupEndNs = startNs + seconds(config.warmupS());
        final long endNs = warmupEndNs + seconds(config.durationS());
        final long progressNs = seconds(config.progressIntervalS());
        aggregator.start(startNs);
        for (int d = 0; d < drivers.length; d++) {
            drivers[d] = new ClientDriver("bots-driver-" + d, config.pollHz(), config.threadPerBot());
            drivers[d].start();
        }
        final ExecutorService connector = Executors.newFixedThreadPool(Math.min(8, config.bots()), r -> {
            final Thread t = new Thread(r, "bots-connect");
            t.setDaemon(true);
            return t;
        });
        final AtomicInteger connectFailures = new AtomicInteger();
        out.printf("tickforge-bots: %d bots (%s) -> %s tcp %d udp %d, ramp %.1f s, warm-up %.1f s, measure %.1f s%s%n",
                config.bots(), String.join(",", config.behaviours()),
                config.host(), config.tcpPort(), config.udpPort(), config.rampS(), config.warmupS(), config.durationS(),
                config.simulated() ? ", simulated network " + config.network() : "");
        int launched = 0;
        long nextProgressNs = startNs + progressNs;
        // --chaos-disconnect: per bot, the time of its next abrupt drop (exponential gaps, seeded).
        final long[] nextChaosNs = new long[clients.length];
        final java.util.SplittableRandom chaos = new java.util.SplittableRandom(config.seed() ^ 0xC4A05L);
        for (int i = 0; i < nextChaosNs.length; i++) {
            nextChaosNs[i] = startNs + chaosGapNs(chaos);
        }
        boolean measuring = false;
        try {
            while (!stopRequested) {
                final long now = System.nanoTime();
                // Ramp: bot i starts at start + i * ramp / bots.
                while (launched < clients.length && (config.rampS() == 0
                        || now - startNs >= (long) (seconds(config.rampS()) * (double) launched / clients.length))) {
                    launch(launched, connector, connectFailures);
                    launched++;
                }
                if (config.chaosDisconnectMeanS() > 0) {
                    for (int i = 0; i < launched; i++) {
                        if (now - nextChaosNs[i] >= 0) {
                            nextChaosNs[i] = now + chaosGapNs(chaos);
                            if (clients[i].state() == GameClient.State.JOINED) {
                                clients[i].dropConnection();
                            }
                        }
                    }
                }
                if (!measuring && now - warmupEndNs >= 0) {
                    aggregator.startMeasuring(now);
                    measuring = true;
                    out.println("warm-up over: measuring from now on");
                    sampleTimeline();
                }
                if (now - nextProgressNs >= 0) {
                    aggregator.poll();
                    out.println(aggregator.progressLine(now, measuring ? "measure" : "warm-up"));
                    nextProgressNs += progressNs;
                    sampleTimeline();
                }
                if (now - endNs >= 0) {
                    break;
                }
                if (launched == clients.length && noneCanJoin()) {
                    out.println("every bot failed to join: stopping early");
                    break;
                }
                if (launched == clients.length && allClosed()) {
                    // Nothing left to measure (e.g. the server shut down and said Bye): report now
                    // rather than idling until the end of --duration.
                    out.println("every bot has been disconnected: stopping early");
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
            if (!measuring) {
                aggregator.startMeasuring(System.nanoTime());
            }
            aggregator.poll();
            sampleTimeline();
            serverStats = fetchServerStats();
            figures = aggregator.finish(System.nanoTime());
            for (ClientDriver d : drivers) {
                figures.driverPolls += d.polls();
                figures.driverLatePasses += d.lateWakeups();
            }
            figures.driverThreads = drivers.length;
            figures.driverPollHz = config.pollHz();
        } finally {
            closeAll(connector);
        }
        limitResults = config.limits().check(figures, serverStats);
        final LoadReport.RunInfo info = runInfo();
        out.print(LoadReport.table(info, figures, serverStats, limitResults));
        if (config.reportJson() != null) {
            try {
                final var json = LoadReport.toJson(info, figures, serverStats, limitResults);
                if (timeline != null) {
                    json.set("timeline", timeline.toJson());
                }
                LoadReport.writeJson(config.reportJson(), json);
                out.println("report written to " + config.reportJson().toAbsolutePath());
            } catch (IOException e) {
                LOG.error("cannot write the report to {}: {}", config.reportJson(), e.toString());
                return EXIT_LIMIT_MISSED;
            }
        }
        if (figures.connected + figures.disconnected == 0) {
            out.println(figures.joinFailures.isEmpty()
                    ? "no bot joined the server: is it running on " + config.host() + ":" + config.tcpPort() + "?"
                    : "no bot joined the server: " + figures.joinFailures);
            return EXIT_NO_BOT_JOINED;
        }
        return Limits.allPassed(limitResults) ? EXIT_OK : EXIT_LIMIT_MISSED;
    }

    private void sampleTimeline() {
        if (timeline != null) {
            timeline.sample(System.currentTimeMillis(), metrics);
        }
    }

    /** An exponential gap with mean --chaos-disconnect (never 0, so a bot always plays a little between drops). */
    private long chaosGapNs(java.util.SplittableRandom random) {
        final double meanS = config.chaosDisconnectMeanS();
        if (meanS <= 0) {
            return Long.MAX_VALUE / 4;
        }
        final double gapS = -meanS * Math.log(1.0 - random.nextDouble());
        return seconds(Math.max(0.2, gapS));
    }

    private void launch(int i, ExecutorService connector, AtomicInteger connectFailures) {
        final BotGames games = BotGames.installed();
        final long botSeed = BotSeeds.botSeed(config.seed(), i);
        final GameClientConfig cc = GameClientConfig.builder(config.host(), config.tcpPort(), config.udpPort())
                .playerName(config.namePrefix() + i)
                .joinToken(config.joinToken())
                .connectToken(config.connectTokens() == null ? null : config.connectTokens().tokenFor(i))
                .network(config.network())
                .seed(botSeed ^ 0x6A09E667F3BCC909L)
                .redundancy(config.redundancy())
                .schemas(games.entitySchema(config.game()), games.inputSchema(config.game()))
                .session(config.game(), config.sessionId())
                .movement(games.movement(config.game()))
                .build();
        final GameClient client = new GameClient(cc,
                new BotController(games.create(config.game(), config.behaviourOf(i), botSeed), 512,
                        games.entityLayout(config.game())), metrics[i]);
        clients[i] = client;
        drivers[i % drivers.length].add(client);
        connector.execute(() -> {
            try {
                client.connect();
            } catch (IOException | RuntimeException e) {
                if (connectFailures.incrementAndGet() <= 3) {
                    LOG.warn("bot {} could not connect: {}", i, e.toString());
                }
            }
        });
    }

    /** True when every bot is closed without ever having joined (server down, all rejected). */
    private boolean allClosed() {
        for (GameClient c : clients) {
            if (c == null || !c.isClosed()) {
                return false;
            }
        }
        return true;
    }

    private boolean noneCanJoin() {
        for (int i = 0; i < clients.length; i++) {
            if (metrics[i].isJoined() || !clients[i].isClosed()) {
                return false;
            }
        }
        return true;
    }

    /** Asks one joined bot for the server's figures and waits briefly for the reply. */
    private ServerStats fetchServerStats() throws InterruptedException {
        for (GameClient c : clients) {
            if (c != null && c.state() == GameClient.State.JOINED) {
                c.requestServerStats();
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                while (c.serverStats() == null && System.nanoTime() < deadline && !c.isClosed()) {
                    TimeUnit.MILLISECONDS.sleep(10);
                }
                if (c.serverStats() != null) {
                    return c.serverStats();
                }
            }
        }
        LOG.warn("no ServerStats reply: the report has no server figures");
        return null;
    }

    private void closeAll(ExecutorService connector) throws InterruptedException {
        connector.shutdownNow();
        for (GameClient c : clients) {
            if (c != null) {
                c.requestClose();
            }
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        for (GameClient c : clients) {
            while (c != null && !c.isClosed() && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(5);
            }
        }
        for (ClientDriver d : drivers) {
            if (d != null) {
                d.close();
            }
        }
        connector.awaitTermination(2, TimeUnit.SECONDS);
    }

    private LoadReport.RunInfo runInfo() {
        final var n = config.network();
        return new LoadReport.RunInfo(config.profile(), config.host(), config.tcpPort(), config.udpPort(),
                config.bots(), config.durationS(), config.warmupS(), config.rampS(), config.seed(),
                String.join(",", config.behaviours()),
                n == null ? 0 : n.lossPercent, n == null ? 0 : n.latencyMs, n == null ? 0 : n.jitterMs,
                n == null ? 0 : n.duplicatePercent, n == null ? 0 : n.reorderPercent);
    }

    private static long seconds(double s) {
        return (long) (s * 1e9);
    }

    public RunFigures figures() {
        return figures;
    }

    public ServerStats serverStats() {
        return serverStats;
    }

    public List<Limits.Result> limitResults() {
        return limitResults;
    }

    /** The per-bot snapshot timeline, or null when not recorded. */
    SnapshotTimeline timeline() {
        return timeline;
    }

    /** The bots' metrics (index = bot number), for tests and tools. */
    public ClientMetrics[] metrics() {
        return metrics.clone();
    }

    /** The bots' clients (null for bots not launched yet). */
    public GameClient[] clients() {
        return clients.clone();
    }
}
