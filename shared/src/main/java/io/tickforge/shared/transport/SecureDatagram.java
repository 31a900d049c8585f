package io.tickforge.shared.transport;

/**
 * Layout of every Tickforge UDP datagram, in both directions (the UDP socket is ours, not
 * KryoNet's). Stateless constants and header readers; any thread.
 *
 * <pre>
 *   offset  size  field
 *   0       1     kind        (KIND_*; authenticated as associated data)
 *   1       4     udpId       (big-endian; the connection's random id from Welcome; AAD)
 *   5       8     sequence    (big-endian, per sender and direction, starts at 0; AAD and nonce)
 *   13      n     ciphertext  (AES-128-GCM of the payload with the direction's key)
 *   13+n    16    tag         (GCM tag over header and ciphertext)
 * </pre>
 *
 * The 12-byte GCM nonce is {@code 0x00000000 || sequence}: each direction of each connection has
 * its own key, and each sender never repeats a sequence, so a (key, nonce) pair is never reused.
 * Payloads: {@link #KIND_INPUT} an {@code InputPacket} body (no class id), {@link #KIND_BIND} none
 * (proves the key from a new address; also sent by a client right after Welcome),
 * {@link #KIND_SNAPSHOT} the encoded snapshot packet.
 */
public final class SecureDatagram {
    public static final int KIND_INPUT = 1;
    public static final int KIND_BIND = 2;
    public static final int KIND_SNAPSHOT = 3;

    public static final int HEADER_BYTES = 1 + 4 + 8;
    public static final int TAG_BYTES = 16;
    /** Bytes a datagram adds around its payload: header plus tag. */
    public static final int OVERHEAD_BYTES = HEADER_BYTES + TAG_BYTES;
    /** Bytes of each per-direction key (AES-128). */
    public static final int KEY_BYTES = 16;

    private SecureDatagram() {
    }

    public static int kind(byte[] datagram, int offset) {
        return datagram[offset] & 0xFF;
    }

    public static int udpId(byte[] datagram, int offset) {
        return readInt(datagram, offset + 1);
    }

    public static long sequence(byte[] datagram, int offset) {
        return ((long) readInt(datagram, offset + 5) << 32) | (readInt(datagram, offset + 9) & 0xFFFFFFFFL);
    }

    static void writeHeader(byte[] out, int offset, int kind, int udpId, long sequence) {
        out[offset] = (byte) kind;
        writeInt(out, offset + 1, udpId);
        writeInt(out, offset + 5, (int) (sequence >>> 32));
        writeInt(out, offset + 9, (int) sequence);
    }

    static int readInt(byte[] b, int o) {
        return (b[o] & 0xFF) << 24 | (b[o + 1] & 0xFF) << 16 | (b[o + 2] & 0xFF) << 8 | (b[o + 3] & 0xFF);
    }

    static void writeInt(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 24);
        b[o + 1] = (byte) (v >>> 16);
        b[o + 2] = (byte) (v >>> 8);
        b[o + 3] = (byte) v;
    }

    /** Direction labels for {@link #datagramKey}. */
    public static final byte CLIENT_TO_SERVER = 1;
    public static final byte SERVER_TO_CLIENT = 2;
    private static final byte[] KEY_LABEL = "tickforge datagram key".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * The {@link #KEY_BYTES}-byte datagram key of one direction, derived from a connect token's key
     * of that direction (32 random bytes that only the backend, the server and that client know):
     * the first {@link #KEY_BYTES} bytes of SHA-256("tickforge datagram key" || direction ||
     * tokenKey). Server and client derive the same key, so signed-token mode sends no key over TCP.
     * Called once per join; allocates.
     */
    public static byte[] datagramKey(byte[] tokenKey, byte direction) {
        return datagramKey(tokenKey, direction, 0);
    }

    /**
     * The datagram key of one direction for key generation {@code epoch} ({@code Welcome.keyEpoch}):
     * epoch 0 is {@link #datagramKey(byte[], byte)}; epoch n &gt; 0 appends n as 4 big-endian bytes to
     * the hashed input. A reconnect gets the next epoch, so its datagrams (whose sequences start at 0
     * again) never reuse a (key, nonce) pair of the connection before. Allocates.
     */
    public static byte[] datagramKey(byte[] tokenKey, byte direction, int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("key epoch must be >= 0: " + epoch);
        }
        if (tokenKey == null || tokenKey.length < KEY_BYTES) {
            throw new IllegalArgumentException("a token key has at least " + KEY_BYTES + " bytes");
        }
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update(KEY_LABEL);
            sha.update(direction);
            sha.update(tokenKey);
            if (epoch > 0) {
                sha.update(new byte[] {(byte) (epoch >>> 24), (byte) (epoch >>> 16), (byte) (epoch >>> 8), (byte) epoch});
            }
            return java.util.Arrays.copyOf(sha.digest(), KEY_BYTES);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
