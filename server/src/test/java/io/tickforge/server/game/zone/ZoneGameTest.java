package io.tickforge.server.game.zone;

import io.tickforge.server.gameapi.GameContext;
import io.tickforge.server.gameapi.GamePlayer;
import io.tickforge.server.gameapi.PlayerInputs;
import io.tickforge.shared.game.zone.ZoneRules;
import io.tickforge.shared.game.zone.ZoneSchemas;
import io.tickforge.shared.world.EntityIds;
import io.tickforge.shared.world.EntityLayout;
import io.tickforge.shared.world.Quantization;
import io.tickforge.shared.world.WorldSnapshot;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

import static io.tickforge.shared.game.zone.ZoneRules.BUTTON_INTERACT;
import static io.tickforge.shared.game.zone.ZoneRules.BUTTON_JUMP;
import static io.tickforge.shared.game.zone.ZoneRules.TEAM_BLUE;
import static io.tickforge.shared.game.zone.ZoneRules.TEAM_NONE;
import static io.tickforge.shared.game.zone.ZoneRules.TEAM_RED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The zone game's rules, driven directly (no session, no sockets): joins, inputs, ticks, and the
 * snapshot it writes, read back by lane through the game's own layout.
 */
class ZoneGameTest {
    private static final int RATE = 60;
    private static final int MAX_PLAYERS = 8;

    private ZoneGame game;
    private EntityLayout layout;
    private WorldSnapshot out;
    private Inputs inputs;
    private final GamePlayer[] players = new GamePlayer[MAX_PLAYERS];
    private long tick;
    private int laneX;
    private int laneZ;
    private int laneHeading;
    private int laneTeam;
    private int laneItem;
    private int laneProgress;
    private int laneFlags;

    @BeforeEach
    void setUp() {
        create(2, 4);
    }

    private void create(int zones, int items) {
        game = new ZoneGame(MAX_PLAYERS, RATE, zones, items);
        layout = game.describe().entityLayout();
        out = new WorldSnapshot(layout, game.describe().maxEntities());
        inputs = new Inputs();
        tick = 100;
        game.start(new GameContext(1, RATE, MAX_PLAYERS, tick));
        laneX = layout.requireLane(ZoneSchemas.POS);
        laneZ = laneX + 2;
        laneHeading = layout.requireLane(ZoneSchemas.HEADING);
        laneTeam = layout.requireLane(ZoneSchemas.TEAM);
        laneItem = layout.requireLane(ZoneSchemas.ITEM);
        laneProgress = layout.requireLane(ZoneSchemas.PROGRESS);
        laneFlags = layout.requireLane(ZoneSchemas.FLAGS);
    }

    private void join(int slot) {
        players[slot] = new GamePlayer(slot, "p" + slot);
        assertTrue(game.joinAttempt(players[slot]).accepted());
        game.join(players[slot], tick);
        inputs.present[slot] = true;
    }

    private void leave(int slot) {
        game.leave(players[slot], tick);
        inputs.present[slot] = false;
    }

    /** One tick with the inputs as set, then the snapshot, checked lane by lane. */
    private void step() {
        game.tick(tick, inputs);
        game.writeSnapshot(out);
        assertEquals(tick, out.tick);
        assertAllValid();
        tick++;
    }

    private void steps(int n) {
        for (int i = 0; i < n; i++) {
            step();
        }
    }

    private void assertAllValid() {
        for (int i = 0; i < out.count; i++) {
            for (int k = 0; k < layout.values; k++) {
                final int v = out.lanes[k][i];
                assertTrue(layout.accepts(k, v), "entity " + out.entityId[i] + " " + layout.describeLane(k) + " = " + v);
            }
        }
    }

    private int row(int entityId) {
        final int i = out.indexOf(entityId);
        assertTrue(i >= 0, "entity " + entityId + " in the snapshot");
        return i;
    }

    private void putOnZone(int slot, int zone) {
        game.teleport(slot, ZoneRules.zoneXUnits(zone), ZoneRules.zoneYUnits(zone));
    }

