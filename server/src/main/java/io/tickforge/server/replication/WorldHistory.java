package io.tickforge.server.replication;

import io.tickforge.shared.world.EntityIds;
import io.tickforge.shared.world.EntityLayout;
import io.tickforge.shared.world.WorldSnapshot;

import java.util.Arrays;

/**
 * The recorded worlds of the last {@code length} ticks, indexed by entity id, plus the tick at
 * which each entity last changed. Written by the tick thread in {@link #record}; read by the
 * replication writers (tick thread and workers) while packets are written, never concurrently
 * with {@link #record}. Positions in 1/256 m units, headings wrapped to 12 bits.
 *
 * <p>Why by id: a client's packet history refers to entities by id, and the world's index of an
 * entity moves whenever a player with a smaller id joins or leaves. Why the change ticks: an
 * entity whose last change is not newer than a baseline's tick holds the baseline's value, so
 * "unchanged since the client's acknowledged state" is one comparison with a shared, cache-warm
 * array instead of a read of per-client state.
 */
final class WorldHistory {
    /** Lanes of the position's x and y axes (interest is planar). */
    static final int X = 0;
    static final int Y = 1;

    private final EntityLayout layout;
    /** Ints per entity in a recorded tick: the layout's lanes (arena: x, y, heading, health, flags). */
    final int valuesPerId;
    /** Per lane: the angle mask to wrap with, or -1 (no wrap). */
    private final int[] wrap;

    private final int length;
    private final long[] tickOf;
    private final boolean[] recorded;
    private int[][] values;
    private long[][] present;
    /** Per slot, the ids whose change (value, appearance or departure) was recorded at that slot's tick. */
    private long[][] changedAt;
    private long[] lastChange;
    private int idCapacity;
    /**
     * Player ids are below this (the session's player slots); every other id is at
     * {@link EntityIds#NPC_BASE} or above ({@link #record} refuses a world that breaks this).
     * The ids in between never occur, so per-id tables that need no id order (the writers'
     * shared-encoding caches, the clients' priority accumulators) index by {@link #denseId}
     * and skip them: at 256 player slots, 768 of the 2048 ids a 1000-NPC world spans.
     */
    private final int playerLimit;
    /** What {@link #denseId} subtracts from an id at {@link EntityIds#NPC_BASE} or above. */
    private final int idGap;
    /** Words of 64 ids the player slots span: ids of the words from here to {@link #NPC_WORD} never occur. */
    private final int playerWords;
    /** What {@link #heldWord} subtracts from the word of an id at {@link EntityIds#NPC_BASE} or above. */
    private final int wordGap;
    /** The word of 64 ids {@link EntityIds#NPC_BASE} starts. */
    static final int NPC_WORD = EntityIds.NPC_BASE >>> 6;
    private int current = -1;

    /** A history of the fixed shape (the arena's layout). */
    WorldHistory(int length, int initialIdCapacity) {
        this(length, initialIdCapacity, EntityLayout.FIXED);
    }

    WorldHistory(int length, int initialIdCapacity, EntityLayout layout) {
        this(length, initialIdCapacity, layout, EntityIds.MAX_PLAYERS);
    }

    /** {@code playerLimit}: the player slots (1..{@link EntityIds#MAX_PLAYERS}); player ids are below it. */
    WorldHistory(int length, int initialIdCapacity, EntityLayout layout, int playerLimit) {
        if (playerLimit < 1 || playerLimit > EntityIds.MAX_PLAYERS) {
            throw new IllegalArgumentException("playerLimit must be 1.." + EntityIds.MAX_PLAYERS + ": " + playerLimit);
        }
        this.playerLimit = playerLimit;
        this.idGap = EntityIds.NPC_BASE - playerLimit;
        this.playerWords = (playerLimit + 63) >>> 6;
        this.wordGap = NPC_WORD - playerWords;
        this.layout = layout;
        this.valuesPerId = layout.values;
        this.wrap = new int[layout.values];
        for (int k = 0; k < layout.values; k++) {
            wrap[k] = layout.coding[k] == EntityLayout.ANGLE ? (1 << layout.angleBits[k]) - 1 : -1;
        }
        if (length < 2) {
            throw new IllegalArgumentException("length must be >= 2: " + length);
        }
        this.length = length;
        tickOf = new long[length];
        recorded = new boolean[length];
        values = new int[length][];
        present = new long[length][];
        changedAt = new long[length][];
        allocate(Math.max(64, initialIdCapacity));
    }

