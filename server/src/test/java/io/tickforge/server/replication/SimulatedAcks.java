package io.tickforge.server.replication;

import io.tickforge.shared.netsim.NetworkSimulator;
import io.tickforge.shared.snapshot.SnapshotDecoder;

/**
 * The client-to-server ack path of the replication soak tests, through a {@link NetworkSimulator}:
 * each client's decoder acks as a 6-byte datagram (sequence, 32-bit field), tagged
 * {@code slot | generation << 8}; what arrives is handed to {@link DeltaReplication#onAcks}, except
 * datagrams of an earlier generation of the slot (a reconnect is a new connection, so the network
 * layer would drop them).
 */
final class SimulatedAcks {
    private final NetworkSimulator up;
    private final byte[] ack = new byte[6];
    private final byte[] rx = new byte[16];

    SimulatedAcks(NetworkSimulator up) {
        this.up = up;
    }

    /** Every client whose decoder has something to ack sends it now. */
    void send(SnapshotDecoder[] decoders, int[] generation, long nowNs) {
        for (int p = 0; p < decoders.length; p++) {
            SnapshotDecoder d = decoders[p];
            if (d.hasAcks()) {
                int seq = d.ackSequence();
                int bits = d.ackBits();
                ack[0] = (byte) (seq >>> 8);
                ack[1] = (byte) seq;
                ack[2] = (byte) (bits >>> 24);
                ack[3] = (byte) (bits >>> 16);
                ack[4] = (byte) (bits >>> 8);
                ack[5] = (byte) bits;
                up.send(p | generation[p] << 8, ack, 0, 6, nowNs);
            }
        }
    }

    /** Hands the acks that reached the server by {@code nowNs} to {@code replication}. */
    void deliver(DeltaReplication replication, int[] generation, long nowNs) {
        for (int len; (len = up.receive(nowNs, rx)) >= 0; ) {
            int slot = up.lastDestination() & 0xFF;
            if (up.lastDestination() >>> 8 != generation[slot]) {
                continue;
            }
            int seq = ((rx[0] & 0xFF) << 8) | (rx[1] & 0xFF);
            int bits = ((rx[2] & 0xFF) << 24) | ((rx[3] & 0xFF) << 16) | ((rx[4] & 0xFF) << 8) | (rx[5] & 0xFF);
            replication.onAcks(slot, seq, bits);
        }
    }
}
