package io.tickforge.server.net;

import io.tickforge.server.game.ArenaGame;
import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.server.replication.DeltaReplication;
import io.tickforge.server.replication.ReplicationConfig;
import io.tickforge.server.session.GameSession;
import io.tickforge.server.session.SessionConfig;
import io.tickforge.shared.game.ArenaSchemas;
import io.tickforge.shared.protocol.ByeReason;
import io.tickforge.shared.protocol.RejectReason;
import io.tickforge.shared.protocol.Rejected;
import io.tickforge.shared.protocol.Welcome;
import io.tickforge.shared.schema.EntitySchema;
import io.tickforge.shared.schema.InputSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The handshake checks the schemas: a client built for another game's schemas gets
 * {@code Rejected(SCHEMA_MISMATCH)} naming both sides' hashes, never a Welcome; a client built for
 * the session's schemas gets a Welcome that carries their hashes.
 */
class SchemaHandshakeLoopbackTest {
    /** A second game's schemas (3D positions, a team, a capture progress). */
    private static final EntitySchema CAPTURE = EntitySchema.builder("capture")
            .position3d("pos", 128, -32768, 32767, true).angle("yaw", 10).enumeration("team", "none", "red", "blue")
            .uint("capture", 0, 1000).build();
    private static final InputSchema NARROW = InputSchema.builder("capture")
            .sint("moveX", -1, 1).sint("moveY", -1, 1).angle("aim", 16).flags("buttons", "use").build();

    @Test
    @Timeout(30)
    void aClientOfAnotherSchemaIsRefusedClearly() throws Exception {
        final ArenaGame game = new ArenaGame(4, 5, 60);
        final GameSession session = new GameSession(SessionConfig.of(3, 60, 4, 5), game,
                new DeltaReplication(ReplicationConfig.defaults(4, game.describe().worldSizeM()).withReplicationThreads(0)
                        .withEntityLayout(game.describe().entityLayout())));
        final ServerNetwork network = new ServerNetwork(NetworkConfig.builder().bindAddress("127.0.0.1").tcpPort(0).udpPort(0)
                .build(), session);
        network.start();
        session.start();
        try (TestClient foreign = new TestClient(); TestClient halfForeign = new TestClient(); TestClient arena = new TestClient()) {
            foreign.connect(network);
            foreign.client.sendTCP(new io.tickforge.shared.protocol.Hello(io.tickforge.shared.protocol.Protocol.VERSION, "foreign", null)
                    .withSchemas(CAPTURE.hash(), NARROW.hash()));
            Rejected rejected = foreign.await(Rejected.class);
            assertEquals(RejectReason.SCHEMA_MISMATCH, rejected.reason);
            assertEquals("this session's game speaks entity schema arena#" + ArenaSchemas.ENTITY.hashHex()
                    + " and input schema arena#" + ArenaSchemas.INPUT.hashHex() + "; your client was built for entity "
                    + CAPTURE.hashHex() + " and input " + NARROW.hashHex() + ": use a client built for this game", rejected.text);
            foreign.awaitDisconnected();

            // The entity schema alone differing is enough.
            halfForeign.connect(network);
            halfForeign.client.sendTCP(new io.tickforge.shared.protocol.Hello(io.tickforge.shared.protocol.Protocol.VERSION, "half", null)
                    .withSchemas(CAPTURE.hash(), ArenaSchemas.INPUT.hash()));
            assertEquals(RejectReason.SCHEMA_MISMATCH, halfForeign.await(Rejected.class).reason);
            assertEquals(2, network.counters().get(Counter.REJECTED_VERSION));

            arena.connect(network);
            Welcome welcome = arena.join("ada");
            assertEquals(ArenaSchemas.ENTITY.hash(), welcome.entitySchemaHash);
            assertEquals(ArenaSchemas.INPUT.hash(), welcome.inputSchemaHash);
            assertTrue(arena.isConnected());
            // The server sends Welcome, then counts the join: wait for the count (bounded) rather than race it.
            final long joinedBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (network.counters().get(Counter.JOINED) < 1 && System.nanoTime() < joinedBy) {
                Thread.sleep(5);
            }
            assertEquals(1, network.counters().get(Counter.JOINED));
        } finally {
            network.shutdown(ByeReason.SERVER_SHUTDOWN);
            assertTrue(session.stop(5, TimeUnit.SECONDS));
        }
    }
}
