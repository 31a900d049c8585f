package io.tickforge.server.input;

import io.tickforge.shared.world.InputLayout;

/**
 * One player's inputs keyed by tick, so that exactly one input is applied per player per tick.
 * Thread: the tick thread. Ticks are game ticks; an input is the int lanes of the game's input
 * schema ({@link InputLimits#layout()}: one per field, in declaration order).
 *
 * <p>A ring of {@link #RING_SIZE} slots remembers, per slot, which tick it holds. Inputs may be
 * stored up to {@link #MAX_AHEAD_TICKS} ahead of the next tick to simulate; the remaining slots
 * keep recently applied ticks so that redundant copies are recognised as duplicates rather than
 * miscounted as late. Outcomes for an input at tick {@code t}, with {@code next} the next tick to
 * simulate:
 * <ul>
 *   <li>invalid (a lane outside its declared range, counted as {@code invalidMove}; flag bits
 *       outside the declared ones, counted as {@code invalidButtons} ({@link InputLimits}, from
 *       the game's input schema); a negative tick): dropped, counted, never stored;</li>
 *   <li>{@code t >= next + MAX_AHEAD_TICKS}: far future, dropped;</li>
 *   <li>the ring already holds {@code t}: duplicate, dropped;</li>
 *   <li>{@code t < next}: late (the tick was simulated with a repeated input), dropped;</li>
 *   <li>otherwise stored, and applied when {@link #take} reaches {@code t}.</li>
 * </ul>
 * The wire carries integers only, so NaN and infinities cannot reach this class; the range checks
 * are the integer equivalent.
 */
public final class InputBuffer {
    public static final int RING_SIZE = 64;
    private static final int MASK = RING_SIZE - 1;
    /** How far ahead of the simulation an input may arrive: the protocol's {@link io.tickforge.shared.protocol.InputPacket#MAX_AHEAD_TICKS}. */
    public static final int MAX_AHEAD_TICKS = io.tickforge.shared.protocol.InputPacket.MAX_AHEAD_TICKS;
    private static final long EMPTY = Long.MIN_VALUE;

    private final InputCounters counters;
    /** The declared input schema's ranges (immutable; its checks are plain comparisons of final fields). */
    private final InputLimits limits;
    private final InputLayout layout;
    /** Lanes per input. */
    private final int lanes;
    private final long[] slotTick = new long[RING_SIZE];
    /** Slot i's input at {@code i * lanes}. */
    private final int[] slotValues;
    private final short[] slotRenderLag = new short[RING_SIZE];
    /** Largest render lag kept (the lag compensation cap in ticks); 0 = off, lags are dropped. */
    private int maxRenderLagTicks;

    private long nextTick;
    private boolean anyReceived;
    private long lastReceivedTick;

    // The input applied by the last take(): read by the game after take().
    private final int[] current;
    private int renderLag;
    /** The four-field offer's lanes. */
    private final int[] four = new int[4];

    public InputBuffer(InputCounters counters, InputLimits limits) {
        this.counters = counters;
        this.limits = java.util.Objects.requireNonNull(limits, "limits");
        this.layout = limits.layout();
        this.lanes = layout.lanes;
        this.slotValues = new int[RING_SIZE * lanes];
        this.current = new int[lanes];
        reset(0);
    }

    /** Forgets everything; the next tick to simulate is {@code nextTick}. Used when a slot is (re)joined. */
    public void reset(long nextTick) {
        java.util.Arrays.fill(slotTick, EMPTY);
        this.nextTick = nextTick;
        this.anyReceived = false;
        this.lastReceivedTick = -1;
        java.util.Arrays.fill(current, 0);
        renderLag = 0;
    }

    /**
     * The lag compensation cap in ticks: render lags beyond it are clamped to it and counted,
     * negative ones read as 0 and counted; 0 (the default) turns lag compensation off (every lag
     * reads as 0, nothing counted).
     */
    public void setMaxRenderLagTicks(int ticks) {
        if (ticks < 0) {
            throw new IllegalArgumentException("max render lag must be >= 0: " + ticks);
        }
        this.maxRenderLagTicks = ticks;
    }

    /** Four-field shape: offers one input for {@code tick} without a render time; returns true when stored. */
    public boolean offer(long tick, int moveXByte, int moveYByte, int aim, int buttonBits) {
        return offer(tick, moveXByte, moveYByte, aim, buttonBits, 0);
    }

