package io.tickforge.client.game.arena;

import io.tickforge.client.bot.BotGame;
import io.tickforge.client.bot.NamedBehaviour;
import io.tickforge.client.predict.ArenaPlayerMovement;
import io.tickforge.shared.game.ArenaSchemas;

import java.util.SplittableRandom;

/**
 * The arena's bots ({@code --game arena}, the default): {@code wander} (the default), {@code chase},
 * {@code strafe} (also {@code strafe-and-shoot}) and {@code flood}, plus the generic {@code idle};
 * {@code ArenaSchemas}, and {@link ArenaPlayerMovement} ({@code Movement}) for prediction. Registered in
 * {@code META-INF/services/io.tickforge.client.bot.BotGame}. Immutable; any thread.
 */
public final class ArenaBotGame extends BotGame {
    public ArenaBotGame() {
        super("arena", ArenaSchemas.ENTITY, ArenaSchemas.INPUT, ArenaPlayerMovement.FACTORY,
                NamedBehaviour.of("wander", seed -> new WanderBehaviour(new SplittableRandom(seed))),
                NamedBehaviour.of("chase", seed -> new ChaseBehaviour(new SplittableRandom(seed))),
                NamedBehaviour.of("strafe", seed -> new StrafeAndShootBehaviour(new SplittableRandom(seed)),
                        "strafe-and-shoot", "strafeandshoot"),
                NamedBehaviour.of("flood", seed -> new FloodBehaviour(new SplittableRandom(seed))));
    }
}
