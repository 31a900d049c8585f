package io.tickforge.shared.world;

import java.util.Arrays;

/**
 * The quantized world at one tick, in structure-of-arrays form, entities sorted by ascending id.
 * Owned by one thread at a time (the tick thread on the server, the client's network thread on the
 * client); never shared without a copy. Positions in 1/256 m units, heading in 12-bit units,
 * health in hit points; see {@link Quantization}.
 */
public final class WorldSnapshot {
    /** Entity flag: the entity is alive (players can be dead while waiting to respawn). */
    public static final int FLAG_ALIVE = 1;
    /** Entity flag: the player fired this tick (clients may show a tracer). */
    public static final int FLAG_FIRED = 1 << 1;

    public long tick;
    public int count;
    public int[] entityId;
    public int[] x;
    public int[] y;
    public int[] heading;
    public int[] health;
    public int[] flags;

    public WorldSnapshot(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0: " + capacity);
        }
        entityId = new int[capacity];
        x = new int[capacity];
        y = new int[capacity];
        heading = new int[capacity];
        health = new int[capacity];
        flags = new int[capacity];
    }

    public int capacity() {
        return entityId.length;
    }

    public void clear(long tick) {
        this.tick = tick;
        this.count = 0;
    }

    /** Appends an entity; ids must be appended in strictly ascending order. */
    public void add(int id, int xUnits, int yUnits, int headingUnits, int healthPoints, int entityFlags) {
        final int i = count;
        if (i == entityId.length) {
            throw new IllegalStateException("WorldSnapshot full at " + i + " entities");
        }
        if (i > 0 && entityId[i - 1] >= id) {
            throw new IllegalArgumentException("ids must ascend: " + entityId[i - 1] + " then " + id);
        }
        entityId[i] = id;
        x[i] = xUnits;
        y[i] = yUnits;
        heading[i] = headingUnits;
        health[i] = healthPoints;
        flags[i] = entityFlags;
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
        tick = other.tick;
        count = other.count;
        System.arraycopy(other.entityId, 0, entityId, 0, count);
        System.arraycopy(other.x, 0, x, 0, count);
        System.arraycopy(other.y, 0, y, 0, count);
        System.arraycopy(other.heading, 0, heading, 0, count);
        System.arraycopy(other.health, 0, health, 0, count);
        System.arraycopy(other.flags, 0, flags, 0, count);
    }

    /** True when entity i of this and entity j of other carry identical values. */
    public boolean sameEntity(int i, WorldSnapshot other, int j) {
        return entityId[i] == other.entityId[j] && x[i] == other.x[j] && y[i] == other.y[j]
                && heading[i] == other.heading[j] && health[i] == other.health[j]
                && flags[i] == other.flags[j];
    }
}
