package io.tickforge.server.game;

import io.tickforge.server.gameapi.Rewind;
import io.tickforge.server.tick.TickRates;
import io.tickforge.shared.game.ArenaRules;
import io.tickforge.shared.game.Hitscan;
import io.tickforge.shared.game.Movement;
import io.tickforge.shared.game.OrbitWorld;
import io.tickforge.shared.world.EntityIds;
import io.tickforge.shared.world.Quantization;
import io.tickforge.shared.world.WorldSnapshot;

/**
 * The arena game of docs/SCENARIOS.md applied to one session's world: players indexed by slot
 * in dense arrays, plus the orbit NPCs. Thread: the session's tick thread only. Positions in
 * 1/256 m units, aim in 16-bit units, time in ticks, health in hit points.
 *
 * <p>Per tick the session calls {@link #beginTick}, then {@link #applyInput} once per present
 * player, then {@link #endTick}, then {@link #writeSnapshot}. Fire is resolved in
 * {@link #endTick} after everyone moved, shooters in ascending slot order: deterministic, with the
 * small bias that a low slot killed this tick by a lower slot does not get its own shot off.
 *
 * <p>Lag compensation: with a {@link Rewind} ({@link #setRewind}) a shot is resolved against the
 * targets (players and NPCs) where they were at the shooter's render tick ({@link #applyInput}'s
 * {@code renderTick}, already capped by the engine), as the shooter saw them; the shooter itself
 * shoots from where it is now. A target the history does not know at that tick is taken where it
 * is now. Without a rewind, or when the render tick is the current tick, shots are resolved
 * exactly as before lag compensation existed.
 *
 * <p>NPCs are hitscan targets that absorb shots (they block the ray) but take no damage: their
 * health follows the orbit formula, so that any client can check its decoded world against it.
 */
public final class ArenaWorld {
    /** Spawn points on a 4 x 4 grid at 32, 96, 160 and 224 m, in position units. */
    private static final int SPAWN_GRID = 4;
    private static final int SPAWN_POINTS = SPAWN_GRID * SPAWN_GRID;

    private final int maxPlayers;
    private final int tickRateHz;
    private final int fireCooldownTicks;
    private final int respawnDelayTicks;
    private final OrbitWorld orbit;

    // Players, indexed by slot.
    private final boolean[] present;
    private final int[] x;
    private final int[] y;
    private final int[] aim;
    private final int[] health;
    private final boolean[] alive;
    private final long[] respawnTick;
    private final long[] nextFireTick;
    private final boolean[] wantsFire;
    private final boolean[] firedThisTick;
    /** The tick each player was looking at when it made this tick's input (lag compensation). */
    private final long[] renderTick;
    private final int[] kills;
    private final int[] deaths;
    private final int[] spawns;
    private int playerCount;

    // NPCs for the current tick (standing NPCs never change; moving ones are refreshed per tick).
    private final int npcCount;
    private final int[] npcX;
    private final int[] npcY;
    private final int[] npcHeading;
    private final int[] npcHealth;

    private long currentTick = -1;
    private long npcHits;
    private long playerHits;
    private long shotsFired;
    private long rewoundShots;
    private Rewind rewind = Rewind.OFF;
    /** Scratch for rewind queries (no allocation per shot). */
    private final int[] rewoundXY = new int[2];

