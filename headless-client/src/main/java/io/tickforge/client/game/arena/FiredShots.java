package io.tickforge.client.game.arena;

import io.tickforge.client.GameClient;
import io.tickforge.client.PlayerInput;
import io.tickforge.client.bot.BotSituation;
import io.tickforge.shared.game.ArenaRules;

/**
 * The hit-registration figure ({@link HitRegistration}) of one shooting bot: after each decision
 * it settles the earlier claims against the newest server state and, when the input fires,
 * claims what the bot's interpolated view says the shot hits. The figure lives in the client's
 * metrics, so it is created once per client (not per tick). Owned by the thread driving the bot.
 */
final class FiredShots {
    private HitRegistration hits;
    private GameClient hitsFor;

    void afterDecide(GameClient client, BotSituation s, PlayerInput out) {
        if (hitsFor != client) {
            hits = new HitRegistration(client.metrics());
            hitsFor = client;
        }
        hits.resolve(client.view());
        if (s.world != null && s.selfAlive && client.hasOwnState() && (out.buttons & ArenaRules.BUTTON_FIRE) != 0) {
            hits.onFire(s.tick, s.tickRateHz, s.selfXUnits, s.selfYUnits, out.aimUnits, s.world, client.view());
        }
    }
}
