package io.tickforge.server.session;

import io.tickforge.shared.world.WorldSnapshot;

import java.util.ArrayList;
import java.util.List;

/** Test fake: records what the session asked and writes a 3-byte packet {slot, tick, lastInput}. */
final class RecordingReplication extends SequentialReplication {
    final List<String> events = new ArrayList<>();
    final WorldSnapshot lastWorld = new WorldSnapshot(70_000);
    int recordedWorlds;
    int silentSlot = -1;
    int throwingSlot = -1;
    long[] lastAppliedInputTick = new long[1024];

    @Override
    public void addClient(int slot) {
        events.add("add " + slot);
        super.addClient(slot);
    }

    @Override
    public void removeClient(int slot) {
        events.add("remove " + slot);
        super.removeClient(slot);
    }

    @Override
    public void onAcks(int slot, int ackSequence, int ackBits) {
        events.add("acks " + slot + " " + ackSequence + " " + Integer.toHexString(ackBits));
    }

    @Override
    public void recordWorld(WorldSnapshot world) {
        lastWorld.copyFrom(world);
        recordedWorlds++;
    }

    @Override
    public int writePacket(int slot, long lastAppliedInputTick, byte[] out) {
        this.lastAppliedInputTick[slot] = lastAppliedInputTick;
        if (slot == throwingSlot) {
            throw new IllegalStateException("replication failure for slot " + slot + " (expected by the test)");
        }
        if (slot == silentSlot) {
            return 0;
        }
        out[0] = (byte) slot;
        out[1] = (byte) lastWorld.tick;
        out[2] = (byte) lastAppliedInputTick;
        return 3;
    }
}
