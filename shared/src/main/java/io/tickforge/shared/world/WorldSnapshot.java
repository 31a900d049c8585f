package io.tickforge.shared.world;

import java.util.Arrays;

/**
 * The quantized world at one tick, in structure-of-arrays form, entities sorted by ascending id,
 * one {@code int[]} per lane of its {@link EntityLayout} (the entity schema compiled: the
 * position's axes, then one lane per further field). Owned by one thread at a time (the tick
 * thread on the server, the client's network thread on the client); never shared without a copy.
 *
 * <p>A game writes its entities with {@link #add(int)} and the lane arrays
 * ({@code i = add(id); x[i] = ...; lanes[k][i] = ...}), or, for the fixed shape (five lanes:
 * x, y, heading, health, flags), with {@link #add(int, int, int, int, int, int)}. Every value must be
 * valid for its lane ({@link EntityLayout#accepts}); the server checks when it records the world.
 */
public final class WorldSnapshot {
    /** Entity flag: the entity is alive (players can be dead while waiting to respawn). */
    public static final int FLAG_ALIVE = 1;
    /** Entity flag: the player fired this tick (clients may show a tracer). */
    public static final int FLAG_FIRED = 1 << 1;
    /** The fixed shape's lanes ({@link EntityLayout#FIXED}, and the arena's): heading, health, flags. */
    public static final int HEADING = 2;
    public static final int HEALTH = 3;
    public static final int FLAGS = 4;

    public final EntityLayout layout;
    public long tick;
    public int count;
    public final int[] entityId;
    /** {@code lanes[k][i]}: lane {@code k} of entity {@code i}. */
    public final int[][] lanes;
    /** The position's x axis ({@code lanes[0]}). */
    public final int[] x;
    /** The position's y axis ({@code lanes[1]}). */
    public final int[] y;

    /** A snapshot of the fixed shape ({@link EntityLayout#FIXED}: x, y, heading, health, flags). */
    public WorldSnapshot(int capacity) {
        this(EntityLayout.FIXED, capacity);
    }

    public WorldSnapshot(EntityLayout layout, int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0: " + capacity);
        }
        this.layout = layout;
        entityId = new int[capacity];
        lanes = new int[layout.values][capacity];
        x = lanes[0];
        y = lanes[1];
    }

    public int capacity() {
        return entityId.length;
    }

    public void clear(long tick) {
        this.tick = tick;
        this.count = 0;
    }

    /**
     * Appends entity {@code id} with every lane 0 and returns its index, for the caller to fill
     * in; ids must be appended in strictly ascending order.
     */
    public int add(int id) {
        final int i = count;
        if (i == entityId.length) {
            throw new IllegalStateException("WorldSnapshot full at " + i + " entities");
        }
        if (i > 0 && entityId[i - 1] >= id) {
            throw new IllegalArgumentException("ids must ascend: " + entityId[i - 1] + " then " + id);
        }
        entityId[i] = id;
        for (int[] lane : lanes) {
            lane[i] = 0;
        }
        count = i + 1;
        return i;
    }

    /**
     * Appends an entity of a five-lane layout (the fixed shape: x, y, heading, health, flags); ids
     * must be appended in strictly ascending order.
     */
    public void add(int id, int xUnits, int yUnits, int headingUnits, int healthPoints, int entityFlags) {
        final int i = count;
        if (i == entityId.length) {
            throw new IllegalStateException("WorldSnapshot full at " + i + " entities");
        }
        if (i > 0 && entityId[i - 1] >= id) {
            throw new IllegalArgumentException("ids must ascend: " + entityId[i - 1] + " then " + id);
        }
        if (lanes.length != 5) {
            throw new IllegalStateException("add(id, x, y, heading, health, flags) needs a five-lane layout, not " + layout);
        }
        entityId[i] = id;
        lanes[0][i] = xUnits;
        lanes[1][i] = yUnits;
        lanes[2][i] = headingUnits;
        lanes[3][i] = healthPoints;
        lanes[4][i] = entityFlags;
        count = i + 1;
    }

    /** Binary search by id; returns the index or a negative value when absent. */
    public int indexOf(int id) {
        return Arrays.binarySearch(entityId, 0, count, id);
    }

    public void copyFrom(WorldSnapshot other) {
        if (other.count > capacity()) {
            throw new IllegalArgumentException("capacity " + capacity() + " < " + other.count);
        }
        if (other.lanes.length != lanes.length) {
            throw new IllegalArgumentException("layouts differ: " + other.layout + " vs " + layout);
        }
        tick = other.tick;
        count = other.count;
        System.arraycopy(other.entityId, 0, entityId, 0, count);
        for (int k = 0; k < lanes.length; k++) {
            System.arraycopy(other.lanes[k], 0, lanes[k], 0, count);
        }
    }

    /** True when entity i of this and entity j of other carry identical values. */
    public boolean sameEntity(int i, WorldSnapshot other, int j) {
        if (entityId[i] != other.entityId[j]) {
            return false;
        }
        for (int k = 0; k < lanes.length; k++) {
            if (lanes[k][i] != other.lanes[k][j]) {
                return false;
            }
        }
        return true;
    }
}
