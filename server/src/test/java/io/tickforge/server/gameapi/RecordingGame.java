package io.tickforge.server.gameapi;

import io.tickforge.server.input.InputLimits;
import io.tickforge.shared.world.EntityIds;
import io.tickforge.shared.world.WorldSnapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * A tiny test-only game: every joined player is an entity standing where its inputs push it (one
 * unit per unit of axis per tick); names starting with {@code rejectPrefix} are refused with
 * {@link #REJECT_TEXT}. Records its callbacks as strings for assertions. Tick thread only.
 */
public final class RecordingGame implements Game {
    public static final String REJECT_TEXT = "the test game admits no one whose name starts with ";

    public final List<String> calls = new ArrayList<>();
    /** Inputs seen by tick, as "tick:slot:moveX:moveY:aim:buttons:received" per entry. */
    public final List<String> inputs = new ArrayList<>();
    private final String rejectPrefix;
    private final int maxPlayers;
    private final boolean[] present;
    private final int[] x;
    private final int[] y;
    private long tick = -1;

    public RecordingGame(int maxPlayers, String rejectPrefix) {
        this.maxPlayers = maxPlayers;
        this.rejectPrefix = rejectPrefix;
        present = new boolean[maxPlayers];
        x = new int[maxPlayers];
        y = new int[maxPlayers];
    }

    @Override
    public GameDescriptor describe() {
        return GameDescriptor.builder().worldSizeM(32).inputLimits(new InputLimits(0b1, 100)).maxEntities(maxPlayers).build();
    }

    @Override
    public void start(GameContext context) {
        calls.add("start " + context.firstTick() + " " + context.tickRateHz() + " Hz " + context.maxPlayers());
    }

    @Override
    public JoinDecision joinAttempt(GamePlayer player) {
        calls.add("attempt " + player.name());
        return player.name().startsWith(rejectPrefix) ? JoinDecision.reject(REJECT_TEXT + "'" + rejectPrefix + "'")
                : JoinDecision.accept();
    }

    @Override
    public void join(GamePlayer player, long tick) {
        calls.add("join " + player.name() + " " + player.slot() + " @" + tick);
        present[player.slot()] = true;
        x[player.slot()] = 1000;
        y[player.slot()] = 1000;
    }

    @Override
    public void leave(GamePlayer player, long tick) {
        calls.add("leave " + player.name() + " @" + tick);
        present[player.slot()] = false;
    }

    @Override
    public void tick(long tick, PlayerInputs in) {
        this.tick = tick;
        for (int i = 0; i < in.size(); i++) {
            final int s = in.slot(i);
            x[s] += in.moveX(i);
            y[s] += in.moveY(i);
            if (in.received(i) || in.moveX(i) != 0) {
                inputs.add(tick + ":" + s + ":" + in.moveX(i) + ":" + in.moveY(i) + ":" + in.aimUnits(i) + ":"
                        + in.buttons(i) + ":" + in.received(i));
            }
        }
    }

    @Override
    public void writeSnapshot(WorldSnapshot out) {
        out.clear(tick);
        for (int s = 0; s < maxPlayers; s++) {
            if (present[s]) {
                out.add(EntityIds.player(s), x[s], y[s], 0, 100, WorldSnapshot.FLAG_ALIVE);
            }
        }
    }

    @Override
    public void end() {
        calls.add("end");
    }
}