    @Test
    void theLayoutHasA3dPositionAndTheGamesFields() {
        assertEquals(3, layout.dims);
        assertEquals(10, layout.values);
        assertEquals(ZoneSchemas.ENTITY, game.describe().entitySchema());
        assertEquals(ZoneSchemas.INPUT, game.describe().inputSchema());
        assertEquals(ZoneRules.WORLD_SIZE_M, game.describe().worldSizeM());
        assertEquals(MAX_PLAYERS + 2 + 4, game.describe().maxEntities());
    }

    @Test
    void teamsAlternateOnJoinAndALeaverIsReplacedOnItsTeam() {
        for (int s = 0; s < 4; s++) {
            join(s);
        }
        assertEquals(TEAM_RED, game.team(0));
        assertEquals(TEAM_BLUE, game.team(1));
        assertEquals(TEAM_RED, game.team(2));
        assertEquals(TEAM_BLUE, game.team(3));
        step();
        for (int s = 0; s < 4; s++) {
            assertEquals(game.team(s), out.lanes[laneTeam][row(EntityIds.player(s))], "team lane of slot " + s);
        }
        // Red spawns west, blue east.
        assertTrue(out.lanes[laneX][row(0)] < ZoneRules.WORLD_MAX_UNITS / 4);
        assertTrue(out.lanes[laneX][row(1)] > 3 * ZoneRules.WORLD_MAX_UNITS / 4);
        leave(1);
        join(5);
        assertEquals(TEAM_BLUE, game.team(5), "blue was short of one player");
        join(6);
        assertEquals(TEAM_RED, game.team(6), "a tie alternates: the last join was blue");
        join(7);
        assertEquals(TEAM_BLUE, game.team(7));
        leave(2);
        join(1);
        assertEquals(TEAM_RED, game.team(1), "red was short of one player");
        join(4);
        assertEquals(TEAM_BLUE, game.team(4), "a tie alternates: the last join was red");
    }

    @Test
    void aJumpRisesFlagsAirborneAndLandsOnTheGround() {
        join(0);
        step();
        final int p = EntityIds.player(0);
        assertEquals(0, out.lanes[laneZ][row(p)]);
        assertEquals(ZoneRules.FLAG_ALIVE, out.lanes[laneFlags][row(p)]);
        inputs.buttons[0] = BUTTON_JUMP;
        step();
        inputs.buttons[0] = 0;
        assertTrue(out.lanes[laneZ][row(p)] > 0, "rose");
        assertEquals(ZoneRules.FLAG_ALIVE | ZoneRules.FLAG_AIRBORNE, out.lanes[laneFlags][row(p)]);
        int apex = 0;
        int airTicks = 1;
        while ((out.lanes[laneFlags][row(p)] & ZoneRules.FLAG_AIRBORNE) != 0) {
            step();
            apex = Math.max(apex, out.lanes[laneZ][row(p)]);
            assertTrue(++airTicks < RATE * 2, "never landed");
        }
        assertTrue(apex > 140, "apex " + apex + " units, about 0.62 m");
        assertTrue(airTicks >= RATE / 2 - 2 && airTicks <= RATE / 2 + 2, "airtime " + airTicks);
        assertTrue(game.onGround(0));
        assertEquals(0, out.lanes[laneZ][row(p)], "landed on z = 0");
        assertEquals(ZoneRules.FLAG_ALIVE, out.lanes[laneFlags][row(p)], "landed: not airborne");
    }

    @Test
    void inputsMoveTheHeadingAndThePosition() {
        join(0);
        step();
        final int x0 = out.lanes[laneX][row(0)];
        inputs.moveX[0] = 127;
        inputs.aim[0] = Quantization.AIM_UNITS_PER_TURN / 4; // +y
        step();
        assertEquals(x0 + 21, out.lanes[laneX][row(0)], "5 m/s at 60 Hz: 21 units per tick");
        assertEquals(Quantization.HEADING_UNITS_PER_TURN / 4, out.lanes[laneHeading][row(0)]);
    }

