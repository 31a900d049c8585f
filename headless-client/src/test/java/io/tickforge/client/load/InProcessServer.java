package io.tickforge.client.load;

import io.tickforge.server.game.ArenaGame;
import io.tickforge.server.game.ArenaEngineSettings;
import io.tickforge.server.gameapi.Game;
import io.tickforge.server.gameapi.GameDescriptor;
import io.tickforge.server.net.JoinAuthenticator;
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
 * on the server at compile time. {@link #main} runs it standalone for load measurements
 * (docs/BOTS.md), since ServerMain's replication wiring was not on main when they were taken.
 */
public final class InProcessServer implements AutoCloseable {
    final GameSession session;
    final DeltaReplication replication;
    final ServerNetwork network;

    InProcessServer(int tickRateHz, int maxPlayers, int npcs) throws IOException {
        this(tickRateHz, maxPlayers, npcs, 0, 0);
    }

    InProcessServer(int tickRateHz, int maxPlayers, int npcs, int tcpPort, int udpPort) throws IOException {
        this(tickRateHz, maxPlayers, npcs, tcpPort, udpPort, null);
    }

    /** {@code authenticator} null = open (no token). */
    InProcessServer(int tickRateHz, int maxPlayers, int npcs, int tcpPort, int udpPort, JoinAuthenticator authenticator)
            throws IOException {
        this(tickRateHz, maxPlayers, npcs, NetworkConfig.builder().bindAddress("127.0.0.1").tcpPort(tcpPort).udpPort(udpPort),
                authenticator);
    }

    /** The network configured by the test (address and ports included); open (no token) when {@code authenticator} is null. */
    InProcessServer(int tickRateHz, int maxPlayers, int npcs, NetworkConfig.Builder network, JoinAuthenticator authenticator)
            throws IOException {
        final SessionConfig sessionConfig = SessionConfig.of(1, tickRateHz, maxPlayers, npcs);
        // One replication worker besides the tick thread, as the server runs by default on 2 cores,
        // so the loopback tests send snapshots from a worker thread too.
        replication = new DeltaReplication(ReplicationConfig.defaults(maxPlayers, ArenaEngineSettings.WORLD_SIZE_M).withReplicationThreads(1));
        session = new GameSession(sessionConfig, new ArenaGame(maxPlayers, npcs, tickRateHz), replication);
        this.network = new ServerNetwork(network.build(), session,
                authenticator == null ? JoinAuthenticator.OPEN : authenticator);
        session.setTrafficCounters(this.network::bytesIn, this.network::bytesOut);
        this.network.start();
        session.start();
    }

    /** Hosts {@code game} (any game: its world size and entity layout drive replication), open, on ephemeral loopback ports. */
    InProcessServer(int tickRateHz, int maxPlayers, Game game) throws IOException {
        final GameDescriptor described = game.describe();
        final SessionConfig sessionConfig = SessionConfig.of(1, tickRateHz, maxPlayers, 0);
        replication = new DeltaReplication(ReplicationConfig.defaults(maxPlayers, described.worldSizeM())
                .withReplicationThreads(1).withEntityLayout(described.entityLayout()));
        session = new GameSession(sessionConfig, game, replication);
        this.network = new ServerNetwork(NetworkConfig.builder().bindAddress("127.0.0.1").tcpPort(0).udpPort(0).build(),
                session, JoinAuthenticator.OPEN);
        session.setTrafficCounters(this.network::bytesIn, this.network::bytesOut);
        this.network.start();
        session.start();
    }

    /** {@code TCP_PORT UDP_PORT SECONDS NPCS}: 60 Hz, 512 player slots, default replication with one worker. */
    public static void main(String[] args) throws Exception {
        final int seconds = Integer.parseInt(args[2]);
        try (InProcessServer server = new InProcessServer(60, 512, Integer.parseInt(args[3]),
                Integer.parseInt(args[0]), Integer.parseInt(args[1]))) {
            Thread.sleep(seconds * 1000L);
        }
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
