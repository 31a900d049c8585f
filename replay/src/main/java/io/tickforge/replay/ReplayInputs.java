package io.tickforge.replay;

import io.tickforge.server.gameapi.PlayerInputs;
import io.tickforge.shared.world.InputLayout;

/**
 * The inputs of one replayed tick, filled from its TICK frame: the same view the session hands
 * {@code Game.tick}. Preallocated; replay thread only.
 */
final class ReplayInputs implements PlayerInputs {
    private final InputLayout layout;
    private final int lanes;
    final int[] slot;
    final int[] values;
    final boolean[] received;
    final long[] renderTick;
    int size;

    ReplayInputs(int maxPlayers, InputLayout layout) {
        this.layout = layout;
        this.lanes = layout.lanes;
        slot = new int[maxPlayers];
        values = new int[maxPlayers * lanes];
        received = new boolean[maxPlayers];
        renderTick = new long[maxPlayers];
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int slot(int i) {
        return slot[check(i)];
    }

    @Override
    public InputLayout layout() {
        return layout;
    }

    @Override
    public int value(int i, int lane) {
        if (lane < 0 || lane >= lanes) {
            throw new IndexOutOfBoundsException("lane " + lane + " of " + lanes);
        }
        return values[check(i) * lanes + lane];
    }

    @Override
    public int moveX(int i) {
        return values[four(i)];
    }

    @Override
    public int moveY(int i) {
        return values[four(i) + 1];
    }

    @Override
    public int aimUnits(int i) {
        return values[four(i) + 2];
    }

    @Override
    public int buttons(int i) {
        return values[four(i) + 3];
    }

    @Override
    public boolean received(int i) {
        return received[check(i)];
    }

    @Override
    public long renderTick(int i) {
        return renderTick[check(i)];
    }

    private int four(int i) {
        if (!layout.fourField()) {
            throw new IllegalStateException("moveX/moveY/aimUnits/buttons need the four-field input shape; "
                    + layout + " is not: read value(i, lane)");
        }
        return check(i) * 4;
    }

    private int check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("input " + i + " of " + size);
        }
        return i;
    }
}
