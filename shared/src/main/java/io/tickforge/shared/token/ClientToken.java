package io.tickforge.shared.token;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * What a backend hands to one player: where to connect, until when, the per-connection keys, and
 * the sealed token to present in {@code Hello}. The client can read everything here but the
 * sealed token's private part. Immutable (arrays are copied in and out); any thread.
 *
 * <pre>
 * Client token (binary; on disk and over HTTP as one line of standard Base64):
 *   0   4  magic "TFCC"
 *   4   1  version (1)
 *   5   8  expiresAtEpochS (u64, same value as in the sealed token)
 *  13   1  serverAddress length L (1..255)
 *  14   L  serverAddress, US-ASCII host:port
 *  ..  32  clientToServerKey
 *  ..  32  serverToClientKey
 *  ..   2  sealed token length S
 *  ..   S  sealed token (ConnectTokenFormat)
 * </pre>
 * The keys travel to the client in clear inside this structure: the backend must deliver it over
 * an authenticated, encrypted channel (HTTPS), never over the game's plain TCP.
 */
public final class ClientToken {
    private final long expiresAtEpochS;
    private final String serverAddress;
    private final byte[] clientToServerKey;
    private final byte[] serverToClientKey;
    private final byte[] sealed;

    public ClientToken(long expiresAtEpochS, String serverAddress, byte[] clientToServerKey, byte[] serverToClientKey,
                       byte[] sealed) {
        ConnectTokenFormat.checkServerAddress(serverAddress);
        checkKey(clientToServerKey, "clientToServerKey");
        checkKey(serverToClientKey, "serverToClientKey");
        if (sealed == null || sealed.length < ConnectTokenFormat.MIN_SEALED_BYTES
                || sealed.length > ConnectTokenFormat.MAX_SEALED_BYTES) {
            throw new IllegalArgumentException("sealed token must be " + ConnectTokenFormat.MIN_SEALED_BYTES + ".."
                    + ConnectTokenFormat.MAX_SEALED_BYTES + " bytes");
        }
        this.expiresAtEpochS = expiresAtEpochS;
        this.serverAddress = serverAddress;
        this.clientToServerKey = clientToServerKey.clone();
        this.serverToClientKey = serverToClientKey.clone();
        this.sealed = sealed.clone();
    }

    public long expiresAtEpochS() {
        return expiresAtEpochS;
    }

    public String serverAddress() {
        return serverAddress;
    }

    public byte[] clientToServerKey() {
        return clientToServerKey.clone();
    }

    public byte[] serverToClientKey() {
        return serverToClientKey.clone();
    }

    /** The opaque token for {@code Hello.connectToken}. */
    public byte[] sealed() {
        return sealed.clone();
    }

    public byte[] encode() {
        byte[] address = ConnectTokenFormat.ascii(serverAddress);
        ByteBuffer b = ByteBuffer.allocate(4 + 1 + 8 + 1 + address.length + 2 * ConnectTokenFormat.KEY_BYTES + 2 + sealed.length);
        b.put(ConnectTokenFormat.CLIENT_MAGIC).put((byte) ConnectTokenFormat.VERSION).putLong(expiresAtEpochS);
        b.put((byte) address.length).put(address).put(clientToServerKey).put(serverToClientKey);
        b.putShort((short) sealed.length).put(sealed);
        return b.array();
    }

    /** Parses {@link #encode()}'s bytes; IllegalArgumentException on anything else. */
    public static ClientToken decode(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            if (!ConnectTokenFormat.startsWith(bytes, ConnectTokenFormat.CLIENT_MAGIC)) {
                throw new IllegalArgumentException("not a client token (magic)");
            }
            b.position(4);
            int version = b.get() & 0xFF;
            if (version != ConnectTokenFormat.VERSION) {
                throw new IllegalArgumentException("client token version " + version + ", expected " + ConnectTokenFormat.VERSION);
            }
            long expiresAt = b.getLong();
            int addressLength = b.get() & 0xFF;
            byte[] address = new byte[addressLength];
            b.get(address);
            byte[] c2s = new byte[ConnectTokenFormat.KEY_BYTES];
            byte[] s2c = new byte[ConnectTokenFormat.KEY_BYTES];
            b.get(c2s).get(s2c);
            int sealedLength = b.getShort() & 0xFFFF;
            if (sealedLength > ConnectTokenFormat.MAX_SEALED_BYTES) {
                throw new IllegalArgumentException("sealed token length " + sealedLength + " > " + ConnectTokenFormat.MAX_SEALED_BYTES);
            }
            byte[] sealed = new byte[sealedLength];
            b.get(sealed);
            if (b.hasRemaining()) {
                throw new IllegalArgumentException(b.remaining() + " trailing bytes after the client token");
            }
            return new ClientToken(expiresAt, new String(address, StandardCharsets.US_ASCII), c2s, s2c, sealed);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("client token truncated");
        }
    }

    public String toBase64() {
        return Base64.getEncoder().encodeToString(encode());
    }

    public static ClientToken fromBase64(String text) {
        try {
            return decode(Base64.getDecoder().decode(text.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad client token: " + e.getMessage());
        }
    }

    /** Reads a client token file (one line of Base64). */
    public static ClientToken read(Path file) throws IOException {
        try {
            return fromBase64(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage());
        }
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, toBase64() + "\n", StandardCharsets.US_ASCII);
    }

    private static void checkKey(byte[] key, String what) {
        if (key == null || key.length != ConnectTokenFormat.KEY_BYTES) {
            throw new IllegalArgumentException(what + " must be " + ConnectTokenFormat.KEY_BYTES + " bytes");
        }
    }

    @Override
    public String toString() {
        return "ClientToken[server " + serverAddress + ", expires " + expiresAtEpochS + ", keys redacted]";
    }
}
