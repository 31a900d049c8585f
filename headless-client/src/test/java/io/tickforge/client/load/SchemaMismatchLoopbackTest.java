package io.tickforge.client.load;

import io.tickforge.client.ClientDriver;
import io.tickforge.client.GameClient;
import io.tickforge.client.GameClientConfig;
import io.tickforge.client.bot.BotGames;
import io.tickforge.client.metrics.ClientMetrics;
import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.shared.game.ArenaSchemas;
import io.tickforge.shared.schema.EntitySchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A headless client built for other schemas than the server's game does not join and decode
 * garbage: it is refused with SCHEMA_MISMATCH and its close reason names both sides' hashes; the
 * arena's bots (their schemas from {@code --game arena}) join the same server.
 */
class SchemaMismatchLoopbackTest {
    private static final EntitySchema CAPTURE = EntitySchema.builder("capture")
            .position3d("pos", 128, -32768, 32767, true).enumeration("team", "none", "red", "blue")
            .uint("capture", 0, 1000).build();

    @Test
    @Timeout(30)
    void aClientOfAnotherGameGetsAClearRefusal() throws Exception {
        try (ClientDriver driver = new ClientDriver("schema-driver", 500);
             InProcessServer server = new InProcessServer(60, 2, 5)) {
            driver.start();
            final ClientMetrics metrics = new ClientMetrics();
            final GameClient foreign = new GameClient(GameClientConfig.builder("127.0.0.1", server.tcpPort(), server.udpPort())
                    .playerName("foreign").reconnect(false).schemas(CAPTURE, ArenaSchemas.INPUT).build(),
                    (tick, client, in) -> in.clear(), metrics);
            driver.add(foreign);
            foreign.connect();
            assertFalse(foreign.awaitJoined(5, TimeUnit.SECONDS));
            final String why = foreign.closeReason();
            assertTrue(why.startsWith("Rejected SCHEMA_MISMATCH: "), why);
            assertTrue(why.contains("arena#" + ArenaSchemas.ENTITY.hashHex()), why);
            assertTrue(why.contains("built for entity " + CAPTURE.hashHex()), why);
            assertEquals(1, server.network.counters().get(Counter.REJECTED_VERSION));
            assertEquals(0, server.session.playerCount());

            assertSame(ArenaSchemas.ENTITY, BotGames.installed().entitySchema("arena"));
            final GameClient bot = new GameClient(GameClientConfig.builder("127.0.0.1", server.tcpPort(), server.udpPort())
                    .playerName("bot").schemas(BotGames.installed().entitySchema("arena"), BotGames.installed().inputSchema("arena")).build(),
                    (tick, client, in) -> in.clear(), new ClientMetrics());
            driver.add(bot);
            bot.connect();
            assertTrue(bot.awaitJoined(5, TimeUnit.SECONDS), String.valueOf(bot.closeReason()));
        }
    }
}