    @Test
    void captureGrowsOnlyWithPlayersOnTheGroundInTheZone() {
        join(0);
        game.teleport(0, ZoneRules.zoneXUnits(0) + ZoneRules.ZONE_RADIUS_UNITS + 1, ZoneRules.zoneYUnits(0));
        steps(10);
        assertEquals(0, game.zoneUnits(0), "just outside the zone");
        assertEquals(TEAM_NONE, out.lanes[laneTeam][row(game.zoneEntityId(0))]);

        game.teleport(0, ZoneRules.zoneXUnits(0) + ZoneRules.ZONE_RADIUS_UNITS, ZoneRules.zoneYUnits(0));
        steps(10);
        assertEquals(10, game.zoneUnits(0), "on the rim, on the ground: one unit per tick");
        assertEquals(TEAM_RED, game.zoneOwner(0));
        assertEquals(0, game.zoneUnits(1), "the other zone is untouched");

        // Jumping on the spot: only the ticks that end on the ground count.
        inputs.buttons[0] = BUTTON_JUMP;
        int groundTicks = 0;
        for (int i = 0; i < 3 * RATE; i++) {
            step();
            if (game.onGround(0)) {
                groundTicks++;
            }
        }
        assertTrue(groundTicks > 0 && groundTicks < 20, "mostly in the air: " + groundTicks);
        assertEquals(10 + groundTicks, game.zoneUnits(0), "no progress while airborne");

        // Progress as replicated: percent of full, rounded down.
        final int i = row(game.zoneEntityId(0));
        assertEquals(game.zoneUnits(0) * 100 / game.fullCaptureUnits(), out.lanes[laneProgress][i]);
        assertEquals(TEAM_RED, out.lanes[laneTeam][i]);
        assertEquals(ZoneRules.zoneXUnits(0), out.lanes[laneX][i]);
        assertEquals(0, out.lanes[laneZ][i]);
    }

    @Test
    void aCarriedItemDoublesTheCaptureRate() {
        join(0); // red
        join(1); // blue
        join(2); // red, will carry an item
        game.teleport(1, ZoneRules.zoneXUnits(1) + 3 * ZoneRules.UNITS_PER_M * 10, ZoneRules.zoneYUnits(1)); // out of the way
        game.teleport(2, ZoneRules.itemXUnits(0), ZoneRules.itemYUnits(0));
        inputs.buttons[2] = BUTTON_INTERACT;
        step();
        inputs.buttons[2] = 0;
        assertEquals(1, game.carriedItem(2));
        putOnZone(0, 0);
        putOnZone(2, 1);
        steps(30);
        assertEquals(30, game.zoneUnits(0), "on foot, no item");
        assertEquals(60, game.zoneUnits(1), "with an item: twice as fast");
        // Together on one zone: the weights add up.
        putOnZone(0, 1);
        steps(10);
        assertEquals(60 + 30, game.zoneUnits(1));
    }

