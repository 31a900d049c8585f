package io.tickforge.server.net;

import io.tickforge.server.session.SessionGateway;
import io.tickforge.shared.protocol.ByeReason;

import java.io.IOException;

/**
 * CONTRACT STUB, replaced by the networking work (issue 2): the KryoNet server in front of one
 * session. Its update thread validates and enqueues only.
 */
public final class ServerNetwork implements AutoCloseable {
    private final NetworkConfig config;
    private final SessionGateway session;

    public ServerNetwork(NetworkConfig config, SessionGateway session) {
        this.config = config;
        this.session = session;
    }

    /** Binds the TCP and UDP ports (0 = ephemeral) and starts the update thread. */
    public void start() throws IOException {
        throw new UnsupportedOperationException("not built yet");
    }

    /** The bound TCP port (after start). */
    public int tcpPort() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** The bound UDP port (after start). */
    public int udpPort() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Total payload bytes received (TCP + UDP) since start. */
    public long bytesIn() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Total payload bytes sent (TCP + UDP) since start. */
    public long bytesOut() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Sends {@code Bye(reason)} to every connection, then closes them all and stops. */
    public void shutdown(ByeReason reason) {
        throw new UnsupportedOperationException("not built yet");
    }

    @Override
    public void close() {
        shutdown(ByeReason.SERVER_SHUTDOWN);
    }
}
