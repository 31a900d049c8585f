package io.tickforge.shared.game.zone;

/**
 * Deterministic 3D movement of a zone player, integers only (no floating point at all), shared
 * by the server and any client predictor: the same state and input give the same next state on
 * every JVM. Stateless and allocation-free; any thread.
 *
 * <p>Horizontal: the stick {@code (moveX, moveY)} in {@code -127..127}, diagonals no faster than
 * straight lines (scaled by an exact integer square root), at {@link ZoneRules#WALK_SPEED_UNITS_PER_S},
 * rounded toward zero (symmetric: left and right cover the same distance), clamped inside the walls.
 * It does not depend on the height.
 *
 * <p>Vertical: the height above the ground is kept in {@code 1/VZ_SCALE} units ({@code zFine},
 * {@code >= 0}; the replicated {@code z} is {@link Body#z()}, whole units), the vertical velocity
 * {@code vz} in {@code 1/VZ_SCALE} units per tick. On the ground ({@code zFine == 0 && vz == 0})
 * the jump button sets {@code vz} to the take-off speed; in the air gravity takes
 * {@link #gravityPerTick} from {@code vz} each tick and the height moves by the mean of the old and
 * new velocity (exact for constant gravity up to one fine unit); reaching {@code zFine <= 0} lands
 * ({@code zFine = 0, vz = 0}).
 *
 * <p>The server replicates the whole {@link Body} (the schema's {@code pos}, {@code zFrac} and
 * {@code vz}), so a client predicting with {@link #step} resets to the server's exact state.
 */
public final class ZoneMovement {
    /** Lowest and highest centre coordinate on x and y: the player stays inside the walls. */
    public static final int MIN_XY_UNITS = ZoneRules.PLAYER_RADIUS_UNITS;
    public static final int MAX_XY_UNITS = ZoneRules.WORLD_MAX_UNITS - ZoneRules.PLAYER_RADIUS_UNITS;

    private static final long AXIS_MAX_SQUARED = (long) ZoneRules.MOVE_AXIS_MAX * ZoneRules.MOVE_AXIS_MAX;

    private ZoneMovement() {
    }

    /**
     * A player's movement state. Mutable; owned by one thread (the server keeps its players in
     * arrays and steps them through one scratch state).
     */
    public static final class Body {
        public int x;
        public int y;
        /** Height above the ground, {@code 1/VZ_SCALE} units, {@code >= 0}. */
        public int zFine;
        /** Vertical velocity, {@code 1/VZ_SCALE} units per tick (positive up). */
        public int vz;

        public Body set(int x, int y, int zFine, int vz) {
            this.x = x;
            this.y = y;
            this.zFine = zFine;
            this.vz = vz;
            return this;
        }

        /** Height above the ground in whole units (what is replicated). */
        public int z() {
            return zFine / ZoneRules.VZ_SCALE;
        }

        public boolean onGround() {
            return zFine == 0 && vz == 0;
        }
    }

    /** Take-off velocity of a jump in {@code 1/VZ_SCALE} units per tick. */
    public static int jumpVelocity(int tickRateHz) {
        return ZoneRules.JUMP_SPEED_UNITS_PER_S * ZoneRules.VZ_SCALE / tickRateHz;
    }

    /** Gravity per tick in {@code 1/VZ_SCALE} units per tick (at least 1, so every jump lands). */
    public static int gravityPerTick(int tickRateHz) {
        return Math.max(1, (int) ((long) ZoneRules.GRAVITY_UNITS_PER_S2 * ZoneRules.VZ_SCALE
                / ((long) tickRateHz * tickRateHz)));
    }

    /** One tick of movement of {@code body}, in place. */
    public static void step(Body body, int moveX, int moveY, int buttons, int tickRateHz) {
        final long xy = stepHorizontal(body.x, body.y, moveX, moveY, tickRateHz);
        body.x = packedX(xy);
        body.y = packedY(xy);
        int vz = body.vz;
        if (body.zFine == 0 && vz == 0) {
            if ((buttons & ZoneRules.BUTTON_JUMP) == 0) {
                return;
            }
            vz = jumpVelocity(tickRateHz);
        }
        final int newVz = vz - gravityPerTick(tickRateHz);
        final long newZ = body.zFine + ((long) vz + newVz) / 2;
        if (newZ <= 0) {
            body.zFine = 0;
            body.vz = 0;
        } else {
            body.zFine = (int) Math.min(newZ, (long) ZoneRules.WORLD_MAX_UNITS * ZoneRules.VZ_SCALE);
            body.vz = newVz;
        }
    }

    /**
     * One tick of horizontal movement, packed as {@code x << 32 | y & 0xFFFFFFFF} (unpack with
     * {@link #packedX}/{@link #packedY}).
     */
    public static long stepHorizontal(int x, int y, int moveX, int moveY, int tickRateHz) {
        final long mx = clampAxis(moveX);
        final long my = clampAxis(moveY);
        final long lengthSquared = mx * mx + my * my;
        // Per axis: m * speed / (127 * hz), or m * speed / (|m| * hz) when the stick is past the unit circle.
        final long denominator = (lengthSquared > AXIS_MAX_SQUARED ? isqrt(lengthSquared) : ZoneRules.MOVE_AXIS_MAX)
                * (long) tickRateHz;
        final long dx = mx * ZoneRules.WALK_SPEED_UNITS_PER_S / denominator;
        final long dy = my * ZoneRules.WALK_SPEED_UNITS_PER_S / denominator;
        return pack(clampXY(x + dx), clampXY(y + dy));
    }

    /** Clamps a centre coordinate inside the walls. */
    public static int clampXY(long units) {
        return (int) Math.max(MIN_XY_UNITS, Math.min(MAX_XY_UNITS, units));
    }

    /** The largest {@code r} with {@code r * r <= v} ({@code v >= 0}), exactly, without floating point. */
    public static long isqrt(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("negative: " + v);
        }
        long r = 0;
        long bit = 1L << 62;
        while (bit > v) {
            bit >>= 2;
        }
        while (bit != 0) {
            if (v >= r + bit) {
                v -= r + bit;
                r = (r >> 1) + bit;
            } else {
                r >>= 1;
            }
            bit >>= 2;
        }
        return r;
    }

    public static long pack(int x, int y) {
        return ((long) x << 32) | (y & 0xFFFF_FFFFL);
    }

    public static int packedX(long packed) {
        return (int) (packed >> 32);
    }

    public static int packedY(long packed) {
        return (int) packed;
    }

    private static int clampAxis(int v) {
        return Math.max(-ZoneRules.MOVE_AXIS_MAX, Math.min(ZoneRules.MOVE_AXIS_MAX, v));
    }
}