    @Test
    void theOtherTeamUncapturesAndAContestedZoneStands() {
        join(0); // red
        join(1); // blue
        game.teleport(1, 20 * ZoneRules.UNITS_PER_M, 120 * ZoneRules.UNITS_PER_M);
        putOnZone(0, 0);
        steps(10);
        assertEquals(10, game.zoneUnits(0));
        putOnZone(1, 0);
        steps(10);
        assertEquals(10, game.zoneUnits(0), "contested while capturing: no change");
        game.teleport(1, 20 * ZoneRules.UNITS_PER_M, 120 * ZoneRules.UNITS_PER_M);
        final int full = game.fullCaptureUnits();
        steps(full - 10 + 5);
        assertEquals(full, game.zoneUnits(0), "capped at full");
        assertEquals(100, out.lanes[laneProgress][row(game.zoneEntityId(0))]);
        final long redScore = game.score(TEAM_RED);
        assertEquals(6, redScore, "one point per tick held at 100 %");

        putOnZone(1, 0);
        steps(20);
        assertEquals(full, game.zoneUnits(0), "contested: no change");
        assertEquals(redScore + 20, game.score(TEAM_RED), "still held");

        game.teleport(0, 20 * ZoneRules.UNITS_PER_M, 120 * ZoneRules.UNITS_PER_M);
        steps(full - 1);
        assertEquals(1, game.zoneUnits(0));
        assertEquals(TEAM_RED, game.zoneOwner(0), "still red's until emptied");
        assertEquals(0, game.score(TEAM_BLUE));
        steps(1);
        assertEquals(0, game.zoneUnits(0));
        assertEquals(TEAM_NONE, out.lanes[laneTeam][row(game.zoneEntityId(0))], "neutral at zero");
        steps(1);
        assertEquals(TEAM_BLUE, out.lanes[laneTeam][row(game.zoneEntityId(0))], "then blue's");
        assertEquals(1, game.zoneUnits(0));
    }

    @Test
    void itemsArePickedUpWithInteractAndDroppedWhereTheLeaverStood() {
        join(0);
        join(1);
        final int itemId = game.itemEntityId(2);
        step();
        assertEquals(3, out.lanes[laneItem][row(itemId)], "an item entity carries its own id");
        assertEquals(ZoneRules.itemXUnits(2), out.lanes[laneX][row(itemId)]);

        // Interact away from any item: nothing.
        game.teleport(0, ZoneRules.itemXUnits(2) + 2 * ZoneRules.UNITS_PER_M, ZoneRules.itemYUnits(2));
        inputs.buttons[0] = BUTTON_INTERACT;
        step();
        assertEquals(0, game.carriedItem(0), "2 m away is too far");
        // Standing on it without interact: nothing.
        game.teleport(0, ZoneRules.itemXUnits(2) + ZoneRules.UNITS_PER_M, ZoneRules.itemYUnits(2));
        inputs.buttons[0] = 0;
        step();
        assertEquals(0, game.carriedItem(0), "no pick-up without interact");
        inputs.buttons[0] = BUTTON_INTERACT;
        step();
        assertEquals(3, game.carriedItem(0));
        assertEquals(0, game.itemCarrier(2));
        assertTrue(out.indexOf(itemId) < 0, "a carried item is not on the ground");
        assertEquals(3, out.lanes[laneItem][row(EntityIds.player(0))], "the carrier shows it");

        // Interact again near another item: one item at a time.
        game.teleport(0, ZoneRules.itemXUnits(3), ZoneRules.itemYUnits(3));
        step();
        assertEquals(3, game.carriedItem(0));
        assertEquals(-1, game.itemCarrier(3));

        // Leave somewhere else: the item lies there.
        final int dropX = 70 * ZoneRules.UNITS_PER_M;
        final int dropY = 50 * ZoneRules.UNITS_PER_M;
        game.teleport(0, dropX, dropY);
        inputs.buttons[0] = 0;
        leave(0);
        step();
        assertTrue(out.indexOf(EntityIds.player(0)) < 0);
        final int i = row(itemId);
        assertEquals(dropX, out.lanes[laneX][i]);
        assertEquals(dropY, out.lanes[laneX + 1][i]);
        assertEquals(0, out.lanes[laneZ][i]);
        assertEquals(3, out.lanes[laneItem][i]);
        assertEquals(-1, game.itemCarrier(2));

        // Someone else picks it up there.
        game.teleport(1, dropX, dropY);
        inputs.buttons[1] = BUTTON_INTERACT;
        step();
        assertEquals(3, game.carriedItem(1));
    }

