package io.tickforge.shared.game;

/**
 * Hitscan ray geometry: a ray from a shooter along its aim against target circles. Stateless and
 * allocation-free; any thread. Units: metres and radians.
 */
public final class Hitscan {
    /** Returned by {@link #rayCircleDistanceM} when the ray misses the circle within range. */
    public static final double MISS = Double.POSITIVE_INFINITY;

    private Hitscan() {
    }

    /**
     * Distance along the ray to the first point of a circle, or {@link #MISS}.
     *
     * <p>The direction must be a unit vector. A shooter whose origin lies inside the target circle
     * (overlapping players) hits it at distance 0. Targets behind the origin are missed, as are
     * targets whose nearest point lies beyond {@code rangeM}.
     */
    public static double rayCircleDistanceM(double originXM, double originYM, double dirX, double dirY,
                                            double rangeM, double centreXM, double centreYM,
                                            double radiusM) {
        final double toX = centreXM - originXM;
        final double toY = centreYM - originYM;
        final double radiusSquared = radiusM * radiusM;
        final double distanceSquared = toX * toX + toY * toY;
        if (distanceSquared <= radiusSquared) {
            return 0.0;
        }
        final double along = toX * dirX + toY * dirY;
        if (along <= 0.0) {
            return MISS;
        }
        final double perpendicularSquared = distanceSquared - along * along;
        if (perpendicularSquared > radiusSquared) {
            return MISS;
        }
        final double entry = along - Math.sqrt(radiusSquared - perpendicularSquared);
        return entry <= rangeM ? entry : MISS;
    }

    /** Unit direction x of a 16-bit aim (StrictMath so every JVM agrees). */
    public static double aimDirX(int aimUnits) {
        return StrictMath.cos(io.tickforge.shared.world.Quantization.aimUnitsToRadians(aimUnits));
    }

    /** Unit direction y of a 16-bit aim. */
    public static double aimDirY(int aimUnits) {
        return StrictMath.sin(io.tickforge.shared.world.Quantization.aimUnitsToRadians(aimUnits));
    }
}
