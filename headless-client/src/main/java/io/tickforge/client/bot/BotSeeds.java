package io.tickforge.client.bot;

/** The per-bot seeds of a load run. Stateless; any thread. */
public final class BotSeeds {
    private BotSeeds() {
    }

    /**
     * The seed of bot {@code botIndex} in a run seeded with {@code runSeed}: distinct per bot and
     * reproducible (SplitMix64 finaliser over the pair).
     */
    public static long botSeed(long runSeed, int botIndex) {
        long z = runSeed + 0x9E3779B97F4A7C15L * (botIndex + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
