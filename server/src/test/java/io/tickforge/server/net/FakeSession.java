package io.tickforge.server.net;

import io.tickforge.server.session.PlayerLink;
import io.tickforge.server.session.SessionGateway;
import io.tickforge.shared.protocol.InputPacket;
import io.tickforge.shared.protocol.ServerStats;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** Test-only SessionGateway: records what the network asked of it. Thread-safe. */
final class FakeSession implements SessionGateway {
    record Join(int slot, String name, PlayerLink link) {
    }

    /** A copy of an offered input packet (the network's instance is reused). */
    record Input(int slot, long newestTick, int count, int moveX0) {
    }

    private final boolean[] used;
    final AtomicInteger reserveCalls = new AtomicInteger();
    final List<Join> joins = new CopyOnWriteArrayList<>();
    final List<Integer> leaves = new CopyOnWriteArrayList<>();
    final List<Integer> released = new CopyOnWriteArrayList<>();
    final List<Integer> detaches = new CopyOnWriteArrayList<>();
    final List<Join> reattaches = new CopyOnWriteArrayList<>();
    final LinkedBlockingQueue<Input> inputs = new LinkedBlockingQueue<>();
    volatile RuntimeException throwOnInput;
    /** False: accept inputs without recording them (cost measurements). */
    volatile boolean recordInputs = true;
    volatile int packetBudgetBytes = 1200;
    /** The hosted game's schemas: the arena's unless a test says otherwise. */
    volatile io.tickforge.shared.schema.EntitySchema entitySchema = io.tickforge.shared.game.ArenaSchemas.ENTITY;
    volatile io.tickforge.shared.schema.InputSchema inputSchema = io.tickforge.shared.game.ArenaSchemas.INPUT;

    FakeSession(int capacity) {
        used = new boolean[capacity];
    }

    @Override
    public int sessionId() {
        return 7;
    }

    @Override
    public int tickRateHz() {
        return 60;
    }

    @Override
    public long currentTick() {
        return 1234;
    }

    @Override
    public int packetBudgetBytes() {
        return packetBudgetBytes;
    }

    @Override
    public io.tickforge.shared.schema.EntitySchema entitySchema() {
        return entitySchema;
    }

    @Override
    public io.tickforge.shared.schema.InputSchema inputSchema() {
        return inputSchema;
    }

    @Override
    public synchronized int reserveSlot() {
        reserveCalls.incrementAndGet();
        for (int i = 0; i < used.length; i++) {
            if (!used[i]) {
                used[i] = true;
                return i;
            }
        }
        return -1;
    }

    @Override
    public synchronized void releaseSlot(int slot) {
        used[slot] = false;
        released.add(slot);
    }

    @Override
    public void enqueueJoin(int slot, String name, PlayerLink link) {
        joins.add(new Join(slot, name, link));
    }

    @Override
    public synchronized void enqueueLeave(int slot) {
        used[slot] = false;
        leaves.add(slot);
    }

    @Override
    public void enqueueDetach(int slot) {
        detaches.add(slot);
    }

    @Override
    public void enqueueReattach(int slot, PlayerLink link) {
        reattaches.add(new Join(slot, null, link));
    }

    @Override
    public boolean offerInput(int slot, InputPacket packet) {
        RuntimeException failure = throwOnInput;
        if (failure != null) {
            throw failure;
        }
        if (!recordInputs) {
            return true;
        }
        inputs.add(new Input(slot, packet.newestTick, packet.count, packet.moveX(0)));
        return true;
    }

    @Override
    public ServerStats stats() {
        ServerStats stats = new ServerStats();
        stats.sessionId = sessionId();
        stats.tickRateHz = tickRateHz();
        stats.players = joins.size() - leaves.size();
        return stats;
    }
}
