package io.tickforge.client.bot;

import io.tickforge.shared.world.WorldSnapshot;

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
    /** The own player's entity id (its slot); -1 before joining. */
    public int selfId = -1;
    /**
     * For behaviours that {@linkplain BotBehaviour#readsWorld read the world} or
     * {@linkplain BotBehaviour#usesTarget use a target}: the other entities as interpolated for
     * this tick, in the game's layout (read lanes with {@code world.layout.lane(fieldName)}); null
     * before the first snapshot, and always for other behaviours. Valid during {@code decide} and
     * {@code afterDecide} only.
     */
    public WorldSnapshot world;
    /**
     * The own entity as the server last sent it, in the game's layout (at most one entity, id
     * {@link #selfId}); {@code self.count == 0} while unknown. Valid during {@code decide} only.
     */
    public WorldSnapshot self;

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
