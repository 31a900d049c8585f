package io.tickforge.server.game.zone;

import io.tickforge.server.gameapi.Game;
import io.tickforge.server.gameapi.GameContext;
import io.tickforge.server.gameapi.GameDescriptor;
import io.tickforge.server.gameapi.GamePlayer;
import io.tickforge.server.gameapi.PlayerInputs;
import io.tickforge.shared.game.zone.ZoneMovement;
import io.tickforge.shared.game.zone.ZoneRules;
import io.tickforge.shared.game.zone.ZoneSchemas;
import io.tickforge.shared.world.EntityIds;
import io.tickforge.shared.world.EntityLayout;
import io.tickforge.shared.world.Quantization;
import io.tickforge.shared.world.WorldSnapshot;

/**
 * Zone control in 3D ({@link ZoneRules}): a second game on the SPI whose entities differ in kind
 * from the arena's (3D position, a team enum, integers). Tick thread only; every array is
 * allocated in the constructor, {@link #tick} and {@link #writeSnapshot} allocate nothing.
 *
 * <ul>
 *   <li>Teams: a joining player goes to the team with fewer players; on a tie, to the team the
 *       previous join did not get (so joins alternate red, blue, red, ...).</li>
 *   <li>Movement: {@link ZoneMovement} (walk, jump, land on z = 0), every tick from the player's input.
 *       A player's whole movement state is replicated ({@code pos}, and {@code zFrac}, {@code vz}
 *       for the height's fraction and the vertical velocity), so a client predicts it exactly.</li>
 *   <li>Zones ({@code zones}, fixed points): after everyone moved, each zone weighs the players
 *       standing on it <em>on the ground</em> (1 each, {@link ZoneRules#ITEM_CAPTURE_WEIGHT} with an
 *       item). One team alone on a zone adds its weight to the zone's capture units when the zone
 *       is neutral or its own (up to full, {@link ZoneRules#captureUnits}), or takes it away when
 *       the other team owns it (reaching 0 makes the zone neutral). Both teams on it: nothing
 *       changes. Replicated progress is the percent, 100 only when full.</li>
 *   <li>Score: each tick, a team scores one point per zone it holds at 100 %.</li>
 *   <li>Items ({@code items}, fixed points): a player without an item holding {@code interact}
 *       picks up the lowest-numbered free item within {@link ZoneRules#PICKUP_RADIUS_UNITS}; it
 *       drops it on the ground where it stands when it leaves.</li>
 * </ul>
 *
 * <p>Entities, ascending ids: players {@code EntityIds.player(slot)}; zone {@code k} at
 * {@code NPC_BASE + k}; item {@code i} at {@code NPC_BASE + zones + i}, only while it lies on the
 * ground (a carried item shows as its carrier's {@code item} lane).
 */
public final class ZoneGame implements Game {
    private final int maxPlayers;
    private final int tickRateHz;
    private final int zoneCount;
    private final int itemCount;
    private final int fullUnits;
    private final GameDescriptor descriptor;

    // Lanes of the layout, looked up once.
    private final int laneX;
    private final int laneY;
    private final int laneZ;
    private final int laneHeading;
    private final int laneTeam;
    private final int laneItem;
    private final int laneProgress;
    private final int laneFlags;
    private final int laneZFrac;
    private final int laneVz;

    // Players, by slot.
    private final boolean[] present;
    private final int[] team;
    private final int[] x;
    private final int[] y;
    private final int[] zFine;
    private final int[] vz;
    private final int[] aim;
    /** Carried item id (1..15), 0 = none. */
    private final int[] carried;
    private final int[] teamSize = new int[ZoneRules.TEAMS];
    private int lastJoinTeam = ZoneRules.TEAM_BLUE;
    private int playerCount;

    // Zones.
    private final int[] zoneX;
    private final int[] zoneY;
    private final int[] zoneOwner;
    private final int[] zoneUnits;
    private final int[] zoneWeight = new int[ZoneRules.TEAMS];

    // Items (index i has id i + 1).
    private final int[] itemX;
    private final int[] itemY;
    /** Slot carrying item i, or -1 when it lies on the ground. */
    private final int[] itemCarrier;

    private final long[] score = new long[ZoneRules.TEAMS];
    private final ZoneMovement.Body body = new ZoneMovement.Body();
    private long currentTick = -1;