    @Test
    void leaveCleansUpAndAnotherPlayerCanTakeTheSlot() {
        join(0);
        join(1);
        putOnZone(0, 0);
        game.teleport(0, ZoneRules.itemXUnits(3), ZoneRules.itemYUnits(3));
        inputs.buttons[0] = BUTTON_INTERACT;
        step();
        assertEquals(4, game.carriedItem(0));
        inputs.buttons[0] = BUTTON_JUMP;
        step();
        leave(0);
        assertEquals(1, game.playerCount());
        assertFalse(game.isPresent(0));
        step();
        assertEquals(-1, out.indexOf(EntityIds.player(0)));
        assertEquals(1 + 2 + 4, out.count, "one player, two zones, four items on the ground");
        join(0);
        assertEquals(TEAM_RED, game.team(0), "red was short");
        assertEquals(0, game.carriedItem(0), "a fresh player carries nothing");
        assertTrue(game.onGround(0), "and stands on the ground");
        step();
        assertEquals(0, out.lanes[laneItem][row(0)]);
        assertThrows(IllegalStateException.class, () -> game.join(new GamePlayer(0, "again"), tick));
    }

    @Test
    void randomPlayWritesOnlyValidValuesInAscendingIds() {
        create(ZoneRules.MAX_ZONES, ZoneRules.MAX_ITEMS);
        final SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 4000; round++) {
            final int s = random.nextInt(MAX_PLAYERS);
            if (random.nextInt(50) == 0) {
                if (game.isPresent(s)) {
                    leave(s);
                } else {
                    join(s);
                }
            }
            for (int p = 0; p < MAX_PLAYERS; p++) {
                inputs.moveX[p] = random.nextInt(255) - 127;
                inputs.moveY[p] = random.nextInt(255) - 127;
                inputs.aim[p] = random.nextInt(65536);
                inputs.buttons[p] = random.nextInt(4);
            }
            step(); // checks every lane of every entity
            for (int i = 1; i < out.count; i++) {
                assertTrue(out.entityId[i - 1] < out.entityId[i]);
            }
            for (int i = 0; i < out.count; i++) {
                if (EntityIds.isPlayer(out.entityId[i])) {
                    assertNotEquals(TEAM_NONE, out.lanes[laneTeam][i], "a player has a team");
                    assertEquals(0, out.lanes[laneProgress][i]);
                }
            }
        }
    }

    @Test
    void steadyStateTicksDoNotAllocate() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        for (int s = 0; s < MAX_PLAYERS; s++) {
            join(s);
            inputs.moveX[s] = s % 2 == 0 ? 100 : -100;
            inputs.moveY[s] = 40;
            inputs.buttons[s] = BUTTON_JUMP | BUTTON_INTERACT;
        }
        long before = 0;
        for (int t = 0; t < 25_000; t++) {
            if (t == 20_000) {
                before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            }
            game.tick(tick, inputs);
            game.writeSnapshot(out);
            tick++;
        }
        final long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes over 5000 ticks");
    }

    /** Inputs of the present slots, ascending, as the session would give them. */
    private static final class Inputs implements PlayerInputs {
        final boolean[] present = new boolean[MAX_PLAYERS];
        final int[] moveX = new int[MAX_PLAYERS];
        final int[] moveY = new int[MAX_PLAYERS];
        final int[] aim = new int[MAX_PLAYERS];
        final int[] buttons = new int[MAX_PLAYERS];
        private final int[] slots = new int[MAX_PLAYERS];

        @Override
        public int size() {
            int n = 0;
            for (int s = 0; s < MAX_PLAYERS; s++) {
                if (present[s]) {
                    slots[n++] = s;
                }
            }
            return n;
        }

        @Override
        public int slot(int i) {
            return slots[i];
        }

        @Override
        public int moveX(int i) {
            return moveX[slots[i]];
        }

        @Override
        public int moveY(int i) {
            return moveY[slots[i]];
        }

        @Override
        public int aimUnits(int i) {
            return aim[slots[i]];
        }

        @Override
        public int buttons(int i) {
            return buttons[slots[i]];
        }

        @Override
        public boolean received(int i) {
            return true;
        }

        @Override
        public long renderTick(int i) {
            return 0;
        }
    }
}
