package io.tickforge.shared.game;

import io.tickforge.shared.world.Quantization;

/**
 * The orbit NPC world of docs/SCENARIOS.md, evaluated for any entity index and tick. Immutable
 * after construction and allocation-free; any thread. Units: metres and radians for the exact
 * values, 1/256 m and 12-bit heading units for the quantized ones, hit points for health.
 *
 * <pre>
 * cx = 16 + (i * 37) mod 224          cy = 16 + (i * 91) mod 224
 * r  = 2 + (i mod 7)                  w  = 0.5 + 0.25 * (i mod 5)   (radians per second)
 * phase = 0.1 * i                     moving(i) = (i mod 4 == 0)
 * s = tick / tickRate                 angle = phase + (moving(i) ? w * s : 0)
 * x = cx + r * cos(angle)             y = cy + r * sin(angle)       heading = angle + pi/2
 * health = moving(i) ? 100 - 10 * (floor(s / 5 + i) mod 5) : 100
 * </pre>
 *
 * <p>{@code StrictMath} keeps cos/sin identical on every JVM, so server and client agree on the
 * quantized values. {@code floor(s / 5 + i)} is computed in integers as
 * {@code floorDiv(tick, 5 * tickRate) + i}, which is the exact value of the formula (a double
 * division could round up across an integer boundary at very large ticks).
 */
public final class OrbitWorld {
    public static final int NPC_HEALTH = 100;

    private final int npcCount;
    private final int tickRateHz;

    public OrbitWorld(int npcCount, int tickRateHz) {
        if (npcCount < 0) {
            throw new IllegalArgumentException("npcCount must be >= 0: " + npcCount);
        }
        if (npcCount > io.tickforge.shared.world.EntityIds.MAX_NPCS) {
            throw new IllegalArgumentException("npcCount must be <= "
                    + io.tickforge.shared.world.EntityIds.MAX_NPCS + ": " + npcCount);
        }
        this.npcCount = npcCount;
        if (tickRateHz < 1) {
            throw new IllegalArgumentException("tickRateHz must be >= 1: " + tickRateHz);
        }
        this.tickRateHz = tickRateHz;
    }

    public int npcCount() {
        return npcCount;
    }

    public int tickRateHz() {
        return tickRateHz;
    }

    public static boolean isMoving(int i) {
        return i % 4 == 0;
    }

    public static double centreXMetres(int i) {
        return 16 + (i * 37L) % 224;
    }

    public static double centreYMetres(int i) {
        return 16 + (i * 91L) % 224;
    }

    public static double radiusMetres(int i) {
        return 2 + i % 7;
    }

    public static double angularSpeedRadPerS(int i) {
        return 0.5 + 0.25 * (i % 5);
    }

    /** The orbit angle in radians at a tick (constant for standing NPCs). */
    public double angleRadians(int i, long tick) {
        final double phase = 0.1 * i;
        if (!isMoving(i)) {
            return phase;
        }
        final double seconds = tick / (double) tickRateHz;
        return phase + angularSpeedRadPerS(i) * seconds;
    }

    public double xMetres(int i, long tick) {
        return centreXMetres(i) + radiusMetres(i) * StrictMath.cos(angleRadians(i, tick));
    }

    public double yMetres(int i, long tick) {
        return centreYMetres(i) + radiusMetres(i) * StrictMath.sin(angleRadians(i, tick));
    }

    public int xUnits(int i, long tick) {
        return Quantization.positionToUnits(xMetres(i, tick));
    }

    public int yUnits(int i, long tick) {
        return Quantization.positionToUnits(yMetres(i, tick));
    }

    public double headingRadians(int i, long tick) {
        return angleRadians(i, tick) + Math.PI / 2;
    }

    /** Heading in 12-bit snapshot units. */
    public int headingUnits(int i, long tick) {
        return Quantization.headingToUnits(headingRadians(i, tick));
    }

    public int health(int i, long tick) {
        if (!isMoving(i)) {
            return NPC_HEALTH;
        }
        final long step = Math.floorDiv(tick, 5L * tickRateHz) + i;
        return NPC_HEALTH - 10 * (int) Math.floorMod(step, 5L);
    }
}
