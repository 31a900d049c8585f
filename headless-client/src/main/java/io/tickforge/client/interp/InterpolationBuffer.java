package io.tickforge.client.interp;

import io.tickforge.shared.world.EntityLayout;
import io.tickforge.shared.snapshot.SnapshotView;
import io.tickforge.shared.world.Quantization;
import io.tickforge.shared.world.WorldSnapshot;

/**
 * Recent server states of other entities, by server tick, and the view between two of them at a
 * render tick a little behind the newest arrivals (render delay about 2.5 snapshot intervals, so a
 * late or lost packet does not leave nothing to draw). Owned by the thread driving one client;
 * values in the lanes of the game's {@link EntityLayout} (positions in 1/256 m units for the arena),
 * ticks are server ticks. Position axes and angles are interpolated (angles along the shorter
 * arc); every other lane is taken from the older frame.
 *
 * <p>Preallocated ring of frames; {@link #push} copies, {@link #sample} writes into a caller-owned
 * snapshot; neither allocates. Entities present only in the newer frame have not appeared yet at
 * the render tick and are left out; entities present only in the older frame are shown as they
 * were. A move longer than the teleport distance (respawn) is not smeared across the gap.
 */
public final class InterpolationBuffer {
    /** Render delay in snapshot intervals. */
    public static final double DELAY_INTERVALS = 2.5;
    public static final double MIN_DELAY_TICKS = 2.0;
    public static final double MAX_DELAY_TICKS = 30.0;

    private final EntityLayout layout;
    private final int values;
    private final WorldSnapshot[] frames;
    private final int minEntityId;
    private final int maxEntityIdExclusive;
    private final long teleportDistanceUnits;
    private int newest = -1;
    private int size;
    private double meanIntervalTicks = 1.0;

    private long pushed;
    private long staleIgnored;
    private long truncatedEntities;
    private long samples;
    private long starvedSamples;

    /**
     * @param frameCount frames kept (at least 2)
     * @param entitiesPerFrame most entities one frame holds; more are dropped (lowest ids kept) and counted
     * @param minEntityId first entity id kept (e.g. 0)
     * @param maxEntityIdExclusive ids at or above are ignored (e.g. {@code EntityIds.NPC_BASE} for players only)
     * @param teleportDistanceM a move longer than this between two frames is a jump, not a walk
     */
    public InterpolationBuffer(int frameCount, int entitiesPerFrame, int minEntityId,
                               int maxEntityIdExclusive, double teleportDistanceM) {
        this(EntityLayout.FIXED, frameCount, entitiesPerFrame, minEntityId, maxEntityIdExclusive, teleportDistanceM);
    }

    /** A buffer of entities of {@code layout} (the game's schema); other parameters as above. */
    public InterpolationBuffer(EntityLayout layout, int frameCount, int entitiesPerFrame, int minEntityId,
                               int maxEntityIdExclusive, double teleportDistanceM) {
        this.layout = layout;
        this.values = layout.values;
        if (frameCount < 2) {
            throw new IllegalArgumentException("frameCount must be >= 2: " + frameCount);
        }
        if (entitiesPerFrame < 1 || minEntityId < 0 || maxEntityIdExclusive <= minEntityId
                || !(teleportDistanceM > 0)) {
            throw new IllegalArgumentException("bad interpolation buffer bounds");
        }
        frames = new WorldSnapshot[frameCount];
        for (int i = 0; i < frameCount; i++) {
            frames[i] = new WorldSnapshot(layout, entitiesPerFrame);
        }
        this.minEntityId = minEntityId;
        this.maxEntityIdExclusive = maxEntityIdExclusive;
        final long units = Quantization.positionToUnits(teleportDistanceM);
        this.teleportDistanceUnits = units;
    }

    /**
     * Stores the state of {@code world.tick} (copying the entities in the id range). A tick not newer
     * than the newest stored is ignored and counted: the decoder already orders packets.
     */
    public void push(WorldSnapshot world) {
        if (!beginFrame(world.tick)) {
            return;
        }
        final WorldSnapshot f = frames[newest];
        final int cap = f.capacity();
        for (int i = 0; i < world.count; i++) {
            final int id = world.entityId[i];
            if (id < minEntityId) {
                continue;
            }
            if (id >= maxEntityIdExclusive) {
                break; // ids ascend
            }
            if (f.count == cap) {
                truncatedEntities++;
                continue;
            }
            final int k = f.count;
            f.entityId[k] = id;
            for (int lane = 0; lane < values; lane++) {
                f.lanes[lane][k] = world.lanes[lane][i];
            }
            f.count = k + 1;
        }
        pushed++;
    }

    /**
     * Stores the decoder's view as the state of {@code serverTick}, leaving out {@code excludeId}
     * (the own player, which is predicted, not interpolated). Same rules as {@link #push(WorldSnapshot)};
     * copies straight from the view's accessors (one copy per snapshot, the hot path of every bot).
     */
    public void push(long serverTick, SnapshotView view, int excludeId) {
        if (!beginFrame(serverTick)) {
            return;
        }
        final WorldSnapshot f = frames[newest];
        final int cap = f.capacity();
        final int n = view.count();
        int count = 0;
        for (int i = 0; i < n; i++) {
            final int id = view.entityId(i);
            if (id < minEntityId || id == excludeId) {
                continue;
            }
            if (id >= maxEntityIdExclusive) {
                break; // ids ascend
            }
            if (count == cap) {
                truncatedEntities += 1;
                continue;
            }
            f.entityId[count] = id;
            for (int lane = 0; lane < values; lane++) {
                f.lanes[lane][count] = view.value(i, lane);
            }
            count++;
        }
        f.count = count;
        pushed++;
    }

