package io.tickforge.server.session;

import io.tickforge.server.gameapi.PlayerInputs;

/**
 * The session's {@link PlayerInputs}: preallocated per slot, refilled every tick by the tick
 * thread before {@code Game.tick}, no allocation. Tick thread only.
 */
final class TickInputs implements PlayerInputs {
    private final int[] slot;
    private final int[] moveX;
    private final int[] moveY;
    private final int[] aim;
    private final int[] buttons;
    private final boolean[] received;
    private final long[] renderTick;
    private int size;

    TickInputs(int maxPlayers) {
        slot = new int[maxPlayers];
        moveX = new int[maxPlayers];
        moveY = new int[maxPlayers];
        aim = new int[maxPlayers];
        buttons = new int[maxPlayers];
        received = new boolean[maxPlayers];
        renderTick = new long[maxPlayers];
    }

    void clear() {
        size = 0;
    }

    /** Appends one entry; slots must come in ascending order. */
    void add(int playerSlot, int moveXByte, int moveYByte, int aimUnits, int buttonBits, boolean fresh,
             long playerRenderTick) {
        final int i = size++;
        slot[i] = playerSlot;
        moveX[i] = moveXByte;
        moveY[i] = moveYByte;
        aim[i] = aimUnits;
        buttons[i] = buttonBits;
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
    public int moveX(int i) {
        return moveX[check(i)];
    }

    @Override
    public int moveY(int i) {
        return moveY[check(i)];
    }

    @Override
    public int aimUnits(int i) {
        return aim[check(i)];
    }

    @Override
    public int buttons(int i) {
        return buttons[check(i)];
    }

    @Override
    public boolean received(int i) {
        return received[check(i)];
    }

    @Override
    public long renderTick(int i) {
        return renderTick[check(i)];
    }

    private int check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("input " + i + " of " + size);
        }
        return i;
    }
}
