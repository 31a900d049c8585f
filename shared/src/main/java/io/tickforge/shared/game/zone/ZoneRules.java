package io.tickforge.shared.game.zone;

/**
 * The zone-control game's fixed rules, all integers (positions in 1/256 m units, speeds per
 * second, times in seconds or ticks), so that the server and a client predictor compute the same
 * world bit for bit. Constants; any thread.
 *
 * <p>Two teams walk (and jump) on a 128 m square plane. Zones are fixed discs; a team's players
 * standing on a zone on the ground move its capture progress toward their team (a player carrying
 * an item counts twice). Items lie at fixed points and are picked up with {@code interact}; a
 * player carries at most one and drops it where it stands when it leaves.
 */
public final class ZoneRules {
    /** Position units per metre (1/256 m, as the engine's {@code Quantization}). */
    public static final int UNITS_PER_M = 256;
    /** Side of the square world, metres. */
    public static final int WORLD_SIZE_M = 128;
    /** Largest coordinate on every axis, in units (positions are {@code 0..WORLD_MAX_UNITS}). */
    public static final int WORLD_MAX_UNITS = WORLD_SIZE_M * UNITS_PER_M;
    /** A player's centre stays this far from the walls, in units (0.5 m). */
    public static final int PLAYER_RADIUS_UNITS = UNITS_PER_M / 2;

    /** Walking speed: 5 m/s, in units per second. */
    public static final int WALK_SPEED_UNITS_PER_S = 5 * UNITS_PER_M;
    /** Take-off speed of a jump: 5 m/s upward, in units per second (apex about 0.62 m). */
    public static final int JUMP_SPEED_UNITS_PER_S = 5 * UNITS_PER_M;
    /** Gravity: 20 m/s², in units per second squared. */
    public static final int GRAVITY_UNITS_PER_S2 = 20 * UNITS_PER_M;
    /** Vertical velocity is kept in 1/256 units per tick, so that gravity per tick is not rounded to nothing. */
    public static final int VZ_SCALE = 256;
    /**
     * Largest magnitude of a player's vertical velocity, {@code 1/VZ_SCALE} units per tick, at any
     * tick rate (the replicated {@code vz} field's range): twice the take-off speed at 1 Hz. A jump
     * starts at {@code ZoneMovement.jumpVelocity(hz)} (at most 327680 at 1 Hz) and, with the
     * movement's symmetric integration, lands before it falls faster than that plus one fine unit.
     */
    public static final int MAX_VZ = 2 * JUMP_SPEED_UNITS_PER_S * VZ_SCALE;

    /** Move axes, as the four-field input shape's: {@code -127..127}. */
    public static final int MOVE_AXIS_MAX = 127;

    /** Input buttons (the input schema's {@code buttons} flags). */
    public static final int BUTTON_JUMP = 1;
    public static final int BUTTON_INTERACT = 1 << 1;
    public static final int BUTTON_MASK = BUTTON_JUMP | BUTTON_INTERACT;

    /** Teams (the entity schema's {@code team} enum). */
    public static final int TEAM_NONE = 0;
    public static final int TEAM_RED = 1;
    public static final int TEAM_BLUE = 2;
    public static final int TEAMS = 3;

    /** Entity flags (the entity schema's {@code flags}). */
    public static final int FLAG_ALIVE = 1;
    public static final int FLAG_AIRBORNE = 1 << 1;

    /** Capture progress as replicated: {@code 0..PROGRESS_MAX} (percent). */
    public static final int PROGRESS_MAX = 100;
    /** Item ids as replicated: {@code 1..MAX_ITEMS}; 0 = no item. */
    public static final int MAX_ITEMS = 15;
    /** Zones a game can have (fixed points, {@link #zoneXUnits}). */
    public static final int MAX_ZONES = 8;

    /** Radius of a zone, in units (4 m). */
    public static final int ZONE_RADIUS_UNITS = 4 * UNITS_PER_M;
    /** A player picks up an item within this distance, in units (1.5 m). */
    public static final int PICKUP_RADIUS_UNITS = 3 * UNITS_PER_M / 2;
    /** Seconds one player on foot without an item takes to take a neutral zone to 100 %. */
    public static final int CAPTURE_SECONDS = 4;
    /** How much a player carrying an item counts on a zone (one without counts 1). */
    public static final int ITEM_CAPTURE_WEIGHT = 2;

    /** Zone centres, metres: a ring around the middle, then the middle. */
    private static final int[][] ZONE_POINTS_M = {
            {32, 32}, {96, 96}, {32, 96}, {96, 32}, {64, 64}, {64, 16}, {64, 112}, {16, 64},
    };

    private ZoneRules() {
    }

    /** Capture units a zone holds at 100 %: {@code CAPTURE_SECONDS * tickRateHz} (one player adds 1 per tick). */
    public static int captureUnits(int tickRateHz) {
        return CAPTURE_SECONDS * tickRateHz;
    }

    /** Capture units to replicated percent, rounded down: 100 only when the zone is fully held. */
    public static int progressPercent(int captureUnits, int fullUnits) {
        return (int) ((long) captureUnits * PROGRESS_MAX / fullUnits);
    }

    /** Zone {@code k}'s centre x, units. */
    public static int zoneXUnits(int k) {
        return ZONE_POINTS_M[k][0] * UNITS_PER_M;
    }

    public static int zoneYUnits(int k) {
        return ZONE_POINTS_M[k][1] * UNITS_PER_M;
    }

    /** Item {@code i}'s spawn point x, units: a 4 x 4 grid at 16, 48, 80, 112 m (the last point unused). */
    public static int itemXUnits(int i) {
        return (16 + 32 * (i % 4)) * UNITS_PER_M;
    }

    public static int itemYUnits(int i) {
        return (16 + 32 * (i / 4)) * UNITS_PER_M;
    }

    /** Spawn x of a player of {@code team}: red on the west edge (8 m), blue on the east (120 m). */
    public static int spawnXUnits(int team) {
        return (team == TEAM_BLUE ? WORLD_SIZE_M - 8 : 8) * UNITS_PER_M;
    }

    /** Spawn y of the player in {@code slot}: spread over 8..120 m so players do not stack. */
    public static int spawnYUnits(int slot) {
        return (8 + 4 * (slot % 29)) * UNITS_PER_M;
    }

    /** True when {@code (x, y)} is within {@code radius} of {@code (cx, cy)} (all units; exact integers). */
    public static boolean within(int x, int y, int cx, int cy, int radius) {
        final long dx = (long) x - cx;
        final long dy = (long) y - cy;
        return dx * dx + dy * dy <= (long) radius * radius;
    }
}
