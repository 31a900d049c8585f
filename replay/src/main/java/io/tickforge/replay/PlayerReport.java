package io.tickforge.replay;

import io.tickforge.shared.world.EntityIds;
import io.tickforge.shared.world.WorldSnapshot;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code --bots-report}: per player figures recomputed from a replay, as the session saw its players
 * (the bots' own report measures them from the client side: snapshots, round trips, prediction). Per
 * stay in a slot (a join to its leave or the end of the log): the ticks in the game, the inputs the
 * session received for its ticks against those it had to fill in (a late or lost input: the previous
 * one repeated), the render lag the player reported (the interpolation delay lag compensation rewinds
 * by), and how far the player's own entity ({@code EntityIds.player(slot)}) moved in the world the
 * game wrote, in metres. Owned by the replaying thread; grows with the number of stays, nothing per tick.
 */
final class PlayerReport {
    /** Render lags above this many ticks share the last bucket (the log allows at most the rewind cap). */
    private static final int LAG_BUCKETS = 256;

    /** One player's stay in one slot. */
    static final class Stay {
        final int slot;
        final String name;
        final long joinedTick;
        long leftTick = -1;
        long ticks;
        long received;
        long filled;
        final long[] lagHistogram = new long[LAG_BUCKETS];
        long lagSamples;
        int maxLag;
        double distanceUnits;
        long ticksSeen;
        boolean hasLast;
        final int[] last = new int[3];

        Stay(int slot, String name, long joinedTick) {
            this.slot = slot;
            this.name = name;
            this.joinedTick = joinedTick;
        }

        /** The smallest lag (ticks) at or below which at least {@code q} of the samples lie; -1 without samples. */
        int lagQuantile(double q) {
            if (lagSamples == 0) {
                return -1;
            }
            final long rank = Math.max(1, (long) Math.ceil(q * lagSamples));
            long seen = 0;
            for (int b = 0; b < LAG_BUCKETS; b++) {
                seen += lagHistogram[b];
                if (seen >= rank) {
                    return b;
                }
            }
            return LAG_BUCKETS - 1;
        }
    }

    private final int tickRateHz;
    private final double unitsPerMetre;
    private final Stay[] bySlot;
    private final List<Stay> stays = new ArrayList<>();

    PlayerReport(int maxPlayers, int tickRateHz, double unitsPerMetre) {
        this.tickRateHz = tickRateHz;
        this.unitsPerMetre = unitsPerMetre;
        this.bySlot = new Stay[maxPlayers];
    }

    void join(int slot, String name, long tick) {
        final Stay s = new Stay(slot, name, tick);
        bySlot[slot] = s;
        stays.add(s);
    }

    void leave(int slot, long tick) {
        final Stay s = bySlot[slot];
        if (s != null) {
            s.leftTick = tick;
            bySlot[slot] = null;
        }
    }

    void input(int slot, boolean received, long lagTicks) {
        final Stay s = bySlot[slot];
        if (s == null) {
            return;
        }
        s.ticks++;
        if (received) {
            s.received++;
        } else {
            s.filled++;
        }
        final int lag = (int) Math.min(LAG_BUCKETS - 1, Math.max(0, lagTicks));
        s.lagHistogram[lag]++;
        s.lagSamples++;
        s.maxLag = Math.max(s.maxLag, lag);
    }

    /** The world the game wrote this tick: how far each joined player's entity moved since the last one. */
    void world(WorldSnapshot w) {
        final int dims = w.layout.dims;
        for (int i = 0; i < w.count; i++) {
            final int id = w.entityId[i];
            if (!EntityIds.isPlayer(id) || id >= bySlot.length) {
                continue;
            }
            final Stay s = bySlot[id];
            if (s == null) {
                continue;
            }
            s.ticksSeen++;
            double d2 = 0;
            for (int k = 0; k < dims; k++) {
                final int v = w.lanes[k][i];
                if (s.hasLast) {
                    final double d = v - s.last[k];
                    d2 += d * d;
                }
                s.last[k] = v;
            }
            if (s.hasLast) {
                s.distanceUnits += Math.sqrt(d2);
            }
            s.hasLast = true;
        }
    }

    List<Stay> stays() {
        return stays;
    }

    void print(PrintWriter out) {
        out.printf(Locale.ROOT, "players (--bots-report): %d stay(s); lag in ms at %d Hz; distance of the player's own entity%n",
                stays.size(), tickRateHz);
        out.println("slot  name                  joined   left      ticks  inputs received  filled in   lag p50 / p99 / max ms"
                + "   distance m  speed m/s");
        final double msPerTick = 1000.0 / tickRateHz;
        for (Stay s : stays) {
            final double seconds = s.ticksSeen / (double) tickRateHz;
            final double metres = s.distanceUnits / unitsPerMetre;
            out.printf(Locale.ROOT, "%4d  %-20s %7d %7s %9d %9d (%5.1f%%) %9d   %6.1f / %6.1f / %6.1f   %10.1f  %9.2f%n",
                    s.slot, s.name.length() > 20 ? s.name.substring(0, 20) : s.name, s.joinedTick,
                    s.leftTick < 0 ? "end" : Long.toString(s.leftTick), s.ticks, s.received,
                    s.ticks == 0 ? 0.0 : 100.0 * s.received / s.ticks, s.filled,
                    Math.max(0, s.lagQuantile(0.5)) * msPerTick, Math.max(0, s.lagQuantile(0.99)) * msPerTick,
                    s.maxLag * msPerTick, metres, seconds > 0 ? metres / seconds : 0.0);
        }
    }
}
