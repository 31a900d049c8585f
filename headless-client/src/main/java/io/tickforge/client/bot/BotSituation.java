package io.tickforge.client.bot;

/**
 * What a bot knows when it picks its input for one tick: its own predicted position and the
 * nearest other entity it can see, all in 1/256 m units. Filled by the client before each call;
 * mutable and reused, owned by the thread that drives the bot.
 */
public final class BotSituation {
    /** The tick the input is for. */
    public long tick;
    public int tickRateHz = 60;
    public int selfXUnits;
    public int selfYUnits;
    public boolean selfAlive = true;
    /** Entity id of the nearest visible other player (or NPC when no player is visible), -1 if none. */
    public int targetId = -1;
    public int targetXUnits;
    public int targetYUnits;

    public boolean hasTarget() {
        return targetId >= 0;
    }

    /** Distance to the target in metres; +infinity without one. */
    public double targetDistanceM() {
        if (targetId < 0) {
            return Double.POSITIVE_INFINITY;
        }
        final double dx = (targetXUnits - selfXUnits) / 256.0;
        final double dy = (targetYUnits - selfYUnits) / 256.0;
        return Math.sqrt(dx * dx + dy * dy);
    }

    /** Direction from self to the target in radians. */
    public double targetBearing() {
        return Math.atan2(targetYUnits - selfYUnits, targetXUnits - selfXUnits);
    }
}
