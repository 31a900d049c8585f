package io.tickforge.shared.token;

import com.code_intelligence.jazzer.junit.FuzzTest;

import javax.crypto.Cipher;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Fuzz target for connect tokens. The first byte picks what the rest is: (0) a sealed token as a
 * client sends it in Hello, (1) a client token file as a backend hands it out, (2) a private part,
 * sealed here with the test secret, so the parser behind the AEAD is fuzzed too (a fuzzer cannot
 * forge tags). Never a throw but the documented IllegalArgumentException of ClientToken.decode.
 */
class ConnectTokenFuzzTest {
    static final TokenSecret SECRET = TokenSecret.of(ConnectTokenTest.ramp(0, 32));
    static final long NOW = 1_800_000_000L;
    static final byte[] NONCE = ConnectTokenTest.ramp(0x60, 12);

    private final ConnectTokenOpener opener = new ConnectTokenOpener(SECRET);

    @FuzzTest(maxDuration = "90s", maxExecutions = 150_000)
    void token(byte[] data) throws Exception {
        if (data.length == 0) {
            return;
        }
        byte[] rest = Arrays.copyOfRange(data, 1, data.length);
        switch ((data[0] & 0xFF) % 3) {
            case 0 -> {
                ConnectTokenOpener.Result r = opener.open(rest, NOW);
                assertNotNull(r.outcome());
                assertEquals(r.outcome() == ConnectTokenOpener.Outcome.OPENED, r.opened() != null);
            }
            case 1 -> {
                ClientToken token;
                try {
                    token = ClientToken.decode(rest);
                } catch (IllegalArgumentException refused) {
                    return;
                }
                assertArrayEquals(rest, token.encode(), "a client token decodes from its canonical bytes only");
            }
            default -> {
                byte[] sealed = sealRaw(rest);
                ConnectTokenOpener.Result r = opener.open(sealed, NOW);
                assertNotEquals(ConnectTokenOpener.Outcome.FORGED, r.outcome(), r.detail());
                assertNotEquals(ConnectTokenOpener.Outcome.EXPIRED, r.outcome(), r.detail());
                if (r.outcome() == ConnectTokenOpener.Outcome.OPENED) {
                    // Canonical: minting the claims again gives the very same bytes.
                    ClientToken again = ConnectTokenMinter.mint(SECRET, r.opened().claims(),
                            r.opened().clientToServerKey(), r.opened().serverToClientKey(), NONCE);
                    assertArrayEquals(sealed, again.sealed());
                }
            }
        }
    }

    /** A sealed token around an arbitrary private part, expiring after NOW. */
    static byte[] sealRaw(byte[] plain) throws Exception {
        byte[] sealed = new byte[ConnectTokenFormat.SEALED_HEADER_BYTES + plain.length + ConnectTokenFormat.TAG_BYTES];
        System.arraycopy(ConnectTokenFormat.SEALED_MAGIC, 0, sealed, 0, 4);
        sealed[4] = (byte) ConnectTokenFormat.VERSION;
        ConnectTokenFormat.putLong(sealed, 5, NOW + 60);
        System.arraycopy(NONCE, 0, sealed, 13, NONCE.length);
        Cipher cipher = ConnectTokenFormat.cipher(Cipher.ENCRYPT_MODE, SECRET.key(), NONCE);
        cipher.updateAAD(sealed, 0, ConnectTokenFormat.SEALED_HEADER_BYTES);
        cipher.doFinal(plain, 0, plain.length, sealed, ConnectTokenFormat.SEALED_HEADER_BYTES);
        return sealed;
    }
}
