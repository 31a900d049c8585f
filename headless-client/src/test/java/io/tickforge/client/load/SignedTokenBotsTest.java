package io.tickforge.client.load;

import io.tickforge.client.GameClient;
import io.tickforge.client.ClientDriver;
import io.tickforge.client.GameClientConfig;
import io.tickforge.client.bot.BotGames;
import io.tickforge.client.metrics.ClientMetrics;
import io.tickforge.client.metrics.Limits;
import io.tickforge.server.net.SignedTokenAuthenticator;
import io.tickforge.shared.token.ClientToken;
import io.tickforge.shared.token.ConnectTokenMinter;
import io.tickforge.shared.token.TokenClaims;
import io.tickforge.shared.token.TokenSecret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bots against a real in-process server in signed-token mode. */
class SignedTokenBotsTest {
    private static final String ADDRESS = "127.0.0.1:7777"; // what the server's --public-address would be

    private final SecureRandom random = new SecureRandom();
    private final TokenSecret secret = TokenSecret.generate(random);

    private InProcessServer server() throws Exception {
        return new InProcessServer(60, 8, 10, 0, 0, new SignedTokenAuthenticator(secret, ADDRESS));
    }

    @Test
    @Timeout(60)
    void botsWithLocallyMintedTokensAllJoinAndPlay() throws Exception {
        try (InProcessServer server = server()) {
            final Limits limits = new Limits();
            limits.minConnected = 3;
            final LoadConfig config = new LoadConfig("test", "127.0.0.1", server.tcpPort(), server.udpPort(), 3, 1.5,
                    0.5, 0.2, 3, List.of("wander"), null, 1, 500, 4, 10.0, null, limits, "tok-", null, false,
                    ConnectTokens.minting(secret, ADDRESS, 100, 60, System::currentTimeMillis));
            final ByteArrayOutputStream text = new ByteArrayOutputStream();
            final LoadRunner runner = new LoadRunner(config, new PrintStream(text, true, StandardCharsets.UTF_8));
            assertEquals(LoadRunner.EXIT_OK, runner.run(), text.toString(StandardCharsets.UTF_8));
            assertEquals(3, runner.figures().connected);
            for (ClientMetrics m : runner.metrics()) {
                assertTrue(m.snapshots() > 0, "played");
            }
        }
    }

    @Test
    @Timeout(60)
    void aClientWithoutATokenOrWithAnExpiredOneIsToldWhy() throws Exception {
        try (InProcessServer server = server()) {
            ClientToken expired = new ConnectTokenMinter(secret, random)
                    .mint(new TokenClaims(7, 0, System.currentTimeMillis() / 1000 - 5, ADDRESS, null));
            assertEquals("Rejected TOKEN_EXPIRED", rejectionOf(server, expired.sealed()).split(":")[0]);
            assertEquals("Rejected TOKEN_INVALID", rejectionOf(server, null).split(":")[0]);
        }
    }

    private static String rejectionOf(InProcessServer server, byte[] sealed) throws Exception {
        final ClientMetrics metrics = new ClientMetrics();
        final GameClient client = new GameClient(GameClientConfig.builder("127.0.0.1", server.tcpPort(), server.udpPort())
                .playerName("late").connectToken(sealed).build(), new io.tickforge.client.bot.BotController(BotGames.installed().create("arena", "idle", 1), 512), metrics);
        try (ClientDriver driver = new ClientDriver("driver", 500)) {
            driver.add(client);
            driver.start();
            client.connect();
            assertTrue(!client.awaitJoined(10, java.util.concurrent.TimeUnit.SECONDS), "not joined");
            assertNotNull(client.closeReason());
            return client.closeReason();
        }
    }

    @Test
    void aTokenFileAdmitsOneBot() {
        ClientToken token = new ConnectTokenMinter(secret, random).mint(new TokenClaims(1, 0, 4_000_000_000L, ADDRESS, null));
        ConnectTokens one = ConnectTokens.of(token);
        assertEquals(1, one.capacity());
        assertThrows(IllegalArgumentException.class, () -> new LoadConfig("test", "h", 1, 2, 2, 1.0, 0, 0, 1,
                List.of("idle"), null, 1, 500, 4, 10.0, null, new Limits(), "b-", null, false, one));
    }
}
