package io.tickforge.client.bot;

import java.util.Locale;
import java.util.SplittableRandom;

/** The bot behaviours the load runner can mix, with their command-line names. Immutable. */
public enum BotKind {
    WANDER, CHASE, STRAFE, IDLE, FLOOD,
    /** The zone game's: go and capture zones (the arena has no zones). */
    CAPTURE;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BotKind parse(String name) {
        final String n = name.trim().toLowerCase(Locale.ROOT);
        for (BotKind kind : values()) {
            if (kind.cliName().equals(n)) {
                return kind;
            }
        }
        if (n.equals("strafe-and-shoot") || n.equals("strafeandshoot")) {
            return STRAFE;
        }
        throw new IllegalArgumentException("unknown bot behaviour '" + name
                + "' (expected wander, chase, strafe, idle, flood or capture)");
    }

    /** A fresh behaviour of this kind whose randomness derives from {@code seed}. */
    public BotBehaviour create(long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        return switch (this) {
            case WANDER -> new WanderBehaviour(random);
            case CHASE -> new ChaseBehaviour(random);
            case STRAFE -> new StrafeAndShootBehaviour(random);
            case IDLE -> new IdleBehaviour();
            case FLOOD -> new FloodBehaviour(random);
            case CAPTURE -> new CaptureBehaviour(random);
        };
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
