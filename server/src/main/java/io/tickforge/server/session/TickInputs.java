package io.tickforge.server.session;

import io.tickforge.server.gameapi.PlayerInputs;
import io.tickforge.server.input.InputBuffer;
import io.tickforge.shared.world.InputLayout;

/**
 * The session's {@link PlayerInputs}: preallocated per slot (the input schema's lanes per entry),
 * refilled every tick by the tick thread before {@code Game.tick}, no allocation. Tick thread only.
 */
final class TickInputs implements PlayerInputs {
    private final InputLayout layout;
    private final int lanes;
    private final boolean fourField;
    private final int[] slot;
    /** Entry i's lanes at {@code i * lanes}. */
    private final int[] values;
    private final boolean[] received;
    private final long[] renderTick;
    private int size;

    TickInputs(int maxPlayers, InputLayout layout) {
        this.layout = java.util.Objects.requireNonNull(layout, "layout");
        this.lanes = layout.lanes;
        this.fourField = layout.fourField();
        slot = new int[maxPlayers];
        values = new int[maxPlayers * lanes];
        received = new boolean[maxPlayers];
        renderTick = new long[maxPlayers];
    }

    void clear() {
        size = 0;
    }

    /** Appends one entry, the input {@code buffer} applied last; slots must come in ascending order. */
    void add(int playerSlot, InputBuffer buffer, boolean fresh, long playerRenderTick) {
        final int i = size++;
        slot[i] = playerSlot;
        buffer.copyInput(values, i * lanes);
        received[i] = fresh;
        renderTick[i] = playerRenderTick;
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

    /** Entry i's first lane, for the four-field accessors. */
    private int four(int i) {
        if (!fourField) {
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
