package io.tickforge.client.game.arena;

import io.tickforge.client.GameClient;
import io.tickforge.client.PlayerInput;
import io.tickforge.client.bot.BotBehaviour;
import io.tickforge.client.bot.BotSituation;
import io.tickforge.shared.game.ArenaRules;
import io.tickforge.shared.world.Quantization;

import java.util.SplittableRandom;

/**
 * Runs at the nearest visible target, aiming at it with a little seeded aim noise and firing
 * when it is within range; wanders when it sees nobody.
 * Owned by the thread driving the bot; positions in 1/256 m units, ticks are server ticks.
 */
public final class ChaseBehaviour implements BotBehaviour {
    /** Aim noise: up to +-2 degrees, in 16-bit aim units (65536 / 360 * 2 = 364). */
    private static final int AIM_NOISE_UNITS = 364;
    private static final double KEEP_DISTANCE_M = 3.0;

    private final SplittableRandom random;
    private final FiredShots shots = new FiredShots();
    private final WanderBehaviour wander;

    public ChaseBehaviour(SplittableRandom random) {
        this.random = random;
        this.wander = new WanderBehaviour(random.split());
    }

    @Override
    public void decide(BotSituation s, PlayerInput out) {
        if (!s.hasTarget()) {
            wander.decide(s, out);
            out.buttons &= ~ArenaRules.BUTTON_FIRE;
            return;
        }
        final double bearing = s.targetBearing();
        final double distanceM = s.targetDistanceM();
        if (distanceM > KEEP_DISTANCE_M) {
            out.moveTowards(bearing, 1.0);
        } else {
            out.moveX = 0;
            out.moveY = 0;
        }
        out.aimUnits = (Quantization.aimToUnits(bearing)
                + random.nextInt(2 * AIM_NOISE_UNITS + 1) - AIM_NOISE_UNITS) & 0xFFFF;
        int buttons = distanceM > 20.0 ? ArenaRules.BUTTON_SPRINT : 0;
        if (distanceM <= ArenaRules.FIRE_RANGE_M) {
            buttons |= ArenaRules.BUTTON_FIRE;
        }
        out.buttons = buttons;
    }

    /** Reads the controller's target (nearest living player, else NPC). */
    @Override
    public boolean usesTarget() {
        return true;
    }

    /** Keeps the hit-registration figure for the shots this input fires. */
    @Override
    public void afterDecide(GameClient client, BotSituation s, PlayerInput out) {
        shots.afterDecide(client, s, out);
    }
}
