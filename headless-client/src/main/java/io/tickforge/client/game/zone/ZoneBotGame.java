package io.tickforge.client.game.zone;

import io.tickforge.client.bot.BotGame;
import io.tickforge.client.bot.NamedBehaviour;
import io.tickforge.shared.game.zone.ZoneSchemas;

import java.util.SplittableRandom;

/**
 * The zone game's bots ({@code --game zone}): {@code capture} (the default) plus the generic
 * {@code idle}; {@code ZoneSchemas}, and {@link ZonePlayerMovement} for prediction (walking and jumping, in 3D). Registered in
 * {@code META-INF/services/io.tickforge.client.bot.BotGame}. Immutable; any thread.
 */
public final class ZoneBotGame extends BotGame {
    public ZoneBotGame() {
        super("zone", ZoneSchemas.ENTITY, ZoneSchemas.INPUT, ZonePlayerMovement.FACTORY,
                NamedBehaviour.of("capture", seed -> new CaptureBehaviour(new SplittableRandom(seed))));
    }
}
