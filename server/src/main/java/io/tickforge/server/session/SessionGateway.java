package io.tickforge.server.session;

import io.tickforge.shared.protocol.InputPacket;
import io.tickforge.shared.protocol.ServerStats;
import io.tickforge.shared.schema.EntitySchema;
import io.tickforge.shared.schema.InputSchema;

/**
 * What the network layer may do to a session. Every method is thread-safe, cheap and non-blocking:
 * it is called from KryoNet's update thread. Joins and leaves take effect at the next tick
 * boundary.
 */
public interface SessionGateway {
    int sessionId();

    int tickRateHz();

    /** The last tick the session completed (published by the tick thread). */
    long currentTick();

    /** Budget for one snapshot datagram, in bytes. */
    int packetBudgetBytes();

    /** The hosted game's declared entity schema: its hash goes in every Welcome and must match the Hello's. */
    EntitySchema entitySchema();

    /** The hosted game's declared input schema: as {@link #entitySchema()}. */
    InputSchema inputSchema();

    /** Threads that send snapshots at once (the tick thread and replication workers): one UDP socket each. */
    default int sendingThreads() {
        return 1;
    }

    /** Reserves a player slot; returns -1 when the session is full. */
    int reserveSlot();

    /** Gives back a reserved slot that never joined (handshake failed after reserving). */
    void releaseSlot(int slot);

    /** Queues a join for the next tick boundary; the slot must come from {@link #reserveSlot()}. */
    void enqueueJoin(int slot, String name, PlayerLink link);

    /** Queues a leave for the next tick boundary; the slot is freed when it is applied. */
    void enqueueLeave(int slot);

    /**
     * Queues a detach for the next tick boundary: the player's connection dropped and the network
     * holds its slot for a reconnect. The player stays in the world, idle (no inputs applied, as
     * before its first input), and gets no snapshots until {@link #enqueueReattach}; a later
     * {@link #enqueueLeave} ends it as usual.
     */
    void enqueueDetach(int slot);

    /**
     * Queues a reattach for the next tick boundary: {@code link} (a new connection) takes over the
     * joined player in {@code slot}, detached or not, with fresh input and replication state (its
     * first snapshot is a keyframe). Same entity, position, health and score.
     */
    void enqueueReattach(int slot, PlayerLink link);

    /**
     * The layout of the game's input schema: how the transport decodes input packets for this
     * session (read once, when the network starts). The engine's four-field shape by default.
     */
    default io.tickforge.shared.world.InputLayout inputLayout() {
        return io.tickforge.shared.world.InputLayout.FIXED;
    }

    /**
     * Copies a validated-key input packet into the session's input queue. Returns false (and
     * counts) when the queue is full.
     */
    boolean offerInput(int slot, InputPacket packet);

    /** The newest figures the tick thread published. Never null. */
    ServerStats stats();

    /**
     * The session's UDP byte counters, which the transport adds each datagram of the session's
     * peers to (read once per peer, when it is bound to the session); null: nothing is counted per
     * session (the host's shape, test fakes).
     */
    default SessionTraffic traffic() {
        return null;
    }
}
