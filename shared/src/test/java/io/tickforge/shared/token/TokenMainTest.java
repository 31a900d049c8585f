package io.tickforge.shared.token;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenMainTest {
    static final long NOW = 1_800_000_000L;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        out.reset();
        err.reset();
        return TokenMain.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), NOW);
    }

    @Test
    void keygenThenMintFromTheEnvironmentOpensOnTheServerSide() throws Exception {
        Path secretFile = dir.resolve("secret.hex");
        assertEquals(0, run(Map.of(), "keygen", secretFile.toString()));
        assertEquals(64, Files.readString(secretFile).strip().length());
        assertEquals(2, run(Map.of(), "keygen", secretFile.toString()), "never overwrites a secret");

        Map<String, String> env = Map.of(TokenMain.ENV_SECRET_FILE, secretFile.toString());
        assertEquals(0, run(env, "mint", "--server", "127.0.0.1:7777", "--player-id", "99", "--expires-in", "5m",
                "--user-data-hex", "beef"), err.toString());
        ClientToken token = ClientToken.fromBase64(out.toString(StandardCharsets.US_ASCII));
        assertEquals(NOW + 300, token.expiresAtEpochS());
        ConnectTokenOpener.Result r = new ConnectTokenOpener(TokenSecret.read(secretFile)).open(token.sealed(), NOW);
        assertEquals(ConnectTokenOpener.Outcome.OPENED, r.outcome());
        assertEquals(99, r.opened().claims().playerId());
        assertEquals(2, r.opened().claims().userData().length);

        Path tokenFile = dir.resolve("player.token");
        assertEquals(0, run(Map.of(), "mint", "--secret", secretFile.toString(), "--server", "127.0.0.1:7777",
                "--player-id", "1", "--out", tokenFile.toString()));
        assertEquals(0, run(Map.of(), "inspect", tokenFile.toString()));
        assertTrue(out.toString().contains("server 127.0.0.1:7777"), out.toString());
        assertTrue(out.toString().contains("(" + TokenMain.DEFAULT_EXPIRES_IN_S + " s from now)"), out.toString());
    }

    @Test
    void usageErrorsSayWhatIsWrong() {
        assertEquals(2, run(Map.of(), "mint", "--server", "h:1", "--player-id", "1"));
        assertTrue(err.toString().contains("no secret"), err.toString());
        assertEquals(2, run(Map.of(), "mint", "--secret", "x", "--player-id", "1"));
        assertTrue(err.toString().contains("--server is required"), err.toString());
        assertEquals(2, run(Map.of(), "mint", "--secret", "x", "--server", "h:1", "--player-id", "1", "--bogus", "1"));
        assertTrue(err.toString().contains("unknown options"), err.toString());
        assertEquals(2, run(Map.of(), "frobnicate"));
        assertEquals(2, run(Map.of()));
        assertEquals(0, run(Map.of(), "--help"));
        assertEquals(7200, TokenMain.parseSeconds("2h"));
        assertEquals(2, run(Map.of(), "mint", "--secret", "x", "--server", "h:1", "--player-id", "1", "--expires-in", "0s"));
    }
}
