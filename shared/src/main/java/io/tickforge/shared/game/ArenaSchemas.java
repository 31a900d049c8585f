package io.tickforge.shared.game;

import io.tickforge.shared.schema.EntitySchema;
import io.tickforge.shared.schema.InputSchema;
import io.tickforge.shared.world.Quantization;

/**
 * The arena's declared schemas, in {@code shared} because both sides need them: the server hosts
 * the arena with them, the arena's clients (the bots) check the server's hashes against them.
 * They describe exactly what goes on the wire today. Constants; any thread.
 *
 * <ul>
 *   <li>Entity {@code arena}: {@code pos} 2D, 1/256 m, {@code 0..65536} per axis (the 256 m arena),
 *       predicted; {@code heading} 12 bits per turn; {@code health} {@code 0..MAX_HEALTH};
 *       {@code flags} alive (bit 0), fired (bit 1) ({@code WorldSnapshot.FLAG_*}).</li>
 *   <li>Input {@code arena}: {@code moveX}, {@code moveY} {@code -127..127} in 8 signed bits
 *       ({@code Movement.MOVE_AXIS_MAX}); {@code aim} 16 bits per turn; {@code buttons} fire
 *       (bit 0), sprint (bit 1) ({@code ArenaRules.BUTTON_*}).</li>
 * </ul>
 */
public final class ArenaSchemas {
    public static final EntitySchema ENTITY = EntitySchema.builder("arena")
            .position2d("pos", Quantization.POSITION_UNITS_PER_M, 0,
                    (int) (ArenaRules.ARENA_SIZE_M * Quantization.POSITION_UNITS_PER_M), true)
            .angle("heading", Quantization.HEADING_BITS)
            .uint("health", 0, ArenaRules.MAX_HEALTH)
            .flags("flags", "alive", "fired")
            .build();

    public static final InputSchema INPUT = InputSchema.builder("arena")
            .sint("moveX", -Movement.MOVE_AXIS_MAX, Movement.MOVE_AXIS_MAX, 8)
            .sint("moveY", -Movement.MOVE_AXIS_MAX, Movement.MOVE_AXIS_MAX, 8)
            .angle("aim", Quantization.AIM_BITS)
            .flags("buttons", "fire", "sprint")
            .build();

    private ArenaSchemas() {
    }
}
