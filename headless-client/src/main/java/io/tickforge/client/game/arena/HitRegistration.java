package io.tickforge.client.game.arena;

import io.tickforge.client.metrics.ClientMetrics;
import io.tickforge.shared.game.ArenaRules;
import io.tickforge.shared.game.Hitscan;
import io.tickforge.shared.snapshot.SnapshotView;
import io.tickforge.shared.world.EntityIds;
import io.tickforge.shared.world.Quantization;
import io.tickforge.shared.world.WorldSnapshot;

/**
 * The bots' hit-registration figure: shots the bot's own view said were on a player, and how
 * many of them the server confirmed. Driving thread only; preallocated, no allocation per tick.
 *
 * <p>A shot is on target when, at the input tick it fires (the bot models the server's fire
 * cooldown), a ray from its predicted position along its aim meets a living player of its
 * interpolated view first (NPCs block, as on the server). It is confirmed when the server's
 * state at or after that tick shows the target with less health than the bot's newest view had
 * when it fired, or dead. The server sends no per-shot confirmation, so a hit by someone else on
 * the same target in between confirms too, and a respawn in between hides a hit; with bots
 * spread over the arena both are rare. Claims the server state never covers within
 * {@link #EXPIRE_TICKS} (disconnect, target out of interest) count as not confirmed.
 */
public final class HitRegistration {
    static final int PENDING = 16;
    static final long EXPIRE_TICKS = 120;

    private final ClientMetrics metrics;
    private final long[] pendingTick = new long[PENDING];
    private final int[] pendingTarget = new int[PENDING];
    private final int[] pendingHealth = new int[PENDING];
    private int pendingCount;
    private long nextFireTick = Long.MIN_VALUE;

    public HitRegistration(ClientMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * The bot fires (its input for {@code tick} holds the fire button, at {@code aimUnits}) from
     * ({@code selfX}, {@code selfY}) seeing {@code others}; {@code newest} is the newest decoded
     * server state (its health figures are what a confirmation is compared with).
     */
    public void onFire(long tick, int tickRateHz, int selfX, int selfY, int aimUnits, WorldSnapshot others,
                       SnapshotView newest) {
        if (tick < nextFireTick) {
            return; // the server's cooldown: this input fires nothing
        }
        nextFireTick = tick + ArenaRules.fireCooldownTicks(tickRateHz);
        final int target = firstHitPlayer(selfX, selfY, aimUnits, others);
        if (target < 0) {
            return;
        }
        metrics.shotOnTarget();
        final int idx = newest.indexOf(target);
        if (idx < 0 || pendingCount == PENDING) {
            return; // nothing to compare with, or too many unresolved: counted, never confirmed
        }
        pendingTick[pendingCount] = tick;
        pendingTarget[pendingCount] = target;
        pendingHealth[pendingCount] = newest.value(idx, WorldSnapshot.HEALTH);
        pendingCount++;
    }

    /** Settles the claims that {@code newest} (the newest decoded server state) covers. */
    public void resolve(SnapshotView newest) {
        final long serverTick = newest.serverTick();
        int kept = 0;
        for (int i = 0; i < pendingCount; i++) {
            final long tick = pendingTick[i];
            boolean settled = false;
            if (serverTick >= tick) {
                final int idx = newest.indexOf(pendingTarget[i]);
                if (idx >= 0 && (newest.value(idx, WorldSnapshot.HEALTH) < pendingHealth[i]
                        || (newest.value(idx, WorldSnapshot.FLAGS) & WorldSnapshot.FLAG_ALIVE) == 0)) {
                    metrics.hitConfirmed();
                }
                settled = true;
            } else if (serverTick != Long.MIN_VALUE && tick - serverTick > EXPIRE_TICKS) {
                settled = true; // the clock jumped (reconnect): give up on it
            }
            if (!settled) {
                pendingTick[kept] = tick;
                pendingTarget[kept] = pendingTarget[i];
                pendingHealth[kept] = pendingHealth[i];
                kept++;
            }
        }
        pendingCount = kept;
    }

    /** Forgets pending claims and the cooldown (a new connection). */
    public void reset() {
        pendingCount = 0;
        nextFireTick = Long.MIN_VALUE;
    }

    int pendingCount() {
        return pendingCount;
    }

    /** Entity id of the first living thing the ray meets if it is a player, else -1. */
    static int firstHitPlayer(int selfX, int selfY, int aimUnits, WorldSnapshot others) {
        final double ox = Quantization.unitsToMetres(selfX);
        final double oy = Quantization.unitsToMetres(selfY);
        final double dx = Hitscan.aimDirX(aimUnits);
        final double dy = Hitscan.aimDirY(aimUnits);
        double best = Hitscan.MISS;
        int bestId = -1;
        for (int i = 0; i < others.count; i++) {
            if ((others.lanes[WorldSnapshot.FLAGS][i] & WorldSnapshot.FLAG_ALIVE) == 0) {
                continue;
            }
            final double d = Hitscan.rayCircleDistanceM(ox, oy, dx, dy, ArenaRules.FIRE_RANGE_M,
                    Quantization.unitsToMetres(others.x[i]), Quantization.unitsToMetres(others.y[i]),
                    ArenaRules.PLAYER_RADIUS_M);
            if (d < best) {
                best = d;
                bestId = others.entityId[i];
            }
        }
        return bestId >= 0 && EntityIds.isPlayer(bestId) ? bestId : -1;
    }
}
