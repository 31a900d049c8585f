package io.tickforge.client.load;

import java.util.Locale;

/**
 * The load profiles of docs/SCENARIOS.md as the bots runner applies them: bot count, measured duration,
 * warm-up, ramp and network conditions. NPC count and tick rate belong to the server (started
 * separately) and are recorded here only so that the report can name what the profile expects.
 * Immutable; any thread.
 */
public enum LoadProfile {
    SMOKE(8, 100, 60, 10, 2, 1, 0, 0, 0, 0, 0),
    STANDARD(64, 1000, 60, 60, 10, 5, 0, 0, 0, 0, 0),
    STRESS(256, 1000, 60, 60, 10, 8, 0, 0, 0, 0, 0),
    /** 5% loss, 50 ms +- 10 ms one way, 1% duplicated, 1% reordered: in each direction. */
    LOSSY(64, 1000, 60, 60, 10, 5, 5, 50, 10, 1, 1);

    public final int bots;
    public final int expectedNpcs;
    public final int expectedTickRateHz;
    public final double durationS;
    public final double warmupS;
    public final double rampS;
    public final double lossPercent;
    public final double latencyMs;
    public final double jitterMs;
    public final double duplicatePercent;
    public final double reorderPercent;

    LoadProfile(int bots, int expectedNpcs, int expectedTickRateHz, double durationS, double warmupS, double rampS,
                double lossPercent, double latencyMs, double jitterMs, double duplicatePercent, double reorderPercent) {
        this.bots = bots;
        this.expectedNpcs = expectedNpcs;
        this.expectedTickRateHz = expectedTickRateHz;
        this.durationS = durationS;
        this.warmupS = warmupS;
        this.rampS = rampS;
        this.lossPercent = lossPercent;
        this.latencyMs = latencyMs;
        this.jitterMs = jitterMs;
        this.duplicatePercent = duplicatePercent;
        this.reorderPercent = reorderPercent;
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LoadProfile parse(String name) {
        for (LoadProfile p : values()) {
            if (p.cliName().equalsIgnoreCase(name.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown profile '" + name + "' (smoke, standard, stress, lossy)");
    }
}
