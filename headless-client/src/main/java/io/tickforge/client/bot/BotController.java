package io.tickforge.client.bot;

import io.tickforge.client.GameClient;
import io.tickforge.client.InputSource;
import io.tickforge.client.PlayerInput;
import io.tickforge.shared.snapshot.SnapshotView;
import io.tickforge.shared.world.EntityIds;
import io.tickforge.shared.world.EntityLayout;
import io.tickforge.shared.world.WorldSnapshot;

/**
 * Plugs a {@link BotBehaviour} into a {@link GameClient}: before each input tick it fills the
 * bot's situation from the client's own predicted position and, for behaviours that ask for them,
 * the interpolated view of the others in the game's layout, its own entity and a target (nearest
 * living player, else nearest NPC); then it asks the behaviour, and hands it the input to keep its
 * own figures ({@link BotBehaviour#afterDecide}). Knows no game. Owned by the thread driving the
 * client; preallocated, no allocation per tick.
 */
public final class BotController implements InputSource {
    private final BotBehaviour behaviour;
    private final BotSituation situation = new BotSituation();
    private final WorldSnapshot others;
    private final WorldSnapshot self;
    private final boolean needsTarget;
    private final boolean readsWorld;

    /** A controller for the fixed shape's layout ({@link EntityLayout#FIXED}, the arena's). */
    public BotController(BotBehaviour behaviour, int maxVisibleEntities) {
        this(behaviour, maxVisibleEntities, EntityLayout.FIXED);
    }

    /** A controller for a game whose entities have {@code layout} ({@code BotGames.installed().entityLayout(game)}). */
    public BotController(BotBehaviour behaviour, int maxVisibleEntities, EntityLayout layout) {
        this.behaviour = behaviour;
        this.others = new WorldSnapshot(layout, maxVisibleEntities);
        this.self = new WorldSnapshot(layout, 1);
        this.needsTarget = behaviour.usesTarget();
        this.readsWorld = behaviour.readsWorld();
    }

    @Override
    public void sample(long tick, GameClient client, PlayerInput out) {
        final BotSituation s = situation;
        s.tick = tick;
        s.tickRateHz = client.tickRateHz();
        if (client.hasOwnState()) {
            s.selfXUnits = client.predictedX();
            s.selfYUnits = client.predictedY();
            s.selfAlive = client.predictor().alive();
        }
        s.targetId = -1;
        s.selfId = client.playerId();
        final boolean seen = (needsTarget || readsWorld) && client.interpolated(client.nowNs(), others);
        if (seen && needsTarget) {
            pickTarget(s);
        }
        s.world = seen ? others : null;
        if (readsWorld) {
            fillSelf(tick, client, s.selfId);
            s.self = self;
        }
        behaviour.decide(s, out);
        behaviour.afterDecide(client, s, out);
    }

    /** The own entity from the newest decoded snapshot (the interpolated world leaves it out). */
    private void fillSelf(long tick, GameClient client, int selfId) {
        self.clear(tick);
        if (selfId < 0 || client.view() == null) {
            return;
        }
        final SnapshotView view = client.view();
        final int i = view.indexOf(selfId);
        if (i < 0) {
            return;
        }
        if (view.layout().values != self.lanes.length) {
            return; // another game's entities (a client configured for other schemas)
        }
        final int j = self.add(selfId);
        for (int k = 0; k < self.lanes.length; k++) {
            self.lanes[k][j] = view.value(i, k);
        }
    }

    private void pickTarget(BotSituation s) {
        long bestPlayer = Long.MAX_VALUE;
        long bestNpc = Long.MAX_VALUE;
        int playerIdx = -1;
        int npcIdx = -1;
        final WorldSnapshot w = others;
        for (int i = 0; i < w.count; i++) {
            if ((w.lanes[WorldSnapshot.FLAGS][i] & WorldSnapshot.FLAG_ALIVE) == 0) {
                continue;
            }
            final long dx = w.x[i] - s.selfXUnits;
            final long dy = w.y[i] - s.selfYUnits;
            final long d2 = dx * dx + dy * dy;
            if (EntityIds.isPlayer(w.entityId[i])) {
                if (d2 < bestPlayer) {
                    bestPlayer = d2;
                    playerIdx = i;
                }
            } else if (d2 < bestNpc) {
                bestNpc = d2;
                npcIdx = i;
            }
        }
        final int idx = playerIdx >= 0 ? playerIdx : npcIdx;
        if (idx >= 0) {
            s.targetId = w.entityId[idx];
            s.targetXUnits = w.x[idx];
            s.targetYUnits = w.y[idx];
        }
    }

    @Override
    public int packetsPerTick() {
        return behaviour.packetsPerTick();
    }

    public BotBehaviour behaviour() {
        return behaviour;
    }
}
