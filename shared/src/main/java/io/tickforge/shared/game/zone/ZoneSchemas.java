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
 *       (bit 0), airborne (bit 1); {@code zFrac} {@code 0..VZ_SCALE-1}, the height below one unit
 *       ({@code zFine = z * VZ_SCALE + zFrac}), and {@code vz} {@code -MAX_VZ..MAX_VZ}, the vertical
 *       velocity in {@code 1/VZ_SCALE} units per tick: with them a client has the server's exact
 *       movement state ({@code ZoneMovement.Body}) and predicts a jump bit-exactly (both 0 for
 *       zones, items and players on the ground).</li>
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
    public static final String Z_FRAC = "zFrac";
    public static final String VZ = "vz";

    public static final EntitySchema ENTITY = EntitySchema.builder("zone")
            .position3d(POS, ZoneRules.UNITS_PER_M, 0, ZoneRules.WORLD_MAX_UNITS, true)
            .angle(HEADING, 12)
            .enumeration(TEAM, "none", "red", "blue")
            .uint(ITEM, 0, ZoneRules.MAX_ITEMS)
            .uint(PROGRESS, 0, ZoneRules.PROGRESS_MAX)
            .flags(FLAGS, "alive", "airborne")
            .uint(Z_FRAC, 0, ZoneRules.VZ_SCALE - 1)
            .sint(VZ, -ZoneRules.MAX_VZ, ZoneRules.MAX_VZ)
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