    public ZoneGame(int maxPlayers, int tickRateHz, int zones, int items) {
        if (maxPlayers < 1 || maxPlayers > EntityIds.MAX_PLAYERS) {
            throw new IllegalArgumentException("maxPlayers must be in 1.." + EntityIds.MAX_PLAYERS + ": " + maxPlayers);
        }
        if (tickRateHz < 1) {
            throw new IllegalArgumentException("tickRateHz must be >= 1: " + tickRateHz);
        }
        if (zones < 1 || zones > ZoneRules.MAX_ZONES) {
            throw new IllegalArgumentException("zones must be in 1.." + ZoneRules.MAX_ZONES + ": " + zones);
        }
        if (items < 0 || items > ZoneRules.MAX_ITEMS) {
            throw new IllegalArgumentException("items must be in 0.." + ZoneRules.MAX_ITEMS + ": " + items);
        }
        this.maxPlayers = maxPlayers;
        this.tickRateHz = tickRateHz;
        this.zoneCount = zones;
        this.itemCount = items;
        this.fullUnits = ZoneRules.captureUnits(tickRateHz);
        this.descriptor = GameDescriptor.builder()
                .worldSizeM(ZoneRules.WORLD_SIZE_M)
                .entitySchema(ZoneSchemas.ENTITY)
                .inputSchema(ZoneSchemas.INPUT)
                .maxEntities(maxPlayers + zones + items)
                // The zones are the objectives: every player sees all of them, near or far.
                .alwaysReplicated(EntityIds.npc(0), EntityIds.npc(zones))
                .build();
        final EntityLayout layout = descriptor.entityLayout();
        laneX = layout.requireLane(ZoneSchemas.POS);
        laneY = laneX + 1;
        laneZ = laneX + 2;
        laneHeading = layout.requireLane(ZoneSchemas.HEADING);
        laneTeam = layout.requireLane(ZoneSchemas.TEAM);
        laneItem = layout.requireLane(ZoneSchemas.ITEM);
        laneProgress = layout.requireLane(ZoneSchemas.PROGRESS);
        laneFlags = layout.requireLane(ZoneSchemas.FLAGS);
        laneZFrac = layout.requireLane(ZoneSchemas.Z_FRAC);
        laneVz = layout.requireLane(ZoneSchemas.VZ);

        present = new boolean[maxPlayers];
        team = new int[maxPlayers];
        x = new int[maxPlayers];
        y = new int[maxPlayers];
        zFine = new int[maxPlayers];
        vz = new int[maxPlayers];
        aim = new int[maxPlayers];
        carried = new int[maxPlayers];
        zoneX = new int[zones];
        zoneY = new int[zones];
        zoneOwner = new int[zones];
        zoneUnits = new int[zones];
        for (int k = 0; k < zones; k++) {
            zoneX[k] = ZoneRules.zoneXUnits(k);
            zoneY[k] = ZoneRules.zoneYUnits(k);
        }
        itemX = new int[items];
        itemY = new int[items];
        itemCarrier = new int[items];
        for (int i = 0; i < items; i++) {
            itemX[i] = ZoneRules.itemXUnits(i);
            itemY[i] = ZoneRules.itemYUnits(i);
            itemCarrier[i] = -1;
        }
    }

    @Override
    public GameDescriptor describe() {
        return descriptor;
    }

    @Override
    public void start(GameContext context) {
        currentTick = context.firstTick() - 1;
    }

    @Override
    public void join(GamePlayer player, long tick) {
        final int s = checkSlot(player.slot());
        if (present[s]) {
            throw new IllegalStateException("slot " + s + " is already in the game");
        }
        final int red = teamSize[ZoneRules.TEAM_RED];
        final int blue = teamSize[ZoneRules.TEAM_BLUE];
        final int t = red < blue ? ZoneRules.TEAM_RED
                : blue < red ? ZoneRules.TEAM_BLUE
                : lastJoinTeam == ZoneRules.TEAM_RED ? ZoneRules.TEAM_BLUE : ZoneRules.TEAM_RED;
        lastJoinTeam = t;
        teamSize[t]++;
        playerCount++;
        present[s] = true;
        team[s] = t;
        x[s] = ZoneRules.spawnXUnits(t);
        y[s] = ZoneRules.spawnYUnits(s);
        zFine[s] = 0;
        vz[s] = 0;
        aim[s] = 0;
        carried[s] = 0;
    }

