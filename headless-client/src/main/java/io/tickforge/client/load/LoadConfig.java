package io.tickforge.client.load;

import io.tickforge.client.bot.BotGames;
import io.tickforge.client.metrics.Limits;
import io.tickforge.shared.netsim.NetworkConditions;

import java.nio.file.Path;
import java.util.List;

/**
 * A fully resolved load run (profile defaults overridden by explicit flags). Immutable once built;
 * main thread. Seconds, milliseconds and percentages as named. {@code threadPerBot} replaces the
 * shared driver threads by one dedicated thread per bot (for comparison, see docs/BOTS.md).
 * {@code connectTokens} (null = none) gives each bot its sealed connect token for signed-token servers.
 * {@code chaosDisconnectMeanS} (0 = off): each joined bot drops its TCP connection abruptly at random
 * times, on average once per that many seconds (exponential gaps, seeded), and reconnects.
 * {@code game} is the game the bots play ({@code --game}), one of {@link BotGames#installed()}; its
 * schemas are the ones the bots check the server's against. {@code behaviours} are that game's
 * behaviour names (or aliases), cycled over the bots; kept by their names (aliases resolved), which
 * the report shows.
 * The bots' Hello names the game. {@code sessionId} is the session the bots join ({@code --session}):
 * 0 ({@code Hello.ANY_SESSION}, the default) for any open one, which on a server with
 * {@code --max-sessions} above 1 fills a session before starting the next.
 */
public record LoadConfig(String profile, String host, int tcpPort, int udpPort, int bots, double durationS,
                         double warmupS, double rampS, long seed, List<String> behaviours,
                         NetworkConditions network, int driverThreads, int pollHz, int redundancy,
                         double progressIntervalS, Path reportJson, Limits limits, String namePrefix,
                         String joinToken, boolean threadPerBot, ConnectTokens connectTokens,
                         double chaosDisconnectMeanS, String game, int sessionId) {
    /** Any session of the server. */
    public LoadConfig(String profile, String host, int tcpPort, int udpPort, int bots, double durationS,
                      double warmupS, double rampS, long seed, List<String> behaviours,
                      NetworkConditions network, int driverThreads, int pollHz, int redundancy,
                      double progressIntervalS, Path reportJson, Limits limits, String namePrefix,
                      String joinToken, boolean threadPerBot, ConnectTokens connectTokens,
                      double chaosDisconnectMeanS, String game) {
        this(profile, host, tcpPort, udpPort, bots, durationS, warmupS, rampS, seed, behaviours, network, driverThreads,
                pollHz, redundancy, progressIntervalS, reportJson, limits, namePrefix, joinToken, threadPerBot,
                connectTokens, chaosDisconnectMeanS, game, io.tickforge.shared.protocol.Hello.ANY_SESSION);
    }

    /** Playing the default game ({@link BotGames#DEFAULT_GAME}). */
    public LoadConfig(String profile, String host, int tcpPort, int udpPort, int bots, double durationS,
                      double warmupS, double rampS, long seed, List<String> behaviours,
                      NetworkConditions network, int driverThreads, int pollHz, int redundancy,
                      double progressIntervalS, Path reportJson, Limits limits, String namePrefix,
                      String joinToken, boolean threadPerBot, ConnectTokens connectTokens,
                      double chaosDisconnectMeanS) {
        this(profile, host, tcpPort, udpPort, bots, durationS, warmupS, rampS, seed, behaviours, network, driverThreads,
                pollHz, redundancy, progressIntervalS, reportJson, limits, namePrefix, joinToken, threadPerBot,
                connectTokens, chaosDisconnectMeanS, BotGames.DEFAULT_GAME);
    }

    /** Without chaos disconnects. */
    public LoadConfig(String profile, String host, int tcpPort, int udpPort, int bots, double durationS,
                      double warmupS, double rampS, long seed, List<String> behaviours,
                      NetworkConditions network, int driverThreads, int pollHz, int redundancy,
                      double progressIntervalS, Path reportJson, Limits limits, String namePrefix,
                      String joinToken, boolean threadPerBot, ConnectTokens connectTokens) {
        this(profile, host, tcpPort, udpPort, bots, durationS, warmupS, rampS, seed, behaviours, network, driverThreads,
                pollHz, redundancy, progressIntervalS, reportJson, limits, namePrefix, joinToken, threadPerBot,
                connectTokens, 0);
    }

    /** Without connect tokens (open or static-token servers). */
    public LoadConfig(String profile, String host, int tcpPort, int udpPort, int bots, double durationS,
                      double warmupS, double rampS, long seed, List<String> behaviours,
                      NetworkConditions network, int driverThreads, int pollHz, int redundancy,
                      double progressIntervalS, Path reportJson, Limits limits, String namePrefix,
                      String joinToken, boolean threadPerBot) {
        this(profile, host, tcpPort, udpPort, bots, durationS, warmupS, rampS, seed, behaviours, network, driverThreads,
                pollHz, redundancy, progressIntervalS, reportJson, limits, namePrefix, joinToken, threadPerBot, null);
    }

    public LoadConfig {
        if (sessionId < 0) {
            throw new IllegalArgumentException("--session must be a session id (1..) or any: " + sessionId);
        }
        if (bots < 1 || bots > 4096) {
            throw new IllegalArgumentException("--bots must be 1..4096: " + bots);
        }
        if (!(durationS > 0)) {
            throw new IllegalArgumentException("--duration must be > 0");
        }
        if (warmupS < 0 || rampS < 0) {
            throw new IllegalArgumentException("--warmup and --ramp must be >= 0");
        }
        if (behaviours == null || behaviours.isEmpty()) {
            throw new IllegalArgumentException("at least one behaviour");
        }
        if (driverThreads < 1 || driverThreads > 64) {
            throw new IllegalArgumentException("--threads must be 1..64: " + driverThreads);
        }
        if (connectTokens != null && bots > connectTokens.capacity()) {
            throw new IllegalArgumentException("a connect token file admits " + connectTokens.capacity()
                    + " bot; use --bots 1, or --token-secret to mint one token per bot");
        }
        if (!(chaosDisconnectMeanS >= 0) || Double.isInfinite(chaosDisconnectMeanS)) {
            throw new IllegalArgumentException("--chaos-disconnect must be a time >= 0");
        }
        if (chaosDisconnectMeanS > 0 && chaosDisconnectMeanS < 0.5) {
            throw new IllegalArgumentException("--chaos-disconnect below 0.5 s leaves no time to play between drops");
        }
        behaviours = BotGames.installed().behaviours(game, behaviours);
    }

    /** The behaviour name of bot {@code i}: the list, cycled. */
    public String behaviourOf(int i) {
        return behaviours.get(i % behaviours.size());
    }

    public boolean simulated() {
        return network != null;
    }
}
