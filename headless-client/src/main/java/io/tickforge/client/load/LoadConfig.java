package io.tickforge.client.load;

import io.tickforge.client.bot.BotKind;
import io.tickforge.client.metrics.Limits;
import io.tickforge.shared.netsim.NetworkConditions;

import java.nio.file.Path;
import java.util.List;

/**
 * A fully resolved load run (profile defaults overridden by explicit flags). Immutable once built;
 * main thread. Seconds, milliseconds and percentages as named. {@code threadPerBot} replaces the
 * shared driver threads by one dedicated thread per bot (for comparison, see docs/BOTS.md).
 */
public record LoadConfig(String profile, String host, int tcpPort, int udpPort, int bots, double durationS,
                         double warmupS, double rampS, long seed, List<BotKind> behaviours,
                         NetworkConditions network, int driverThreads, int pollHz, int redundancy,
                         double progressIntervalS, Path reportJson, Limits limits, String namePrefix,
                         String joinToken, boolean threadPerBot) {
    public LoadConfig {
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
        behaviours = List.copyOf(behaviours);
    }

    /** The behaviour of bot {@code i}: the list, cycled. */
    public BotKind behaviourOf(int i) {
        return behaviours.get(i % behaviours.size());
    }

    public boolean simulated() {
        return network != null;
    }
}
