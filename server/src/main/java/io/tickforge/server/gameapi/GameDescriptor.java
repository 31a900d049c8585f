package io.tickforge.server.gameapi;

import io.tickforge.server.input.InputLimits;
import io.tickforge.shared.world.EntityIds;

/**
 * What the engine needs to know about one game before its first tick: the engine settings that
 * used to be the arena's constants. Immutable; any thread. Built with {@link #builder()} so that
 * later fields (the entity and input schemas of the next step) can be added without breaking
 * games written against this version.
 *
 * <ul>
 *   <li>{@link #worldSizeM()}: side of the square world in metres; positions are
 *       {@code 0..worldSize} on both axes in 1/256 m units ({@code Quantization}); replication's
 *       interest grid covers it.</li>
 *   <li>{@link #inputLimits()}: the button bits and axis range the input pipeline accepts; any
 *       other input is rejected (and counted) before the game sees it.</li>
 *   <li>{@link #maxEntities()}: the most entities {@link Game#writeSnapshot} ever writes in one
 *       tick; the session sizes its snapshot (and the dashboard's copy) once from it.</li>
 * </ul>
 */
public final class GameDescriptor {
    private final double worldSizeM;
    private final InputLimits inputLimits;
    private final int maxEntities;

    private GameDescriptor(Builder b) {
        this.worldSizeM = b.worldSizeM;
        this.inputLimits = b.inputLimits;
        this.maxEntities = b.maxEntities;
    }

    public static Builder builder() {
        return new Builder();
    }

    public double worldSizeM() {
        return worldSizeM;
    }

    public InputLimits inputLimits() {
        return inputLimits;
    }

    public int maxEntities() {
        return maxEntities;
    }

    @Override
    public String toString() {
        return "GameDescriptor{worldSizeM=" + worldSizeM + ", inputLimits=" + inputLimits + ", maxEntities="
                + maxEntities + '}';
    }

    /** Every field is required; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private double worldSizeM = Double.NaN;
        private InputLimits inputLimits;
        private int maxEntities = -1;

        private Builder() {
        }

        /** Side of the square world, metres, > 0. */
        public Builder worldSizeM(double metres) {
            this.worldSizeM = metres;
            return this;
        }

        public Builder inputLimits(InputLimits limits) {
            this.inputLimits = limits;
            return this;
        }

        /** 1..{@code EntityIds.MAX_ENTITIES}. */
        public Builder maxEntities(int n) {
            this.maxEntities = n;
            return this;
        }

        public GameDescriptor build() {
            if (!(worldSizeM > 0) || Double.isInfinite(worldSizeM)) {
                throw new IllegalArgumentException("worldSizeM must be a positive number of metres: " + worldSizeM);
            }
            if (inputLimits == null) {
                throw new IllegalArgumentException("inputLimits is required");
            }
            if (maxEntities < 1 || maxEntities > EntityIds.MAX_ENTITIES) {
                throw new IllegalArgumentException("maxEntities must be in 1.." + EntityIds.MAX_ENTITIES + ": " + maxEntities);
            }
            return new GameDescriptor(this);
        }
    }
}
