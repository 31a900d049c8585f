package io.tickforge.shared.transport;

import org.junit.jupiter.api.Test;

import javax.crypto.SecretKey;
import java.security.SecureRandom;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DatagramCipherTest {
    private final SecureRandom random = new SecureRandom();
    private final SecretKey key = DatagramCipher.key(DatagramCipher.newRawKey(random));
    private final DatagramCipher cipher = new DatagramCipher();

    private byte[] payload(int n) {
        byte[] p = new byte[n];
        random.nextBytes(p);
        return p;
    }

    @Test
    void sealThenOpenRoundTripsAndTheHeaderIsReadable() {
        byte[] p = payload(100);
        byte[] d = new byte[200];
        int n = cipher.seal(SecureDatagram.KIND_SNAPSHOT, 0xCAFEBABE, 0x0102030405L, key, p, 0, p.length, d, 0);
        // header 13 + payload 100 + tag 16
        assertEquals(13 + 100 + 16, n);
        assertEquals(SecureDatagram.KIND_SNAPSHOT, SecureDatagram.kind(d, 0));
        assertEquals(0xCAFEBABE, SecureDatagram.udpId(d, 0));
        assertEquals(0x0102030405L, SecureDatagram.sequence(d, 0));
        byte[] out = new byte[200];
        assertEquals(100, cipher.open(key, d, 0, n, out, 0));
        assertArrayEquals(p, Arrays.copyOf(out, 100));
    }

    @Test
    void emptyPayloadIsJustHeaderAndTag() {
        byte[] d = new byte[64];
        int n = cipher.seal(SecureDatagram.KIND_BIND, 7, 0, key, new byte[0], 0, 0, d, 0);
        assertEquals(SecureDatagram.OVERHEAD_BYTES, n);
        assertEquals(0, cipher.open(key, d, 0, n, new byte[0], 0));
    }

    @Test
    void everyFlippedBitWrongKeyOrTruncationFailsToOpen() {
        byte[] p = payload(40);
        byte[] d = new byte[100];
        int n = cipher.seal(SecureDatagram.KIND_INPUT, 42, 9, key, p, 0, p.length, d, 0);
        byte[] out = new byte[100];
        for (int i = 0; i < n; i++) {
            for (int b = 0; b < 8; b++) {
                d[i] ^= (byte) (1 << b);
                assertEquals(-1, cipher.open(key, d, 0, n, out, 0), "bit " + b + " of byte " + i);
                d[i] ^= (byte) (1 << b);
            }
        }
        SecretKey other = DatagramCipher.key(DatagramCipher.newRawKey(random));
        assertEquals(-1, cipher.open(other, d, 0, n, out, 0));
        assertEquals(-1, cipher.open(key, d, 0, n - 1, out, 0));
        assertEquals(-1, cipher.open(key, d, 0, SecureDatagram.OVERHEAD_BYTES - 1, out, 0));
        assertEquals(-1, cipher.open(key, d, 0, n, new byte[10], 0), "output too small");
        assertEquals(40, cipher.open(key, d, 0, n, out, 0), "the datagram itself is intact");
    }

    @Test
    void oneCipherServesManyKeysAndOffsets() {
        DatagramCipher other = new DatagramCipher();
        SecretKey k2 = DatagramCipher.key(DatagramCipher.newRawKey(random));
        byte[] d = new byte[300];
        byte[] out = new byte[300];
        for (long s = 0; s < 50; s++) {
            SecretKey k = (s & 1) == 0 ? key : k2;
            byte[] p = payload((int) s * 3);
            int n = cipher.seal(SecureDatagram.KIND_INPUT, 1, s, k, p, 0, p.length, d, 17);
            assertEquals(p.length, other.open(k, d, 17, n, out, 5));
            assertArrayEquals(p, Arrays.copyOfRange(out, 5, 5 + p.length));
        }
    }

    @Test
    void keysMustHaveTheRightLength() {
        assertThrows(IllegalArgumentException.class, () -> DatagramCipher.key(new byte[15]));
        assertThrows(IllegalArgumentException.class, () -> DatagramCipher.key(null));
        assertThrows(IllegalArgumentException.class,
                () -> cipher.seal(1, 1, 1, key, new byte[10], 0, 10, new byte[10 + SecureDatagram.OVERHEAD_BYTES - 1], 0));
    }
}
