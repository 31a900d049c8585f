package io.tickforge.client.game.zone;

import io.tickforge.client.PlayerInput;
import io.tickforge.client.bot.BotBehaviour;
import io.tickforge.client.bot.BotSituation;
import io.tickforge.shared.game.zone.ZoneRules;
import io.tickforge.shared.game.zone.ZoneSchemas;
import io.tickforge.shared.world.EntityIds;
import io.tickforge.shared.world.EntityLayout;
import io.tickforge.shared.world.Quantization;
import io.tickforge.shared.world.WorldSnapshot;

import java.util.SplittableRandom;

/**
 * The zone game's bot ({@code --game zone}): picks up an item lying close on its way, then walks
 * to the nearest zone its team does not hold at 100 % and stands on it (on the ground, or it
 * would not count), jumping now and then while it walks; with nothing to take in view (the server
 * sends only what is within the interest radius) it heads for the middle of the world. Reads the interpolated world by lane,
 * through the world's own layout ({@code layout.lane("team")}), not by fixed offsets: zones are
 * the non-player entities without an item id, items those with one. Its own team and item come
 * from its own entity ({@link BotSituation#self}); while those are unknown it treats every zone
 * not at 100 % as worth taking. Owned by the thread driving the bot; positions in 1/256 m units;
 * {@link #decide} allocates nothing.
 */
public final class CaptureBehaviour implements BotBehaviour {
    /** An item this close (m) is worth the detour. */
    private static final int ITEM_DETOUR_UNITS = 16 * ZoneRules.UNITS_PER_M;
    /** Close enough to a zone's centre to stop and capture. */
    private static final int ON_ZONE_UNITS = ZoneRules.ZONE_RADIUS_UNITS / 2;

    private final SplittableRandom random;
    private EntityLayout layout;
    private int laneX;
    private int laneTeam;
    private int laneItem;
    private int laneProgress;

    /** What the last decision aimed for: -1 none, else the entity id. */
    private int goalId = -1;

    public CaptureBehaviour(SplittableRandom random) {
        this.random = random;
    }

    @Override
    public boolean readsWorld() {
        return true;
    }

    @Override
    public void decide(BotSituation s, PlayerInput out) {
        final WorldSnapshot w = s.world;
        out.buttons = 0;
        if (w == null || !lanes(w.layout)) {
            goalId = -1;
            walkTo(s, out, ZoneRules.WORLD_MAX_UNITS / 2, ZoneRules.WORLD_MAX_UNITS / 2);
            return;
        }
        final int myTeam = selfValue(s, laneTeam, -1);
        final int myItem = selfValue(s, laneItem, 0);
        int best = -1;
        long bestD2 = Long.MAX_VALUE;
        boolean bestIsItem = false;
        for (int i = 0; i < w.count; i++) {
            if (EntityIds.isPlayer(w.entityId[i])) {
                continue;
            }
            final long d2 = distance2(s, w.lanes[laneX][i], w.lanes[laneX + 1][i]);
            final int item = w.lanes[laneItem][i];
            if (item != 0) {
                // An item on the ground: worth it when close and the hands are free.
                if (myItem == 0 && d2 <= (long) ITEM_DETOUR_UNITS * ITEM_DETOUR_UNITS && (!bestIsItem || d2 < bestD2)) {
                    best = i;
                    bestD2 = d2;
                    bestIsItem = true;
                }
                continue;
            }
            if (bestIsItem) {
                continue;
            }
            final boolean held = w.lanes[laneProgress][i] == ZoneRules.PROGRESS_MAX
                    && (myTeam < 0 || w.lanes[laneTeam][i] == myTeam);
            if (!held && d2 < bestD2) {
                best = i;
                bestD2 = d2;
            }
        }
        if (best < 0) {
            // Nothing to take in view (interest is limited): head for the middle, where every zone is
            // closer, and wait there.
            goalId = -1;
            final int mid = ZoneRules.WORLD_MAX_UNITS / 2;
            if (distance2(s, mid, mid) > (long) ON_ZONE_UNITS * ON_ZONE_UNITS) {
                walkTo(s, out, mid, mid);
            } else {
                out.moveX = 0;
                out.moveY = 0;
            }
            return;
        }
        goalId = w.entityId[best];
        final int gx = w.lanes[laneX][best];
        final int gy = w.lanes[laneX + 1][best];
        if (bestIsItem) {
            walkTo(s, out, gx, gy);
            if (bestD2 <= (long) ZoneRules.PICKUP_RADIUS_UNITS * ZoneRules.PICKUP_RADIUS_UNITS) {
                out.buttons = ZoneRules.BUTTON_INTERACT;
            }
            return;
        }
        if (bestD2 <= (long) ON_ZONE_UNITS * ON_ZONE_UNITS) {
            // On the zone: stand still on the ground, facing its centre.
            out.moveX = 0;
            out.moveY = 0;
            return;
        }
        walkTo(s, out, gx, gy);
        if (random.nextInt(Math.max(1, 2 * s.tickRateHz)) == 0) {
            out.buttons = ZoneRules.BUTTON_JUMP;
        }
    }

    /** Entity id of what the last decision went for (a zone or an item); -1 for none. */
    public int goalId() {
        return goalId;
    }

    private boolean lanes(EntityLayout l) {
        if (l == layout) {
            return laneX >= 0;
        }
        layout = l;
        laneX = l.lane(ZoneSchemas.POS);
        laneTeam = l.lane(ZoneSchemas.TEAM);
        laneItem = l.lane(ZoneSchemas.ITEM);
        laneProgress = l.lane(ZoneSchemas.PROGRESS);
        if (laneX < 0 || l.dims < 2 || laneTeam < 0 || laneItem < 0 || laneProgress < 0) {
            laneX = -1; // not the zone game's entities: wander to the middle
        }
        return laneX >= 0;
    }

    private static int selfValue(BotSituation s, int lane, int unknown) {
        final WorldSnapshot self = s.self;
        if (self == null || self.count == 0 || self.layout.values <= lane) {
            return unknown;
        }
        return self.lanes[lane][0];
    }

    private static long distance2(BotSituation s, int x, int y) {
        final long dx = (long) x - s.selfXUnits;
        final long dy = (long) y - s.selfYUnits;
        return dx * dx + dy * dy;
    }

    private static void walkTo(BotSituation s, PlayerInput out, int x, int y) {
        final double bearing = Math.atan2(y - s.selfYUnits, x - s.selfXUnits);
        out.moveTowards(bearing, 1.0);
        out.aimUnits = Quantization.aimToUnits(bearing);
    }
}