    public ArenaWorld(int maxPlayers, int npcCount, int tickRateHz) {
        if (maxPlayers < 1 || maxPlayers > EntityIds.MAX_PLAYERS) {
            throw new IllegalArgumentException("maxPlayers must be in 1.." + EntityIds.MAX_PLAYERS + ": " + maxPlayers);
        }
        this.maxPlayers = maxPlayers;
        this.tickRateHz = TickRates.requireValid(tickRateHz);
        this.orbit = new OrbitWorld(npcCount, tickRateHz);
        this.fireCooldownTicks = ArenaRules.fireCooldownTicks(tickRateHz);
        this.respawnDelayTicks = ArenaRules.respawnDelayTicks(tickRateHz);
        present = new boolean[maxPlayers];
        x = new int[maxPlayers];
        y = new int[maxPlayers];
        aim = new int[maxPlayers];
        health = new int[maxPlayers];
        alive = new boolean[maxPlayers];
        respawnTick = new long[maxPlayers];
        nextFireTick = new long[maxPlayers];
        wantsFire = new boolean[maxPlayers];
        firedThisTick = new boolean[maxPlayers];
        renderTick = new long[maxPlayers];
        kills = new int[maxPlayers];
        deaths = new int[maxPlayers];
        spawns = new int[maxPlayers];
        this.npcCount = npcCount;
        npcX = new int[npcCount];
        npcY = new int[npcCount];
        npcHeading = new int[npcCount];
        npcHealth = new int[npcCount];
        for (int i = 0; i < npcCount; i++) {
            updateNpc(i, 0);
        }
    }

    /** Entities a snapshot of this world can hold at most: every slot plus every NPC. */
    public int maxEntities() {
        return maxPlayers + npcCount;
    }

    public int maxPlayers() {
        return maxPlayers;
    }

    public int npcCount() {
        return npcCount;
    }

    public int playerCount() {
        return playerCount;
    }

    public int tickRateHz() {
        return tickRateHz;
    }

    public OrbitWorld orbit() {
        return orbit;
    }

    /** Adds a player at a spawn point, alive with full health. Called at a tick boundary. */
    public void addPlayer(int slot, long tick) {
        checkSlot(slot);
        if (present[slot]) {
            throw new IllegalStateException("slot " + slot + " is already in the world");
        }
        present[slot] = true;
        playerCount++;
        aim[slot] = 0;
        kills[slot] = 0;
        deaths[slot] = 0;
        spawns[slot] = 0;
        nextFireTick[slot] = tick;
        wantsFire[slot] = false;
        firedThisTick[slot] = false;
        spawn(slot);
    }

    public void removePlayer(int slot) {
        checkSlot(slot);
        if (present[slot]) {
            present[slot] = false;
            playerCount--;
        }
    }

    public boolean isPresent(int slot) {
        return present[slot];
    }

    /** Starts tick {@code tick}: clears per-tick flags, respawns the due dead, moves the NPCs. */
    public void beginTick(long tick) {
        currentTick = tick;
        for (int s = 0; s < maxPlayers; s++) {
            if (!present[s]) {
                continue;
            }
            firedThisTick[s] = false;
            wantsFire[s] = false;
            if (!alive[s] && tick >= respawnTick[s]) {
                spawn(s);
            }
        }
        for (int i = 0; i < npcCount; i += 4) {
            // Only every fourth NPC moves (i mod 4 == 0); the rest keep their constructor values.
            updateNpc(i, tick);
        }
    }

    /** The engine's position history for lag compensation ({@link Rewind#OFF}: none). */
    public void setRewind(Rewind rewind) {
        this.rewind = rewind == null ? Rewind.OFF : rewind;
    }

    /** Applies one input without lag compensation (the shooter's view is taken as the current tick). */
    public void applyInput(int slot, int moveXByte, int moveYByte, int aimUnits, int buttonBits) {
        applyInput(slot, moveXByte, moveYByte, aimUnits, buttonBits, currentTick);
    }

    /**
     * Applies one input to one player: movement now, fire later in {@link #endTick}, against the
     * targets as they were at {@code playerRenderTick} (lag compensation). Dead players ignore input.
     */
    public void applyInput(int slot, int moveXByte, int moveYByte, int aimUnits, int buttonBits, long playerRenderTick) {
        if (!present[slot] || !alive[slot]) {
            return;
        }
        final long p = Movement.step(x[slot], y[slot], moveXByte, moveYByte, buttonBits, tickRateHz);
        x[slot] = Movement.packedX(p);
        y[slot] = Movement.packedY(p);
        aim[slot] = aimUnits & (Quantization.AIM_UNITS_PER_TURN - 1);
        wantsFire[slot] = (buttonBits & ArenaRules.BUTTON_FIRE) != 0;
        renderTick[slot] = playerRenderTick;
    }

