package io.tickforge.server.session;

import io.tickforge.shared.protocol.ByeReason;

/** Test fake: a player link that accepts every snapshot and drops everything. */
public final class NullLink implements PlayerLink {
    @Override
    public int connectionId() {
        return 0;
    }

    @Override
    public boolean sendSnapshot(byte[] bytes, int length) {
        return true;
    }

    @Override
    public void sendReliable(Object message) {
    }

    @Override
    public void disconnect(ByeReason reason, String text) {
    }
}
