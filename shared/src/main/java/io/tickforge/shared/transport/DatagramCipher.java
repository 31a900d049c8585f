package io.tickforge.shared.transport;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * Seals and opens {@link SecureDatagram}s with AES-128-GCM from the JDK ({@code javax.crypto}; no
 * crypto of our own). Reused for every datagram: it holds one {@link Cipher} and one nonce buffer.
 * Not thread-safe: one thread at a time. Keep one instance per key (per peer and direction): the
 * JDK's AES keeps its expanded key schedule only while it is initialised with the same key, so one
 * instance cycling through many keys expands a key on every datagram. The only per-datagram allocation is the
 * {@link GCMParameterSpec} {@code Cipher.init} requires (javax.crypto offers no reusable spec);
 * see docs/SECURITY.md for its measured cost.
 */
public final class DatagramCipher {
    public static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int TAG_BITS = SecureDatagram.TAG_BYTES * 8;

    private final Cipher cipher;
    private final byte[] nonce = new byte[12];

    public DatagramCipher() {
        try {
            cipher = Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK provides no " + TRANSFORMATION, e);
        }
    }

    /** Wraps {@link SecureDatagram#KEY_BYTES} raw bytes as a key. */
    public static SecretKey key(byte[] raw) {
        if (raw == null || raw.length != SecureDatagram.KEY_BYTES) {
            throw new IllegalArgumentException("a datagram key is " + SecureDatagram.KEY_BYTES + " bytes");
        }
        return new SecretKeySpec(raw, "AES");
    }

    /** A fresh random key, {@link SecureDatagram#KEY_BYTES} bytes. */
    public static byte[] newRawKey(SecureRandom random) {
        byte[] raw = new byte[SecureDatagram.KEY_BYTES];
        random.nextBytes(raw);
        return raw;
    }

    /**
     * Writes header, ciphertext of {@code payload[offset, offset+length)} and tag into
     * {@code out} from {@code outOffset}; returns the datagram length
     * ({@code length + OVERHEAD_BYTES}). {@code out} must not overlap the payload.
     */
    public int seal(int kind, int udpId, long sequence, SecretKey key, byte[] payload, int offset, int length,
                    byte[] out, int outOffset) {
        if (out.length - outOffset < length + SecureDatagram.OVERHEAD_BYTES) {
            throw new IllegalArgumentException("datagram buffer too small for " + length + " payload bytes");
        }
        SecureDatagram.writeHeader(out, outOffset, kind, udpId, sequence);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, nonceSpec(sequence));
            cipher.updateAAD(out, outOffset, SecureDatagram.HEADER_BYTES);
            int written = cipher.doFinal(payload, offset, length, out, outOffset + SecureDatagram.HEADER_BYTES);
            return SecureDatagram.HEADER_BYTES + written;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing a datagram failed", e);
        }
    }

    /**
     * Authenticates {@code datagram[offset, offset+length)} with {@code key} and writes the
     * payload to {@code out} from {@code outOffset}. Returns the payload length, or -1 when the
     * datagram is too short, the tag does not match (wrong key, altered bytes or header) or
     * {@code out} is too small. Never throws on hostile bytes.
     */
    public int open(SecretKey key, byte[] datagram, int offset, int length, byte[] out, int outOffset) {
        if (length < SecureDatagram.OVERHEAD_BYTES) {
            return -1;
        }
        int payloadLength = length - SecureDatagram.OVERHEAD_BYTES;
        if (out.length - outOffset < payloadLength) {
            return -1;
        }
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, nonceSpec(SecureDatagram.sequence(datagram, offset)));
            cipher.updateAAD(datagram, offset, SecureDatagram.HEADER_BYTES);
            return cipher.doFinal(datagram, offset + SecureDatagram.HEADER_BYTES,
                    length - SecureDatagram.HEADER_BYTES, out, outOffset);
        } catch (ShortBufferException e) {
            return -1;
        } catch (GeneralSecurityException | RuntimeException e) {
            // AEADBadTagException for every forged or damaged datagram: the expected outcome.
            return -1;
        }
    }

    private GCMParameterSpec nonceSpec(long sequence) {
        SecureDatagram.writeInt(nonce, 4, (int) (sequence >>> 32));
        SecureDatagram.writeInt(nonce, 8, (int) sequence);
        return new GCMParameterSpec(TAG_BITS, nonce);
    }
}
