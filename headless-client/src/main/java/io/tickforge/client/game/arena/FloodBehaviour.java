package io.tickforge.client.game.arena;

import io.tickforge.client.PlayerInput;
import io.tickforge.client.bot.BotBehaviour;
import io.tickforge.client.bot.BotSituation;
import io.tickforge.shared.game.ArenaRules;

import java.util.SplittableRandom;

/**
 * A misbehaving client: random inputs, and {@link #PACKETS_PER_TICK} input packets per tick
 * instead of one. It exists to prove the server's flood protection (counted drops or a
 * {@code Bye(FLOODING)}) while the other players keep playing; a flood bot being disconnected
 * is the expected outcome, not a failure of the bot.
 * Owned by the thread driving the bot; positions in 1/256 m units, ticks are server ticks.
 */
public final class FloodBehaviour implements BotBehaviour {
    public static final int PACKETS_PER_TICK = 8;

    private final SplittableRandom random;

    public FloodBehaviour(SplittableRandom random) {
        this.random = random;
    }

    @Override
    public void decide(BotSituation s, PlayerInput out) {
        out.set(random.nextInt(255) - 127, random.nextInt(255) - 127, random.nextInt(65536),
                random.nextInt(ArenaRules.BUTTON_MASK + 1));
    }

    @Override
    public int packetsPerTick() {
        return PACKETS_PER_TICK;
    }
}
