package io.tickforge.shared.world;

/**
 * The fixed grids every replicated value lives on. The server simulation stores player positions
 * already on the position grid, so the client's prediction (same code, same grid) is bit-exact.
 * Immutable constants; any thread.
 *
 * <ul>
 *   <li>Position: 1/256 m per unit (3.9 mm; max rounding error 1.95 mm). The 256 m arena spans
 *       0..65536 units.</li>
 *   <li>Heading / aim on the wire in snapshots: 12 bits per turn (0.088 degrees per unit).</li>
 *   <li>Aim in inputs: 16 bits per turn.</li>
 *   <li>Health: 0..100, a small unsigned int.</li>
 * </ul>
 */
public final class Quantization {
    public static final int POSITION_UNITS_PER_M = 256;
    public static final int HEADING_BITS = 12;
    public static final int HEADING_UNITS_PER_TURN = 1 << HEADING_BITS;
    public static final int AIM_BITS = 16;
    public static final int AIM_UNITS_PER_TURN = 1 << AIM_BITS;

    private Quantization() {
    }

    public static int positionToUnits(double metres) {
        return (int) Math.round(metres * POSITION_UNITS_PER_M);
    }

    public static double unitsToMetres(int units) {
        return units / (double) POSITION_UNITS_PER_M;
    }

    /** Any angle in radians to 0..HEADING_UNITS_PER_TURN-1. */
    public static int headingToUnits(double radians) {
        long units = Math.round(radians / (2 * Math.PI) * HEADING_UNITS_PER_TURN);
        return (int) (units & (HEADING_UNITS_PER_TURN - 1));
    }

    public static double headingUnitsToRadians(int units) {
        return units * (2 * Math.PI / HEADING_UNITS_PER_TURN);
    }

    /** Any angle in radians to a 16-bit aim (0..65535). */
    public static int aimToUnits(double radians) {
        long units = Math.round(radians / (2 * Math.PI) * AIM_UNITS_PER_TURN);
        return (int) (units & (AIM_UNITS_PER_TURN - 1));
    }

    public static double aimUnitsToRadians(int units) {
        return (units & (AIM_UNITS_PER_TURN - 1)) * (2 * Math.PI / AIM_UNITS_PER_TURN);
    }

    /** 16-bit aim units to 12-bit heading units. */
    public static int aimToHeadingUnits(int aimUnits) {
        return ((aimUnits & (AIM_UNITS_PER_TURN - 1)) + (1 << (AIM_BITS - HEADING_BITS - 1)))
                >>> (AIM_BITS - HEADING_BITS) & (HEADING_UNITS_PER_TURN - 1);
    }
}
