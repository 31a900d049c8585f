package io.tickforge.server.game.zone;

import io.tickforge.server.gameapi.Game;
import io.tickforge.server.gameapi.GameOption;
import io.tickforge.server.gameapi.GameProvider;
import io.tickforge.server.gameapi.GameSetup;
import io.tickforge.shared.game.zone.ZoneRules;

import java.util.List;

/**
 * The zone-control game ({@code --game zone}), registered in {@code META-INF/services}. Options:
 * {@code zones} (1..8 fixed capture zones) and {@code items} (0..15 items at fixed points).
 */
public final class ZoneGameProvider implements GameProvider {
    public static final String NAME = "zone";
    public static final String OPTION_ZONES = "zones";
    public static final String OPTION_ITEMS = "items";
    public static final int DEFAULT_ZONES = 4;
    public static final int DEFAULT_ITEMS = 8;

    private static final List<GameOption> OPTIONS = List.of(
            GameOption.integer(OPTION_ZONES, DEFAULT_ZONES, 1, ZoneRules.MAX_ZONES, "capture zones at fixed points"),
            GameOption.integer(OPTION_ITEMS, DEFAULT_ITEMS, 0, ZoneRules.MAX_ITEMS,
                    "items at fixed points; a carrier captures twice as fast"));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "3D zone control: two teams walk and jump to capture zones; items double a carrier's capture rate";
    }

    @Override
    public List<GameOption> options() {
        return OPTIONS;
    }

    @Override
    public Game create(GameSetup setup) {
        return new ZoneGame(setup.maxPlayers(), setup.tickRateHz(),
                setup.options().intValue(OPTION_ZONES), setup.options().intValue(OPTION_ITEMS));
    }
}
