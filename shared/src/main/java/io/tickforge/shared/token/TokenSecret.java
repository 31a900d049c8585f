package io.tickforge.shared.token;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The 32-byte key shared by the backend that mints connect tokens and the servers that accept
 * them. On disk: 64 hex digits (surrounding whitespace ignored), so any language can read and
 * write it. Immutable; any thread.
 */
public final class TokenSecret {
    private final byte[] key;

    private TokenSecret(byte[] key) {
        this.key = key;
    }

    /** From exactly {@link ConnectTokenFormat#SECRET_BYTES} bytes (copied). */
    public static TokenSecret of(byte[] key) {
        if (key == null || key.length != ConnectTokenFormat.SECRET_BYTES) {
            throw new IllegalArgumentException("token secret must be " + ConnectTokenFormat.SECRET_BYTES + " bytes");
        }
        return new TokenSecret(key.clone());
    }

    /** From 64 hex digits. */
    public static TokenSecret fromHex(String hex) {
        String h = hex == null ? "" : hex.strip();
        if (h.length() != 2 * ConnectTokenFormat.SECRET_BYTES) {
            throw new IllegalArgumentException("token secret must be " + 2 * ConnectTokenFormat.SECRET_BYTES
                    + " hex digits, got " + h.length() + " characters");
        }
        try {
            return new TokenSecret(HexFormat.of().parseHex(h));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("token secret is not hex: " + e.getMessage());
        }
    }

    /** Reads a secret file (64 hex digits). Errors name the file but never echo its content. */
    public static TokenSecret read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        try {
            return fromHex(text);
        } catch (IllegalArgumentException e) {
            throw new IOException("bad token secret file " + file + ": " + e.getMessage());
        }
    }

    public static TokenSecret generate(SecureRandom random) {
        byte[] key = new byte[ConnectTokenFormat.SECRET_BYTES];
        random.nextBytes(key);
        return new TokenSecret(key);
    }

    /** Writes the hex form to a new file, created readable by its owner only where the file system allows. */
    public void write(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file); // Windows and friends: the directory's ACLs apply
        }
        Files.writeString(file, toHex() + "\n", StandardCharsets.US_ASCII);
    }

    public String toHex() {
        return HexFormat.of().formatHex(key);
    }

    byte[] key() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenSecret other && java.security.MessageDigest.isEqual(key, other.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "TokenSecret[redacted]";
    }
}
