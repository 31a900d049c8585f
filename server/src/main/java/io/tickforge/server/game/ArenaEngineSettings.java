package io.tickforge.server.game;

import io.tickforge.server.input.InputLimits;
import io.tickforge.shared.game.ArenaRules;
import io.tickforge.shared.game.ArenaSchemas;

/**
 * The arena's engine settings as constants: the world's size for replication, what the input
 * pipeline accepts, the default NPC count. {@link ArenaGame#describe()} hands them to the engine
 * through the game SPI; tools and tests that wire replication without a session read them here.
 * Constants; any thread. Units in the names.
 */
public final class ArenaEngineSettings {
    /** Side of the square arena; replication's interest grid covers it. */
    public static final double WORLD_SIZE_M = ArenaRules.ARENA_SIZE_M;
    /** From the arena's declared input schema: fire and sprint are the only buttons; axes are -127..127. */
    public static final InputLimits INPUT_LIMITS = InputLimits.of(ArenaSchemas.INPUT);
    /** NPCs when the operator names none (the arena's {@code npcs} option, alias {@code --npcs}). */
    public static final int DEFAULT_NPCS = ArenaRules.DEFAULT_NPCS;

    private ArenaEngineSettings() {
    }
}
