package io.tickforge.benchmarks.tick;

import io.tickforge.server.session.PlayerLink;
import io.tickforge.shared.protocol.ByeReason;

/**
 * A {@link PlayerLink} that sends nothing: it counts snapshot packets and bytes and remembers the
 * sequence of each packet ({@code SnapshotEncoder.sequence}) so the benchmark can acknowledge them
 * like a client would. Thread: the benchmark thread.
 */
final class CountingLink implements PlayerLink {
    private static final int RING = 64;

    private final int connectionId;
    private final int[] sequences = new int[RING];
    private long packets;
    private long bytes;

    CountingLink(int connectionId) {
        this.connectionId = connectionId;
    }

    @Override
    public int connectionId() {
        return connectionId;
    }

    @Override
    public boolean sendSnapshot(byte[] payload, int length) {
        sequences[(int) (packets & (RING - 1))] = io.tickforge.shared.snapshot.SnapshotEncoder.sequence(payload);
        packets++;
        bytes += length;
        return true;
    }

    /** Whether a client {@code delayPackets} behind has received any packet yet (else it sends no acks). */
    boolean hasAck(int delayPackets) {
        return packets - delayPackets >= 0 && packets > 0;
    }

    /**
     * The newest sequence a client would acknowledge if packets reach it {@code delayPackets}
     * packets after they were sent: the packet sent {@code delayPackets} ago; 0 while
     * {@link #hasAck} is false.
     */
    int ackSequence(int delayPackets) {
        long newest = packets - delayPackets;
        return newest < 0 ? 0 : sequences[(int) (newest & (RING - 1))];
    }

    /** Every one of the 32 packets before the acknowledged one arrived too (a clean network). */
    int ackBits(int delayPackets) {
        long newest = packets - delayPackets;
        if (newest <= 0) {
            return 0;
        }
        long older = Math.min(32, newest);
        return older == 32 ? -1 : (int) ((1L << older) - 1);
    }

    long packets() {
        return packets;
    }

    long bytes() {
        return bytes;
    }

    @Override
    public void sendReliable(Object message) {
    }

    @Override
    public void disconnect(ByeReason reason, String text) {
    }
}