    private void allocate(int ids) {
        int words = (ids + 63) >>> 6;
        int capacity = words << 6;
        for (int s = 0; s < length; s++) {
            values[s] = values[s] == null ? new int[capacity * valuesPerId] : Arrays.copyOf(values[s], capacity * valuesPerId);
            present[s] = present[s] == null ? new long[words] : Arrays.copyOf(present[s], words);
            changedAt[s] = changedAt[s] == null ? new long[words] : Arrays.copyOf(changedAt[s], words);
        }
        lastChange = lastChange == null ? new long[capacity] : Arrays.copyOf(lastChange, capacity);
        idCapacity = capacity;
    }

    /** Ids below this fit every array; bitmaps over ids need {@code idCapacity / 64} words. */
    int idCapacity() {
        return idCapacity;
    }

    int idWords() {
        return idCapacity >>> 6;
    }

    /**
     * The index of {@code id} in per-id tables sized {@link #denseIdCapacity}: player ids as they
     * are, every other id less the unused ids between the player slots and
     * {@link EntityIds#NPC_BASE}. One-to-one over the ids a recorded world may hold.
     */
    int denseId(int id) {
        return denseId(id, idGap);
    }

    /** {@link #denseId} with the gap {@link #idGap} says. */
    static int denseId(int id, int idGap) {
        return id < EntityIds.NPC_BASE ? id : id - idGap;
    }

    /** What {@link #denseId} subtracts from an id at {@link EntityIds#NPC_BASE} or above. */
    int idGap() {
        return idGap;
    }

    /**
     * Words of a held-id bitmap: a bitmap over ids ({@link #idWords} words) less the words between
     * the player slots' and {@link EntityIds#NPC_BASE}'s, which never hold an id. The clients keep
     * one per packet in flight (their held ids), so this is what those cost; the word of an id
     * there is {@link #heldWord}, and word {@code h} of it is word {@link #idWord} of the id bitmap.
     */
    int heldWords() {
        final int w = idWords();
        return w <= NPC_WORD ? Math.min(w, playerWords) : w - wordGap;
    }

    /** The word of {@code id} in a held-id bitmap ({@link #heldWords}). */
    int heldWord(int id) {
        return (id >>> 6) - (id >= EntityIds.NPC_BASE ? wordGap : 0);
    }

    /** The id bitmap's word that word {@code h} of a held-id bitmap is. */
    int idWord(int h) {
        return h < playerWords ? h : h + wordGap;
    }

    /** Words of 64 ids the player slots span (ids of the next words up to {@link #NPC_WORD} never occur). */
    int playerWords() {
        return playerWords;
    }

    /** Entries a table indexed by {@link #denseId} needs for every id below {@link #idCapacity}. */
    int denseIdCapacity() {
        return idCapacity <= EntityIds.NPC_BASE ? Math.min(idCapacity, playerLimit) : idCapacity - idGap;
    }

    /** Records {@code w} as the newest tick (ticks increase). Grows only when a larger id appears. */
    void record(WorldSnapshot w) {
        if (w.layout != layout && !w.layout.codesLike(layout)) {
            throw new IllegalArgumentException("world of " + w.layout + " recorded into a history of " + layout);
        }
        final int n = w.count;
        if (idGap > 0) {
            // Ids ascend: the first id at or above the player slots must be a non-player id.
            final int first = Arrays.binarySearch(w.entityId, 0, n, playerLimit);
            final int i = first >= 0 ? first : -first - 1;
            if (i < n && w.entityId[i] < EntityIds.NPC_BASE) {
                throw new IllegalArgumentException("entity id " + w.entityId[i] + " at tick " + w.tick
                        + " is neither a player slot (0.." + (playerLimit - 1) + ") nor at EntityIds.NPC_BASE ("
                        + EntityIds.NPC_BASE + ") or above");
            }
        }
        if (n > 0 && w.entityId[n - 1] >= idCapacity) {
            allocate(Math.max(w.entityId[n - 1] + 1, idCapacity * 2));
        }
        final int prev = current;
        final int slot = prev < 0 ? 0 : (prev + 1) % length;
        final long tick = w.tick;
        final int[] v = values[slot];
        final long[] p = present[slot];
        Arrays.fill(p, 0L);
        final long[] ca = changedAt[slot];
        Arrays.fill(ca, 0L);
        final int[] pv = prev < 0 ? null : values[prev];
        final long[] pp = prev < 0 ? null : present[prev];
        final long[] changed = lastChange;
        final int values = valuesPerId;
        final int[][] lanes = w.lanes;
        for (int i = 0; i < n; i++) {
            final int id = w.entityId[i];
            final int o = id * values;
            boolean same = pp != null && (pp[id >>> 6] & (1L << id)) != 0;
            for (int k = 0; k < values; k++) {
                final int value = lanes[k][i] & wrap[k];
                v[o + k] = value;
                if (same && pv[o + k] != value) {
                    same = false;
                }
            }
            p[id >>> 6] |= 1L << id;
            if (!same) {
                checkValues(v, o, id);
                changed[id] = tick;
                ca[id >>> 6] |= 1L << id;
            }
        }
        if (pp != null) {
            // Entities that left: their absence is a change too (a slot's next player reuses the id).
            for (int word = 0; word < p.length; word++) {
                long gone = pp[word] & ~p[word];
                while (gone != 0L) {
                    changed[(word << 6) + Long.numberOfTrailingZeros(gone)] = tick;
                    gone &= gone - 1;
                }
                ca[word] |= pp[word] & ~p[word];
            }
        }
        tickOf[slot] = tick;
        recorded[slot] = true;
        current = slot;
    }