    /** Resolves this tick's shots after all movement. */
    public void endTick(long tick) {
        for (int s = 0; s < maxPlayers; s++) {
            if (present[s] && alive[s] && wantsFire[s] && tick >= nextFireTick[s]) {
                nextFireTick[s] = tick + fireCooldownTicks;
                firedThisTick[s] = true;
                fire(s, tick);
            }
        }
    }

    private void fire(int shooter, long tick) {
        shotsFired++;
        // Rewind only to a past tick within the history; otherwise (or with no rewind) the targets
        // are where they are now, exactly as without lag compensation.
        final long viewTick = renderTick[shooter];
        final boolean rewound = rewind.capTicks() > 0 && viewTick < tick;
        if (rewound) {
            rewoundShots++;
        }
        final int[] xy = rewoundXY;
        final double ox = Quantization.unitsToMetres(x[shooter]);
        final double oy = Quantization.unitsToMetres(y[shooter]);
        final double dx = Hitscan.aimDirX(aim[shooter]);
        final double dy = Hitscan.aimDirY(aim[shooter]);
        final double r = ArenaRules.PLAYER_RADIUS_M;
        double best = Hitscan.MISS;
        int bestPlayer = -1;
        for (int s = 0; s < maxPlayers; s++) {
            if (s == shooter || !present[s] || !alive[s]) {
                continue;
            }
            int tx = x[s];
            int ty = y[s];
            if (rewound && rewind.positionAt(EntityIds.player(s), viewTick, xy)) {
                tx = xy[0];
                ty = xy[1];
            }
            final double d = Hitscan.rayCircleDistanceM(ox, oy, dx, dy, ArenaRules.FIRE_RANGE_M,
                    Quantization.unitsToMetres(tx), Quantization.unitsToMetres(ty), r);
            if (d < best) {
                best = d;
                bestPlayer = s;
            }
        }
        boolean npcFirst = false;
        for (int i = 0; i < npcCount; i++) {
            int tx = npcX[i];
            int ty = npcY[i];
            // Only every fourth NPC moves; the others are where they always were.
            if (rewound && (i & 3) == 0 && rewind.positionAt(EntityIds.npc(i), viewTick, xy)) {
                tx = xy[0];
                ty = xy[1];
            }
            final double d = Hitscan.rayCircleDistanceM(ox, oy, dx, dy, ArenaRules.FIRE_RANGE_M,
                    Quantization.unitsToMetres(tx), Quantization.unitsToMetres(ty), r);
            if (d < best) {
                best = d;
                npcFirst = true;
            }
        }
        if (npcFirst) {
            npcHits++;
            return;
        }
        if (bestPlayer < 0) {
            return;
        }
        playerHits++;
        health[bestPlayer] -= ArenaRules.FIRE_DAMAGE;
        if (health[bestPlayer] <= 0) {
            health[bestPlayer] = 0;
            alive[bestPlayer] = false;
            deaths[bestPlayer]++;
            kills[shooter]++;
            respawnTick[bestPlayer] = tick + respawnDelayTicks;
        }
    }

    /** Writes this tick's world: players by slot, then NPCs (ids ascend as WorldSnapshot requires). */
    public void writeSnapshot(WorldSnapshot out) {
        out.clear(currentTick);
        for (int s = 0; s < maxPlayers; s++) {
            if (!present[s]) {
                continue;
            }
            final int flags = (alive[s] ? WorldSnapshot.FLAG_ALIVE : 0)
                    | (firedThisTick[s] ? WorldSnapshot.FLAG_FIRED : 0);
            out.add(EntityIds.player(s), x[s], y[s], Quantization.aimToHeadingUnits(aim[s]), health[s], flags);
        }
        for (int i = 0; i < npcCount; i++) {
            out.add(EntityIds.npc(i), npcX[i], npcY[i], npcHeading[i], npcHealth[i], WorldSnapshot.FLAG_ALIVE);
        }
    }

