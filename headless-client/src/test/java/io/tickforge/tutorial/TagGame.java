package io.tickforge.tutorial;

import io.tickforge.server.gameapi.Game;
import io.tickforge.server.gameapi.GameDescriptor;
import io.tickforge.server.gameapi.GamePlayer;
import io.tickforge.server.gameapi.PlayerInputs;
import io.tickforge.shared.world.EntityIds;
import io.tickforge.shared.world.WorldSnapshot;

/** Players run; touching whoever is "it" makes you "it" (not again within the cooldown); a pass scores. */
public final class TagGame implements Game {
    private final int maxPlayers, speed, cooldownTicks;
    private final boolean[] present;
    private final int[] x, y, tags;
    private int it = -1;
    private long nextPass;

    TagGame(int maxPlayers, int tickRateHz, int cooldownMs) {
        this.maxPlayers = maxPlayers;
        this.speed = 8 * 256 / tickRateHz;                        // 8 m/s at full stick
        this.cooldownTicks = Math.max(1, cooldownMs * tickRateHz / 1000);
        present = new boolean[maxPlayers];
        x = new int[maxPlayers]; y = new int[maxPlayers]; tags = new int[maxPlayers];
    }

    public GameDescriptor describe() {
        return GameDescriptor.builder().worldSizeM(TagSchemas.WORLD_M).entitySchema(TagSchemas.ENTITY)
                .inputSchema(TagSchemas.INPUT).maxEntities(maxPlayers).build();
    }

    public void join(GamePlayer p, long tick) {
        final int s = p.slot();
        present[s] = true;
        tags[s] = 0;
        x[s] = (8 + 16 * (s % 4)) * 256;                          // spawn on a 4 x 4 grid
        y[s] = (8 + 16 * (s / 4 % 4)) * 256;
    }

    public void leave(GamePlayer p, long tick) {
        present[p.slot()] = false;
        if (it == p.slot()) it = -1;
    }

    public void tick(long tick, PlayerInputs in) {
        for (int i = 0; i < in.size(); i++) {                     // ascending slots, joined players only
            final int s = in.slot(i);
            if (it < 0) it = s;                                   // nobody is it: the lowest slot is
            x[s] = Math.max(0, Math.min(TagSchemas.SIZE, x[s] + in.moveX(i) * speed / 127));
            y[s] = Math.max(0, Math.min(TagSchemas.SIZE, y[s] + in.moveY(i) * speed / 127));
        }
        for (int s = 0; s < maxPlayers && it >= 0 && tick >= nextPass; s++) {
            if (present[s] && s != it && Math.abs(x[s] - x[it]) < 256 && Math.abs(y[s] - y[it]) < 256) {
                tags[it] = Math.min(255, tags[it] + 1);           // within 1 m: it passes "it" on
                it = s;
                nextPass = tick + cooldownTicks;
            }
        }
    }

    public void writeSnapshot(WorldSnapshot out) {                // every tick, cleared; allocates nothing
        for (int s = 0; s < maxPlayers; s++) {
            if (!present[s]) continue;
            final int i = out.add(EntityIds.player(s));           // ascending ids; a player's id is its slot
            out.x[i] = x[s]; out.y[i] = y[s];
            out.lanes[TagSchemas.IT][i] = s == it ? 1 : 0;
            out.lanes[TagSchemas.TAGS][i] = tags[s];
        }
    }
}
