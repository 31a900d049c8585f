package io.tickforge.tutorial;

import io.tickforge.server.gameapi.Game;
import io.tickforge.server.gameapi.GameOption;
import io.tickforge.server.gameapi.GameProvider;
import io.tickforge.server.gameapi.GameSetup;

import java.util.List;

public final class TagProvider implements GameProvider {
    public String name() { return "tag"; }
    public String description() { return "Tag: touch whoever is it to pass it on; tags score"; }
    public List<GameOption> options() {
        return List.of(GameOption.integer("cooldown-ms", 1000, 0, 10_000, "no pass again for this long"));
    }
    public Game create(GameSetup s) {
        return new TagGame(s.maxPlayers(), s.tickRateHz(), s.options().intValue("cooldown-ms"));
    }
}