    /** A value the game wrote outside its lane's declared range is a game bug: fail the tick, naming it. */
    private void checkValues(int[] v, int o, int id) {
        for (int k = 0; k < valuesPerId; k++) {
            if (!layout.accepts(k, v[o + k])) {
                throw new IllegalStateException("entity " + id + ": " + layout.describeLane(k) + " = " + v[o + k]
                        + " is outside its declared range " + layout.min[k] + ".." + layout.max[k]
                        + (layout.validBits[k] != -1 ? " (flag bits 0x" + Integer.toHexString(layout.validBits[k]) + ")" : "")
                        + " (entity schema '" + layout.schema().name() + "')");
            }
        }
    }

    EntityLayout layout() {
        return layout;
    }

    boolean isEmpty() {
        return current < 0;
    }

    long currentTick() {
        return tickOf[current];
    }

    /** The ring slot of the newest tick. */
    int currentSlot() {
        return current;
    }

    /** The ring slot holding {@code tick}, or -1 when it is not (or no longer) recorded. */
    int slotOf(long tick) {
        if (current < 0) {
            return -1;
        }
        long age = tickOf[current] - tick;
        if (age >= 0 && age < length) {
            // Consecutive ticks (the normal case) sit at a fixed distance behind the newest.
            int s = current - (int) age; // 0 <= age < length: one wrap at most, no division
            if (s < 0) {
                s += length;
            }
            if (recorded[s] && tickOf[s] == tick) {
                return s;
            }
        }
        // Ticks increase along the ring, so a tick older than the oldest recorded one (the slot
        // after the newest, or slot 0 while the ring is filling) is forgotten: no scan for it (full
        // exception records of starved entities ask this of every packet).
        final int next = current + 1 == length ? 0 : current + 1;
        if (tick < (recorded[next] ? tickOf[next] : tickOf[0]) || age < 0) {
            return -1;
        }
        for (int s = 0; s < length; s++) {
            if (recorded[s] && tickOf[s] == tick) {
                return s;
            }
        }
        return -1;
    }

    /** Values of slot {@code s}: entity id's values start at {@code id * valuesPerId}. */
    int[] values(int s) {
        return values[s];
    }

    long[] present(int s) {
        return present[s];
    }

    boolean isPresent(int s, int id) {
        return id >= 0 && id < idCapacity && (present[s][id >>> 6] & (1L << id)) != 0;
    }

    /** The newest recorded tick at which entity {@code id} appeared, left or changed a value. */
    long lastChange(int id) {
        return lastChange[id];
    }

    long[] lastChanges() {
        return lastChange;
    }

    /**
     * Sets {@code out} (at least {@link #idWords} long) to the ids that changed, appeared or left at
     * a recorded tick after {@code tick}: exactly those whose {@link #lastChange} is newer than
     * {@code tick}, as a bitmap, so a writer can skip the unchanged entities of a baseline 64 at a
     * time. {@code tick} must still be recorded (older changes are forgotten). Costs one OR of a
     * bitmap per recorded tick since.
     */
    void changedSince(long tick, long[] out) {
        final int words = idCapacity >>> 6;
        Arrays.fill(out, 0, words, 0L);
        int s = current;
        for (int k = 0; k < length && recorded[s] && tickOf[s] > tick; k++) {
            final long[] ca = changedAt[s];
            for (int w = 0; w < words; w++) {
                out[w] |= ca[w];
            }
            s = s == 0 ? length - 1 : s - 1;
        }
    }
}
