package io.tickforge.shared.game;

/**
 * The arena game's fixed rules (docs/SCENARIOS.md). Immutable constants; any thread.
 * Units are in the names: metres, seconds, radians, hit points.
 */
public final class ArenaRules {
    public static final double ARENA_SIZE_M = 256.0;
    public static final double PLAYER_RADIUS_M = 0.5;
    public static final double WALK_SPEED_M_PER_S = 6.0;
    public static final double SPRINT_SPEED_M_PER_S = 9.0;

    public static final double FIRE_RANGE_M = 50.0;
    public static final double FIRE_COOLDOWN_S = 0.25;
    public static final int FIRE_DAMAGE = 25;
    public static final int MAX_HEALTH = 100;
    public static final double RESPAWN_DELAY_S = 3.0;

    /** Input button bits. */
    public static final int BUTTON_FIRE = 1;
    public static final int BUTTON_SPRINT = 1 << 1;
    public static final int BUTTON_MASK = BUTTON_FIRE | BUTTON_SPRINT;

    /** NPCs in the standard scenario (docs/SCENARIOS.md). The tick-rate range is the engine's (server TickRates). */
    public static final int DEFAULT_NPCS = 1000;

    private ArenaRules() {
    }

    /** Fire cooldown in whole ticks (0.25 s rounded, at least 1): 15 at 60 Hz. */
    public static int fireCooldownTicks(int tickRateHz) {
        return Math.max(1, (int) Math.round(FIRE_COOLDOWN_S * tickRateHz));
    }

    /** Respawn delay in whole ticks (3 s rounded, at least 1): 180 at 60 Hz. */
    public static int respawnDelayTicks(int tickRateHz) {
        return Math.max(1, (int) Math.round(RESPAWN_DELAY_S * tickRateHz));
    }
}
