package io.tickforge.client.game.zone;

import io.tickforge.client.PlayerInput;
import io.tickforge.client.bot.BotBehaviour;
import io.tickforge.client.bot.BotGames;
import io.tickforge.client.bot.BotSeeds;
import io.tickforge.client.bot.BotSituation;
import io.tickforge.server.game.zone.ZoneGame;
import io.tickforge.server.gameapi.GameContext;
import io.tickforge.server.gameapi.GamePlayer;
import io.tickforge.server.gameapi.PlayerInputs;
import io.tickforge.shared.game.zone.ZoneRules;
import io.tickforge.shared.game.zone.ZoneSchemas;
import io.tickforge.shared.world.EntityIds;
import io.tickforge.shared.world.EntityLayout;
import io.tickforge.shared.world.WorldSnapshot;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Capture bots play the zone game in process (no sockets): each tick every bot sees the world the
 * game wrote (read by lane through the layout) and its own entity, and its input goes straight
 * into the game. Both teams capture zones and some bot picks up an item.
 */
class CaptureBotsPlayZoneTest {
    private static final int RATE = 60;
    private static final int BOTS = 4;

    @Test
    void captureBotsTakeZonesForBothTeamsAndPickUpItems() {
        final ZoneGame game = new ZoneGame(BOTS, RATE, 4, 8);
        final EntityLayout layout = game.describe().entityLayout();
        assertEquals(BotGames.installed().entityLayout("zone").schema(), layout.schema(), "the bots' schema is the game's");
        final WorldSnapshot world = new WorldSnapshot(layout, game.describe().maxEntities());
        final BotBehaviour[] bots = new BotBehaviour[BOTS];
        final BotSituation[] situations = new BotSituation[BOTS];
        final WorldSnapshot[] selves = new WorldSnapshot[BOTS];
        final PlayerInput[] in = new PlayerInput[BOTS];
        long tick = 0;
        game.start(new GameContext(1, RATE, BOTS, tick));
        for (int s = 0; s < BOTS; s++) {
            bots[s] = BotGames.installed().create("zone", BotGames.installed().defaultBehaviour("zone"), BotSeeds.botSeed(5, s));
            assertTrue(bots[s].readsWorld());
            situations[s] = new BotSituation();
            situations[s].tickRateHz = RATE;
            situations[s].selfId = EntityIds.player(s);
            selves[s] = new WorldSnapshot(layout, 1);
            in[s] = new PlayerInput();
            game.join(new GamePlayer(s, "bot" + s), tick);
        }
        final Inputs inputs = new Inputs(in);
        game.tick(tick, inputs);
        game.writeSnapshot(world);
        final int laneItem = layout.requireLane(ZoneSchemas.ITEM);
        boolean someoneCarried = false;
        boolean jumped = false;
        for (tick = 1; tick < 30 * RATE; tick++) {
            for (int s = 0; s < BOTS; s++) {
                final BotSituation sit = situations[s];
                sit.tick = tick;
                sit.selfXUnits = game.xUnits(s);
                sit.selfYUnits = game.yUnits(s);
                sit.world = world;
                final WorldSnapshot self = selves[s];
                self.clear(world.tick);
                final int row = world.indexOf(EntityIds.player(s));
                final int j = self.add(EntityIds.player(s));
                for (int k = 0; k < layout.values; k++) {
                    self.lanes[k][j] = world.lanes[k][row];
                }
                sit.self = self;
                bots[s].decide(sit, in[s]);
                assertTrue(Math.abs(in[s].moveX) <= 127 && Math.abs(in[s].moveY) <= 127);
                assertEquals(0, in[s].buttons & ~ZoneRules.BUTTON_MASK);
            }
            game.tick(tick, inputs);
            game.writeSnapshot(world);
            for (int s = 0; s < BOTS; s++) {
                someoneCarried |= world.lanes[laneItem][world.indexOf(s)] != 0;
                jumped |= !game.onGround(s);
            }
        }
        assertTrue(game.score(ZoneRules.TEAM_RED) > 0, "red held a zone");
        assertTrue(game.score(ZoneRules.TEAM_BLUE) > 0, "blue held a zone");
        int held = 0;
        for (int k = 0; k < game.zoneCount(); k++) {
            if (game.zoneUnits(k) == game.fullCaptureUnits()) {
                held++;
            }
        }
        assertTrue(held >= 2, "zones held at the end: " + held);
        assertTrue(someoneCarried, "a bot picked up an item on its way");
        assertTrue(jumped, "bots jump now and then");
    }

