package io.tickforge.server.gameapi;

import io.tickforge.server.input.InputLimits;
import io.tickforge.shared.schema.EntitySchema;
import io.tickforge.shared.world.EntityLayout;
import io.tickforge.shared.schema.FixedShape;
import io.tickforge.shared.schema.InputSchema;
import io.tickforge.shared.world.EntityIds;
import io.tickforge.shared.world.Quantization;

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
 *   <li>{@link #inputSchema()}: the declared input fields; the input wire carries one lane per
 *       field ({@code inputLimits().layout()}), and the input pipeline accepts only inputs within
 *       their ranges ({@link #inputLimits()}, precomputed from it), any other is rejected (and
 *       counted) before the game sees it. Its hash is checked in the handshake.</li>
 *   <li>{@link #entitySchema()}: the declared entity fields; its hash is checked in the handshake
 *       (the delta codec will follow it next; today entities still have the fixed shape).</li>
 *   <li>{@link #maxEntities()}: the most entities {@link Game#writeSnapshot} ever writes in one
 *       tick; the session sizes its snapshot (and the dashboard's copy) once from it.</li>
 * </ul>
 */
public final class GameDescriptor {
    private final double worldSizeM;
    private final InputLimits inputLimits;
    private final int maxEntities;
    private final EntitySchema entitySchema;
    private final InputSchema inputSchema;
    private final EntityLayout entityLayout;
    private final double interestRadiusM;
    private final int[] alwaysReplicated;

    private GameDescriptor(Builder b, InputLimits limits, EntitySchema entitySchema) {
        this.worldSizeM = b.worldSizeM;
        this.inputLimits = limits;
        this.maxEntities = b.maxEntities;
        this.entitySchema = entitySchema;
        this.inputSchema = limits.schema();
        this.entityLayout = EntityLayout.of(entitySchema);
        this.interestRadiusM = b.interestRadiusM;
        this.alwaysReplicated = b.alwaysReplicated.clone();
    }

    /**
     * The interest radius the game asks for, metres (what a player is sent around its own entity),
     * or 0 when it leaves it to the server ({@code --interest-radius}, default 64 m). The server's
     * flag, when given, wins.
     */
    public double interestRadiusM() {
        return interestRadiusM;
    }

    /**
     * Entity id ranges every player is sent wherever it is (objectives, scoreboards): pairs
     * {@code from, toExclusive}. Empty when the game declared none.
     */
    public int[] alwaysReplicated() {
        return alwaysReplicated.clone();
    }

    /**
     * The entity schema compiled for the codec: the lanes of the game's {@code WorldSnapshot}
     * ({@code EntityLayout#lane(name)} finds a field's lane).
     */
    public EntityLayout entityLayout() {
        return entityLayout;
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

    /** The declared entity schema (or the fixed shape, when the game declared none). */
    public EntitySchema entitySchema() {
        return entitySchema;
    }

    /** The declared input schema (or the fixed shape of {@link #inputLimits()}, when the game declared none). */
    public InputSchema inputSchema() {
        return inputSchema;
    }

    @Override
    public String toString() {
        return "GameDescriptor{worldSizeM=" + worldSizeM + ", inputLimits=" + inputLimits + ", maxEntities="
                + maxEntities + ", entitySchema=" + entitySchema + ", inputSchema=" + inputSchema + '}';
    }

    /**
     * {@code worldSizeM}, {@code maxEntities} and the input (an {@code inputSchema}, or the older
     * {@code inputLimits}) are required; {@link #build()} checks them. A game that declares no
     * {@code entitySchema} gets the fixed shape ({@link FixedShape#entity}, named {@code "fixed"},
     * positions {@code 0..worldSize}); {@code inputLimits(new InputLimits(mask, max))} without a
     * schema stands for the fixed input shape ({@link FixedShape#input}). Not thread-safe.
     */
    public static final class Builder {
        private double worldSizeM = Double.NaN;
        private InputLimits inputLimits;
        private int maxEntities = -1;
        private EntitySchema entitySchema;
        private InputSchema inputSchema;
        private double interestRadiusM;
        private int[] alwaysReplicated = new int[0];

        private Builder() {
        }

        /** The interest radius this game wants, metres, > 0 (default: the server's). */
        public Builder interestRadiusM(double metres) {
            if (!(metres > 0) || Double.isInfinite(metres)) {
                throw new IllegalArgumentException("interestRadiusM must be a positive number of metres: " + metres);
            }
            this.interestRadiusM = metres;
            return this;
        }

        /**
         * Entities {@code fromId .. toIdExclusive - 1} go to every player whatever the distance
         * (repeatable). Keep them few: each costs every client bytes whenever it changes.
         */
        public Builder alwaysReplicated(int fromId, int toIdExclusive) {
            if (fromId < 0 || toIdExclusive <= fromId || toIdExclusive > io.tickforge.shared.world.EntityIds.MAX_ENTITIES) {
                throw new IllegalArgumentException("alwaysReplicated ids must be 0 <= from < to <= "
                        + io.tickforge.shared.world.EntityIds.MAX_ENTITIES + ": " + fromId + ".." + toIdExclusive);
            }
            final int n = alwaysReplicated.length;
            alwaysReplicated = java.util.Arrays.copyOf(alwaysReplicated, n + 2);
            alwaysReplicated[n] = fromId;
            alwaysReplicated[n + 1] = toIdExclusive;
            return this;
        }

        /** Side of the square world, metres, > 0. */
        public Builder worldSizeM(double metres) {
            this.worldSizeM = metres;
            return this;
        }

        /** The fixed input shape's limits (before schemas); prefer {@link #inputSchema}. */
        public Builder inputLimits(InputLimits limits) {
            this.inputLimits = limits;
            return this;
        }

        /** The declared input schema: the input wire and the validation follow it ({@link InputLimits}). */
        public Builder inputSchema(InputSchema schema) {
            this.inputSchema = schema;
            return this;
        }

        /** The declared entity schema. */
        public Builder entitySchema(EntitySchema schema) {
            this.entitySchema = schema;
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
            if (inputLimits == null && inputSchema == null) {
                throw new IllegalArgumentException("inputSchema (or inputLimits) is required");
            }
            final InputLimits limits;
            if (inputSchema == null) {
                limits = inputLimits;
            } else {
                limits = InputLimits.of(inputSchema);
                if (inputLimits != null && !inputLimits.equals(limits)) {
                    throw new IllegalArgumentException("inputLimits " + inputLimits + " disagree with inputSchema " + inputSchema
                            + "; declare the schema alone");
                }
            }
            if (maxEntities < 1 || maxEntities > EntityIds.MAX_ENTITIES) {
                throw new IllegalArgumentException("maxEntities must be in 1.." + EntityIds.MAX_ENTITIES + ": " + maxEntities);
            }
            EntitySchema entity = entitySchema;
            if (entity == null) {
                final double units = Math.ceil(worldSizeM * Quantization.POSITION_UNITS_PER_M);
                if (units > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("worldSizeM " + worldSizeM + " is too large for the fixed entity shape; declare an entitySchema");
                }
                entity = FixedShape.entity("fixed", (int) units);
            }
            return new GameDescriptor(this, limits, entity);
        }
    }
}
