package io.tickforge.server.cli;

import io.tickforge.shared.log.LogFormat;
import io.tickforge.server.agones.AgonesLifecycle;
import io.tickforge.server.agones.AgonesSdk;
import io.tickforge.server.net.JoinAuthenticator;
import io.tickforge.server.net.NetworkConfig;
import io.tickforge.server.net.SignedTokenAuthenticator;
import io.tickforge.server.net.ServerNetwork;
import io.tickforge.server.replication.DeltaReplication;
import io.tickforge.server.replication.ReplicationConfig;
import io.tickforge.server.game.ArenaEngineSettings;
import io.tickforge.server.game.ArenaGameProvider;
import io.tickforge.server.gameapi.Game;
import io.tickforge.server.gameapi.GameCatalog;
import io.tickforge.server.gameapi.GameOptions;
import io.tickforge.server.gameapi.GameProvider;
import io.tickforge.server.gameapi.GameSetup;
import io.tickforge.server.session.GameSession;
import io.tickforge.server.session.ReplicationCounters;
import io.tickforge.server.session.Replication;
import io.tickforge.server.session.SessionConfig;
import io.tickforge.server.session.SessionHost;
import io.tickforge.server.tick.TickRates;
import io.tickforge.server.tick.TickStats;
import io.tickforge.server.tick.TickStatsSnapshot;
import io.tickforge.server.input.InputCounters;
import io.tickforge.shared.protocol.ByeReason;
import io.tickforge.shared.protocol.ServerStats;
import io.tickforge.shared.cli.DurationParser;
import io.tickforge.shared.token.TokenSecret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The session server's command line: parses options, wires network + session + tick thread, logs
 * a status line every few seconds and shuts down cleanly on Ctrl-C / SIGTERM. Thread: main.
 *
 * <p>Where a setting comes from, highest precedence first: a command-line flag, then an
 * environment variable {@code TICKFORGE_<LONG_NAME>} (e.g. {@code TICKFORGE_TICK_RATE=30}), then
 * the {@code --config} properties file whose keys are the long option names without dashes
 * (e.g. {@code tick-rate=30}), then the built-in default shown by {@code --help}.
 */
@Command(name = "tickforge-server", mixinStandardHelpOptions = true, version = "Tickforge server " + ServerMain.VERSION,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Runs one authoritative game session (fixed tick, UDP inputs and snapshots, TCP control): the arena,"
                + " or the game named by --game (--list-games).",
        footer = {"", "Precedence: flags > environment (TICKFORGE_TICK_RATE, ...) > --config file (tick-rate=...) > defaults.",
                "Game options: --game-option KEY=VALUE > the [game] section of the --config file > the game's defaults;"
                        + " --npcs N (flag, TICKFORGE_NPCS or npcs= in the file) is the arena's --game-option npcs=N."
                        + " With --games, another game's options: --game-option NAME:KEY=VALUE > a [game NAME] section.",
                "Stops on Ctrl-C / SIGTERM or after --duration: refuses new players, tells clients Bye(SERVER_SHUTDOWN),"
                        + " waits up to --drain-timeout for them to leave, exits 0.",
                "Exit codes: 0 stopped normally, 1 failed, 2 usage error, 3 a game port cannot be bound (taken, or --bind not"
                        + " an address of this host)."})
