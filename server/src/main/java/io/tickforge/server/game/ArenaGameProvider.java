package io.tickforge.server.game;

import io.tickforge.server.gameapi.Game;
import io.tickforge.server.gameapi.GameOption;
import io.tickforge.server.gameapi.GameProvider;
import io.tickforge.server.gameapi.GameSetup;
import io.tickforge.shared.world.EntityIds;

import java.util.List;

/**
 * The arena as a {@link GameProvider} ({@code --game arena}, the default), registered in
 * {@code META-INF/services}. One option: {@code npcs} (the server's {@code --npcs} is its alias).
 */
public final class ArenaGameProvider implements GameProvider {
    public static final String NAME = "arena";
    public static final String OPTION_NPCS = "npcs";

    private static final List<GameOption> OPTIONS = List.of(
            GameOption.integer(OPTION_NPCS, ArenaEngineSettings.DEFAULT_NPCS, 0, EntityIds.MAX_NPCS,
                    "orbit-world NPCs (hitscan targets that move on a formula)"));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Top-down arena shooter: players move, aim and fire hitscan shots among orbiting NPCs (docs/SCENARIOS.md)";
    }

    @Override
    public List<GameOption> options() {
        return OPTIONS;
    }

    @Override
    public Game create(GameSetup setup) {
        return new ArenaGame(setup.maxPlayers(), setup.options().intValue(OPTION_NPCS), setup.tickRateHz());
    }
}
