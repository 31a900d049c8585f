package io.tickforge.shared.game;

import io.tickforge.shared.world.Quantization;

/**
 * Deterministic player movement on the 1/256 m position grid, shared by the server simulation and
 * the client's prediction. Stateless and allocation-free; any thread.
 *
 * <p>Bit-exactness: the inputs are integers, the only floating-point operations are +, -, *, /
 * , {@code Math.sqrt} and {@code Math.rint} (all exact or correctly rounded IEEE 754, strict since
 * Java 17, no {@code Math.sin} intrinsics), and the result is rounded back onto the integer grid every step. Two JVMs given
 * the same position and input therefore produce the same next position, bit for bit.
 *
 * <p>The result is packed into one {@code long} (x in the high 32 bits, y in the low 32 bits) so
 * that a step returns two values without allocating; unpack with {@link #packedX}/{@link #packedY}.
 */
public final class Movement {
    /** Largest magnitude of a move axis byte; -128 is out of range (it would break symmetry). */
    public static final int MOVE_AXIS_MAX = 127;

    /** Lowest legal centre coordinate in position units: the player circle touches the wall. */
    public static final int MIN_POSITION_UNITS =
            (int) Math.round(ArenaRules.PLAYER_RADIUS_M * Quantization.POSITION_UNITS_PER_M);
    /** Highest legal centre coordinate in position units. */
    public static final int MAX_POSITION_UNITS =
            (int) Math.round((ArenaRules.ARENA_SIZE_M - ArenaRules.PLAYER_RADIUS_M)
                    * Quantization.POSITION_UNITS_PER_M);

    private Movement() {
    }

    /** True when a move axis byte is in -127..127 (the wire byte -128 is rejected by the server). */
    public static boolean isValidAxis(int moveAxisByte) {
        return moveAxisByte >= -MOVE_AXIS_MAX && moveAxisByte <= MOVE_AXIS_MAX;
    }

    /**
     * One tick of movement for one player.
     *
     * @param xUnits      current x in 1/256 m units
     * @param yUnits      current y in 1/256 m units
     * @param moveXByte   move axis x, -127..127 (values outside are clamped, defensive only)
     * @param moveYByte   move axis y, -127..127
     * @param buttonBits  {@link ArenaRules} button bits ({@code BUTTON_SPRINT} selects 9 m/s)
     * @param tickRateHz  ticks per second (dt = 1 / tickRateHz)
     * @return the new position, packed; see {@link #pack}
     */
    public static long step(int xUnits, int yUnits, int moveXByte, int moveYByte, int buttonBits,
                            int tickRateHz) {
        final double mx = clampAxis(moveXByte) / (double) MOVE_AXIS_MAX;
        final double my = clampAxis(moveYByte) / (double) MOVE_AXIS_MAX;
        double nx = mx;
        double ny = my;
        final double lengthSquared = mx * mx + my * my;
        if (lengthSquared > 1.0) {
            // Diagonals are no faster than straight lines.
            final double length = Math.sqrt(lengthSquared);
            nx = mx / length;
            ny = my / length;
        }
        final double speedMPerS = (buttonBits & ArenaRules.BUTTON_SPRINT) != 0
                ? ArenaRules.SPRINT_SPEED_M_PER_S : ArenaRules.WALK_SPEED_M_PER_S;
        final double unitsPerTick = speedMPerS * Quantization.POSITION_UNITS_PER_M / tickRateHz;
        // rint (half to even) is symmetric about zero, so moving left and right cover the same
        // distance; Math.round would round -x.5 and +x.5 apart.
        final long newX = xUnits + (long) Math.rint(nx * unitsPerTick);
        final long newY = yUnits + (long) Math.rint(ny * unitsPerTick);
        return pack(clampPosition(newX), clampPosition(newY));
    }

    /** Clamps a centre coordinate so the player circle stays inside the walls. */
    public static int clampPosition(long units) {
        if (units < MIN_POSITION_UNITS) {
            return MIN_POSITION_UNITS;
        }
        if (units > MAX_POSITION_UNITS) {
            return MAX_POSITION_UNITS;
        }
        return (int) units;
    }

    public static long pack(int xUnits, int yUnits) {
        return ((long) xUnits << 32) | (yUnits & 0xFFFF_FFFFL);
    }

    public static int packedX(long packed) {
        return (int) (packed >> 32);
    }

    public static int packedY(long packed) {
        return (int) packed;
    }

    private static int clampAxis(int moveAxisByte) {
        return Math.max(-MOVE_AXIS_MAX, Math.min(MOVE_AXIS_MAX, moveAxisByte));
    }
}
