package io.tickforge.client.game.arena;

import io.tickforge.client.GameClient;
import io.tickforge.client.PlayerInput;
import io.tickforge.client.bot.BotBehaviour;
import io.tickforge.client.bot.BotSituation;
import io.tickforge.shared.game.ArenaRules;
import io.tickforge.shared.world.Quantization;

import java.util.SplittableRandom;

/**
 * Circles its target at about 15 m, switching strafe direction every 0.5..2 s, aiming at it and
 * firing whenever it is in range; wanders when it sees nobody.
 * Owned by the thread driving the bot; positions in 1/256 m units, ticks are server ticks.
 */
public final class StrafeAndShootBehaviour implements BotBehaviour {
    private static final double PREFERRED_DISTANCE_M = 15.0;

    private final SplittableRandom random;
    private final FiredShots shots = new FiredShots();
    private final WanderBehaviour wander;
    private int strafeSign = 1;
    private long switchAtTick;

    public StrafeAndShootBehaviour(SplittableRandom random) {
        this.random = random;
        this.wander = new WanderBehaviour(random.split());
    }

    @Override
    public void decide(BotSituation s, PlayerInput out) {
        if (!s.hasTarget()) {
            wander.decide(s, out);
            return;
        }
        if (s.tick >= switchAtTick) {
            strafeSign = random.nextBoolean() ? 1 : -1;
            switchAtTick = s.tick + s.tickRateHz / 2 + random.nextInt(s.tickRateHz * 3 / 2 + 1);
        }
        final double bearing = s.targetBearing();
        final double distanceM = s.targetDistanceM();
        // Sideways, bent towards or away from the target to hold the preferred distance.
        final double closing = Math.max(-0.6, Math.min(0.6, (distanceM - PREFERRED_DISTANCE_M) / 10.0));
        final double direction = bearing + strafeSign * (Math.PI / 2) - strafeSign * closing;
        out.moveTowards(direction, 1.0);
        out.aimUnits = Quantization.aimToUnits(bearing);
        out.buttons = distanceM <= ArenaRules.FIRE_RANGE_M ? ArenaRules.BUTTON_FIRE : 0;
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
