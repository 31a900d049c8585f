package io.tickforge.client.game.arena;

import io.tickforge.client.metrics.ClientMetrics;
import io.tickforge.shared.game.ArenaRules;
import io.tickforge.shared.snapshot.SnapshotDelta;
import io.tickforge.shared.snapshot.SnapshotView;
import io.tickforge.shared.world.EntityIds;
import io.tickforge.shared.world.Quantization;
import io.tickforge.shared.world.WorldSnapshot;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HitRegistrationTest {
    private static final int HZ = 60;
    private static final int SELF_X = Quantization.positionToUnits(100);
    private static final int SELF_Y = Quantization.positionToUnits(100);
    /** Aim along +x. */
    private static final int EAST = 0;
    private static final int TARGET = 5;

    private static SnapshotView view(long serverTick, int targetHealth, int targetFlags) {
        SnapshotDelta d = new SnapshotDelta(4);
        d.serverTick = serverTick;
        d.keyframe = true;
        d.addAdded(TARGET, Quantization.positionToUnits(110), SELF_Y, 0, targetHealth, targetFlags);
        SnapshotView v = new SnapshotView(4);
        v.applyDelta(null, d);
        return v;
    }

    private static WorldSnapshot others(int targetX) {
        WorldSnapshot w = new WorldSnapshot(4);
        w.clear(0);
        w.add(TARGET, targetX, SELF_Y, 0, 100, WorldSnapshot.FLAG_ALIVE);
        return w;
    }

    @Test
    void aShotOnTargetIsConfirmedByTheTargetsHealthDropAtOrAfterItsTick() {
        ClientMetrics m = new ClientMetrics();
        HitRegistration hits = new HitRegistration(m);
        hits.onFire(100, HZ, SELF_X, SELF_Y, EAST, others(Quantization.positionToUnits(110)), view(92, 100, WorldSnapshot.FLAG_ALIVE));
        assertEquals(1, m.shotsOnTarget());
        hits.resolve(view(99, 75, WorldSnapshot.FLAG_ALIVE));
        assertEquals(0, m.hitsConfirmed(), "the server state does not cover the shot's tick yet");
        assertEquals(1, hits.pendingCount());
        hits.resolve(view(100, 75, WorldSnapshot.FLAG_ALIVE));
        assertEquals(1, m.hitsConfirmed());
        assertEquals(0, hits.pendingCount());
    }

    @Test
    void noHealthDropIsAMissAndTheCooldownIsModelled() {
        ClientMetrics m = new ClientMetrics();
        HitRegistration hits = new HitRegistration(m);
        WorldSnapshot onTarget = others(Quantization.positionToUnits(110));
        hits.onFire(100, HZ, SELF_X, SELF_Y, EAST, onTarget, view(92, 100, WorldSnapshot.FLAG_ALIVE));
        // Held fire: the next shot only after the server's cooldown.
        for (long t = 101; t < 100 + ArenaRules.fireCooldownTicks(HZ); t++) {
            hits.onFire(t, HZ, SELF_X, SELF_Y, EAST, onTarget, view(92, 100, WorldSnapshot.FLAG_ALIVE));
        }
        assertEquals(1, m.shotsOnTarget());
        hits.resolve(view(101, 100, WorldSnapshot.FLAG_ALIVE));
        assertEquals(0, m.hitsConfirmed(), "the server says the target kept its health");
        hits.onFire(100 + ArenaRules.fireCooldownTicks(HZ), HZ, SELF_X, SELF_Y, EAST, onTarget,
                view(110, 25, WorldSnapshot.FLAG_ALIVE));
        hits.resolve(view(200, 0, 0));
        assertEquals(2, m.shotsOnTarget());
        assertEquals(1, m.hitsConfirmed(), "killed counts as confirmed");
    }

    @Test
    void aShotThatMissesInTheBotsOwnViewIsNotCountedAndNpcsBlock() {
        ClientMetrics m = new ClientMetrics();
        HitRegistration hits = new HitRegistration(m);
        hits.onFire(100, HZ, SELF_X, SELF_Y, EAST, others(Quantization.positionToUnits(90)), view(92, 100, WorldSnapshot.FLAG_ALIVE));
        assertEquals(0, m.shotsOnTarget(), "target behind the shooter");
        WorldSnapshot blocked = new WorldSnapshot(4);
        blocked.clear(0);
        blocked.add(TARGET, Quantization.positionToUnits(110), SELF_Y, 0, 100, WorldSnapshot.FLAG_ALIVE);
        blocked.add(EntityIds.npc(0), Quantization.positionToUnits(105), SELF_Y, 0, 100, WorldSnapshot.FLAG_ALIVE);
        assertEquals(-1, HitRegistration.firstHitPlayer(SELF_X, SELF_Y, EAST, blocked));
        assertEquals(TARGET, HitRegistration.firstHitPlayer(SELF_X, SELF_Y, EAST, others(Quantization.positionToUnits(110))));
    }
}
