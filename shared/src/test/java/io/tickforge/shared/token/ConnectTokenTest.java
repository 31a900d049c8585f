package io.tickforge.shared.token;

import io.tickforge.shared.token.ConnectTokenOpener.Outcome;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConnectTokenTest {
    static final long EXPIRES = 1_900_000_000L;

    /** Bytes start, start+1, ... (the test vector's keys and nonce). */
    static byte[] ramp(int start, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (start + i);
        }
        return b;
    }

    static final TokenSecret SECRET = TokenSecret.of(ramp(0x00, 32));
    static final TokenClaims CLAIMS = new TokenClaims(42, 7, EXPIRES, "play.example.com:7777",
            "hi".getBytes(StandardCharsets.US_ASCII));

    /**
     * The test vector of docs/SECURITY.md ("Connect tokens"): secret 00..1f, clientToServerKey
     * 20..3f, serverToClientKey 40..5f, nonce 60..6b, playerId 42, sessionId 7, expiresAt
     * 1900000000, server "play.example.com:7777", user data "hi". Checked against an independent
     * ChaCha20-Poly1305 (the Python snippet in docs/SECURITY.md); a change here is a wire change.
     */
    static final String VECTOR_SEALED_HEX =
            "54464354" + "01" + "00000000713fb300" + "606162636465666768696a6b"
            + "0ae8f421e67f98d76f304177e4d016534af40b637acdee86802c65708b7f0023"
            + "fb997f8b952c59df2e8a8663785580bb4201d1801b93e6722419f1973ed9ea9f"
            + "8ed439ea799423c5d7dab85e74d0d62658b4e7bc95ce2e25b65ebdb12bd76844"
            + "4bf2a9aa03dcb9ffd73d5115675421ee33520313c459a0903e92";

    @Test
    void testVectorIsStable() {
        ClientToken token = ConnectTokenMinter.mint(SECRET, CLAIMS, ramp(0x20, 32), ramp(0x40, 32), ramp(0x60, 12));
        byte[] sealed = token.sealed();
        // header 25 + private (8 + 8 + 1 + 21 + 32 + 32 + 2 + 2 = 106) + tag 16
        assertEquals(25 + 106 + 16, sealed.length);
        assertEquals(VECTOR_SEALED_HEX, HexFormat.of().formatHex(sealed));
    }

    @Test
    void testVectorOpens() {
        ConnectTokenOpener.Result r = new ConnectTokenOpener(SECRET).open(HexFormat.of().parseHex(VECTOR_SEALED_HEX), EXPIRES - 1);
        assertEquals(Outcome.OPENED, r.outcome(), r.detail());
        assertEquals(42, r.opened().claims().playerId());
        assertEquals("play.example.com:7777", r.opened().claims().serverAddress());
        assertArrayEquals(ramp(0x20, 32), r.opened().clientToServerKey());
        assertArrayEquals(ramp(0x40, 32), r.opened().serverToClientKey());
    }

    @Test
    void mintedTokenOpensWithItsClaimsAndKeys() {
        ClientToken token = new ConnectTokenMinter(SECRET, new SecureRandom()).mint(CLAIMS);
        ConnectTokenOpener.Result r = new ConnectTokenOpener(SECRET).open(token.sealed(), EXPIRES - 1);
        assertEquals(Outcome.OPENED, r.outcome(), r.detail());
        assertEquals(42, r.opened().claims().playerId());
        assertEquals(7, r.opened().claims().sessionId());
        assertEquals(EXPIRES, r.opened().claims().expiresAtEpochS());
        assertEquals("play.example.com:7777", r.opened().claims().serverAddress());
        assertArrayEquals("hi".getBytes(StandardCharsets.US_ASCII), r.opened().claims().userData());
        assertArrayEquals(token.clientToServerKey(), r.opened().clientToServerKey());
        assertArrayEquals(token.serverToClientKey(), r.opened().serverToClientKey());
        assertEquals(16, r.opened().tokenId().length);
    }

    /** The JDK refuses a Cipher re-init with its previous key and nonce; a retried token must still open. */
    @Test
    void theSameTokenOpensTwiceWithOneOpener() {
        byte[] sealed = new ConnectTokenMinter(SECRET, new SecureRandom()).mint(CLAIMS).sealed();
        ConnectTokenOpener opener = new ConnectTokenOpener(SECRET);
        assertEquals(Outcome.OPENED, opener.open(sealed, EXPIRES - 1).outcome());
        assertEquals(Outcome.OPENED, opener.open(sealed, EXPIRES - 1).outcome());
    }

    @Test
    void twoMintsOfTheSameClaimsDifferInKeysNonceAndId() {
        ConnectTokenMinter minter = new ConnectTokenMinter(SECRET, new SecureRandom());
        ClientToken a = minter.mint(CLAIMS);
        ClientToken b = minter.mint(CLAIMS);
        assertNotEquals(HexFormat.of().formatHex(a.clientToServerKey()), HexFormat.of().formatHex(b.clientToServerKey()));
        assertNotEquals(HexFormat.of().formatHex(a.sealed()), HexFormat.of().formatHex(b.sealed()));
    }

    @Test
    void expiredAtTheExpirySecondAndAfter() {
        byte[] sealed = new ConnectTokenMinter(SECRET, new SecureRandom()).mint(CLAIMS).sealed();
        ConnectTokenOpener opener = new ConnectTokenOpener(SECRET);
        assertEquals(Outcome.EXPIRED, opener.open(sealed, EXPIRES).outcome());
        assertEquals(Outcome.EXPIRED, opener.open(sealed, EXPIRES + 3600).outcome());
        assertEquals(Outcome.OPENED, opener.open(sealed, EXPIRES - 1).outcome());
    }

    @Test
    void otherSecretOrAnyFlippedBitIsForgedOrMalformed() {
        byte[] sealed = new ConnectTokenMinter(SECRET, new SecureRandom()).mint(CLAIMS).sealed();
        assertEquals(Outcome.FORGED, new ConnectTokenOpener(TokenSecret.of(ramp(1, 32))).open(sealed, 0).outcome());
        ConnectTokenOpener opener = new ConnectTokenOpener(SECRET);
        for (int i = 0; i < sealed.length; i++) {
            byte[] bad = sealed.clone();
            bad[i] ^= 0x01;
            ConnectTokenOpener.Result r = opener.open(bad, 0);
            assertNull(r.opened(), "byte " + i);
            if (i < 5) {
                assertEquals(Outcome.MALFORMED, r.outcome(), "magic/version byte " + i);
            } else if (i >= 5 && i < 13) {
                // The expiry is authenticated: raising or lowering it breaks the tag (or expires it).
                assertNotEquals(Outcome.OPENED, r.outcome(), "expiry byte " + i);
            } else {
                assertEquals(Outcome.FORGED, r.outcome(), "byte " + i);
            }
        }
        assertEquals(Outcome.MALFORMED, opener.open(new byte[3], 0).outcome());
        assertEquals(Outcome.MALFORMED, opener.open(null, 0).outcome());
        assertEquals(Outcome.MALFORMED, opener.open(new byte[ConnectTokenFormat.MAX_SEALED_BYTES + 1], 0).outcome());
    }

    @Test
    void clientTokenRoundTripsThroughBase64() {
        ClientToken token = new ConnectTokenMinter(SECRET, new SecureRandom()).mint(CLAIMS);
        ClientToken back = ClientToken.fromBase64(token.toBase64() + "\n");
        assertEquals(token.serverAddress(), back.serverAddress());
        assertEquals(token.expiresAtEpochS(), back.expiresAtEpochS());
        assertArrayEquals(token.sealed(), back.sealed());
        assertArrayEquals(token.clientToServerKey(), back.clientToServerKey());
        assertArrayEquals(token.serverToClientKey(), back.serverToClientKey());
        byte[] encoded = token.encode();
        // magic 4 + version 1 + expiry 8 + address (1 + 21) + keys 64 + sealed (2 + 147)
        assertEquals(4 + 1 + 8 + 1 + 21 + 64 + 2 + 147, encoded.length);
        byte[] truncated = java.util.Arrays.copyOf(encoded, encoded.length - 1);
        assertThrows(IllegalArgumentException.class, () -> ClientToken.decode(truncated));
        byte[] trailing = java.util.Arrays.copyOf(encoded, encoded.length + 1);
        assertThrows(IllegalArgumentException.class, () -> ClientToken.decode(trailing));
        assertThrows(IllegalArgumentException.class, () -> ClientToken.fromBase64("not base64!"));
    }

    @Test
    void claimsAndSecretsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new TokenClaims(1, 1, EXPIRES, "no-port", null));
        assertThrows(IllegalArgumentException.class, () -> new TokenClaims(1, 1, EXPIRES, "host:0", null));
        assertThrows(IllegalArgumentException.class, () -> new TokenClaims(1, 1, EXPIRES, "ho st:1", null));
        assertThrows(IllegalArgumentException.class, () -> new TokenClaims(1, 1, 0, "host:1", null));
        assertThrows(IllegalArgumentException.class, () -> new TokenClaims(1, 1, EXPIRES, "host:1", new byte[257]));
        assertThrows(IllegalArgumentException.class, () -> TokenSecret.fromHex("abcd"));
        assertThrows(IllegalArgumentException.class, () -> TokenSecret.fromHex("zz".repeat(32)));
        assertEquals(SECRET, TokenSecret.fromHex(" " + SECRET.toHex() + "\n"));
        assertEquals("TokenSecret[redacted]", SECRET.toString());
    }
}
