package io.tickforge.shared.token;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * The server's side: checks and opens a sealed token from the network (hostile bytes). Cheap
 * checks first (length, magic, version, expiry from the authenticated header), then one AEAD
 * decryption. Never throws on any input. Thread-safe: a fresh {@link Cipher} per token, because
 * the JDK's ChaCha20-Poly1305 refuses to re-initialise with the key and nonce of its previous
 * operation, which is exactly what a retried or replayed token presents (tokens arrive once per
 * join, not per packet, so the instance costs nothing that matters).
 */
public final class ConnectTokenOpener {
    /** Why a token was or was not opened. */
    public enum Outcome {
        OPENED,
        /** Wrong length, magic or version, or a private part that does not parse. */
        MALFORMED,
        /** The header's expiry is not after now. */
        EXPIRED,
        /** The AEAD tag did not verify: not sealed with our secret, or altered. */
        FORGED
    }

    /**
     * A token that verified.
     *
     * @param tokenId the 16-byte AEAD tag: unique per sealed token, the key of the replay table
     */
    public record Opened(TokenClaims claims, byte[] clientToServerKey, byte[] serverToClientKey, byte[] tokenId) {
    }

    /** The outcome; {@code opened} only for OPENED; {@code detail} says why in a few words. */
    public record Result(Outcome outcome, Opened opened, String detail) {
    }

    private final SecretKeySpec key;

    public ConnectTokenOpener(TokenSecret secret) {
        this.key = new SecretKeySpec(secret.key(), "ChaCha20");
        try {
            Cipher.getInstance(ConnectTokenFormat.CIPHER); // fail at start, not at the first join
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ConnectTokenFormat.CIPHER + " unavailable in this JDK", e);
        }
    }

    public Result open(byte[] sealed, long nowEpochS) {
        if (sealed == null || sealed.length < ConnectTokenFormat.MIN_SEALED_BYTES
                || sealed.length > ConnectTokenFormat.MAX_SEALED_BYTES) {
            return failed(Outcome.MALFORMED, "length " + (sealed == null ? 0 : sealed.length) + " outside "
                    + ConnectTokenFormat.MIN_SEALED_BYTES + ".." + ConnectTokenFormat.MAX_SEALED_BYTES);
        }
        if (!ConnectTokenFormat.startsWith(sealed, ConnectTokenFormat.SEALED_MAGIC)) {
            return failed(Outcome.MALFORMED, "not a connect token");
        }
        if ((sealed[4] & 0xFF) != ConnectTokenFormat.VERSION) {
            return failed(Outcome.MALFORMED, "token version " + (sealed[4] & 0xFF) + ", expected " + ConnectTokenFormat.VERSION);
        }
        long expiresAt = ConnectTokenFormat.getLong(sealed, 5);
        if (Long.compareUnsigned(expiresAt, nowEpochS) <= 0) {
            return failed(Outcome.EXPIRED, "expired at " + Long.toUnsignedString(expiresAt) + ", now " + nowEpochS);
        }
        byte[] plain;
        try {
            Cipher cipher = Cipher.getInstance(ConnectTokenFormat.CIPHER);
            cipher.init(Cipher.DECRYPT_MODE, key,
                    new IvParameterSpec(sealed, 13, ConnectTokenFormat.NONCE_BYTES));
            cipher.updateAAD(sealed, 0, ConnectTokenFormat.SEALED_HEADER_BYTES);
            plain = cipher.doFinal(sealed, ConnectTokenFormat.SEALED_HEADER_BYTES,
                    sealed.length - ConnectTokenFormat.SEALED_HEADER_BYTES);
        } catch (AEADBadTagException e) {
            return failed(Outcome.FORGED, "authentication failed");
        } catch (GeneralSecurityException e) {
            return failed(Outcome.FORGED, "cannot open: " + e.getClass().getSimpleName());
        }
        return parsePrivate(plain, expiresAt,
                Arrays.copyOfRange(sealed, sealed.length - ConnectTokenFormat.TAG_BYTES, sealed.length));
    }

    private static Result parsePrivate(byte[] p, long expiresAt, byte[] tokenId) {
        // Only a holder of the secret can get here, but a buggy backend could have sealed anything.
        int at = 16;
        int addressLength = p[at++] & 0xFF;
        int expected = ConnectTokenFormat.PRIVATE_FIXED_BYTES + addressLength;
        if (addressLength == 0 || p.length < expected) {
            return failed(Outcome.MALFORMED, "private part too short for its address");
        }
        String address = new String(p, at, addressLength, StandardCharsets.US_ASCII);
        at += addressLength;
        byte[] c2s = Arrays.copyOfRange(p, at, at + ConnectTokenFormat.KEY_BYTES);
        at += ConnectTokenFormat.KEY_BYTES;
        byte[] s2c = Arrays.copyOfRange(p, at, at + ConnectTokenFormat.KEY_BYTES);
        at += ConnectTokenFormat.KEY_BYTES;
        int userLength = ((p[at] & 0xFF) << 8) | (p[at + 1] & 0xFF);
        at += 2;
        if (userLength > ConnectTokenFormat.MAX_USER_DATA_BYTES || p.length != at + userLength) {
            return failed(Outcome.MALFORMED, "private part length does not match its user data");
        }
        TokenClaims claims;
        try {
            claims = new TokenClaims(ConnectTokenFormat.getLong(p, 0), ConnectTokenFormat.getLong(p, 8), expiresAt, address,
                    Arrays.copyOfRange(p, at, at + userLength));
        } catch (IllegalArgumentException e) {
            return failed(Outcome.MALFORMED, e.getMessage());
        }
        return new Result(Outcome.OPENED, new Opened(claims, c2s, s2c, tokenId), "ok");
    }

    private static Result failed(Outcome outcome, String detail) {
        return new Result(outcome, null, detail);
    }
}
