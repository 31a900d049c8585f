package io.tickforge.client.interp;

import io.tickforge.shared.snapshot.SnapshotDelta;
import io.tickforge.shared.snapshot.SnapshotView;
import io.tickforge.shared.world.EntityIds;
import io.tickforge.shared.world.Quantization;
import io.tickforge.shared.world.WorldSnapshot;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InterpolationBufferTest {

    private static WorldSnapshot frame(long tick, int... idXY) {
        final WorldSnapshot w = new WorldSnapshot(16);
        w.clear(tick);
        for (int i = 0; i < idXY.length; i += 3) {
            w.add(idXY[i], idXY[i + 1], idXY[i + 2], 0, 100, WorldSnapshot.FLAG_ALIVE);
        }
        return w;
    }

    private static InterpolationBuffer buffer() {
        return new InterpolationBuffer(8, 16, 0, EntityIds.NPC_BASE, 4.0);
    }

    @Test
    void blendsLinearlyBetweenTheBracketingTicks() {
        final InterpolationBuffer buf = buffer();
        final WorldSnapshot out = new WorldSnapshot(16);
        assertFalse(buf.sample(10, out));
        buf.push(frame(10, 1, 1000, 2000));
        buf.push(frame(12, 1, 1100, 2000)); // tick 11 lost
        buf.push(frame(13, 1, 1150, 1900));

        assertTrue(buf.sample(11.0, out));
        assertEquals(1, out.count);
        assertEquals(1050, out.x[0]); // halfway from 1000 (tick 10) to 1100 (tick 12)
        assertEquals(2000, out.y[0]);

        buf.sample(12.5, out);
        assertEquals(1125, out.x[0]);
        assertEquals(1950, out.y[0]);
        assertEquals(0, buf.starvedSamples());
    }

    @Test
    void holdsNewestWhenStarvedAndOldestWhenTooOld() {
        final InterpolationBuffer buf = buffer();
        final WorldSnapshot out = new WorldSnapshot(16);
        buf.push(frame(20, 3, 500, 500));
        buf.push(frame(21, 3, 600, 500));
        buf.sample(25.0, out);
        assertEquals(600, out.x[0]);
        assertEquals(1, buf.starvedSamples());
        buf.sample(5.0, out);
        assertEquals(500, out.x[0]);
    }

    @Test
    void enteringEntitiesWaitLeavingEntitiesStayAndPlayersOnlyFilterApplies() {
        final InterpolationBuffer buf = buffer();
        final WorldSnapshot out = new WorldSnapshot(16);
        // id 2 leaves after tick 30, id 4 enters at tick 31, NPC 1024 is filtered out.
        buf.push(frame(30, 2, 100, 100, 3, 0, 0, EntityIds.npc(0), 7, 7));
        buf.push(frame(31, 3, 256, 0, 4, 900, 900));
        buf.sample(30.5, out);
        assertEquals(2, out.count);
        assertEquals(2, out.entityId[0]);
        assertEquals(100, out.x[0]);
        assertEquals(3, out.entityId[1]);
        assertEquals(128, out.x[1]);
        buf.sample(31.0, out);
        assertEquals(2, out.count);
        assertEquals(4, out.entityId[1]);
    }

    @Test
    void respawnJumpIsNotSmeared() {
        final InterpolationBuffer buf = buffer();
        final WorldSnapshot out = new WorldSnapshot(16);
        final int far = Quantization.positionToUnits(100);
        buf.push(frame(40, 5, 0, 0));
        buf.push(frame(41, 5, far, 0)); // 100 m in one tick: a respawn, beyond the 4 m teleport distance
        buf.sample(40.5, out);
        assertEquals(0, out.x[0]);
    }

    @Test
    void staleAndDuplicateTicksAreIgnoredAndDelayFollowsInterval() {
        final InterpolationBuffer buf = buffer();
        buf.push(frame(50, 1, 0, 0));
        buf.push(frame(50, 1, 9, 9));
        buf.push(frame(49, 1, 9, 9));
        assertEquals(2, buf.staleIgnored());
        // Every tick so far: 2.5 * 1 tick.
        assertEquals(2.5, buf.renderDelayTicks(), 1e-9);
        // Snapshots every 2 ticks for a while: delay tends to 2.5 * 2 = 5 ticks.
        for (long t = 52; t < 52 + 2 * 200; t += 2) {
            buf.push(frame(t, 1, 0, 0));
        }
        assertEquals(5.0, buf.renderDelayTicks(), 0.01);
        assertEquals(100.0 - 5.0, buf.renderTick(100.0), 0.01);
    }

    @Test
    void headingTakesTheShortArc() {
        // 4000 -> 96 (i.e. +192 units across the wrap at 4096): halfway is 4096 + 0 = 0.
        assertEquals(0, InterpolationBuffer.lerpHeading(4000, 96, 0.5));
        assertEquals(4048, InterpolationBuffer.lerpHeading(96, 4000, 0.75));
    }

    @Test
    void pushesStraightFromTheDecoderViewWithoutTheOwnPlayer() {
        final SnapshotDelta d = new SnapshotDelta(4);
        d.serverTick = 70;
        d.keyframe = true;
        d.addAdded(1, 100, 10, 5, 100, WorldSnapshot.FLAG_ALIVE);
        d.addAdded(2, 200, 20, 6, 100, WorldSnapshot.FLAG_ALIVE); // our own player
        d.addAdded(EntityIds.npc(3), 300, 30, 7, 100, WorldSnapshot.FLAG_ALIVE); // beyond the players-only range
        final SnapshotView view = new SnapshotView(4);
        view.applyDelta(null, d);
        final InterpolationBuffer buf = buffer();
        buf.push(70, view, 2);
        final WorldSnapshot out = new WorldSnapshot(16);
        buf.sample(70.0, out);
        assertEquals(1, out.count);
        assertEquals(1, out.entityId[0]);
        assertEquals(100, out.x[0]);
        assertEquals(10, out.y[0]);
        assertEquals(5, out.lanes[WorldSnapshot.HEADING][0]);
        buf.push(70, view, 2);
        assertEquals(1, buf.staleIgnored());
    }
}
