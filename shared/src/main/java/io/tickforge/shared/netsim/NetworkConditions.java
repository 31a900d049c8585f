package io.tickforge.shared.netsim;

/**
 * One direction's simulated network: one-way latency with uniform jitter, random loss,
 * duplication and reordering (a held-back packet arrives after later ones). Immutable; any thread.
 * Percentages are 0..100, times in milliseconds.
 */
public final class NetworkConditions {
    /** No delay, no loss: packets come out on the next receive at or after their send time. */
    public static final NetworkConditions CLEAN = new NetworkConditions(0, 0, 0, 0, 0);

    public final double latencyMs;
    public final double jitterMs;
    public final double lossPercent;
    public final double duplicatePercent;
    public final double reorderPercent;

    public NetworkConditions(double latencyMs, double jitterMs, double lossPercent, double duplicatePercent,
                             double reorderPercent) {
        check("latencyMs", latencyMs, 0, 60_000);
        check("jitterMs", jitterMs, 0, 60_000);
        check("lossPercent", lossPercent, 0, 100);
        check("duplicatePercent", duplicatePercent, 0, 100);
        check("reorderPercent", reorderPercent, 0, 100);
        this.latencyMs = latencyMs;
        this.jitterMs = jitterMs;
        this.lossPercent = lossPercent;
        this.duplicatePercent = duplicatePercent;
        this.reorderPercent = reorderPercent;
    }

    /** The "lossy" load profile of docs/SCENARIOS.md: 5% loss, 50 ms +- 10 ms one way, 1% duplicated, 1% reordered. */
    public static NetworkConditions lossyProfile() {
        return new NetworkConditions(50, 10, 5, 1, 1);
    }

    private static void check(String name, double v, double min, double max) {
        if (!(v >= min && v <= max)) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ": " + v);
        }
    }

    @Override
    public String toString() {
        return "latency " + latencyMs + " ms +- " + jitterMs + " ms, loss " + lossPercent + "%, duplicate "
                + duplicatePercent + "%, reorder " + reorderPercent + "%";
    }
}
