package io.tickforge.server.replication;

import io.tickforge.server.session.PacketSink;
import io.tickforge.server.session.Replication;
import io.tickforge.server.session.ReplicationCounters;
import io.tickforge.server.tick.TickClock;
import io.tickforge.shared.seq.Sequences;
import io.tickforge.shared.snapshot.ViewEntries;
import io.tickforge.shared.world.Quantization;
import io.tickforge.shared.world.WorldSnapshot;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Snapshot replication with per-client deltas against acknowledged state, at a cost that follows
 * what changed. Owned by the session's tick thread; packets may be written by worker threads
 * during {@link #writePackets}. Positions in 1/256 m units, sizes in bytes; no allocation per tick
 * in steady state (arrays grow only when the world or a client's state outgrows them).
 *
 * <p>Model (unchanged on the wire): packet P leaves the client with a view, View(P) = View(B) with
 * P's removals, changes and additions applied, where B is the newest packet the client
 * acknowledged when P was written (or nothing, for a keyframe). What the server keeps of each view
 * is sparse ({@link ClientState}): the ids held, and the entries that differ from the recorded
 * world at the packet's tick ({@link WorldHistory}). A lost packet costs nothing but re-sending its
 * entities against an older view; nothing is resent "reliably".
 *
 * <p>The parts: {@link WorldHistory} (recorded ticks by id, last change per entity),
 * {@link InterestGrid}, {@link ClientState} (packets held, acks, priorities), {@link PacketWriter}
 * (diff, budget via {@link BudgetFitter}, encode, store; one per writing thread) and
 * {@link ReplicationWorkers} (the fixed pool that shares out the clients of a tick).
 */
public final class DeltaReplication implements Replication {
    /**
     * Record slots (28 bytes each) a client's exception arena starts with: 57 KB, what a client
     * needs in the standard and stress worlds including a join's burst of keyframes and deferring
     * packets (measured with TickProbe: it grew to 2048 slots and no further), so the arena is
     * sized once, up front, and the tick allocates nothing later. It still doubles if a client
     * needs more, and shrinks back to this size after a long quiet spell.
     */
    static final int INITIAL_EXCEPTIONS = 2048;
    /** One spare arena (twice the initial size) per this many player slots, allocated with the replication. */
    static final int SPARE_ARENA_EVERY_PLAYERS = 16;
    /** One large spare arena (four times the initial size) per this many player slots, allocated with the replication. */
    static final int LARGE_SPARE_ARENA_EVERY_PLAYERS = 32;
    private final ReplicationConfig config;
    private final WorldHistory history;
    private final ViewEntries entries;
    private final PacketExceptions exceptions;
    private final InterestGrid grid;
    private final ClientState[] clients;
    private final PacketWriter[] writers;
    private final ReplicationWorkers workers;
    private final byte[][] buffers;
    private final int[] activeSlots;
    private final AtomicInteger nextClient = new AtomicInteger();
    // Phase inputs, written by the tick thread before a phase (published by the workers' wake-up).
    private int activeCount;
    private PacketSink sink;
    /** The phase's deadline ({@link #writePackets(PacketSink, TickClock, long)}; no clock: none) and the writes owed regardless. */
    private TickClock stopClock;
    private long stopNs;
    private int minWrites;
    /** The slot the write order starts at: the first client the last tick that shed left out (tick thread). */
    private int firstSlot;
    private long shedPackets;
    private long unknownAcks;

    public DeltaReplication(ReplicationConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        this.config = config;
        final long radiusUnits = Quantization.positionToUnits(config.interestRadiusM);
        final long radiusOutUnits = Quantization.positionToUnits(config.interestRadiusM * config.interestHysteresis);
        // A baseline is at most historyLength - 1 packets old, and its short records reach back
        // PacketExceptions.MAX_AGE ticks more: with packets every tick, all those worlds are kept.
        entries = new ViewEntries(config.entityLayout);
        exceptions = new PacketExceptions(entries);
        history = new WorldHistory(config.historyLength + PacketExceptions.MAX_AGE + 1, 2048, config.entityLayout,
                config.maxPlayers);
        grid = new InterestGrid(config.arenaSizeM, config.gridCellM, 1024);
        clients = new ClientState[config.maxPlayers];
        activeSlots = new int[config.maxPlayers];
        writers = new PacketWriter[config.replicationThreads + 1];
        // Spare arenas, allocated now, spread over the writers: a sixteenth of the player slots
        // may grow their arena to twice its initial size (a budget-starved burst) without
        // allocating, and a thirty-second of them (at least one per writer) again to four times: a
        // client whose arena a join had already doubled. In steady play that is rare: TickProbe at
        // 256 players / 1000 NPCs saw at most two clients at twice at once and none at four times
        // in 14 000 ticks, one growth in 3000 ticks of the default world and none in 2000 of the
        // bots world with ack jitter (arenaGrowths / allocatingArenaGrowths count them, also as
        // tickforge_replication_arena_growths_total; one small spare per 8 slots until 2026-12-03,
        // for a memory per player over the goal). No spare count covers a mass join: load.sh
        // stress (256 joins in 8 s) grew 234-370 arenas, most of them allocating, which shrink back
        // after 40 s of quiet (BENCHMARKS.md, fifth round). A client moving from a small spare
        // into a large one gives the small one back. At 256 players and one writer: 16 small
        // spares of 115 KB, 8 large of 229 KB and the compaction room (three quarters of a large
        // arena, 172 KB): 15 KB per player on top of the clients' own state (72 KB at 1000 NPCs;
        // the goal is 100 KB in all), and each writer's shared-encoding cache, 3.9 KB per player
        // more (PacketWriter.WAYS; indexed by WorldHistory.denseId, so the player ids no slot uses
        // take no room). Taken spares count with their clients (clientStateBytes), the rest with
        // writerScratchBytes. The initial-size array a first growth leaves is kept (as many as
        // small spares) for a later shrink to take back: no allocation when the quiet after a
        // burst shrinks the arena, and no more memory than before the burst.
        final int spares = Math.max(2, (config.maxPlayers / SPARE_ARENA_EVERY_PLAYERS + writers.length - 1) / writers.length);
        final int largeSpares = Math.max(1,
                (config.maxPlayers / LARGE_SPARE_ARENA_EVERY_PLAYERS + writers.length - 1) / writers.length);
        for (int w = 0; w < writers.length; w++) {
            writers[w] = new PacketWriter(config, radiusUnits, radiusOutUnits, history, grid, entries, exceptions,
                    new ClientState.ArenaScratch(spares, INITIAL_EXCEPTIONS, spares, 2 * INITIAL_EXCEPTIONS,
                            largeSpares, 4 * INITIAL_EXCEPTIONS,
                            exceptions.slot));
        }
        buffers = new byte[writers.length][config.payloadBudgetBytes()];
        workers = config.replicationThreads == 0 ? null
                : new ReplicationWorkers(config.replicationThreads, this::writeShare);
    }

    public ReplicationConfig config() {
        return config;
    }

    private ClientState client(int slot) {
        if (slot < 0 || slot >= clients.length || clients[slot] == null || !clients[slot].active) {
            throw new IllegalArgumentException("no client in slot " + slot);
        }
        return clients[slot];
    }

    @Override
    public io.tickforge.shared.world.EntityLayout entityLayout() {
        return config.entityLayout;
    }

    @Override
    public void addClient(int slot) {
        if (slot < 0 || slot >= clients.length) {
            throw new IllegalArgumentException("slot must be 0.." + (clients.length - 1) + ": " + slot);
        }
        ClientState c = clients[slot];
        if (c == null) {
            c = new ClientState(slot, config.historyLength, history.heldWords(), history.denseIdCapacity(),
                    INITIAL_EXCEPTIONS, exceptions.slot);
            clients[slot] = c;
        }
        c.ensureIds(history.heldWords(), history.denseIdCapacity());
        c.reset();
        c.active = true;
    }

    @Override
    public void removeClient(int slot) {
        if (slot >= 0 && slot < clients.length && clients[slot] != null) {
            clients[slot].active = false;
        }
    }

    /**
     * Acks name packets by 16-bit sequence; any that is not among this client's last
     * {@code historyLength} packets (too old, never sent, forged) is ignored and counted.
     */
    @Override
    public void onAcks(int slot, int ackSequence, int ackBits) {
        if (slot < 0 || slot >= clients.length || clients[slot] == null || !clients[slot].active) {
            unknownAcks++;
            return;
        }
        ClientState c = clients[slot];
        if (!c.ack(ackSequence & Sequences.MASK)) {
            unknownAcks++;
        }
        for (int bit = 0; bit < 32 && ackBits != 0; bit++) {
            if ((ackBits & (1 << bit)) != 0 && !c.ack(Sequences.minus(ackSequence, bit + 1))) {
                unknownAcks++;
            }
        }
    }

    @Override
    public void recordWorld(WorldSnapshot snapshot) {
        history.record(snapshot);
        grid.rebuild(snapshot);
    }

    @Override
    public int writePacket(int slot, long lastAppliedInputTick, byte[] out) {
        final ClientState c = client(slot);
        if (out == null || out.length < config.payloadBudgetBytes()) {
            throw new IllegalArgumentException("out must hold the payload budget of " + config.payloadBudgetBytes() + " bytes");
        }
        if (history.isEmpty()) {
            throw new IllegalStateException("writePacket before the first recordWorld");
        }
        return writers[0].write(c, lastAppliedInputTick, out);
    }

    @Override
    public void writePackets(PacketSink sink) {
        writePackets(sink, null, 0L);
    }

    @Override
    public void writePackets(PacketSink sink, TickClock clock, long stopNs) {
        if (history.isEmpty()) {
            throw new IllegalStateException("writePackets before the first recordWorld");
        }
        // The order starts at firstSlot: the clients the last shedding tick left out go first.
        int n = 0;
        final int first = firstSlot < clients.length ? firstSlot : 0;
        for (int k = 0, s = first; k < clients.length; k++, s = s + 1 == clients.length ? 0 : s + 1) {
            if (clients[s] != null && clients[s].active) {
                activeSlots[n++] = s;
            }
        }
        activeCount = n;
        this.sink = sink;
        this.stopClock = clock;
        this.stopNs = stopNs;
        this.minWrites = clock == null ? n : (n + MAX_SHED_TICKS - 1) / MAX_SHED_TICKS;
        nextClient.set(0);
        try {
            if (workers == null) {
                writeShare(0);
            } else {
                workers.run();
            }
        } finally {
            this.sink = null;
            this.stopClock = null;
        }
        // Every index taken below n was written (a writer checks the deadline before it takes one).
        final int written = Math.min(nextClient.get(), n);
        if (written < n) {
            shedPackets += n - written;
            firstSlot = activeSlots[written];
        }
    }

    /**
     * Writes the clients it takes from the shared counter with writer {@code w}, until none is
     * left or, past the first {@link #minWrites}, the deadline has passed.
     */
    private void writeShare(int w) {
        final PacketWriter writer = writers[w];
        final byte[] out = buffers[w];
        final PacketSink s = sink;
        final int n = activeCount;
        final TickClock clock = stopClock;
        final long stop = stopNs;
        final int min = minWrites;
        for (int i; ; ) {
            if (clock != null && nextClient.get() >= min && clock.nanoTime() - stop >= 0) {
                return;
            }
            if ((i = nextClient.getAndIncrement()) >= n) {
                return;
            }
            final int slot = activeSlots[i];
            try {
                final int length = writer.write(clients[slot], s.lastAppliedInputTick(slot), out);
                s.send(slot, out, length);
            } catch (RuntimeException e) {
                // One client's failure must not cost the other clients their snapshot.
                s.failed(slot, e);
            }
        }
    }

    /** Packets not written since construction because the tick reached its deadline ({@link #writePackets(PacketSink, TickClock, long)}). */
    public long shedPackets() {
        return shedPackets;
    }

    @Override
    public void readCounters(ReplicationCounters into) {
        into.known = true;
        into.packets = packetsWritten();
        into.codedChanges = codedChanges();
        into.sharedCodings = sharedCodings();
        into.codings = codings();
        into.deferredPackets = deferredPackets();
        into.shedPackets = shedPackets;
        into.arenaGrowths = arenaGrowths();
        into.allocatingArenaGrowths = allocatingArenaGrowths();
    }

    /**
     * Times a client's record arena grew (a budget-starved burst), since construction: each takes
     * one of the spare arenas allocated with the replication, or allocates when none is left
     * ({@link #allocatingArenaGrowths}).
     */
    public long arenaGrowths() {
        return sum(w -> w.arenaGrowths());
    }

    /** Of {@link #arenaGrowths}, those that found no spare left and allocated their arena. */
    public long allocatingArenaGrowths() {
        return sum(w -> w.allocatingArenaGrowths());
    }

    @Override
    public int writerThreads() {
        return writers.length;
    }

    /** The worker threads, none when the tick thread writes every packet (tests, diagnostics). */
    Thread[] workerThreads() {
        return workers == null ? new Thread[0] : workers.threads();
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.close();
        }
    }

    /** Packets written since construction (all clients). */
    public long packetsWritten() {
        return sum(w -> w.packetsWritten);
    }

    public long bytesWritten() {
        return sum(w -> w.bytesWritten);
    }

    public long keyframesWritten() {
        return sum(w -> w.keyframesWritten);
    }

    /** Packets whose changes did not all fit the budget (the rest followed later). */
    public long deferredPackets() {
        return sum(w -> w.deferredPackets);
    }

    /** Entity updates (and removals) pushed to a later packet for lack of budget, summed over packets. */
    public long deferredEntities() {
        return sum(w -> w.deferredEntities);
    }

    /** Changed entities coded (residuals against a baseline entry) since construction, all clients. */
    public long codedChanges() {
        return sum(w -> w.codedChanges);
    }

    /**
     * Of {@link #codedChanges}, those whose coding was shared: another client of the same tick
     * (written by the same thread) had the identical baseline entry, so its residuals, size and new
     * sample were reused instead of computed again.
     */
    public long sharedCodings() {
        return sum(w -> w.sharedCodings);
    }

    /** Codings computed (residuals, body, sample) rather than taken from the shared-encoding cache: {@link #codedChanges} - {@link #sharedCodings}. */
    public long codings() {
        return sum(w -> w.codings);
    }

    /**
     * Of {@link #codings}, those of packets that deferred something (budget-bound); with
     * {@link #budgetBoundChangesCarried}, what such packets cost in codings against what they carry.
     */
    public long budgetBoundCodings() {
        return sum(w -> w.boundCodings);
    }

    /** Changed entities carried by packets that deferred something. */
    public long budgetBoundChangesCarried() {
        return sum(w -> w.boundChangesCarried);
    }

    /** Codings of the last packet written by {@link #writePacket}. */
    int lastPacketCodings() {
        return writers[0].lastPacketCodings;
    }

    /** Changed entities carried by the last packet written by {@link #writePacket}. */
    int lastPacketChangesCarried() {
        return writers[0].lastPacketChangesCarried;
    }

    /** Tests: refusals after which a budget-bound packet takes no more ({@link BudgetFitter#rejectionLimit}). */
    void budgetRejectionLimit(int limit) {
        for (PacketWriter w : writers) {
            w.budgetRejectionLimit(limit);
        }
    }

    /** A counter summed over the writers (tick thread and workers); read after a write phase. */
    private long sum(java.util.function.ToLongFunction<PacketWriter> counter) {
        long n = 0;
        for (PacketWriter w : writers) {
            n += counter.applyAsLong(w);
        }
        return n;
    }

    public int maxPacketBytes() {
        int n = 0;
        for (PacketWriter w : writers) {
            n = Math.max(n, w.maxPacketBytes);
        }
        return n;
    }

    /** Acks naming a packet this server does not hold for that client (too old, never sent, forged). */
    public long unknownAcks() {
        return unknownAcks;
    }

    /** True when the last packet written by {@link #writePacket} deferred something. */
    public boolean lastPacketDeferred() {
        return writers[0].lastPacketDeferred;
    }

    /** True when the client's next packet will be a keyframe (no usable acknowledged baseline). */
    public boolean nextPacketIsKeyframe(int slot) {
        ClientState c = client(slot);
        int s = c.baselineSlot(c.nextSequence, config.historyLength);
        return s < 0 || history.slotOf(c.packetTick[s]) < 0 || history.slotOf(c.packetOldestTick[s]) < 0;
    }

    /** Packet states this client holds (live ones and recycled ones): at most {@code historyLength}. */
    int packetsHeld(int slot) {
        return client(slot).packetsHeld();
    }

    /**
     * Bytes the writers hold besides the clients: compaction room and the spare arenas (both
     * tiers) not taken yet (allocated up front so a growing arena needs no allocation), for memory
     * reports. A spare taken is counted with its client ({@link #clientStateBytes}) instead. Also
     * each writer's shared-encoding cache (its ways of blocks per entity id, allocated at its first
     * packet and grown only with the world's ids).
     */
    public long writerScratchBytes() {
        return sum(w -> w.scratchBytes());
    }

    /** Bytes of replication state one client holds (its packet history, priorities), for memory reports. */
    public long clientStateBytes(int slot) {
        return client(slot).retainedBytes();
    }

    /** Sets the sequence of the client's next packet (tests of wraparound; a fresh client starts at 0). */
    void setNextSequence(int slot, int sequence) {
        ClientState c = client(slot);
        c.reset();
        c.nextSequence = sequence & Sequences.MASK;
    }

    public void resetCounters() {
        for (PacketWriter w : writers) {
            w.resetCounters();
        }
        unknownAcks = 0;
    }
}