    /**
     * What the snapshot does not show: scores, spawn counts, cool-downs, respawn times, render
     * ticks and the hit counters ({@code Game.stateHash}). Allocation-free.
     */
    public long stateHash() {
        long h = io.tickforge.server.gameapi.StateHash.SEED;
        h = io.tickforge.server.gameapi.StateHash.mix(h, present);
        h = io.tickforge.server.gameapi.StateHash.mix(h, aim);
        h = io.tickforge.server.gameapi.StateHash.mix(h, kills);
        h = io.tickforge.server.gameapi.StateHash.mix(h, deaths);
        h = io.tickforge.server.gameapi.StateHash.mix(h, spawns);
        h = io.tickforge.server.gameapi.StateHash.mix(h, respawnTick);
        h = io.tickforge.server.gameapi.StateHash.mix(h, nextFireTick);
        h = io.tickforge.server.gameapi.StateHash.mix(h, renderTick);
        h = io.tickforge.server.gameapi.StateHash.mix(h, shotsFired);
        h = io.tickforge.server.gameapi.StateHash.mix(h, playerHits);
        h = io.tickforge.server.gameapi.StateHash.mix(h, npcHits);
        return io.tickforge.server.gameapi.StateHash.mix(h, rewoundShots);
    }

    private void spawn(int slot) {
        final int point = (slot * 5 + spawns[slot]) % SPAWN_POINTS;
        spawns[slot]++;
        x[slot] = spawnXUnits(point);
        y[slot] = spawnYUnits(point);
        health[slot] = ArenaRules.MAX_HEALTH;
        alive[slot] = true;
    }

    /** Spawn point k (0..15) x in position units: 32 + 64 * (k mod 4) metres. */
    public static int spawnXUnits(int point) {
        return (32 + 64 * (point % SPAWN_GRID)) * Quantization.POSITION_UNITS_PER_M;
    }

    public static int spawnYUnits(int point) {
        return (32 + 64 * (point / SPAWN_GRID)) * Quantization.POSITION_UNITS_PER_M;
    }

    private void updateNpc(int i, long tick) {
        npcX[i] = orbit.xUnits(i, tick);
        npcY[i] = orbit.yUnits(i, tick);
        npcHeading[i] = orbit.headingUnits(i, tick);
        npcHealth[i] = orbit.health(i, tick);
    }

    private void checkSlot(int slot) {
        if (slot < 0 || slot >= maxPlayers) {
            throw new IllegalArgumentException("slot out of range 0.." + (maxPlayers - 1) + ": " + slot);
        }
    }

    // Read access for the session, tests and (later) metrics.

    public int xUnits(int slot) {
        return x[slot];
    }

    public int yUnits(int slot) {
        return y[slot];
    }

    public int aimUnits(int slot) {
        return aim[slot];
    }

    public int health(int slot) {
        return health[slot];
    }

    public boolean isAlive(int slot) {
        return alive[slot];
    }

    public boolean firedThisTick(int slot) {
        return firedThisTick[slot];
    }

    public int kills(int slot) {
        return kills[slot];
    }

    public int deaths(int slot) {
        return deaths[slot];
    }

    public long respawnTick(int slot) {
        return respawnTick[slot];
    }

    public long npcHits() {
        return npcHits;
    }

    public long playerHits() {
        return playerHits;
    }

    /** Shots fired (every shot: it hits a player, an NPC, or nothing). */
    public long shotsFired() {
        return shotsFired;
    }

    /** Shots resolved against a rewound world (lag compensation on and the shooter behind). */
    public long rewoundShots() {
        return rewoundShots;
    }

    public int npcXUnits(int i) {
        return npcX[i];
    }

    public int npcYUnits(int i) {
        return npcY[i];
    }

    /** Test and admin hook: places a player exactly (e.g. to set up a duel). */
    public void teleport(int slot, int xUnits, int yUnits) {
        x[slot] = Movement.clampPosition(xUnits);
        y[slot] = Movement.clampPosition(yUnits);
    }
}
