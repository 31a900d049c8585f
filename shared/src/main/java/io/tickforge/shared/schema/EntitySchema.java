package io.tickforge.shared.schema;

import java.util.EnumSet;

/**
 * The declared shape of one replicated entity: positions, angles, integers, booleans, flags and
 * enums, quantized, in declaration order. Immutable after {@link SchemaBuilder#build()}; any
 * thread. Today it identifies the entity format in the handshake; the delta codec will work from
 * it next (docs/GAME-API.md, "Schemas").
 */
public final class EntitySchema extends Schema {
    private EntitySchema(SchemaBuilder<EntitySchema> b) {
        super(b, KIND_ENTITY);
    }

    /** A builder for a schema called {@code name} (lower case, e.g. {@code "arena"}). Every field kind is allowed. */
    public static SchemaBuilder<EntitySchema> builder(String name) {
        return new SchemaBuilder<>(name, EnumSet.allOf(FieldKind.class), EntitySchema::new);
    }
}