    /** Advances the ring for a new tick; false (and counted) when the tick is not newer. */
    private boolean beginFrame(long tick) {
        if (size > 0 && tick <= frames[newest].tick) {
            staleIgnored++;
            return false;
        }
        if (size > 0) {
            final long gap = tick - frames[newest].tick;
            // Smoothed snapshot interval, in ticks (gain 1/16): tolerant of single losses.
            meanIntervalTicks += (Math.min(gap, 30) - meanIntervalTicks) / 16.0;
        }
        newest = (newest + 1) % frames.length;
        size = Math.min(size + 1, frames.length);
        frames[newest].clear(tick);
        return true;
    }

    /** Render delay in ticks: 2.5 smoothed snapshot intervals, within [2, 30]. */
    public double renderDelayTicks() {
        return Math.max(MIN_DELAY_TICKS, Math.min(MAX_DELAY_TICKS, DELAY_INTERVALS * meanIntervalTicks));
    }

    /** The render tick for the newest-arrival timeline {@code arrivalTick} (see ClockSync). */
    public double renderTick(double arrivalTick) {
        return arrivalTick - renderDelayTicks();
    }

    /**
     * Writes the entities as they were at {@code renderTick} into {@code out} (its tick is set to
     * the floor of the render tick). Returns false when nothing has been pushed yet. When the render
     * tick is past the newest frame (starved: packets late or lost), holds the newest frame.
     */
    public boolean sample(double renderTick, WorldSnapshot out) {
        if (size == 0) {
            return false;
        }
        samples++;
        final WorldSnapshot newestFrame = frames[newest];
        if (renderTick >= newestFrame.tick) {
            if (renderTick > newestFrame.tick) {
                starvedSamples++;
            }
            copyInto(newestFrame, out, (long) Math.floor(renderTick));
            return true;
        }
        // Walk back to the newest frame at or before renderTick.
        int later = newest;
        for (int k = 1; k < size; k++) {
            final int idx = Math.floorMod(newest - k, frames.length);
            final WorldSnapshot f = frames[idx];
            if (f.tick <= renderTick) {
                blend(f, frames[later], renderTick, out);
                return true;
            }
            later = idx;
        }
        // Older than everything kept: the oldest frame is the best answer.
        copyInto(frames[later], out, (long) Math.floor(renderTick));
        return true;
    }

    private void copyInto(WorldSnapshot from, WorldSnapshot out, long tick) {
        requireLayout(out);
        out.clear(tick);
        final int n = Math.min(from.count, out.capacity());
        System.arraycopy(from.entityId, 0, out.entityId, 0, n);
        for (int lane = 0; lane < values; lane++) {
            System.arraycopy(from.lanes[lane], 0, out.lanes[lane], 0, n);
        }
        out.count = n;
    }

    private void requireLayout(WorldSnapshot out) {
        if (out.lanes.length != values) {
            throw new IllegalArgumentException("sample into a snapshot of " + out.layout + ", the buffer holds " + layout);
        }
    }

    private void blend(WorldSnapshot a, WorldSnapshot b, double renderTick, WorldSnapshot out) {
        requireLayout(out);
        final double alpha = (renderTick - a.tick) / (double) (b.tick - a.tick);
        out.clear((long) Math.floor(renderTick));
        final int cap = out.capacity();
        final int[] coding = layout.coding;
        final int dims = layout.dims;
        int j = 0;
        for (int i = 0; i < a.count && out.count < cap; i++) {
            final int id = a.entityId[i];
            while (j < b.count && b.entityId[j] < id) {
                j++; // only in b: not visible yet at the render tick
            }
            final int k = out.count;
            out.entityId[k] = id;
            out.count = k + 1;
            boolean lerp = j < b.count && b.entityId[j] == id;
            if (lerp) {
                long d2 = 0;
                for (int axis = 0; axis < dims; axis++) {
                    final long d = (long) b.lanes[axis][j] - a.lanes[axis][i];
                    d2 += d * d;
                }
                lerp = d2 <= teleportDistanceUnits * teleportDistanceUnits;
            }
            for (int lane = 0; lane < values; lane++) {
                final int from = a.lanes[lane][i];
                int v = from;
                if (lerp && coding[lane] == EntityLayout.AXIS) {
                    v = (int) Math.round(from + (b.lanes[lane][j] - (double) from) * alpha);
                } else if (lerp && coding[lane] == EntityLayout.ANGLE) {
                    v = lerpAngle(from, b.lanes[lane][j], alpha, layout.angleBits[lane]);
                }
                out.lanes[lane][k] = v;
            }
        }
    }

    /** Shortest-arc blend of two 12-bit headings. */
    static int lerpHeading(int from, int to, double alpha) {
        return lerpAngle(from, to, alpha, Quantization.HEADING_BITS);
    }

    /** Shortest-arc blend of two angles of {@code bits} bits per turn. */
    static int lerpAngle(int from, int to, double alpha, int bits) {
        final int turn = 1 << bits;
        int delta = Math.floorMod(to - from, turn);
        if (delta > turn / 2) {
            delta -= turn;
        }
        return Math.floorMod((int) Math.round(from + delta * alpha), turn);
    }

    public long newestTick() {
        return size == 0 ? Long.MIN_VALUE : frames[newest].tick;
    }

    public int size() {
        return size;
    }

    public double meanIntervalTicks() {
        return meanIntervalTicks;
    }

    public long pushed() {
        return pushed;
    }

    public long staleIgnored() {
        return staleIgnored;
    }

    public long truncatedEntities() {
        return truncatedEntities;
    }

    public long samples() {
        return samples;
    }

    /** Samples whose render tick was past the newest frame (nothing newer to blend towards). */
    public long starvedSamples() {
        return starvedSamples;
    }
}