    @Override
    public void leave(GamePlayer player, long tick) {
        final int s = checkSlot(player.slot());
        if (!present[s]) {
            return;
        }
        if (carried[s] != 0) {
            final int i = carried[s] - 1;
            itemCarrier[i] = -1;
            itemX[i] = x[s];
            itemY[i] = y[s];
            carried[s] = 0;
        }
        teamSize[team[s]]--;
        playerCount--;
        present[s] = false;
        team[s] = ZoneRules.TEAM_NONE;
    }

    @Override
    public void tick(long tick, PlayerInputs inputs) {
        currentTick = tick;
        final ZoneMovement.Body b = body;
        for (int e = 0, n = inputs.size(); e < n; e++) {
            final int s = inputs.slot(e);
            if (!present[s]) {
                continue;
            }
            b.set(x[s], y[s], zFine[s], vz[s]);
            ZoneMovement.step(b, inputs.moveX(e), inputs.moveY(e), inputs.buttons(e), tickRateHz);
            x[s] = b.x;
            y[s] = b.y;
            zFine[s] = b.zFine;
            vz[s] = b.vz;
            aim[s] = inputs.aimUnits(e) & (Quantization.AIM_UNITS_PER_TURN - 1);
            if ((inputs.buttons(e) & ZoneRules.BUTTON_INTERACT) != 0 && carried[s] == 0) {
                pickUp(s);
            }
        }
        for (int k = 0; k < zoneCount; k++) {
            capture(k);
        }
    }

    private void pickUp(int s) {
        for (int i = 0; i < itemCount; i++) {
            if (itemCarrier[i] < 0 && ZoneRules.within(x[s], y[s], itemX[i], itemY[i], ZoneRules.PICKUP_RADIUS_UNITS)) {
                itemCarrier[i] = s;
                carried[s] = i + 1;
                return;
            }
        }
    }

    private void capture(int k) {
        final int[] w = zoneWeight;
        w[ZoneRules.TEAM_RED] = 0;
        w[ZoneRules.TEAM_BLUE] = 0;
        for (int s = 0; s < maxPlayers; s++) {
            if (present[s] && zFine[s] == 0
                    && ZoneRules.within(x[s], y[s], zoneX[k], zoneY[k], ZoneRules.ZONE_RADIUS_UNITS)) {
                w[team[s]] += carried[s] != 0 ? ZoneRules.ITEM_CAPTURE_WEIGHT : 1;
            }
        }
        final int red = w[ZoneRules.TEAM_RED];
        final int blue = w[ZoneRules.TEAM_BLUE];
        if ((red > 0) != (blue > 0)) {
            final int t = red > 0 ? ZoneRules.TEAM_RED : ZoneRules.TEAM_BLUE;
            final int weight = red + blue;
            if (zoneOwner[k] == ZoneRules.TEAM_NONE || zoneOwner[k] == t) {
                zoneOwner[k] = t;
                zoneUnits[k] = Math.min(fullUnits, zoneUnits[k] + weight);
            } else {
                zoneUnits[k] = Math.max(0, zoneUnits[k] - weight);
                if (zoneUnits[k] == 0) {
                    zoneOwner[k] = ZoneRules.TEAM_NONE;
                }
            }
        }
        if (zoneUnits[k] == fullUnits) {
            score[zoneOwner[k]]++;
        }
    }

    @Override
    public long stateHash() {
        // Scores, the exact capture units and fine z, the vertical speed, the join alternation.
        long h = io.tickforge.server.gameapi.StateHash.SEED;
        h = io.tickforge.server.gameapi.StateHash.mix(h, score);
        h = io.tickforge.server.gameapi.StateHash.mix(h, zoneUnits);
        h = io.tickforge.server.gameapi.StateHash.mix(h, zoneOwner);
        h = io.tickforge.server.gameapi.StateHash.mix(h, zFine);
        h = io.tickforge.server.gameapi.StateHash.mix(h, vz);
        h = io.tickforge.server.gameapi.StateHash.mix(h, itemCarrier);
        h = io.tickforge.server.gameapi.StateHash.mix(h, teamSize);
        return io.tickforge.server.gameapi.StateHash.mix(h, lastJoinTeam);
    }

