package io.tickforge.shared.token;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * The byte layout of a connect token, in one place (docs/SECURITY.md, "Connect tokens", is the
 * same table in prose). All integers are big-endian. Stateless; any thread.
 *
 * <pre>
 * Sealed token (the client sends it in Hello; only a holder of the token secret can read it):
 *   0   4  magic "TFCT"
 *   4   1  version (1)
 *   5   8  expiresAtEpochS (u64, Unix seconds; the token is refused once now >= expiresAt)
 *  13  12  nonce (random per token)
 *  25   n  ChaCha20-Poly1305(key = token secret, nonce, aad = bytes 0..24, plaintext = private part)
 *          = ciphertext (n - 16 bytes) followed by the 16-byte Poly1305 tag
 *
 * Private part (plaintext):
 *   0   8  playerId (u64, the backend's account id)
 *   8   8  sessionId (u64, the backend's match id; opaque to the server)
 *  16   1  serverAddress length L (1..255)
 *  17   L  serverAddress, US-ASCII "host:port" as clients are told to connect
 *  ..  32  clientToServerKey
 *  ..  32  serverToClientKey
 *  ..   2  userData length U (0..256)
 *  ..   U  userData
 * </pre>
 */
public final class ConnectTokenFormat {
    public static final byte[] SEALED_MAGIC = {'T', 'F', 'C', 'T'};
    public static final byte[] CLIENT_MAGIC = {'T', 'F', 'C', 'C'};
    public static final int VERSION = 1;
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BYTES = 16;
    public static final int KEY_BYTES = 32;
    public static final int SECRET_BYTES = 32;
    /** magic + version + expiresAt + nonce; also the AEAD's associated data. */
    public static final int SEALED_HEADER_BYTES = 4 + 1 + 8 + NONCE_BYTES;
    public static final int MAX_ADDRESS_BYTES = 255;
    public static final int MAX_USER_DATA_BYTES = 256;
    /** playerId + sessionId + address length + both keys + user data length, without the variable parts. */
    public static final int PRIVATE_FIXED_BYTES = 8 + 8 + 1 + 2 * KEY_BYTES + 2;
    public static final int MIN_SEALED_BYTES = SEALED_HEADER_BYTES + PRIVATE_FIXED_BYTES + 1 + TAG_BYTES;
    public static final int MAX_SEALED_BYTES =
            SEALED_HEADER_BYTES + PRIVATE_FIXED_BYTES + MAX_ADDRESS_BYTES + MAX_USER_DATA_BYTES + TAG_BYTES;
    static final String CIPHER = "ChaCha20-Poly1305";

    private ConnectTokenFormat() {
    }

    /** A fresh AEAD cipher initialised for one operation (the JDK refuses key+nonce reuse on encrypt). */
    static Cipher cipher(int mode, byte[] secret, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(CIPHER);
        cipher.init(mode, new SecretKeySpec(secret, "ChaCha20"), new IvParameterSpec(nonce));
        return cipher;
    }

    /** "host:port", US-ASCII printable, 1..255 bytes, with a port in 1..65535. */
    public static String checkServerAddress(String address) {
        if (address == null || address.isEmpty() || address.length() > MAX_ADDRESS_BYTES) {
            throw new IllegalArgumentException("server address must be 1.." + MAX_ADDRESS_BYTES + " characters of host:port");
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c <= 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("server address must be printable ASCII without spaces: " + address);
            }
        }
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("server address must be host:port, got " + address);
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("server address port is not a number: " + address);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("server address port must be 1..65535: " + address);
        }
        return address;
    }

    /** True when the two addresses name the same server: host compared ignoring case, port exactly. */
    public static boolean sameServer(String a, String b) {
        return a.equalsIgnoreCase(b);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static void putLong(byte[] b, int at, long v) {
        for (int i = 7; i >= 0; i--) {
            b[at + i] = (byte) v;
            v >>>= 8;
        }
    }

    static long getLong(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[at + i] & 0xFF);
        }
        return v;
    }

    static boolean startsWith(byte[] b, byte[] magic) {
        if (b.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (b[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
