package io.tickforge.tutorial;

import io.tickforge.client.PlayerInput;
import io.tickforge.client.bot.BotBehaviour;
import io.tickforge.client.bot.BotSituation;
import io.tickforge.shared.world.WorldSnapshot;

/** Plays by what it sees: while "it", chases the nearest player; otherwise runs from "it", slower. */
public final class TagBot implements BotBehaviour {
    public boolean readsWorld() { return true; }                  // fill s.world (the others) and s.self
    public void decide(BotSituation s, PlayerInput out) {
        final WorldSnapshot w = s.world, me = s.self;             // lanes as in TagSchemas
        out.clear();
        if (w == null || me.count == 0) return;                   // nothing seen yet
        final boolean chasing = me.lanes[TagSchemas.IT][0] == 1;
        int target = -1;
        for (int i = 0; i < w.count; i++) {
            if ((chasing || w.lanes[TagSchemas.IT][i] == 1)
                    && (target < 0 || distance(me, w, i) < distance(me, w, target))) target = i;
        }
        if (target < 0) return;
        final double bearing = Math.atan2(w.y[target] - me.y[0], w.x[target] - me.x[0]);
        out.moveTowards(chasing ? bearing : bearing + Math.PI, chasing ? 1.0 : 0.6);
    }

    private static double distance(WorldSnapshot me, WorldSnapshot w, int i) { return Math.hypot(w.x[i] - me.x[0], w.y[i] - me.y[0]); }
}
