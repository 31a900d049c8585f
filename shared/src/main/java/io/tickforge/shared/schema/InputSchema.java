package io.tickforge.shared.schema;

import java.util.EnumSet;

/**
 * The declared shape of one player input: axes and small integers, aim angle, button bits,
 * booleans, enums (no positions: an input says what the player wants, not where it is).
 * Immutable after {@link SchemaBuilder#build()}; any thread. Inputs travel as one lane per field
 * ({@code io.tickforge.shared.world.InputLayout}) and the server validates every input against
 * its declared ranges (docs/GAME-API.md, "Schemas").
 */
public final class InputSchema extends Schema {
    private InputSchema(SchemaBuilder<InputSchema> b) {
        super(b, KIND_INPUT);
    }

    /** A builder for a schema called {@code name}; every kind but {@link FieldKind#POSITION}. */
    public static SchemaBuilder<InputSchema> builder(String name) {
        return new SchemaBuilder<>(name, EnumSet.complementOf(EnumSet.of(FieldKind.POSITION)), InputSchema::new);
    }
}