    @Test
    void theBotGoesForZonesItsTeamDoesNotHoldReadingTeamAndProgressByLane() {
        final EntityLayout layout = BotGames.installed().entityLayout("zone");
        final int x = layout.requireLane(ZoneSchemas.POS);
        final int team = layout.requireLane(ZoneSchemas.TEAM);
        final int progress = layout.requireLane(ZoneSchemas.PROGRESS);
        final WorldSnapshot world = new WorldSnapshot(layout, 4);
        world.clear(10);
        // Zone A, 10 m east: blue's at 100 %. Zone B, 10 m west: red's at 100 %.
        int i = world.add(EntityIds.npc(0));
        world.lanes[x][i] = 74 * ZoneRules.UNITS_PER_M;
        world.lanes[x + 1][i] = 64 * ZoneRules.UNITS_PER_M;
        world.lanes[team][i] = ZoneRules.TEAM_BLUE;
        world.lanes[progress][i] = 100;
        i = world.add(EntityIds.npc(1));
        world.lanes[x][i] = 54 * ZoneRules.UNITS_PER_M;
        world.lanes[x + 1][i] = 64 * ZoneRules.UNITS_PER_M;
        world.lanes[team][i] = ZoneRules.TEAM_RED;
        world.lanes[progress][i] = 100;
        final WorldSnapshot self = new WorldSnapshot(layout, 1);
        self.clear(10);
        self.lanes[team][self.add(0)] = ZoneRules.TEAM_RED;
        final BotSituation s = new BotSituation();
        s.selfXUnits = 64 * ZoneRules.UNITS_PER_M;
        s.selfYUnits = 64 * ZoneRules.UNITS_PER_M;
        s.world = world;
        s.self = self;
        final CaptureBehaviour red = (CaptureBehaviour) BotGames.installed().create("zone", "capture", 3);
        final PlayerInput in = new PlayerInput();
        red.decide(s, in);
        assertEquals(EntityIds.npc(0), red.goalId(), "red goes for blue's zone");
        assertEquals(127, in.moveX);
        self.lanes[team][0] = ZoneRules.TEAM_BLUE;
        red.decide(s, in);
        assertEquals(EntityIds.npc(1), red.goalId(), "blue goes for red's zone");
        assertEquals(-127, in.moveX);
    }

    @Test
    void withoutZoneFieldsTheBotWalksToTheMiddle() {
        final BotBehaviour bot = BotGames.installed().create("zone", "capture", 1);
        final BotSituation s = new BotSituation();
        s.selfXUnits = 10 * ZoneRules.UNITS_PER_M;
        s.selfYUnits = ZoneRules.WORLD_MAX_UNITS / 2;
        s.world = new WorldSnapshot(EntityLayout.FIXED, 4); // the arena's lanes: no team, item or progress
        final PlayerInput in = new PlayerInput();
        bot.decide(s, in);
        assertEquals(127, in.moveX);
        assertEquals(0, in.moveY);
    }

    /** The bots' inputs, one entry per slot. */
    private record Inputs(PlayerInput[] in) implements PlayerInputs {
        public int size() {
            return in.length;
        }

        public int slot(int i) {
            return i;
        }

        public int moveX(int i) {
            return in[i].moveX;
        }

        public int moveY(int i) {
            return in[i].moveY;
        }

        public int aimUnits(int i) {
            return in[i].aimUnits;
        }

        public int buttons(int i) {
            return in[i].buttons;
        }

        public boolean received(int i) {
            return true;
        }

        public long renderTick(int i) {
            return 0;
        }
    }
}
