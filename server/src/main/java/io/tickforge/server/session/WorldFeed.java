package io.tickforge.server.session;

import io.tickforge.shared.world.EntityIds;
import io.tickforge.shared.world.WorldSnapshot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A low-rate copy of the world (entity ids, positions, flags, heading, player names) that the tick
 * thread publishes every few ticks for readers on other threads (the admin dashboard's map). Two
 * preallocated frames, each guarded by a sequence lock: the tick thread writes the frame readers
 * are not pointed at, never allocates and never waits; a reader copies the newest frame and
 * retries if the writer touched it meanwhile. Positions in 1/256 m units as in {@link WorldSnapshot}.
 */
public final class WorldFeed {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

    private final int capacity;
    private final int everyTicks;
    private final int[][] ids = new int[2][];
    private final int[][] xs = new int[2][];
    private final int[][] ys = new int[2][];
    private final int[][] headings = new int[2][];
    private final int[][] flags = new int[2][];
    /** Player names by slot (references to the session's strings; no copy of the text). */
    private final String[][] names = new String[2][];
    private final long[] ticks = new long[2];
    private final int[] counts = new int[2];
    /** Per frame: odd while the tick thread writes it. */
    private final long[] versions = new long[2];
    /** Frame readers should read (0 or 1), -1 before the first publish. */
    private final int[] latest = {-1};

    /** What a reader gets: its own copy. */
    public record Frame(long tick, int count, int[] entityId, int[] x, int[] y, int[] heading, int[] flags,
                        String[] playerNames) {
        /** The name of player entity {@code i} (index into this frame), or null for NPCs. */
        public String nameOf(int i) {
            final int id = entityId[i];
            return EntityIds.isPlayer(id) && id < playerNames.length ? playerNames[id] : null;
        }
    }

    /**
     * @param capacity   most entities in a frame (the world's maxEntities)
     * @param maxPlayers player slots (names are kept per slot)
     * @param everyTicks publish every this many ticks (e.g. tickRate / 5 for 5 Hz)
     */
    public WorldFeed(int capacity, int maxPlayers, int everyTicks) {
        if (capacity < 0 || maxPlayers < 0 || everyTicks < 1) {
            throw new IllegalArgumentException("bad world feed: capacity " + capacity + ", maxPlayers " + maxPlayers
                    + ", everyTicks " + everyTicks);
        }
        this.capacity = capacity;
        this.everyTicks = everyTicks;
        for (int f = 0; f < 2; f++) {
            ids[f] = new int[capacity];
            xs[f] = new int[capacity];
            ys[f] = new int[capacity];
            headings[f] = new int[capacity];
            flags[f] = new int[capacity];
            names[f] = new String[maxPlayers];
        }
    }

    public int everyTicks() {
        return everyTicks;
    }

    // ---------------------------------------------------------------- tick thread

    /** Publishes {@code world} if {@code tick} is a feed tick. Tick thread; no allocation. */
    public void maybePublish(long tick, WorldSnapshot world, String[] playerNamesBySlot) {
        if (tick % everyTicks != 0) {
            return;
        }
        final int current = (int) INTS.getAcquire(latest, 0);
        final int f = current == 0 ? 1 : 0;
        final long v = versions[f];
        LONGS.setOpaque(versions, f, v + 1);
        VarHandle.storeStoreFence();
        final int n = Math.min(world.count, capacity);
        System.arraycopy(world.entityId, 0, ids[f], 0, n);
        System.arraycopy(world.x, 0, xs[f], 0, n);
        System.arraycopy(world.y, 0, ys[f], 0, n);
        // The dashboard draws a heading and the alive flag: the schema's first angle and its field
        // called "flags", when it has them (else 0).
        final int headingLane = world.layout.angleLanes.length > 0 ? world.layout.angleLanes[0] : -1;
        final int flagsLane = world.layout.lane("flags");
        copyLane(world, headingLane, headings[f], n);
        copyLane(world, flagsLane, flags[f], n);
        System.arraycopy(playerNamesBySlot, 0, names[f], 0, Math.min(playerNamesBySlot.length, names[f].length));
        counts[f] = n;
        ticks[f] = tick;
        LONGS.setRelease(versions, f, v + 2);
        INTS.setRelease(latest, 0, f);
    }

    private static void copyLane(WorldSnapshot world, int lane, int[] to, int n) {
        if (lane >= 0) {
            System.arraycopy(world.lanes[lane], 0, to, 0, n);
        } else {
            java.util.Arrays.fill(to, 0, n, 0);
        }
    }

    // ---------------------------------------------------------------- any thread

    /** A copy of the newest frame, or null before the first publish. Allocates. */
    public Frame read() {
        for (int attempt = 0; attempt < 100; attempt++) {
            final int f = (int) INTS.getAcquire(latest, 0);
            if (f < 0) {
                return null;
            }
            final long before = (long) LONGS.getAcquire(versions, f);
            if ((before & 1) != 0) {
                Thread.onSpinWait();
                continue;
            }
            final int n = Math.min(counts[f], capacity);
            final Frame frame = new Frame(ticks[f], n, copy(ids[f], n), copy(xs[f], n), copy(ys[f], n),
                    copy(headings[f], n), copy(flags[f], n), names[f].clone());
            VarHandle.acquireFence();
            if ((long) LONGS.getAcquire(versions, f) == before) {
                return frame;
            }
        }
        return null;
    }

    private static int[] copy(int[] source, int n) {
        final int[] out = new int[n];
        System.arraycopy(source, 0, out, 0, n);
        return out;
    }
}
