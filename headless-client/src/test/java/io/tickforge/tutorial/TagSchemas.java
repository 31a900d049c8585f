package io.tickforge.tutorial;

import io.tickforge.shared.schema.EntitySchema;
import io.tickforge.shared.schema.InputSchema;
import io.tickforge.shared.world.EntityLayout;

public interface TagSchemas {
    int WORLD_M = 64, SIZE = WORLD_M * 256;                       // positions in 1/256 m: 0..SIZE
    EntitySchema ENTITY = EntitySchema.builder("tag")
            .position2d("pos", 256, 0, SIZE, true)                // first field: the position
            .bool("it")                                           // who is "it"
            .uint("tags", 0, 255).build();                        // how often it passed "it" on
    InputSchema INPUT = InputSchema.builder("tag")                // the four-field shape (the arena's)
            .sint("moveX", -127, 127, 8).sint("moveY", -127, 127, 8)
            .angle("aim", 16)                                     // unused by tag
            .flags("buttons", "").build();                        // none: one reserved bit, always 0
    int IT = EntityLayout.of(ENTITY).lane("it");                  // lanes: x, y, then it, tags
    int TAGS = EntityLayout.of(ENTITY).lane("tags");
}
