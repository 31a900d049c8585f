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

    /**
     * Index in {@code world} of the first living entity a shot from entity {@code shooterIndex}
     * along {@code aimUnits} hits within {@code rangeM}, or -1. Every entity is a circle of
     * {@link ArenaRules#PLAYER_RADIUS_M}; the shooter itself is skipped. For clients (tracers,
     * hit markers) and tools; the server's {@code ArenaWorld} applies the same geometry to its own
     * arrays.
     */
    public static int firstHit(io.tickforge.shared.world.WorldSnapshot world, int shooterIndex, int aimUnits,
                               double rangeM) {
        final double ox = io.tickforge.shared.world.Quantization.unitsToMetres(world.x[shooterIndex]);
        final double oy = io.tickforge.shared.world.Quantization.unitsToMetres(world.y[shooterIndex]);
        final double dx = aimDirX(aimUnits);
        final double dy = aimDirY(aimUnits);
        double best = MISS;
        int bestIndex = -1;
        for (int i = 0; i < world.count; i++) {
            if (i == shooterIndex || (world.lanes[io.tickforge.shared.world.WorldSnapshot.FLAGS][i] & io.tickforge.shared.world.WorldSnapshot.FLAG_ALIVE) == 0) {
                continue;
            }
            final double d = rayCircleDistanceM(ox, oy, dx, dy, rangeM,
                    io.tickforge.shared.world.Quantization.unitsToMetres(world.x[i]),
                    io.tickforge.shared.world.Quantization.unitsToMetres(world.y[i]), ArenaRules.PLAYER_RADIUS_M);
            if (d < best) {
                best = d;
                bestIndex = i;
            }
        }
        return bestIndex;
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
