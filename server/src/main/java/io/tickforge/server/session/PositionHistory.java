package io.tickforge.server.session;

import io.tickforge.server.gameapi.Rewind;
import io.tickforge.shared.world.WorldSnapshot;

/**
 * The engine's {@link Rewind}: entity positions of the last {@link #capTicks()} ticks, recorded
 * once per tick from the snapshot the game wrote. A ring of frames, preallocated whole
 * (structure of arrays, one flat {@code int[]} per field, {@code maxEntities} cells per frame):
 * recording copies three int ranges, a query is a binary search over the frame's ascending ids.
 * No allocation after construction. Tick thread only.
 *
 * <p>During the simulation of tick {@code T} ({@link #beginTick}) the frames {@code T - cap ..
 * T - 1} may be queried; {@code T} itself is recorded after the game wrote its snapshot
 * ({@link #record}). Memory: {@code cap * maxEntities * 12} bytes (200 ms at 60 Hz with 1256
 * entities: 181 kB).
 */
public final class PositionHistory implements Rewind {
    private static final long EMPTY = Long.MIN_VALUE;

    private final int capTicks;
    private final int maxEntities;
    private final long[] frameTick;
    private final int[] frameCount;
    private final int[] ids;
    private final int[] xs;
    private final int[] ys;
    /** The tick being simulated; queries reach back {@code capTicks} from it. */
    private long currentTick = EMPTY;
    private long outOfRangeQueries;

    /**
     * @param capTicks    ticks kept (and the furthest a query reaches back), 0 = off
     * @param maxEntities entities one snapshot holds at most
     */
    public PositionHistory(int capTicks, int maxEntities) {
        if (capTicks < 0) {
            throw new IllegalArgumentException("capTicks must be >= 0: " + capTicks);
        }
        if (maxEntities < 0) {
            throw new IllegalArgumentException("maxEntities must be >= 0: " + maxEntities);
        }
        final long cells = (long) capTicks * maxEntities;
        if (cells > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("lag compensation history too large: " + capTicks + " ticks x "
                    + maxEntities + " entities");
        }
        this.capTicks = capTicks;
        this.maxEntities = maxEntities;
        this.frameTick = new long[capTicks];
        java.util.Arrays.fill(frameTick, EMPTY);
        this.frameCount = new int[capTicks];
        this.ids = new int[(int) cells];
        this.xs = new int[(int) cells];
        this.ys = new int[(int) cells];
    }

    /** Tick {@code tick} is about to be simulated: queries may reach {@code tick - cap .. tick - 1}. */
    public void beginTick(long tick) {
        currentTick = tick;
    }

    /** Keeps the positions of {@code world} (the snapshot of tick {@code world.tick}). */
    public void record(WorldSnapshot world) {
        if (capTicks == 0) {
            return;
        }
        final int frame = frameOf(world.tick);
        final int n = Math.min(world.count, maxEntities);
        final int base = frame * maxEntities;
        System.arraycopy(world.entityId, 0, ids, base, n);
        System.arraycopy(world.x, 0, xs, base, n);
        System.arraycopy(world.y, 0, ys, base, n);
        frameCount[frame] = n;
        frameTick[frame] = world.tick;
    }

    /** Forgets every frame (a session restart or a test). */
    public void clear() {
        java.util.Arrays.fill(frameTick, EMPTY);
        currentTick = EMPTY;
    }

    @Override
    public int capTicks() {
        return capTicks;
    }

    @Override
    public boolean positionAt(int entityId, long tick, int[] outXY) {
        if (capTicks == 0 || currentTick == EMPTY || tick >= currentTick || tick < currentTick - capTicks || tick < 0) {
            outOfRangeQueries++;
            return false;
        }
        final int frame = frameOf(tick);
        if (frameTick[frame] != tick) {
            outOfRangeQueries++;
            return false;
        }
        final int base = frame * maxEntities;
        int lo = base;
        int hi = base + frameCount[frame] - 1;
        while (lo <= hi) {
            final int mid = (lo + hi) >>> 1;
            final int id = ids[mid];
            if (id < entityId) {
                lo = mid + 1;
            } else if (id > entityId) {
                hi = mid - 1;
            } else {
                outXY[0] = xs[mid];
                outXY[1] = ys[mid];
                return true;
            }
        }
        return false;
    }

    /** Queries refused because their tick was outside the history (a game bug or no history yet). */
    public long outOfRangeQueries() {
        return outOfRangeQueries;
    }

    private int frameOf(long tick) {
        return (int) Math.floorMod(tick, (long) capTicks);
    }
}
