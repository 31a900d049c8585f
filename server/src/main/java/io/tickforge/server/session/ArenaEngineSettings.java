package io.tickforge.server.session;

import io.tickforge.server.input.InputLimits;
import io.tickforge.shared.game.ArenaRules;
import io.tickforge.shared.game.Movement;

/**
 * The one place where the arena game's values become engine configuration: the world's size for
 * replication, what the input pipeline accepts, the default NPC count. The engine packages
 * ({@code tick}, {@code input}, {@code replication}, {@code net}) never read {@code ArenaRules}
 * themselves ({@code EnginePackageDependencyTest}); the game SPI of issue 11 will replace this
 * class. Constants; any thread. Units in the names.
 */
public final class ArenaEngineSettings {
    /** Side of the square arena; replication's interest grid covers it. */
    public static final double WORLD_SIZE_M = ArenaRules.ARENA_SIZE_M;
    /** Fire and sprint are the only buttons; axes are -127..127. */
    public static final InputLimits INPUT_LIMITS = new InputLimits(ArenaRules.BUTTON_MASK, Movement.MOVE_AXIS_MAX);
    /** NPCs when the operator names none (--npcs). */
    public static final int DEFAULT_NPCS = ArenaRules.DEFAULT_NPCS;

    private ArenaEngineSettings() {
    }
}
