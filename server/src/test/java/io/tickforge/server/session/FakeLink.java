package io.tickforge.server.session;

import io.tickforge.shared.protocol.ByeReason;

import java.util.ArrayList;
import java.util.List;

/** Test fake: remembers every snapshot it was asked to send. */
final class FakeLink implements PlayerLink {
    final int connectionId;
    final List<byte[]> snapshots = new ArrayList<>();
    final List<Object> reliable = new ArrayList<>();
    ByeReason bye;
    /** The Rejected this link was closed with ({@link #reject}), or null. */
    io.tickforge.shared.protocol.Rejected rejected;
    boolean refuse;

    FakeLink(int connectionId) {
        this.connectionId = connectionId;
    }

    @Override
    public int connectionId() {
        return connectionId;
    }

    @Override
    public boolean sendSnapshot(byte[] bytes, int length) {
        if (refuse) {
            return false;
        }
        snapshots.add(java.util.Arrays.copyOf(bytes, length));
        return true;
    }

    @Override
    public void sendReliable(Object message) {
        reliable.add(message);
    }

    @Override
    public void disconnect(ByeReason reason, String text) {
        bye = reason;
    }

    @Override
    public void reject(io.tickforge.shared.protocol.RejectReason reason, String text) {
        rejected = new io.tickforge.shared.protocol.Rejected(reason, text);
    }
}
