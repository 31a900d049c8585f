package io.tickforge.client.game.zone;

import io.tickforge.client.bot.BotGame;
import io.tickforge.client.bot.NamedBehaviour;
import io.tickforge.shared.game.zone.ZoneMovement;
import io.tickforge.shared.game.zone.ZoneSchemas;

import java.util.SplittableRandom;

/**
 * The zone game's bots ({@code --game zone}): {@code capture} (the default) plus the generic
 * {@code idle}; {@code ZoneSchemas}, and {@code ZoneMovement} on the plane for prediction (a jump
 * does not change x and y, so the 2D predictor is exact). Registered in
 * {@code META-INF/services/io.tickforge.client.bot.BotGame}. Immutable; any thread.
 */
public final class ZoneBotGame extends BotGame {
    public ZoneBotGame() {
        super("zone", ZoneSchemas.ENTITY, ZoneSchemas.INPUT, hz -> (x, y, mx, my, b) -> ZoneMovement.stepHorizontal(x, y, mx, my, hz),
                NamedBehaviour.of("capture", seed -> new CaptureBehaviour(new SplittableRandom(seed))));
    }
}