    @Override
    public void writeSnapshot(WorldSnapshot out) {
        out.clear(currentTick);
        final int[][] l = out.lanes;
        for (int s = 0; s < maxPlayers; s++) {
            if (!present[s]) {
                continue;
            }
            final int i = out.add(EntityIds.player(s));
            l[laneX][i] = x[s];
            l[laneY][i] = y[s];
            l[laneZ][i] = zFine[s] / ZoneRules.VZ_SCALE;
            l[laneHeading][i] = Quantization.aimToHeadingUnits(aim[s]);
            l[laneTeam][i] = team[s];
            l[laneItem][i] = carried[s];
            l[laneFlags][i] = ZoneRules.FLAG_ALIVE | (zFine[s] != 0 || vz[s] != 0 ? ZoneRules.FLAG_AIRBORNE : 0);
            // The rest of the movement state, so a client's prediction resets to it exactly.
            l[laneZFrac][i] = zFine[s] % ZoneRules.VZ_SCALE;
            l[laneVz][i] = vz[s];
        }
        for (int k = 0; k < zoneCount; k++) {
            final int i = out.add(zoneEntityId(k));
            l[laneX][i] = zoneX[k];
            l[laneY][i] = zoneY[k];
            l[laneTeam][i] = zoneOwner[k];
            l[laneProgress][i] = ZoneRules.progressPercent(zoneUnits[k], fullUnits);
            l[laneFlags][i] = ZoneRules.FLAG_ALIVE;
        }
        for (int it = 0; it < itemCount; it++) {
            if (itemCarrier[it] >= 0) {
                continue;
            }
            final int i = out.add(itemEntityId(it));
            l[laneX][i] = itemX[it];
            l[laneY][i] = itemY[it];
            l[laneItem][i] = it + 1;
            l[laneFlags][i] = ZoneRules.FLAG_ALIVE;
        }
    }

    private int checkSlot(int slot) {
        if (slot < 0 || slot >= maxPlayers) {
            throw new IllegalArgumentException("slot out of range 0.." + (maxPlayers - 1) + ": " + slot);
        }
        return slot;
    }

    // Read access for tests and tools (tick thread).

    /** Entity id of zone {@code k}. */
    public int zoneEntityId(int k) {
        return EntityIds.npc(k);
    }

    /** Entity id of item {@code i} (id {@code i + 1}) while it lies on the ground. */
    public int itemEntityId(int i) {
        return EntityIds.npc(zoneCount + i);
    }

    public int zoneCount() {
        return zoneCount;
    }

    public int itemCount() {
        return itemCount;
    }

    public int playerCount() {
        return playerCount;
    }

    public boolean isPresent(int slot) {
        return present[slot];
    }

    /** {@code ZoneRules.TEAM_*} of a present player. */
    public int team(int slot) {
        return team[slot];
    }

    public int xUnits(int slot) {
        return x[slot];
    }

    public int yUnits(int slot) {
        return y[slot];
    }

    /** Height above the ground, whole units (as replicated). */
    public int zUnits(int slot) {
        return zFine[slot] / ZoneRules.VZ_SCALE;
    }

    public boolean onGround(int slot) {
        return zFine[slot] == 0 && vz[slot] == 0;
    }

    /** Carried item id, 0 = none. */
    public int carriedItem(int slot) {
        return carried[slot];
    }

    public int zoneOwner(int k) {
        return zoneOwner[k];
    }

    /** Capture units of zone {@code k}, {@code 0..fullCaptureUnits()}. */
    public int zoneUnits(int k) {
        return zoneUnits[k];
    }

    public int fullCaptureUnits() {
        return fullUnits;
    }

    /** Slot carrying item {@code i}, or -1 when it lies on the ground. */
    public int itemCarrier(int i) {
        return itemCarrier[i];
    }

    public int itemXUnits(int i) {
        return itemX[i];
    }

    public int itemYUnits(int i) {
        return itemY[i];
    }

    public long score(int team) {
        return score[team];
    }

    /** Test and tool hook: places a player on the ground at {@code (x, y)} (clamped inside the walls). */
    public void teleport(int slot, int xUnits, int yUnits) {
        x[slot] = ZoneMovement.clampXY(xUnits);
        y[slot] = ZoneMovement.clampXY(yUnits);
        zFine[slot] = 0;
        vz[slot] = 0;
    }
}
