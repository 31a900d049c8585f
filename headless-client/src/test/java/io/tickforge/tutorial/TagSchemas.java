package io.tickforge.tutorial;

import io.tickforge.shared.schema.EntitySchema;
import io.tickforge.shared.schema.InputSchema;
import io.tickforge.shared.world.EntityLayout;

/** What tag puts on the wire: both the server and the bots build from these. */
public final class TagSchemas {
    public static final int WORLD_M = 64;
    public static final int SIZE = WORLD_M * 256;                     // positions in 1/256 m
    public static final EntitySchema ENTITY = EntitySchema.builder("tag")
            .position2d("pos", 256, 0, SIZE, true)                    // first field: the position
            .bool("it")                                               // who is "it"
            .uint("tags", 0, 255)                                     // how often it tagged someone
            .build();
    public static final InputSchema INPUT = InputSchema.builder("tag")
            .sint("moveX", -127, 127, 8).sint("moveY", -127, 127, 8)
            .angle("aim", 16)                                         // unused by tag
            .flags("buttons", "")                                     // no buttons: one reserved bit
            .build();
    public static final EntityLayout LAYOUT = EntityLayout.of(ENTITY);
    public static final int IT = LAYOUT.lane("it");
    public static final int TAGS = LAYOUT.lane("tags");

    private TagSchemas() {
    }
}
