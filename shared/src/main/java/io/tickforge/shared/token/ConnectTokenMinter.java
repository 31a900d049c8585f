package io.tickforge.shared.token;

import javax.crypto.Cipher;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * The backend's side: mints one {@link ClientToken} per player admission with fresh random
 * per-connection keys and nonce, sealed with the {@link TokenSecret}. Depends on the JDK only.
 * Thread-safe (a Cipher per call; minting is not a hot path).
 *
 * <p>One secret may seal about 2^32 tokens before random 96-bit nonces risk a repeat; rotate it
 * long before that (servers read the secret at start).
 */
public final class ConnectTokenMinter {
    private final TokenSecret secret;
    private final SecureRandom random;

    public ConnectTokenMinter(TokenSecret secret, SecureRandom random) {
        if (secret == null || random == null) {
            throw new IllegalArgumentException("secret and random are required");
        }
        this.secret = secret;
        this.random = random;
    }

    /** A token with fresh random keys and nonce. */
    public ClientToken mint(TokenClaims claims) {
        byte[] c2s = new byte[ConnectTokenFormat.KEY_BYTES];
        byte[] s2c = new byte[ConnectTokenFormat.KEY_BYTES];
        byte[] nonce = new byte[ConnectTokenFormat.NONCE_BYTES];
        random.nextBytes(c2s);
        random.nextBytes(s2c);
        random.nextBytes(nonce);
        return mint(secret, claims, c2s, s2c, nonce);
    }

    /**
     * Deterministic minting from given keys and nonce: for test vectors and for backends that
     * draw their randomness elsewhere. Never reuse a nonce with the same secret.
     */
    public static ClientToken mint(TokenSecret secret, TokenClaims claims, byte[] clientToServerKey,
                                   byte[] serverToClientKey, byte[] nonce) {
        if (nonce == null || nonce.length != ConnectTokenFormat.NONCE_BYTES) {
            throw new IllegalArgumentException("nonce must be " + ConnectTokenFormat.NONCE_BYTES + " bytes");
        }
        if (clientToServerKey == null || clientToServerKey.length != ConnectTokenFormat.KEY_BYTES
                || serverToClientKey == null || serverToClientKey.length != ConnectTokenFormat.KEY_BYTES) {
            throw new IllegalArgumentException("keys must be " + ConnectTokenFormat.KEY_BYTES + " bytes each");
        }
        byte[] address = ConnectTokenFormat.ascii(claims.serverAddress());
        byte[] userData = claims.userData();
        ByteBuffer plain = ByteBuffer.allocate(ConnectTokenFormat.PRIVATE_FIXED_BYTES + address.length + userData.length);
        plain.putLong(claims.playerId()).putLong(claims.sessionId());
        plain.put((byte) address.length).put(address);
        plain.put(clientToServerKey).put(serverToClientKey);
        plain.putShort((short) userData.length).put(userData);

        byte[] sealed = new byte[ConnectTokenFormat.SEALED_HEADER_BYTES + plain.capacity() + ConnectTokenFormat.TAG_BYTES];
        System.arraycopy(ConnectTokenFormat.SEALED_MAGIC, 0, sealed, 0, 4);
        sealed[4] = (byte) ConnectTokenFormat.VERSION;
        ConnectTokenFormat.putLong(sealed, 5, claims.expiresAtEpochS());
        System.arraycopy(nonce, 0, sealed, 13, ConnectTokenFormat.NONCE_BYTES);
        try {
            Cipher cipher = ConnectTokenFormat.cipher(Cipher.ENCRYPT_MODE, secret.key(), nonce);
            cipher.updateAAD(sealed, 0, ConnectTokenFormat.SEALED_HEADER_BYTES);
            int n = cipher.doFinal(plain.array(), 0, plain.capacity(), sealed, ConnectTokenFormat.SEALED_HEADER_BYTES);
            if (n != plain.capacity() + ConnectTokenFormat.TAG_BYTES) {
                throw new IllegalStateException("AEAD wrote " + n + " bytes");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ConnectTokenFormat.CIPHER + " unavailable in this JDK", e);
        }
        return new ClientToken(claims.expiresAtEpochS(), claims.serverAddress(), clientToServerKey, serverToClientKey, sealed);
    }
}
