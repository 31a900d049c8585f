package io.tickforge.tutorial;

import io.tickforge.server.gameapi.Game;
import io.tickforge.server.gameapi.GameContext;
import io.tickforge.server.gameapi.GameDescriptor;
import io.tickforge.server.gameapi.GamePlayer;
import io.tickforge.server.gameapi.PlayerInputs;
import io.tickforge.shared.world.EntityIds;
import io.tickforge.shared.world.WorldSnapshot;

/** The rules: players run; whoever touches "it" (or is touched by it) is "it" next, after a cooldown. */
public final class TagGame implements Game {
    static final int TOUCH = 256;                                     // 1 m, per axis
    private final int maxPlayers, speed, cooldownTicks;
    private final boolean[] present;
    private final int[] x, y, tags;
    private int it = -1;
    private long tick, nextPass;

    TagGame(int maxPlayers, int tickRateHz, int cooldownMs) {
        this.maxPlayers = maxPlayers;
        this.speed = 8 * 256 / tickRateHz;                            // 8 m/s at full stick
        this.cooldownTicks = Math.max(1, cooldownMs * tickRateHz / 1000);
        present = new boolean[maxPlayers];
        x = new int[maxPlayers];
        y = new int[maxPlayers];
        tags = new int[maxPlayers];
    }

    public GameDescriptor describe() {
        return GameDescriptor.builder().worldSizeM(TagSchemas.WORLD_M).entitySchema(TagSchemas.ENTITY)
                .inputSchema(TagSchemas.INPUT).maxEntities(maxPlayers).build();
    }

    public void start(GameContext context) { }

    public void join(GamePlayer p, long tick) {
        final int s = p.slot();
        present[s] = true;
        tags[s] = 0;
        x[s] = (8 + 16 * (s % 4)) * 256;                              // spawn on a 4 x 4 grid
        y[s] = (8 + 16 * (s / 4 % 4)) * 256;
        if (it < 0) it = s;                                           // the first player is it
    }

    public void leave(GamePlayer p, long tick) {
        present[p.slot()] = false;
        if (it != p.slot()) return;
        it = -1;
        for (int s = maxPlayers - 1; s >= 0; s--) if (present[s]) it = s;  // the lowest slot left
    }

    public void tick(long tick, PlayerInputs in) {
        this.tick = tick;
        for (int i = 0; i < in.size(); i++) {
            final int s = in.slot(i);
            x[s] = Math.max(0, Math.min(TagSchemas.SIZE, x[s] + in.moveX(i) * speed / 127));
            y[s] = Math.max(0, Math.min(TagSchemas.SIZE, y[s] + in.moveY(i) * speed / 127));
        }
        for (int s = 0; s < maxPlayers && it >= 0 && tick >= nextPass; s++) {
            if (present[s] && s != it && Math.abs(x[s] - x[it]) < TOUCH && Math.abs(y[s] - y[it]) < TOUCH) {
                tags[it] = Math.min(255, tags[it] + 1);
                it = s;
                nextPass = tick + cooldownTicks;
            }
        }
    }

    public void writeSnapshot(WorldSnapshot out) {
        out.clear(tick);
        for (int s = 0; s < maxPlayers; s++) {
            if (!present[s]) continue;
            final int i = out.add(EntityIds.player(s));               // ascending ids
            out.x[i] = x[s];
            out.y[i] = y[s];
            out.lanes[TagSchemas.IT][i] = s == it ? 1 : 0;
            out.lanes[TagSchemas.TAGS][i] = tags[s];
        }
    }
}
