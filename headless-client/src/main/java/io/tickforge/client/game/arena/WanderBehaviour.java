package io.tickforge.client.game.arena;

import io.tickforge.client.PlayerInput;
import io.tickforge.client.bot.BotBehaviour;
import io.tickforge.client.bot.BotSituation;
import io.tickforge.shared.game.ArenaRules;
import io.tickforge.shared.world.Quantization;

import java.util.SplittableRandom;

/**
 * Walks to random waypoints inside the arena, sprinting now and then, aiming where it walks and
 * firing short random bursts. New waypoint when within 2 m or after 2..6 s.
 * Owned by the thread driving the bot; positions in 1/256 m units, ticks are server ticks.
 */
public final class WanderBehaviour implements BotBehaviour {
    private static final double MARGIN_M = 8.0;
    private static final double ARRIVED_M = 2.0;

    private final SplittableRandom random;
    private double waypointXM = Double.NaN;
    private double waypointYM;
    private long waypointUntilTick;
    private int burstTicksLeft;

    public WanderBehaviour(SplittableRandom random) {
        this.random = random;
    }

    @Override
    public void decide(BotSituation s, PlayerInput out) {
        final double selfXM = s.selfXUnits / (double) Quantization.POSITION_UNITS_PER_M;
        final double selfYM = s.selfYUnits / (double) Quantization.POSITION_UNITS_PER_M;
        double dx = waypointXM - selfXM;
        double dy = waypointYM - selfYM;
        if (Double.isNaN(waypointXM) || s.tick >= waypointUntilTick
                || dx * dx + dy * dy < ARRIVED_M * ARRIVED_M) {
            pickWaypoint(s);
            dx = waypointXM - selfXM;
            dy = waypointYM - selfYM;
        }
        final double heading = Math.atan2(dy, dx);
        out.moveTowards(heading, 1.0);
        out.aimUnits = Quantization.aimToUnits(heading);
        int buttons = random.nextInt(100) < 20 ? ArenaRules.BUTTON_SPRINT : 0;
        if (burstTicksLeft > 0) {
            burstTicksLeft--;
            buttons |= ArenaRules.BUTTON_FIRE;
        } else if (random.nextInt(s.tickRateHz * 2) == 0) {
            burstTicksLeft = s.tickRateHz / 4;
        }
        out.buttons = buttons;
    }

    private void pickWaypoint(BotSituation s) {
        final double span = ArenaRules.ARENA_SIZE_M - 2 * MARGIN_M;
        waypointXM = MARGIN_M + random.nextDouble() * span;
        waypointYM = MARGIN_M + random.nextDouble() * span;
        waypointUntilTick = s.tick + (long) s.tickRateHz * (2 + random.nextInt(5));
    }
}
