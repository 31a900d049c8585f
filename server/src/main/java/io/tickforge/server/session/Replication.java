package io.tickforge.server.session;

import io.tickforge.shared.world.WorldSnapshot;

/**
 * What the session asks of snapshot replication, once per tick, on the tick thread only.
 * Implemented by {@code io.tickforge.server.replication}. Order within a tick: {@link #onAcks}
 * while inputs are drained, then {@link #recordWorld} after simulation, then
 * {@link #writePackets} (or {@link #writePacket} per client).
 */
public interface Replication {
    /** A player joined: start with no acknowledged state (its first packet is a keyframe). */
    void addClient(int slot);

    void removeClient(int slot);

    /** Acks carried by one input packet of that client (16-bit sequence + 32-bit bitfield). */
    void onAcks(int slot, int ackSequence, int ackBits);

    /** Stores the quantized world of this tick in the history ring and indexes it for interest. */
    void recordWorld(WorldSnapshot world);

    /**
     * Writes this tick's packet for every client added and not removed, and hands each to
     * {@code sink}, possibly from worker threads; returns when every packet has been handed over.
     * Packets are byte-identical whatever the number of workers. Does not allocate.
     */
    void writePackets(PacketSink sink);

    /**
     * The most ticks in a row a client can go without a packet under {@link #writePackets(PacketSink,
     * io.tickforge.server.tick.TickClock, long)}'s deadline: every tick writes at least this
     * fraction of the clients, starting with those the previous tick left out.
     */
    int MAX_SHED_TICKS = 4;

    /**
     * {@link #writePackets(PacketSink)} with a deadline: once {@code clock} reads {@code stopNs} or
     * later, no further packet is started this tick (those under way finish), except that at least
     * one client in {@link #MAX_SHED_TICKS} (rounded up) is always written. The clients left out
     * get no packet this tick (nothing of theirs is lost: their next packet is a delta against what
     * they acknowledged, as after a lost datagram) and are written first next tick, so no client
     * waits more than {@link #MAX_SHED_TICKS} ticks. Which clients that leaves out depends on time;
     * every packet written is still byte-identical whatever the number of workers. The default
     * ignores the deadline.
     */
    default void writePackets(PacketSink sink, io.tickforge.server.tick.TickClock clock, long stopNs) {
        writePackets(sink);
    }

    /** Stops any threads this replication started (after the tick loop has stopped). */
    /** Threads that may write and send packets at once in {@link #writePackets} (the tick thread included). */
    /**
     * The entity layout this replication records and encodes (the game's entity schema compiled), or
     * null when it does not care (test doubles). The session refuses a replication built for
     * another layout than its game's when it is constructed, rather than at the first tick.
     */
    default io.tickforge.shared.world.EntityLayout entityLayout() {
        return null;
    }

    /**
     * Fills {@code into} with this replication's cumulative counters (packets, codings shared and
     * computed, packets that deferred, record arena growths); tick thread, between ticks. Leaves {@code into.known}
     * false when it keeps none. Does not allocate.
     */
    default void readCounters(ReplicationCounters into) {
        into.known = false;
    }

    default int writerThreads() {
        return 1;
    }

    default void close() {
    }

    /**
     * Encodes this tick's snapshot packet for one client into {@code out} from index 0 and returns
     * its length in bytes; the length never exceeds the payload budget. Does not allocate.
     */
    int writePacket(int slot, long lastAppliedInputTick, byte[] out);
}
