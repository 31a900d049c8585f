package io.tickforge.shared.game.zone;

import io.tickforge.shared.schema.EntitySchema;
import io.tickforge.shared.schema.InputSchema;

/**
 * The zone game's declared schemas, in {@code shared} because the server hosts the game with them
 * and the zone bots check the server's hashes against them. Constants; any thread.
 *
 * <ul>
 *   <li>Entity {@code zone} (players, zones and items): {@code pos} 3D, 1/256 m,
 *       {@code 0..WORLD_MAX_UNITS} per axis (z is the height above the ground), predicted;
 *       {@code heading} 12 bits per turn; {@code team} none, red, blue; {@code item} {@code 0..15}
 *       (a player's carried item, an item entity's own id, 0 = none); {@code progress}
 *       {@code 0..100} (a zone's capture progress toward its {@code team}); {@code flags} alive
 *       (bit 0), airborne (bit 1).</li>
 *   <li>Input {@code zone}: the engine's four-field shape (so the bots' named input fields apply): {@code moveX}, {@code moveY}
 *       {@code -127..127} in 8 signed bits; {@code aim} 16 bits per turn; {@code buttons} jump
 *       (bit 0), interact (bit 1) ({@link ZoneRules}{@code .BUTTON_*}).</li>
 * </ul>
 */
public final class ZoneSchemas {
    /** Field names, for {@code EntityLayout.lane(name)}. */
    public static final String POS = "pos";
    public static final String HEADING = "heading";
    public static final String TEAM = "team";
    public static final String ITEM = "item";
    public static final String PROGRESS = "progress";
    public static final String FLAGS = "flags";

    public static final EntitySchema ENTITY = EntitySchema.builder("zone")
            .position3d(POS, ZoneRules.UNITS_PER_M, 0, ZoneRules.WORLD_MAX_UNITS, true)
            .angle(HEADING, 12)
            .enumeration(TEAM, "none", "red", "blue")
            .uint(ITEM, 0, ZoneRules.MAX_ITEMS)
            .uint(PROGRESS, 0, ZoneRules.PROGRESS_MAX)
            .flags(FLAGS, "alive", "airborne")
            .build();

    public static final InputSchema INPUT = InputSchema.builder("zone")
            .sint("moveX", -ZoneRules.MOVE_AXIS_MAX, ZoneRules.MOVE_AXIS_MAX, 8)
            .sint("moveY", -ZoneRules.MOVE_AXIS_MAX, ZoneRules.MOVE_AXIS_MAX, 8)
            .angle("aim", 16)
            .flags("buttons", "jump", "interact")
            .build();

    private ZoneSchemas() {
    }
}
