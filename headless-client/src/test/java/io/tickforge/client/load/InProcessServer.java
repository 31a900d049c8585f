package io.tickforge.client.load;

import io.tickforge.server.net.NetworkConfig;
import io.tickforge.server.net.ServerNetwork;
import io.tickforge.server.replication.DeltaReplication;
import io.tickforge.server.replication.ReplicationConfig;
import io.tickforge.server.session.GameSession;
import io.tickforge.server.session.SessionConfig;
import io.tickforge.shared.protocol.ByeReason;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The real server, wired as ServerMain wires it (GameSession + DeltaReplication + ServerNetwork +
 * its tick thread), on ephemeral loopback ports. Test scope only: headless-client never depends
 * on the server at compile time.
 */
final class InProcessServer implements AutoCloseable {
    final GameSession session;
    final DeltaReplication replication;
    final ServerNetwork network;

    InProcessServer(int tickRateHz, int maxPlayers, int npcs) throws IOException {
        final SessionConfig sessionConfig = SessionConfig.of(1, tickRateHz, maxPlayers, npcs);
        replication = new DeltaReplication(ReplicationConfig.defaults(maxPlayers));
        session = new GameSession(sessionConfig, replication);
        network = new ServerNetwork(new NetworkConfig("127.0.0.1", 0, 0), session);
        session.setTrafficCounters(network::bytesIn, network::bytesOut);
        network.start();
        session.start();
    }

    int tcpPort() {
        return network.tcpPort();
    }

    int udpPort() {
        return network.udpPort();
    }

    @Override
    public void close() throws InterruptedException {
        network.shutdown(ByeReason.SERVER_SHUTDOWN);
        session.stop(5, TimeUnit.SECONDS);
    }
}
