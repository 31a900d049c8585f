package io.tickforge.client.bot;

import io.tickforge.client.PlayerInput;
/**
 * Stands still and does nothing, but still sends an input packet (with acks) every tick: the
 * cheapest well-behaved client, useful to isolate replication cost from game-rule cost.
 * Owned by the thread driving the bot; positions in 1/256 m units, ticks are server ticks.
 */
public final class IdleBehaviour implements BotBehaviour {
    @Override
    public void decide(BotSituation s, PlayerInput out) {
        out.clear();
    }

    @Override
    public BotKind kind() {
        return BotKind.IDLE;
    }
}
