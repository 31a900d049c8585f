package io.tickforge.shared.game;

/**
 * The arena game's fixed rules (../shared/SCENARIOS.md). Immutable constants; any thread.
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

    public static final int DEFAULT_TICK_RATE_HZ = 60;
    public static final int MIN_TICK_RATE_HZ = 1;
    public static final int MAX_TICK_RATE_HZ = 240;
    public static final int DEFAULT_NPCS = 1000;

    private ArenaRules() {
    }
}
