package io.tickforge.tutorial;

import io.tickforge.client.GameClient;
import io.tickforge.client.InputSource;
import io.tickforge.client.PlayerInput;
import io.tickforge.shared.snapshot.SnapshotView;

/** Plays by what it sees: while "it", chases the nearest player; otherwise runs from "it", slower. */
public final class TagBot implements InputSource {
    public void sample(long tick, GameClient client, PlayerInput out) {
        final SnapshotView v = client.view();                     // the newest decoded snapshot
        final int me = v.indexOf(client.playerId());              // our entity id is our slot
        out.clear();
        if (me < 0) return;
        final boolean chasing = v.value(me, TagSchemas.IT) == 1;  // lanes as in TagSchemas
        int target = -1;
        for (int i = 0; i < v.count(); i++) {
            if (i != me && (chasing || v.value(i, TagSchemas.IT) == 1)
                    && (target < 0 || distance(v, me, i) < distance(v, me, target))) target = i;
        }
        if (target < 0) return;
        final double bearing = Math.atan2(v.y(target) - v.y(me), v.x(target) - v.x(me));
        out.moveTowards(chasing ? bearing : bearing + Math.PI, chasing ? 1.0 : 0.6);
    }

    private static double distance(SnapshotView v, int a, int b) { return Math.hypot(v.x(b) - v.x(a), v.y(b) - v.y(a)); }
}
