package io.tickforge.server.session;

import io.tickforge.shared.world.WorldSnapshot;

/**
 * Test fake for tick-path tests that care about the session, not the codec: every client gets a
 * packet of a fixed size (first byte = slot); acks and worlds are only summed, so the calls are
 * not optimised away. Allocates nothing per tick.
 */
public final class FixedSizeReplication extends SequentialReplication {
    private final int packetBytes;
    /** Sum of what the session passed in (ack sequences, world sizes). */
    public long sum;

    public FixedSizeReplication(int packetBytes) {
        if (packetBytes < 1 || packetBytes > 1200) {
            throw new IllegalArgumentException("packetBytes must be 1..1200: " + packetBytes);
        }
        this.packetBytes = packetBytes;
    }

    @Override
    public void onAcks(int slot, int ackSequence, int ackBits) {
        sum += ackSequence;
    }

    @Override
    public void recordWorld(WorldSnapshot world) {
        sum += world.count;
    }

    @Override
    public int writePacket(int slot, long lastAppliedInputTick, byte[] out) {
        out[0] = (byte) slot;
        return packetBytes;
    }
}
