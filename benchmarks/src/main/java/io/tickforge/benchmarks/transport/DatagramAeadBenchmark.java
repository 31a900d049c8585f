package io.tickforge.benchmarks.transport;

import io.tickforge.shared.transport.DatagramCipher;
import io.tickforge.shared.transport.SecureDatagram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

/**
 * What sealing costs per UDP datagram: {@link DatagramCipher} (AES-128-GCM, the wire format)
 * sealing and opening one datagram, at an input packet's size (20 bytes: header, acks, tick and
 * two inputs) and at a full 1200-byte snapshot packet. {@code chacha*} does the same with the
 * JDK's ChaCha20-Poly1305 for comparison (not on the wire; it shows why AES-GCM was chosen on
 * CPUs with AES instructions). Nanoseconds per datagram; run with {@code -prof gc} for the bytes
 * allocated per datagram ({@code gc.alloc.rate.norm}). Open walks a ring of pre-sealed datagrams
 * with increasing sequences, as a receiver would.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar DatagramAeadBenchmark -prof gc
 * java -jar benchmarks/target/benchmarks.jar DatagramAeadBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class DatagramAeadBenchmark {
    private static final int RING = 1024;

    @Param({"20", "1200"})
    public int payloadBytes;

    private DatagramCipher cipher;
    private SecretKey key;
    /** 256 peers' keys, for one cipher cycling through them (what a per-thread cipher did). */
    private SecretKey[] peerKeys;
    private int nextPeer;
    private byte[] payload;
    private byte[] out;
    private byte[][] sealed;
    private int[] sealedLength;
    private long sequence;
    private int next;

    private Cipher chacha;
    private SecretKey chachaKey;
    private final byte[] nonce = new byte[12];
    private final byte[] aad = new byte[SecureDatagram.HEADER_BYTES];

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        SecureRandom random = new SecureRandom();
        cipher = new DatagramCipher();
        key = DatagramCipher.key(DatagramCipher.newRawKey(random));
        peerKeys = new SecretKey[256];
        for (int i = 0; i < peerKeys.length; i++) {
            peerKeys[i] = DatagramCipher.key(DatagramCipher.newRawKey(random));
        }
        payload = new byte[payloadBytes];
        random.nextBytes(payload);
        out = new byte[payloadBytes + SecureDatagram.OVERHEAD_BYTES];
        sealed = new byte[RING][payloadBytes + SecureDatagram.OVERHEAD_BYTES];
        sealedLength = new int[RING];
        DatagramCipher sealer = new DatagramCipher();
        for (int i = 0; i < RING; i++) {
            sealedLength[i] = sealer.seal(SecureDatagram.KIND_SNAPSHOT, 42, i, key, payload, 0, payloadBytes, sealed[i], 0);
        }
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        chachaKey = new SecretKeySpec(raw, "ChaCha20");
        chacha = Cipher.getInstance("ChaCha20-Poly1305");
    }

    @Benchmark
    public int sealAesGcm() {
        return cipher.seal(SecureDatagram.KIND_SNAPSHOT, 42, sequence++, key, payload, 0, payloadBytes, out, 0);
    }

    /**
     * One cipher sealing for 256 peers in turn: the JDK expands the AES key on every init with a
     * new key. Against {@link #sealAesGcm} (one cipher per key, as the server and client now keep
     * them), this is the cost of sharing a cipher between peers.
     */
    @Benchmark
    public int sealAesGcmCyclingKeys() {
        int p = nextPeer;
        nextPeer = (p + 1) & (peerKeys.length - 1);
        return cipher.seal(SecureDatagram.KIND_SNAPSHOT, 42, sequence++, peerKeys[p], payload, 0, payloadBytes, out, 0);
    }

    @Benchmark
    public int openAesGcm() {
        int i = next;
        next = (i + 1) & (RING - 1);
        int n = cipher.open(key, sealed[i], 0, sealedLength[i], out, 0);
        if (n != payloadBytes) {
            throw new IllegalStateException("open failed");
        }
        return n;
    }

    @Benchmark
    public int sealChaCha20Poly1305() throws GeneralSecurityException {
        long s = sequence++;
        for (int b = 0; b < 8; b++) {
            nonce[4 + b] = (byte) (s >>> (56 - 8 * b));
        }
        chacha.init(Cipher.ENCRYPT_MODE, chachaKey, new IvParameterSpec(nonce));
        chacha.updateAAD(aad);
        return chacha.doFinal(payload, 0, payloadBytes, out, SecureDatagram.HEADER_BYTES);
    }
}