    /**
     * Four-field shape ({@link InputLimits#layout()}{@code .fourField()}): as
     * {@link #offer(long, int[], int, int)} with the lanes {@code moveX, moveY, aim & 0xFFFF, buttons}.
     */
    public boolean offer(long tick, int moveXByte, int moveYByte, int aim, int buttonBits, int renderLagTicks) {
        if (!layout.fourField()) {
            throw new IllegalStateException("offer(tick, moveX, moveY, aim, buttons) needs the four-field input shape; "
                    + layout + " is not");
        }
        final int[] v = four;
        v[0] = moveXByte;
        v[1] = moveYByte;
        v[2] = aim & 0xFFFF;
        v[3] = buttonBits;
        return offer(tick, v, 0, renderLagTicks);
    }

    /**
     * Offers one input for {@code tick}, its lanes at {@code values[offset .. offset + lanes)}, made
     * while the client rendered tick {@code tick - renderLagTicks}; returns true when stored. Every
     * rejection is counted; a render lag outside {@code 0..cap} is clamped and counted, never a
     * reason to drop the input.
     */
    public boolean offer(long tick, int[] values, int offset, int renderLagTicks) {
        final int bad = layout.firstInvalid(values, offset);
        if (bad >= 0) {
            if (layout.flags[bad]) {
                counters.invalidButtons++;
            } else {
                counters.invalidMove++;
            }
            return false;
        }
        if (tick < 0) {
            counters.invalidTick++;
            return false;
        }
        if (tick >= nextTick + MAX_AHEAD_TICKS) {
            counters.farFuture++;
            return false;
        }
        final int i = (int) (tick & MASK);
        if (slotTick[i] == tick) {
            counters.duplicate++;
            return false;
        }
        if (tick < nextTick) {
            counters.late++;
            return false;
        }
        slotTick[i] = tick;
        System.arraycopy(values, offset, slotValues, i * lanes, lanes);
        int lag = renderLagTicks;
        if (maxRenderLagTicks == 0) {
            lag = 0;
        } else if (lag < 0) {
            counters.renderTickClamped++;
            lag = 0;
        } else if (lag > maxRenderLagTicks) {
            counters.renderTickClamped++;
            lag = maxRenderLagTicks;
        }
        slotRenderLag[i] = (short) lag;
        counters.accepted++;
        return true;
    }

    /**
     * Selects the input for {@code tick}, which must be the next tick (exactly once per tick):
     * the stored one, or a repeat of the last applied one when none arrived. Until the player's
     * first input arrives it stands still and nothing is counted. Returns true when a received
     * input was found.
     */
    public boolean take(long tick) {
        if (tick != nextTick) {
            throw new IllegalStateException("take(" + tick + ") but the next tick is " + nextTick);
        }
        nextTick = tick + 1;
        final int i = (int) (tick & MASK);
        if (slotTick[i] == tick) {
            System.arraycopy(slotValues, i * lanes, current, 0, lanes);
            renderLag = slotRenderLag[i];
            anyReceived = true;
            lastReceivedTick = tick;
            counters.applied++;
            return true;
        }
        // Remember that this tick was simulated without its input, so a copy arriving later is
        // "late", and drop whatever stale tick the slot held.
        slotTick[i] = EMPTY;
        if (anyReceived) {
            counters.missingRepeated++;
        }
        return false;
    }

    public long nextTick() {
        return nextTick;
    }

    public boolean anyReceived() {
        return anyReceived;
    }

    /**
     * The newest tick simulated with an input the player actually sent (not a repeat), or -1
     * before the first one. Snapshots report it so that a client can tell which of its inputs the
     * server has used.
     */
    public long lastReceivedTick() {
        return lastReceivedTick;
    }

    /** Lane {@code lane} of the input applied by the last {@link #take} (a repeat, or zeros before the first). */
    public int value(int lane) {
        return current[lane];
    }

    /** Copies the lanes of the input applied by the last {@link #take} to {@code dst[offset ..]}. */
    public void copyInput(int[] dst, int offset) {
        System.arraycopy(current, 0, dst, offset, lanes);
    }

    public InputLayout layout() {
        return layout;
    }

    /** Four-field shape: lane 0. */
    public int moveX() {
        return current[0];
    }

    /** Four-field shape: lane 1. */
    public int moveY() {
        return current[1];
    }

    /** Four-field shape: lane 2. */
    public int aimUnits() {
        return current[2];
    }

    /** Four-field shape: lane 3. */
    public int buttons() {
        return current[3];
    }

    /**
     * Render lag of the input applied by the last {@link #take} (a repeat keeps its lag), within
     * {@code 0..cap}: the client was rendering tick {@code tick - renderLag()}.
     */
    public int renderLag() {
        return renderLag;
    }
}