public final class ServerMain implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServerMain.class);
    static final String ENV_PREFIX = "TICKFORGE_";
    static final String VERSION = "0.1.0";
    /** {@code --npcs} not given (by flag, environment or file): the game's own default applies. */
    static final int NPCS_UNSET = Integer.MIN_VALUE;
    /** The config file's section for game options ({@code key=value} lines after it). */
    static final String GAME_SECTION = "[game]";

    @Option(names = "--tcp-port", paramLabel = "PORT", description = "TCP port for control messages (0 = ephemeral). Default: ${DEFAULT-VALUE}.")
    int tcpPort = 7777;

    @Option(names = "--udp-port", paramLabel = "PORT", description = "UDP port for inputs and snapshots (0 = ephemeral). Default: ${DEFAULT-VALUE}.")
    int udpPort = 7778;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to bind. Default: ${DEFAULT-VALUE}.")
    String bindAddress = "0.0.0.0";

    @Option(names = "--tick-rate", paramLabel = "HZ", description = "Ticks per second, " + TickRates.MIN_HZ + ".."
            + TickRates.MAX_HZ + ". Default: ${DEFAULT-VALUE}.")
    int tickRateHz = TickRates.DEFAULT_HZ;

    @Option(names = "--game", paramLabel = "NAME", description = "The game to host (--list-games shows them); with --games"
            + " the default game, for a Hello that names none (one of --games). Default: " + GameCatalog.DEFAULT_GAME
            + ", with --games the first listed.")
    String game;

    @Option(names = "--games", paramLabel = "NAME", split = ",", description = "With --max-sessions above 1: host sessions"
            + " of each of these games (NAME[,NAME...]); a Hello names its game (none: --game's) and joins a session of"
            + " it. Each game's first session starts with the server. --game, if given, must be one of them. Default:"
            + " --game's game only.")
    List<String> hostedGames;

    @Option(names = "--game-option", paramLabel = "[GAME:]KEY=VALUE",
            description = "An option of the game (repeatable; --list-games shows each game's options and defaults);"
                    + " GAME:KEY=VALUE is an option of that hosted game (--games), KEY=VALUE one of --game's."
                    + " The --config file's [game] section (and [game NAME] sections) hold them too.")
    Map<String, String> gameOptions = new LinkedHashMap<>();

    @Option(names = "--list-games", description = "Print the games this server can host, one per line (name, then"
            + " description and options), and exit.")
    boolean listGames;

    @Option(names = "--npcs", paramLabel = "N", description = "The arena's orbit-world NPCs: an alias of --game-option"
            + " npcs=N. Default: " + ArenaEngineSettings.DEFAULT_NPCS + ".")
    int npcs = NPCS_UNSET;

    @Option(names = "--max-players", paramLabel = "N", description = "Player slots. Default: ${DEFAULT-VALUE}.")
    int maxPlayers = SessionConfig.DEFAULT_MAX_PLAYERS;

    @Option(names = "--max-sessions", paramLabel = "N", description = "Sessions (rooms) this process runs at once, 1.."
            + io.tickforge.server.session.SessionHost.MAX_SESSIONS + ". 1: one session for the life of the process, as"
            + " always; above 1: sessions on demand (a Hello for \"any\" session fills the oldest open one and starts a new"
            + " one when none has room), each with --max-players slots, ended when empty for --empty-session-timeout."
            + " Default: ${DEFAULT-VALUE}.")
    int maxSessions = 1;

    @Option(names = "--empty-session-timeout", paramLabel = "TIME", converter = Millis.class,
            description = "With --max-sessions above 1: a session nobody is in (nor joining, nor held for a reconnect) ends"
                    + " after this long: seconds, or with a unit (60s, 500ms, 5m); 0 = at once. The single session of"
                    + " --max-sessions 1 never ends. Default: 60s.")
    int emptySessionTimeoutMs = 60_000;

    @Option(names = "--tick-threads", paramLabel = "N", description = "With --max-sessions above 1: threads that run"
            + " the ticks of all sessions, each session on one of them, ticked in order of its deadline (one wait per"
            + " thread instead of one spinning thread per session), 0.." + io.tickforge.server.tick.TickScheduler.MAX_THREADS
            + "; 0 = a tick thread per session. --max-sessions 1 always has its own tick thread. Default: 1.")
    Integer tickThreads;

    @Option(names = "--packet-budget", paramLabel = "BYTES", description = "Largest snapshot datagram in bytes. Default: ${DEFAULT-VALUE}.")
    int packetBudgetBytes = SessionConfig.DEFAULT_PACKET_BUDGET_BYTES;

    @Option(names = "--lag-compensation-ms", paramLabel = "MS", description = "How far back the game may rewind"
            + " targets to the tick a shooter was seeing (lag compensation), 0..1000; 0 = off. Default: ${DEFAULT-VALUE}.")
    int lagCompensationMs = SessionConfig.DEFAULT_LAG_COMPENSATION_MS;

    @Option(names = "--record", paramLabel = "DIR", description = "Record a replay log of each session into DIR"
            + " (created if missing; one file per session: joins, leaves and inputs as applied, world hashes),"
            + " replayed by tickforge-replay.jar (docs/REPLAY.md). Default: off.")
    Path recordDir;

    @Option(names = "--record-hash-every", paramLabel = "TICKS", description = "With --record: a world hash every"
            + " TICKS ticks. Default: ${DEFAULT-VALUE}.")
    int recordHashEveryTicks = io.tickforge.server.replaylog.RecordingSettings.DEFAULT_HASH_EVERY_TICKS;

    @Option(names = "--record-world-every", paramLabel = "HASHES", description = "With --record: the whole world"
            + " every HASHES hashes, so that a replay can show which entities differ (0 = never). Default: ${DEFAULT-VALUE}.")
    int recordWorldEveryHashes = io.tickforge.server.replaylog.RecordingSettings.DEFAULT_WORLD_EVERY_HASHES;

    /** Interest radius when neither the flag nor the game names one. */
    static final double DEFAULT_INTEREST_RADIUS_M = 64.0;
    /**
     * {@code --warmup}'s default: off, so a developer's server (the demo, tests) opens at once. A
     * warm-up costs 15-23 s of start-up on one core; it halved the overruns of 256 players joining
     * within a second and changed nothing measurable with an 8 s join ramp (docs/DEPLOY.md). The
     * deploy files (Dockerfile, systemd unit, Agones manifests) turn it on.
     */
    static final long DEFAULT_WARMUP_S = 0;
    /** The limit the deploy files give {@code --warmup} where they turn it on, seconds. */
    static final long DEPLOY_WARMUP_S = 30;
    /** Ticks a warm-up plays at least: the join ramp, then about 25 leaves, joins, stalls and reconnects. */
    static final long WARMUP_MIN_TICKS = 600;

    @Option(names = "--interest-radius", paramLabel = "METRES", description = "Metres around a player within which"
            + " entities are replicated. Default: the game's (GameDescriptor.interestRadiusM), else 64.")
    Double interestRadiusM;

    @Option(names = "--replication-threads", paramLabel = "N",
            description = "Worker threads that write snapshot packets besides the tick thread (0 = all on the tick"
                    + " thread; packets are the same either way), per session. Default: available cores - 1, at least 1"
                    + " (the start-up line says how many); with --max-sessions above 1 and shared --tick-threads: 0"
                    + " (each session's packets written on the tick thread that ticks it).")
    Integer replicationThreads;

    @Option(names = "--replication-deadline", paramLabel = "PERCENT",
            description = "Overload: once a tick has run this percentage of its period (from its scheduled start),"
                    + " replication starts no more snapshot packets that tick, so the simulation keeps its rate; the"
                    + " clients left out get the next tick's packet first, and every client still gets one at least"
                    + " every " + io.tickforge.server.session.Replication.MAX_SHED_TICKS + " ticks (counted as shed"
                    + " in the status line). 1..100; 0 = off (every client every tick, however long it takes)."
                    + " Default: ${DEFAULT-VALUE}.")
    int replicationDeadlinePercent = SessionConfig.DEFAULT_REPLICATION_DEADLINE_PERCENT;

    @Option(names = "--warmup", paramLabel = "TIME", converter = Seconds.class,
            description = "Before opening, play a throwaway copy of each game's session with up to "
                    + io.tickforge.server.session.SessionWarmup.MAX_PLAYERS + " simulated players until the JIT has"
                    + " compiled the tick (its compile time stops growing), at most this long, so the first players"
                    + " find the server ticking on time (docs/DEPLOY.md): seconds or with a unit (30s); 0 = open cold."
                    + " Default: ${DEFAULT-VALUE}.")
    long warmupS = DEFAULT_WARMUP_S;

    @Option(names = "--duration", paramLabel = "TIME", converter = Seconds.class,
            description = "Stop after this time (under --agones: after allocation): seconds, or with a unit (90s, 2m, 1h);"
                    + " 0 = run until stopped. Default: ${DEFAULT-VALUE}.")
    long durationS = 0;

    @Option(names = "--status-interval", paramLabel = "TIME", converter = Seconds.class,
            description = "Time between status lines: seconds, or with a unit (5s, 1m). Default: ${DEFAULT-VALUE}.")
    long statusIntervalS = 5;

    @Option(names = "--handshake-timeout-ms", paramLabel = "MS", description = "Close a connection that sends no Hello within this time. Default: ${DEFAULT-VALUE}.")
    int handshakeTimeoutMs = 5000;

    @Option(names = "--write-buffer", paramLabel = "BYTES", description = "Per-connection TCP write buffer; a client that stops reading is disconnected when it fills. Default: ${DEFAULT-VALUE}.")
    int writeBufferBytes = 8 * 1024;

    @Option(names = "--object-buffer", paramLabel = "BYTES", description = "Largest TCP frame accepted; a larger one closes the connection. Default: ${DEFAULT-VALUE}.")
    int objectBufferBytes = 2048;

    @Option(names = "--max-connections-per-ip", paramLabel = "N", description = "Connections one remote address may hold; more are closed on accept. Default: ${DEFAULT-VALUE}.")
    int maxConnectionsPerIp = 64;

    @Option(names = "--max-pre-auth", paramLabel = "N", description = "Connections (all addresses) that have not sent their Hello yet; beyond it the oldest silent one is closed. Default: ${DEFAULT-VALUE}.")
    int maxPreAuthConnections = 256;

    @Option(names = "--max-pre-auth-per-ip", paramLabel = "N", description = "Connections one address may have waiting for their Hello; more are closed on accept. Default: ${DEFAULT-VALUE}.")
    int maxPreAuthPerIp = 8;

    @Option(names = "--handshakes-per-ip", paramLabel = "PER_SECOND", description = "Hellos (joins, token guesses) one address may send per second, burst 64; more are Rejected(TOO_MANY_ATTEMPTS). Default: ${DEFAULT-VALUE}.")
    double handshakesPerIpPerSecond = 20;

    @Option(names = "--udp-rate", paramLabel = "PER_SECOND", description = "Authentic datagrams one player may send per second; the excess is dropped, a second's worth of excess kicks. Default: ${DEFAULT-VALUE}.")
    double udpDatagramsPerSecond = 600;

    @Option(names = "--udp-batch-us", paramLabel = "MICROS", description = "After handling a batch of datagrams, the UDP receive thread waits this long before the next, reading what arrived meanwhile in one wake-up (0 = wake per datagram, at most 10000). Default: ${DEFAULT-VALUE}.")
    int udpBatchMicros = 1000;

    @Option(names = "--chat-relay-rate", paramLabel = "PER_SECOND", description = "Chat lines the whole server relays per second (each to every player). Default: ${DEFAULT-VALUE}.")
    double chatRelayPerSecond = 20;

    @Option(names = "--max-chat-length", paramLabel = "CHARS", description = "Longest chat message relayed. Default: ${DEFAULT-VALUE}.")
    int maxChatChars = 200;

    @Option(names = "--chat-rate", paramLabel = "PER_SECOND", description = "Chat messages a player may send per second (small burst allowed). Default: ${DEFAULT-VALUE}.")
    double chatPerSecond = 5.0;

    @Option(names = "--join-token", paramLabel = "TOKEN", description = "LAN mode: when set, Hello must carry this token or is rejected (BAD_TOKEN).")
    String joinToken;

    @Option(names = "--agones", description = "Run as an Agones GameServer: talk to the SDK sidecar on localhost:$"
            + AgonesSdk.PORT_ENV + " (Ready, health, allocation, players list, Shutdown). On by itself when "
            + AgonesSdk.PORT_ENV + " is set.")
    boolean agones;

    @Option(names = "--drain-timeout", paramLabel = "TIME", converter = Seconds.class,
            description = "On stop (signal, --duration, Agones): refuse new players, tell players Bye and wait this long"
                    + " for them to leave. Default: ${DEFAULT-VALUE}.")
    long drainTimeoutS = 10;

    @Option(names = "--reconnect-grace", paramLabel = "TIME", converter = Millis.class,
            description = "How long a player whose connection drops (reset, timeout) keeps its slot, idle, for a reconnect"
                    + " with the secret from its Welcome: seconds, or with a unit (10s, 500ms, 1m); 0 = leave at once."
                    + " Kicks and a client's own Bye end the slot at once. Default: 10s.")
    int reconnectGraceMs = 10_000;

    @Option(names = "--log-format", paramLabel = "FORMAT",
            description = "text (one readable line per event) or json (one JSON object per line, for log shippers). Default: ${DEFAULT-VALUE}.")
    String logFormat = LogFormat.TEXT;

    @Option(names = {"--token-secret", "--token-secret-file"}, paramLabel = "FILE",
            description = "Signed-token mode: FILE holds the 64-hex-digit secret shared with the backend that mints connect "
                    + "tokens (tickforge-token.jar); Hello must carry a valid, unexpired, unused token for --public-address. "
                    + "Env: TICKFORGE_TOKEN_SECRET_FILE.")
    Path tokenSecretFile;

    @Option(names = "--public-address", paramLabel = "HOST:PORT",
            description = "The TCP address clients are told to connect to; connect tokens must name exactly it. Required with --token-secret.")
    String publicAddress;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file; keys are the long option names (tick-rate=60).")
    Path configFile;

    @CommandLine.Mixin
    OpsOptions ops = new OpsOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The process environment (tests pass their own). */
    private Map<String, String> env = Map.of();
    /** The games to choose from (tests pass their own); loaded by ServiceLoader when null. */
    private GameCatalog catalog;
    /** The --config file's [game] section. */
    private Map<String, String> fileGameOptions = Map.of();
    /** The --config file's [game NAME] sections, by game name. */
    private Map<String, Map<String, String>> fileNamedGameOptions = Map.of();
    /** Counted down by SIGINT/SIGTERM (and by tests through {@link #requestStop()}). */
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    /** The running server's network, for tests; null until bound. */
    volatile ServerNetwork network;
    /** The Agones client when {@code --agones}; null otherwise. */
    volatile AgonesLifecycle agonesLifecycle;

    /** Builds the command line with defaults from {@code env} and the {@code --config} file found in {@code args}. */
    static CommandLine commandLine(String[] args, Map<String, String> env) {
        return commandLine(args, env, null);
    }

    /** As {@link #commandLine(String[], Map)}, choosing among {@code catalog}'s games (null: ServiceLoader's). */
    static CommandLine commandLine(String[] args, Map<String, String> env, GameCatalog catalog) {
        ServerMain main = new ServerMain();
        main.env = env;
        main.catalog = catalog;
        CommandLine cli = new CommandLine(main);
        Path file = findConfigFile(args);
        Properties properties = new Properties();
        if (file != null) {
            final Properties gameSection = new Properties();
            final Map<String, Properties> namedSections = new LinkedHashMap<>();
            try {
                readConfig(file, properties, gameSection, namedSections);
            } catch (IOException e) {
                throw new CommandLine.ParameterException(cli, "cannot read --config " + file + ": " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cli, e.getMessage(), e);
            }
            final Map<String, String> fromFile = new LinkedHashMap<>();
            for (String key : gameSection.stringPropertyNames()) {
                fromFile.put(key, gameSection.getProperty(key).trim());
            }
            main.fileGameOptions = fromFile;
            final Map<String, Map<String, String>> named = new LinkedHashMap<>();
            for (Map.Entry<String, Properties> section : namedSections.entrySet()) {
                final Map<String, String> values = new LinkedHashMap<>();
                for (String key : section.getValue().stringPropertyNames()) {
                    values.put(key, section.getValue().getProperty(key).trim());
                }
                named.put(section.getKey(), values);
            }
            main.fileNamedGameOptions = named;
            Set<String> known = new TreeSet<>();
            for (OptionSpec option : cli.getCommandSpec().options()) {
                known.add(keyOf(option));
            }
            Set<String> unknown = new TreeSet<>(properties.stringPropertyNames());
            unknown.removeAll(known);
            unknown.remove("config");
            if (!unknown.isEmpty()) {
                throw new CommandLine.ParameterException(cli, "unknown keys in " + file + ": " + unknown
                        + " (known: " + known + ")");
            }
        }
        cli.setDefaultValueProvider(new ConfigDefaults(env, properties));
        return cli;
    }

    public static void main(String[] args) {
        int exitCode;
        try {
            exitCode = commandLine(args, System.getenv()).execute(args);
        } catch (CommandLine.ParameterException e) {
            System.err.println(e.getMessage());
            exitCode = 2;
        }
        System.exit(exitCode);
    }

    @Override
    public Integer call() throws Exception {
        final GameCatalog games;
        try {
            games = catalog != null ? catalog : GameCatalog.load();
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("cannot start: " + e.getMessage());
            return 1;
        }
        if (listGames) {
            for (String line : games.listing()) {
                spec.commandLine().getOut().println(line);
            }
            spec.commandLine().getOut().flush();
            return 0;
        }
        try {
            LogFormat.apply(LogFormat.parse(logFormat));
        } catch (IllegalArgumentException | IllegalStateException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        final List<String> hostedNames;
        final GameProvider provider;
        final GameOptions options;
        try {
            hostedNames = hostedGameNames(games);
            provider = games.find(defaultGame());
            options = GameOptions.resolve(provider, gameOptionValues());
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        final SessionConfig sessionConfig;
        try {
            sessionConfig = sessionConfig(provider, options);
        } catch (CommandLine.ParameterException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        if (maxSessions != 1) {
            // Every hosted game's options, checked by the game's own declarations now (its setup when its first session starts).
            final Map<String, GameProvider> providers = new LinkedHashMap<>();
            final Map<String, GameOptions> optionsByGame = new LinkedHashMap<>();
            final Map<String, SessionConfig> configs = new LinkedHashMap<>();
            try {
                for (String name : hostedNames) {
                    final GameProvider p = games.find(name);
                    final GameOptions o = GameOptions.resolve(p, gameOptionValues(name));
                    providers.put(name, p);
                    optionsByGame.put(name, o);
                    configs.put(name, sessionConfig(p, o));
                }
            } catch (IllegalArgumentException | CommandLine.ParameterException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return 2;
            }
            return callHosted(providers, optionsByGame, configs);
        }
        final Game hosted;
        try {
            hosted = provider.create(new GameSetup(sessionConfig.sessionId(), sessionConfig.tickRateHz(),
                    sessionConfig.maxPlayers(), options));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("game '" + provider.name() + "': " + e.getMessage());
            return 2;
        }
        final Replication replication;
        final double interestM;
        try {
            final io.tickforge.server.gameapi.GameDescriptor described = hosted.describe();
            interestM = interestRadius(described);
            replication = createReplication(sessionConfig, interestM, replicationThreads(), described);
        } catch (IllegalStateException e) {
            LOG.error("cannot start: {}", e.getMessage());
            return 1;
        }
        final GameSession session = new GameSession(sessionConfig, hosted, replication);
        final NetworkConfig networkConfig;
        try {
            networkConfig = networkConfig();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        final String opsError = ops.validate();
        if (opsError != null) {
            spec.commandLine().getErr().println(opsError);
            return 2;
        }
        final JoinAuthenticator authenticator;
        try {
            authenticator = joinAuthenticator(networkConfig);
        } catch (IllegalArgumentException | IOException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        final ServerNetwork network = new ServerNetwork(networkConfig,
                io.tickforge.server.session.SessionDirectory.single(session, provider.name()), authenticator);
        session.setTrafficCounters(network::bytesIn, network::bytesOut);
        final AgonesLifecycle agones;
        try {
            agones = agonesLifecycle(network, session);
        } catch (CommandLine.ParameterException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }

        if (recordDir != null) {
            final io.tickforge.server.replaylog.RecordingSettings recording;
            try {
                recording = io.tickforge.server.replaylog.RecordingSettings.of(recordDir)
                        .withHashEveryTicks(recordHashEveryTicks).withWorldEveryHashes(recordWorldEveryHashes);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("--record: " + e.getMessage());
                return 2;
            }
            try {
                session.setRecorder(io.tickforge.server.replaylog.SessionRecorder.open(recording, provider.name(),
                        options.asMap(), sessionConfig, hosted.describe()));
            } catch (IOException | IllegalArgumentException e) {
                spec.commandLine().getErr().println("cannot record into --record " + recordDir + ": " + e.getMessage());
                return 2;
            }
        }
        warmUp(provider, options, sessionConfig, replicationThreads());
        final io.tickforge.server.admin.AdminServer admin;
        try {
            admin = ops.startAdmin(session, network, VERSION);
        } catch (java.io.IOException e) {
            closeRecorder(session);
            LOG.error("cannot start: {}", e.getMessage());
            return 1;
        }
        if (admin != null) {
            // /healthz says 503 while the server drains (fleet managers stop sending players).
            admin.setDraining(network.joinGate()::isDraining);
        }
        final AtomicBoolean stopped = new AtomicBoolean();
        final Runnable shutdown = () -> {
            if (stopped.compareAndSet(false, true)) {
                shutdown(network, session);
            }
        };
        installSignalHandlers(stopRequested);
        Thread hook = new Thread(shutdown, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        try {
            network.start();
        } catch (IOException | RuntimeException e) {
            final String unknownHost = StartupError.unknownBindAddress(e, bindAddress);
            final String line = unknownHost != null ? unknownHost : StartupError.bindFailure(e, bindAddress, tcpPort, udpPort);
            if (line == null) {
                throw e;
            }
            removeHook(hook);
            if (admin != null) {
                admin.close();
            }
            closeRecorder(session);
            spec.commandLine().getErr().println(line);
            return unknownHost != null ? 2 : StartupError.EXIT_PORT_IN_USE;
        }
        final io.tickforge.server.admin.JfrRecording recording = ops.startRecording();
        session.start();
        this.network = network;
        if (agones != null) {
            agones.start();
        }
        LOG.info("session {} up: tcp {} udp {} on {}, {} Hz, game {} {}, {} player slots, budget {} B, interest {} m,"
                        + " {} replication thread(s) besides the tick thread, replication deadline {}, lag compensation {} ms"
                        + " ({} ticks)",
                sessionConfig.sessionId(), network.tcpPort(), network.udpPort(), bindAddress, tickRateHz, provider.name(),
                options, maxPlayers, packetBudgetBytes, interestM, replicationThreads(),
                replicationDeadline(sessionConfig), sessionConfig.lagCompensationMs(), sessionConfig.lagCompensationTicks());
        final String oneCore = oneCoreAdvice(replicationThreads, Runtime.getRuntime().availableProcessors());
        if (oneCore != null) {
            LOG.info(oneCore);
        }

        // The session publishes its figures once per status interval; the main thread logs each
        // new publication once, so a status line always covers exactly one interval. It watches
        // the ServerStats, which the tick thread publishes after the tick figures: a new one means
        // both are of the same interval.
        final StatusLine status = new StatusLine();
        final long startNs = System.nanoTime();
        // Under Agones the match (and --duration) starts when the GameServer is allocated.
        long endNs = durationS > 0 && agones == null ? startNs + TimeUnit.SECONDS.toNanos(durationS) : Long.MAX_VALUE;
        final long pollNs = TimeUnit.MILLISECONDS.toNanos(100);
        ServerStats lastLogged = session.stats();
        status.sample(System.nanoTime(), network.bytesIn(), network.bytesOut());
        while (true) {
            final long nowNs = System.nanoTime();
            if (agones != null && durationS > 0 && endNs == Long.MAX_VALUE && agones.allocation() != null) {
                endNs = nowNs + TimeUnit.SECONDS.toNanos(durationS);
                LOG.info("match started: it ends in --duration {} s", durationS);
            }
            if (nowNs - endNs >= 0) {
                LOG.info("--duration {} s reached: match over", durationS);
                break;
            }
            if (stopRequested.await(Math.max(1, Math.min(pollNs, endNs - nowNs)), TimeUnit.NANOSECONDS)) {
                LOG.info("stop requested");
                break;
            }
            final ServerStats latest = session.stats();
            if (latest != lastLogged) {
                lastLogged = latest;
                LOG.info(status.line(session, session.tickStats(), latest, System.nanoTime(), network.bytesIn(),
                        network.bytesOut()));
            }
        }
        Drain.run(network, session, drainTimeoutS);
        if (agones != null) {
            agones.stopHealthPings();
        }
        shutdown.run();
        if (admin != null) {
            admin.close();
        }
        if (recording != null) {
            recording.close();
            LOG.info("JFR recording written to {}", recording.file());
        }
        removeHook(hook);
        if (agones != null) {
            agones.shutdown(5000);
        }
        return 0;
    }

    /** Ends a recording the session never started (start-up failed after it was opened). */
    private static void closeRecorder(GameSession session) {
        if (session.recorder() != null) {
            session.recorder().close();
        }
    }

    /** Asks a running {@link #call()} to drain and stop, as SIGTERM does. Any thread. */
    void requestStop() {
        stopRequested.countDown();
    }

    private AgonesLifecycle agonesLifecycle(ServerNetwork network, GameSession session) {
        final AgonesSdk sdk;
        try {
            sdk = AgonesSdk.fromEnvironment(agones, env.get(AgonesSdk.PORT_ENV));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (sdk == null) {
            return null;
        }
        AgonesLifecycle lifecycle = new AgonesLifecycle(sdk, session::currentTick, network.joinGate()::setToken, joinToken,
                AgonesLifecycle.HEALTH_PERIOD_MS);
        session.setRosterListener(lifecycle.roster());
        this.agonesLifecycle = lifecycle;
        return lifecycle;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The JVM is exiting anyway; the hook ran or will run the same idempotent shutdown.
        }
    }

    /** Open, static-token (LAN) or signed-token mode; a usage error for contradictory or incomplete options. */
    JoinAuthenticator joinAuthenticator(NetworkConfig networkConfig) throws IOException {
        if (tokenSecretFile == null) {
            if (publicAddress != null) {
                throw new IllegalArgumentException("--public-address is only used with --token-secret");
            }
            // The network's join gate checks the static --join-token, which a fleet manager (Agones)
            // may replace at run time.
            return null;
        }
        if (joinToken != null) {
            throw new IllegalArgumentException("choose --join-token (LAN) or --token-secret (signed connect tokens), not both");
        }
        if (publicAddress == null) {
            throw new IllegalArgumentException("--token-secret needs --public-address HOST:PORT (the address tokens are minted for)");
        }
        final TokenSecret secret;
        try {
            secret = TokenSecret.read(tokenSecretFile);
        } catch (NoSuchFileException e) {
            throw new IOException("--token-secret: no such file " + tokenSecretFile);
        }
        SignedTokenAuthenticator signed = new SignedTokenAuthenticator(secret, publicAddress);
        LOG.info("signed-token mode: Hello must carry a connect token for {}", signed.publicAddress());
        return signed;
    }

    /** Whole seconds in the shared duration syntax ({@link DurationParser}: 90, 90s, 2m, 1h). */
    static final class Seconds implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return DurationParser.wholeSeconds(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("not a time: " + e.getMessage());
            }
        }
    }

    /** Whole milliseconds in the shared duration syntax ({@link DurationParser}: 10, 10s, 500ms, 1m), at most 1 h. */
    static final class Millis implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                final double ms = Math.rint(DurationParser.seconds(value) * 1000.0);
                if (ms > 3_600_000) {
                    throw new CommandLine.TypeConversionException("not a time: at most 1h: '" + value + "'");
                }
                return (int) ms;
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("not a time: " + e.getMessage());
            }
        }
    }

    /** The network's settings from the flags; IllegalArgumentException names a bad one. */
    private NetworkConfig networkConfig() {
        return NetworkConfig.builder().bindAddress(bindAddress).tcpPort(tcpPort).udpPort(udpPort)
                .handshakeTimeoutMs(handshakeTimeoutMs).writeBufferBytes(writeBufferBytes)
                .objectBufferBytes(objectBufferBytes).maxChatChars(maxChatChars).chatPerSecond(chatPerSecond)
                .maxConnectionsPerIp(maxConnectionsPerIp).maxPreAuthConnections(maxPreAuthConnections)
                .maxPreAuthPerIp(maxPreAuthPerIp)
                .handshakesPerIpPerSecond(handshakesPerIpPerSecond).chatRelayPerSecond(chatRelayPerSecond)
                .udpDatagramsPerSecond(udpDatagramsPerSecond).reconnectGraceMs(reconnectGraceMs)
                .udpBatchMicros(udpBatchMicros)
                .joinToken(joinToken).build();
    }

    /**
     * {@code --max-sessions} above 1: sessions on demand ({@link io.tickforge.server.session.SessionHost}),
     * each a game of one of {@code providers} ({@code --games}, the default game first) with that
     * game's options, its own replication workers, ended when empty for {@code --empty-session-timeout}. One status line per
     * live session each interval, then one for the process; {@code --admin-port} serves
     * {@link io.tickforge.server.admin.HostAdminServer} (metrics per session, health, the session
     * list). Not yet with {@code --agones} (its lifecycle and player list are one session's): refused.
     */
    private Integer callHosted(Map<String, GameProvider> providers, Map<String, GameOptions> optionsByGame,
                               Map<String, SessionConfig> configs) throws Exception {
        final java.io.PrintWriter err = spec.commandLine().getErr();
        if (maxSessions < 1 || maxSessions > io.tickforge.server.session.SessionHost.MAX_SESSIONS) {
            err.println("--max-sessions must be 1.." + io.tickforge.server.session.SessionHost.MAX_SESSIONS + ": " + maxSessions);
            return 2;
        }
        if (emptySessionTimeoutMs < 0) {
            err.println("--empty-session-timeout must be >= 0");
            return 2;
        }
        if (agones || env.get(AgonesSdk.PORT_ENV) != null) {
            err.println("--max-sessions above 1 does not run under Agones yet (its lifecycle and player list are one session's)");
            return 2;
        }
        final String opsError = ops.validate();
        if (opsError != null) {
            err.println(opsError);
            return 2;
        }
        final io.tickforge.server.replaylog.RecordingSettings replayLog;
        try {
            replayLog = recordDir == null ? null : io.tickforge.server.replaylog.RecordingSettings.of(recordDir)
                    .withHashEveryTicks(recordHashEveryTicks).withWorldEveryHashes(recordWorldEveryHashes);
        } catch (IllegalArgumentException e) {
            err.println("--record: " + e.getMessage());
            return 2;
        }
        final List<SessionHost.HostedGame> hostedGames = new java.util.ArrayList<>();
        for (Map.Entry<String, GameProvider> entry : providers.entrySet()) {
            warmUp(entry.getValue(), optionsByGame.get(entry.getKey()), configs.get(entry.getKey()), hostedReplicationThreads());
            hostedGames.add(new SessionHost.HostedGame(entry.getKey(), hostedFactory(entry.getValue(),
                    optionsByGame.get(entry.getKey()), configs.get(entry.getKey()), replayLog)));
        }
        final SessionHost host;
        try {
            host = new SessionHost(hostedGames, maxSessions, emptySessionTimeoutMs, hostedTickThreads());
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("cannot start: " + e.getMessage());
            return e instanceof IllegalArgumentException ? 2 : 1;
        }
        return runHosted(host, providers, optionsByGame);
    }

    /** How the host builds a session of {@code provider}'s game: its options, its config (the session id set), its recorder. */
    private SessionHost.Factory hostedFactory(GameProvider provider, GameOptions options, SessionConfig base,
                                              io.tickforge.server.replaylog.RecordingSettings replayLog) {
        return id -> {
            final SessionConfig config = base.withSessionId(id);
            final Game game = provider.create(new GameSetup(id, config.tickRateHz(), config.maxPlayers(), options));
            final io.tickforge.server.gameapi.GameDescriptor described = game.describe();
            final double interest = interestRadius(described);
            final GameSession session = new GameSession(config, game,
                    createReplication(config, interest, hostedReplicationThreads(), described));
            if (replayLog != null) {
                // Every session records its own log; one that cannot is not started (the host refuses
                // the join that asked for it and logs why), so nothing runs unrecorded by surprise.
                try {
                    session.setRecorder(io.tickforge.server.replaylog.SessionRecorder.open(replayLog, provider.name(),
                            options.asMap(), config, described));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("cannot record session " + id + " into --record " + recordDir, e);
                }
            }
            return session;
        };
    }

    /** Runs the network in front of {@code host} until stopped (see {@link #callHosted}). */
    private Integer runHosted(SessionHost host, Map<String, GameProvider> providers, Map<String, GameOptions> optionsByGame)
            throws Exception {
        final java.io.PrintWriter err = spec.commandLine().getErr();
        final NetworkConfig networkConfig;
        final JoinAuthenticator authenticator;
        try {
            networkConfig = networkConfig();
            authenticator = joinAuthenticator(networkConfig);
        } catch (IllegalArgumentException | IOException e) {
            host.close();
            err.println(e.getMessage());
            return 2;
        }
        final ServerNetwork network;
        try {
            network = new ServerNetwork(networkConfig, host, authenticator);
        } catch (IllegalArgumentException e) {
            host.close();
            err.println("cannot start: " + e.getMessage());
            return 2;
        }
        final io.tickforge.server.admin.HostAdminServer admin;
        if (ops.adminPort != null) {
            admin = new io.tickforge.server.admin.HostAdminServer(
                    new io.tickforge.server.admin.AdminConfig(ops.adminBind, ops.adminPort, ops.adminToken), host,
                    network.counters(), VERSION);
            admin.setDraining(network.joinGate()::isDraining);
            try {
                admin.start();
            } catch (IOException e) {
                host.close();
                LOG.error("cannot start: {}", e.getMessage());
                return 1;
            }
        } else {
            admin = null;
        }
        final AtomicBoolean stopped = new AtomicBoolean();
        final Runnable shutdown = () -> {
            if (stopped.compareAndSet(false, true)) {
                LOG.info("shutting down: telling clients Bye({})", ByeReason.SERVER_SHUTDOWN);
                try {
                    network.shutdown(ByeReason.SERVER_SHUTDOWN);
                } catch (RuntimeException e) {
                    LOG.warn("network shutdown failed", e);
                }
                host.close();
                LOG.info("stopped: {} session(s) started, {} ended", host.createdCount(), host.endedCount());
            }
        };
        installSignalHandlers(stopRequested);
        Thread hook = new Thread(shutdown, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            network.start();
        } catch (IOException | RuntimeException e) {
            final String unknownHost = StartupError.unknownBindAddress(e, bindAddress);
            final String line = unknownHost != null ? unknownHost : StartupError.bindFailure(e, bindAddress, tcpPort, udpPort);
            removeHook(hook);
            host.close();
            if (admin != null) {
                admin.close();
            }
            if (line == null) {
                throw e;
            }
            err.println(line);
            return unknownHost != null ? 2 : StartupError.EXIT_PORT_IN_USE;
        }
        final io.tickforge.server.admin.JfrRecording recording = ops.startRecording();
        host.start();
        this.network = network;
        final StringBuilder hostedText = new StringBuilder();
        for (Map.Entry<String, GameOptions> e : optionsByGame.entrySet()) {
            hostedText.append(hostedText.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
        }
        LOG.info("up: tcp {} udp {} on {}, {} Hz, {} {} (default {}), sessions on demand: at most {}, {} player slots each,"
                        + " empty sessions end after {} ms, ticks on {}, {} replication thread(s) per session besides the tick thread",
                network.tcpPort(), network.udpPort(), bindAddress, tickRateHz, providers.size() == 1 ? "game" : "games",
                hostedText, host.games().get(0), maxSessions,
                maxPlayers, emptySessionTimeoutMs,
                host.tickThreads() > 0 ? host.tickThreads() + " shared tick thread(s)" : "a tick thread per session",
                hostedReplicationThreads());
        final long startNs = System.nanoTime();
        final long endNs = durationS > 0 ? startNs + TimeUnit.SECONDS.toNanos(durationS) : Long.MAX_VALUE;
        final long intervalNs = TimeUnit.SECONDS.toNanos(statusIntervalS);
        long nextStatusNs = startNs + intervalNs;
        long lastIn = 0;
        long lastOut = 0;
        long lastStatusNs = startNs;
        while (true) {
            final long nowNs = System.nanoTime();
            if (nowNs - endNs >= 0) {
                LOG.info("--duration {} s reached: match over", durationS);
                break;
            }
            if (stopRequested.await(Math.max(1, Math.min(nextStatusNs, endNs) - nowNs), TimeUnit.NANOSECONDS)) {
                LOG.info("stop requested");
                break;
            }
            final long at = System.nanoTime();
            if (at - nextStatusNs >= 0) {
                nextStatusNs = at + intervalNs;
                for (SessionHost.HostedSession h : host.hostedSessions()) {
                    final GameSession s = h.session();
                    LOG.info(StatusLine.sessionLine(s, h.game(), s.tickStats(), s.stats(), host.tickThreads() > 0));
                }
                final double seconds = Math.max(1e-9, (at - lastStatusNs) / 1e9);
                final long in = network.bytesIn();
                final long out = network.bytesOut();
                LOG.info(StatusLine.hostLine(host, Math.round((in - lastIn) / seconds), Math.round((out - lastOut) / seconds)));
                lastIn = in;
                lastOut = out;
                lastStatusNs = at;
            }
        }
        Drain.run(network, host::playerCount, drainTimeoutS);
        shutdown.run();
        if (admin != null) {
            admin.close();
        }
        if (recording != null) {
            recording.close();
            LOG.info("JFR recording written to {}", recording.file());
        }
        removeHook(hook);
        return 0;
    }

    /** The interest radius of a session of {@code game}: --interest-radius, else the game's own, else the default. */
    private double interestRadius(io.tickforge.server.gameapi.GameDescriptor game) {
        return interestRadiusM != null ? interestRadiusM
                : game.interestRadiusM() > 0 ? game.interestRadiusM() : DEFAULT_INTEREST_RADIUS_M;
    }

    /**
     * Plays a throwaway session of {@code provider}'s game, built like the real one (a fresh game and
     * replication of {@code config}), before the real one opens ({@code --warmup}; see
     * {@link io.tickforge.server.session.SessionWarmup}) and logs what it did. A warm-up that fails
     * is logged and the server opens cold: it only costs the first players' ticks.
     */
    private void warmUp(GameProvider provider, GameOptions options, SessionConfig config, int replicationThreads) {
        if (warmupS <= 0) {
            return;
        }
        try {
            final Game game = provider.create(new GameSetup(config.sessionId(), config.tickRateHz(), config.maxPlayers(), options));
            final io.tickforge.server.gameapi.GameDescriptor described = game.describe();
            final Replication replication = createReplication(config, interestRadius(described), replicationThreads, described);
            LOG.info("warming up game {} before opening (--warmup {}s at most; --warmup 0 opens cold)", provider.name(), warmupS);
            final io.tickforge.server.session.SessionWarmup.Result result = io.tickforge.server.session.SessionWarmup.run(
                    config, game, replication, WARMUP_MIN_TICKS, warmupS * 1_000_000_000L,
                    io.tickforge.server.session.SessionWarmup::jitCompileMillis);
            LOG.info("warm-up of game {}: {}", provider.name(), result.describe());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("warm-up of game {} interrupted; opening cold", provider.name());
        } catch (RuntimeException e) {
            LOG.warn("warm-up of game {} failed; opening cold", provider.name(), e);
        }
    }

    /** "80% of the tick" or "off", for the start-up line. */
    static String replicationDeadline(SessionConfig config) {
        return config.replicationDeadlinePercent() == 0 ? "off" : config.replicationDeadlinePercent() + "% of the tick";
    }

    /** The one place that builds the session's snapshot replication, over the game's world, entities and interest. */
    static Replication createReplication(SessionConfig config, double interestRadiusM, int replicationThreads,
                                         io.tickforge.server.gameapi.GameDescriptor game) {
        try {
            return new DeltaReplication(new ReplicationConfig(config.maxPlayers(), config.packetBudgetBytes(),
                    interestRadiusM, ReplicationConfig.DEFAULT_HISTORY_LENGTH, game.worldSizeM())
                    .withReplicationThreads(replicationThreads).withEntityLayout(game.entityLayout())
                    .withAlwaysReplicated(game.alwaysReplicated()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** --tick-threads, or its default (1) with --max-sessions above 1. */
    int hostedTickThreads() {
        return tickThreads != null ? tickThreads : 1;
    }

    /** Per hosted session: --replication-threads, else 0 on shared tick threads, else the machine's default. */
    int hostedReplicationThreads() {
        return replicationThreads != null ? replicationThreads
                : hostedTickThreads() > 0 ? 0 : ReplicationConfig.defaultReplicationThreads();
    }

    /**
     * What the start-up log adds when the default (no {@code --replication-threads}) starts a worker
     * on a JVM that sees one processor (the default is at least one worker): the worker can only
     * take turns with the tick thread there, and such a server measured a lower tick p99 without it
     * (docs/DEPLOY.md). Null otherwise: when the operator chose the count, or there is a core for
     * the worker.
     */
    static String oneCoreAdvice(Integer requested, int processors) {
        if (requested != null || processors > 1) {
            return null;
        }
        return "this JVM sees 1 processor: the default replication worker takes turns with the"
                + " tick thread on it; a server given one core measured a lower tick p99 with --replication-threads 0"
                + " (docs/DEPLOY.md)";
    }

    /** --replication-threads, or the default for this machine. */
    int replicationThreads() {
        return replicationThreads != null ? replicationThreads : ReplicationConfig.defaultReplicationThreads();
    }

    /** The default game: --game, else the first of --games, else {@link GameCatalog#DEFAULT_GAME}. */
    String defaultGame() {
        if (game != null) {
            return game;
        }
        return hostedGames != null && !hostedGames.isEmpty() ? hostedGames.get(0).trim() : GameCatalog.DEFAULT_GAME;
    }

    /**
     * The games this process hosts, the default game first: --game's alone, or --games (only with
     * --max-sessions above 1; each known to {@code catalog}, none twice, --game one of them).
     * IllegalArgumentException names what is wrong.
     */
    List<String> hostedGameNames(GameCatalog catalog) {
        final String defaultName = defaultGame();
        if (hostedGames == null || hostedGames.isEmpty()) {
            return List.of(defaultName);
        }
        if (maxSessions == 1) {
            throw new IllegalArgumentException("--games needs --max-sessions above 1 (sessions on demand): one session"
                    + " runs one game");
        }
        final java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
        for (String raw : hostedGames) {
            final String name = raw.trim();
            catalog.find(name); // unknown: names the available games
            if (!names.add(name)) {
                throw new IllegalArgumentException("--games names game '" + name + "' twice");
            }
        }
        if (!names.contains(defaultName)) {
            throw new IllegalArgumentException("--game " + defaultName + " is not one of --games " + String.join(",", names)
                    + ": --game is the default game among them (for a Hello that names none)");
        }
        final List<String> ordered = new java.util.ArrayList<>();
        ordered.add(defaultName);
        for (String name : names) {
            if (!name.equals(defaultName)) {
                ordered.add(name);
            }
        }
        return List.copyOf(ordered);
    }

    /** The hosted games' names (see {@link #hostedGameNames(GameCatalog)}) without checking them against a catalog. */
    private List<String> hostedNamesUnchecked() {
        final List<String> names = new java.util.ArrayList<>();
        names.add(defaultGame());
        if (hostedGames != null) {
            for (String raw : hostedGames) {
                if (!names.contains(raw.trim())) {
                    names.add(raw.trim());
                }
            }
        }
        return names;
    }

    /**
     * The default game's options as given, before the game checks them: the config file's [game]
     * section, then --npcs (the arena's npcs), then --game-option. Naming npcs both ways is an error.
     */
    Map<String, String> gameOptionValues() {
        return gameOptionValues(defaultGame());
    }

    /**
     * Game {@code name}'s options as given, before the game checks them. The default game's: the
     * config file's [game] section, then its [game NAME] section, then unprefixed and NAME:-prefixed
     * --game-option; another hosted game's: its [game NAME] section, then NAME:-prefixed --game-option.
     * --npcs goes to the arena when it is hosted, else to the default game (which may refuse it).
     * A prefix or a section naming a game that is not hosted is an error.
     */
    Map<String, String> gameOptionValues(String name) {
        final List<String> hosted = hostedNamesUnchecked();
        final boolean isDefault = name.equals(defaultGame());
        for (String section : fileNamedGameOptions.keySet()) {
            if (!hosted.contains(section)) {
                throw new IllegalArgumentException("the --config file's [game " + section + "] section names a game this"
                        + " server does not host (hosted: " + String.join(", ", hosted) + ")");
            }
        }
        final Map<String, String> flags = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : gameOptions.entrySet()) {
            final String key = e.getKey();
            final int colon = key.indexOf(':');
            if (colon < 0) {
                if (isDefault) {
                    flags.put(key, e.getValue());
                }
                continue;
            }
            final String prefix = key.substring(0, colon);
            final String option = key.substring(colon + 1);
            if (prefix.isEmpty() || option.isEmpty()) {
                throw new IllegalArgumentException("--game-option " + key + "=" + e.getValue()
                        + ": write GAME:KEY=VALUE (or KEY=VALUE for --game's game)");
            }
            if (!hosted.contains(prefix)) {
                throw new IllegalArgumentException("--game-option " + key + "=" + e.getValue() + " names game '" + prefix
                        + "', which this server does not host (hosted: " + String.join(", ", hosted) + "; see --games)");
            }
            if (prefix.equals(name)) {
                if (flags.containsKey(option)) {
                    throw new IllegalArgumentException("--game-option gives option '" + option + "' of game '" + name
                            + "' twice (with and without the prefix)");
                }
                flags.put(option, e.getValue());
            }
        }
        final Map<String, String> values = new LinkedHashMap<>();
        if (isDefault) {
            values.putAll(fileGameOptions);
        }
        values.putAll(fileNamedGameOptions.getOrDefault(name, Map.of()));
        final String npcsGame = hosted.contains(ArenaGameProvider.NAME) ? ArenaGameProvider.NAME : defaultGame();
        if (npcs != NPCS_UNSET && name.equals(npcsGame)) {
            if (flags.containsKey(ArenaGameProvider.OPTION_NPCS)) {
                throw new IllegalArgumentException("--npcs is an alias of --game-option npcs=N: give the NPC count once");
            }
            values.put(ArenaGameProvider.OPTION_NPCS, Integer.toString(npcs));
        }
        values.putAll(flags);
        return values;
    }

    /**
     * The session's settings; {@code SessionConfig.npcs} carries the arena's npcs option (what the
     * admin status reports), 0 for other games.
     */
    SessionConfig sessionConfig(GameProvider provider, GameOptions options) {
        final int npcCount = provider.name().equals(ArenaGameProvider.NAME)
                ? options.intValue(ArenaGameProvider.OPTION_NPCS) : 0;
        CommandLine cli = spec.commandLine();
        if (tcpPort < 0 || tcpPort > 65535 || udpPort < 0 || udpPort > 65535) {
            throw new CommandLine.ParameterException(cli, "ports must be in 0..65535");
        }
        if (durationS < 0) {
            throw new CommandLine.ParameterException(cli, "--duration must be >= 0");
        }
        if (statusIntervalS < 1) {
            throw new CommandLine.ParameterException(cli, "--status-interval must be >= 1 s");
        }
        if (interestRadiusM != null && (!(interestRadiusM > 0) || Double.isInfinite(interestRadiusM))) {
            throw new CommandLine.ParameterException(cli, "--interest-radius must be a positive number of metres");
        }
        if (tickThreads != null && (tickThreads < 0 || tickThreads > io.tickforge.server.tick.TickScheduler.MAX_THREADS)) {
            throw new CommandLine.ParameterException(cli, "--tick-threads must be 0.."
                    + io.tickforge.server.tick.TickScheduler.MAX_THREADS + ": " + tickThreads);
        }
        if (replicationThreads != null
                && (replicationThreads < 0 || replicationThreads > ReplicationConfig.MAX_REPLICATION_THREADS)) {
            throw new CommandLine.ParameterException(cli, "--replication-threads must be 0.."
                    + ReplicationConfig.MAX_REPLICATION_THREADS + ": " + replicationThreads);
        }
        try {
            SessionConfig base = SessionConfig.of(1, tickRateHz, maxPlayers, npcCount);
            return base.withPacketBudgetBytes(packetBudgetBytes)
                    .withStatsPublishIntervalNs(TimeUnit.SECONDS.toNanos(statusIntervalS))
                    .withLagCompensationMs(lagCompensationMs)
                    .withReplicationDeadlinePercent(replicationDeadlinePercent);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, e.getMessage(), e);
        }
    }

    private static void shutdown(ServerNetwork network, GameSession session) {
        LOG.info("shutting down: telling clients Bye({})", ByeReason.SERVER_SHUTDOWN);
        try {
            network.shutdown(ByeReason.SERVER_SHUTDOWN);
        } catch (RuntimeException e) {
            LOG.warn("network shutdown failed", e);
        }
        try {
            if (!session.stop(2, TimeUnit.SECONDS)) {
                LOG.warn("tick thread did not stop within 2 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TickStatsSnapshot s = session.tickStats();
        LOG.info("stopped after {} ticks ({} overruns, {} skipped)", s.ticks(), s.overruns(), s.skippedTicks());
        final ReplicationCounters r = session.publishedReplicationCounters();
        if (r.known) {
            LOG.info("replication as of the last stats publish: {} packets ({} deferred), {} codings shared of {},"
                            + " record arenas grew {} times ({} with no spare left, allocated), {} packets shed by the"
                            + " replication deadline", r.packets,
                    r.deferredPackets, r.sharedCodings, r.codedChanges, r.arenaGrowths, r.allocatingArenaGrowths,
                    r.shedPackets);
        }
    }

    /**
     * SIGINT / SIGTERM wake the main thread, which shuts down in order and exits 0 (a plain
     * shutdown hook alone would leave the JVM's exit status at 130/143). Falls back to the hook
     * where {@code sun.misc.Signal} is unavailable.
     */
    private static void installSignalHandlers(CountDownLatch stopRequested) {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> stopRequested.countDown());
            } catch (Throwable e) {
                LOG.debug("cannot handle SIG{}: {}; relying on the shutdown hook", name, e.toString());
            }
        }
    }

    /**
     * Reads the --config file: {@code key=value} lines in properties syntax for the server, then
     * optionally a line {@code [game]} after which the lines are the game's options. Any other
     * {@code [section]} line is an error.
     */
    static void readConfig(Path file, Properties server, Properties gameSection) throws IOException {
        readConfig(file, server, gameSection, new LinkedHashMap<>());
    }

    /**
     * As above, and sections {@code [game NAME]} (each once) with the options of hosted game NAME
     * ({@code --games}), into {@code namedSections} by name.
     */
    static void readConfig(Path file, Properties server, Properties gameSection, Map<String, Properties> namedSections)
            throws IOException {
        final StringBuilder serverText = new StringBuilder();
        final StringBuilder gameText = new StringBuilder();
        final Map<String, StringBuilder> namedText = new LinkedHashMap<>();
        StringBuilder current = serverText;
        boolean gameSeen = false;
        final List<String> lines;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            lines = new java.io.BufferedReader(reader).lines().toList();
        }
        for (String line : lines) {
            final String t = line.trim();
            if (t.startsWith("[") && t.endsWith("]")) {
                final String inner = t.substring(1, t.length() - 1).trim();
                final String[] words = inner.split("\\s+");
                if (t.equals(GAME_SECTION) && !gameSeen) {
                    gameSeen = true;
                    current = gameText;
                    continue;
                }
                if (words.length == 2 && words[0].equals("game") && GameProvider.isValidName(words[1])
                        && !namedText.containsKey(words[1])) {
                    current = new StringBuilder();
                    namedText.put(words[1], current);
                    continue;
                }
                throw new IllegalArgumentException("unknown section " + t + " in " + file + " (the sections are "
                        + GAME_SECTION + ", once, for the game's options, and [game NAME], once per game, for the"
                        + " options of hosted game NAME)");
            }
            current.append(line).append('\n');
        }
        server.load(new StringReader(serverText.toString()));
        gameSection.load(new StringReader(gameText.toString()));
        for (Map.Entry<String, StringBuilder> e : namedText.entrySet()) {
            final Properties p = new Properties();
            p.load(new StringReader(e.getValue().toString()));
            namedSections.put(e.getKey(), p);
        }
    }

    private static Path findConfigFile(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith("--config=")) {
                return Path.of(args[i].substring("--config=".length()));
            }
        }
        return null;
    }

    static String keyOf(OptionSpec option) {
        return option.longestName().replaceFirst("^-+", "");
    }

    /** Environment first, then the config file; null keeps the field's built-in default. */
    static final class ConfigDefaults implements CommandLine.IDefaultValueProvider {
        private final Map<String, String> env;
        private final Properties file;

        ConfigDefaults(Map<String, String> env, Properties file) {
            this.env = env;
            this.file = file;
        }

        @Override
        public String defaultValue(ArgSpec arg) {
            if (!(arg instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
                return null;
            }
            final String key = keyOf(option);
            if (key.equals("config") || key.equals("list-games")) {
                return null;
            }
            final String fromEnv = env.get(ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_'));
            if (fromEnv != null) {
                return fromEnv;
            }
            final String fromFile = file.getProperty(key);
            return fromFile == null ? null : fromFile.trim();
        }
    }

    /** Formats the periodic status line; keeps the previous traffic sample for bytes/s. Main thread. */
    static final class StatusLine {
        private long lastNs;
        private long lastIn;
        private long lastOut;
        private long lastSendNanos;
        private long lastSends;

        void sample(long nowNs, long bytesIn, long bytesOut) {
            lastNs = nowNs;
            lastIn = bytesIn;
            lastOut = bytesOut;
        }

        String line(GameSession session, TickStatsSnapshot tick, ServerStats stats, long nowNs, long bytesIn,
                    long bytesOut) {
            final double seconds = Math.max(1e-9, (nowNs - lastNs) / 1e9);
            final long inPerS = Math.round((bytesIn - lastIn) / seconds);
            final long outPerS = Math.round((bytesOut - lastOut) / seconds);
            sample(nowNs, bytesIn, bytesOut);
            final long sendNanos = session.sendNanos();
            final long sends = session.sendsTimed();
            final double sendMicros = sends > lastSends ? (sendNanos - lastSendNanos) / 1e3 / (sends - lastSends) : -1;
            lastSendNanos = sendNanos;
            lastSends = sends;
            return format(session.playerCount(), tick, session.publishedInputCounters(),
                    session.inputQueueRejected(), inPerS, outPerS, stats.cpuCores, stats.tickThreadCpuCores,
                    stats.cpuMicrosPerClientTick) + sends(sendMicros) + replication(session.publishedReplication());
        }

        /**
         * " | repl shared 94.4% codings 4.5/packet deferred 0.9% shed 0.0%": over the last stats interval, the
         * share of changed-entity codings the shared-encoding cache served, codings computed per
         * packet, the share of packets that deferred changes for lack of budget, and the share of
         * the clients' packets the tick's replication deadline left out (--replication-deadline); unknown
         * figures read "n/a", and nothing at all when the replication keeps no counters.
         */
        static String replication(io.tickforge.server.session.ReplicationFigures f) {
            if (f.sharedCodingsPercent() < 0 && f.codingsPerPacket() < 0 && f.deferredPacketsPercent() < 0) {
                return "";
            }
            return " | repl shared " + figure(f.sharedCodingsPercent(), "%.1f%%") + " codings "
                    + figure(f.codingsPerPacket(), "%.1f") + "/packet deferred " + figure(f.deferredPacketsPercent(), "%.1f%%")
                    + " shed " + figure(f.shedPacketsPercent(), "%.1f%%");
        }

        private static String figure(double v, String format) {
            return v < 0 ? "n/a" : String.format(Locale.ROOT, format, v);
        }

        /**
         * One session's line (sessions on demand): "session 3 (arena): players 8 | tick 60.0/60 Hz | duration
         * p50 .. p99 .. max .. | lateness p99 .. | overruns 0 skipped 0 | in 8.2kB/s out 42.4kB/s | tick thread
         * 0.051 cores". In and out are the session's own UDP bytes over its last stats second
         * ({@link ServerStats#bytesInPerSecond}, from its {@link io.tickforge.server.session.SessionTraffic}),
         * formatted as the single session's line. With {@code sharedTickThreads} ({@code --tick-threads}
         * above 0) the CPU figure is the whole shared thread's, every session it ticks included, and
         * says so: "shared tick thread 0.211 cores".
         */
        static String sessionLine(GameSession session, String game, TickStatsSnapshot t, ServerStats stats,
                                  boolean sharedTickThreads) {
            return String.format(Locale.ROOT,
                    "session %d (%s): players %d | tick %.1f/%d Hz | duration p50 %s p99 %s max %s | lateness p99 %s"
                            + " | overruns %d skipped %d | in %s/s out %s/s | %s %s",
                    session.sessionId(), game, session.playerCount(), t.achievedTickRateHz(), t.tickRateHz(),
                    ms(t.durationP50Us()), ms(t.durationP99Us()), ms(t.durationMaxUs()), ms(t.latenessP99Us()),
                    t.overruns(), t.skippedTicks(), bytes(stats.bytesInPerSecond), bytes(stats.bytesOutPerSecond),
                    sharedTickThreads ? "shared tick thread" : "tick thread",
                    stats.tickThreadCpuCores < 0 ? "n/a" : String.format(Locale.ROOT, "%.3f cores", stats.tickThreadCpuCores));
        }

        /** The process's line (sessions on demand): "sessions 3/16 (started 5, ended 2) | players 20 | in ../s out ../s". */
        static String hostLine(io.tickforge.server.session.SessionHost host, long inPerS, long outPerS) {
            return String.format(Locale.ROOT, "sessions %d/%d (started %d, ended %d: %d empty, %d game over) | players %d"
                            + " | in %s/s out %s/s",
                    host.liveCount(), host.maxSessions(), host.createdCount(), host.endedCount(), host.endedEmptyCount(),
                    host.endedGameOverCount(), host.playerCount(), bytes(inPerS), bytes(outPerS));
        }

        /** " | send 4.2us/datagram": mean time to seal and send one snapshot in the interval; empty when none was sent. */
        static String sends(double microsPerDatagram) {
            return microsPerDatagram < 0 ? "" : String.format(Locale.ROOT, " | send %.1fus/datagram", microsPerDatagram);
        }

        /**
         * {@code cpuCores} and {@code cpuMicrosPerClientTick} are the process's, {@code tickCores}
         * the tick thread's share; negative when unknown.
         */
        static String format(int players, TickStatsSnapshot t, InputCounters inputs, long queueRejected,
                             long inPerS, long outPerS, double cpuCores, double tickCores,
                             double cpuMicrosPerClientTick) {
            return String.format(Locale.ROOT,
                    "players %d | tick %.1f/%d Hz | duration p50 %s p99 %s max %s | lateness p99 %s | overruns %d"
                            + " skipped %d | in %s/s out %s/s | inputs repeated %d late %d rejected %d (%d far-future)"
                            + " queue-full %d"
                            + " (redundant copies %d)"
                            + " | phases p99 in %s sim %s repl %s | cpu %s",
                    players, t.achievedTickRateHz(), t.tickRateHz(), ms(t.durationP50Us()), ms(t.durationP99Us()),
                    ms(t.durationMaxUs()), ms(t.latenessP99Us()), t.overruns(), t.skippedTicks(),
                    bytes(inPerS), bytes(outPerS), inputs.missingRepeated, inputs.late, inputs.rejectedTotal(),
                    inputs.farFuture, queueRejected,
                    inputs.duplicate,
                    ms(t.phaseP99Us(TickStats.PHASE_INPUTS)), ms(t.phaseP99Us(TickStats.PHASE_SIMULATION)),
                    ms(t.phaseP99Us(TickStats.PHASE_REPLICATION)),
                    cpu(cpuCores, tickCores, cpuMicrosPerClientTick)) + offCpu(t);
        }

        /**
         * " | off-cpu p99 0.05ms max 0.31ms | runqueue p99 wake 0.02ms tick 0.01ms": per tick, how
         * long the tick thread was not running
         * during the tick (preempted or blocked; see TickStatsSnapshot), then how long it waited
         * runnable for a CPU before the tick (adds to lateness) and during it; each part empty
         * when the loop does not measure it ({@link TickStatsSnapshot#NOT_MEASURED}).
         */
        static String offCpu(TickStatsSnapshot t) {
            final String offCpu = t.offCpuP99Us() < 0 ? ""
                    : " | off-cpu p99 " + ms(t.offCpuP99Us()) + " max " + ms(t.offCpuMaxUs());
            return t.wakeRunQueueP99Us() < 0 ? offCpu
                    : offCpu + " | runqueue p99 wake " + ms(t.wakeRunQueueP99Us()) + " tick " + ms(t.tickRunQueueP99Us());
        }

        /**
         * "0.457 cores (tick thread 0.300) 38.3us/client-tick"; the parts in brackets and after
         * them are left out when unknown (no client connected: no per-client figure); "n/a" alone
         * when the process figure is unknown.
         */
        private static String cpu(double cores, double tickCores, double microsPerClientTick) {
            if (cores < 0) {
                return "n/a";
            }
            final StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%.3f cores", cores));
            if (tickCores >= 0) {
                b.append(String.format(Locale.ROOT, " (tick thread %.3f)", tickCores));
            }
            if (microsPerClientTick >= 0) {
                b.append(String.format(Locale.ROOT, " %.1fus/client-tick", microsPerClientTick));
            }
            return b.toString();
        }

        private static String ms(long us) {
            return String.format(Locale.ROOT, "%.2fms", us / 1000.0);
        }

        private static String bytes(long perS) {
            if (perS >= 1_000_000) {
                return String.format(Locale.ROOT, "%.1fMB", perS / 1e6);
            }
            if (perS >= 1_000) {
                return String.format(Locale.ROOT, "%.1fkB", perS / 1e3);
            }
            return perS + "B";
        }
    }
}
