package io.tickforge.benchmarks.snapshot;

import io.tickforge.shared.snapshot.SnapshotDecoder;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Decoding one snapshot packet on the client, {@link SnapshotDecoder#decode}: header, baseline
 * lookup, residuals on top of the baseline's prediction, validation, and building the new view;
 * swept like {@link SnapshotEncodeBenchmark}. State per JMH benchmark thread; nanoseconds per packet. The decoder plays a chain of {@value #CHAIN}
 * packets from {@link SnapshotChain} in order (keyframe, then deltas against the view of 6
 * packets earlier); at the end of the chain it starts over with the sequence numbers moved on
 * (two bytes rewritten per packet), so every decode is a fresh, accepted packet. The keyframe
 * that restarts the chain is one decode in {@value #CHAIN}. A decode that is not ACCEPTED fails
 * the run.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar SnapshotDecodeBenchmark -prof gc
 * java -jar benchmarks/target/benchmarks.jar SnapshotDecodeBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SnapshotDecodeBenchmark {
    static final int CHAIN = 512;

    @Param({"16", "128", "1024"})
    public int visible;

    @Param({"0.05", "0.25", "1.0"})
    public double changed;

    private SnapshotChain chain;
    private SnapshotDecoder decoder;
    private int next;
    private int sequenceOffset;

    @Setup(Level.Trial)
    public void setUp() {
        chain = new SnapshotChain(visible, changed, CHAIN, 1);
        chain.verify();
        decoder = new SnapshotDecoder(SnapshotDecoder.DEFAULT_HISTORY_LENGTH, visible);
        next = 0;
        sequenceOffset = 0;
    }

    @Benchmark
    public int decode() {
        final int k = next;
        chain.setSequence(k, sequenceOffset + k);
        SnapshotDecoder.Result r = decoder.decode(chain.bytes, chain.offset[k], chain.size[k]);
        if (r != SnapshotDecoder.Result.ACCEPTED) {
            throw new IllegalStateException("packet " + k + " decoded as " + r);
        }
        if (k + 1 == CHAIN) {
            next = 0;
            sequenceOffset = (sequenceOffset + CHAIN) & 0xFFFF;
        } else {
            next = k + 1;
        }
        return decoder.view().count();
    }

    @TearDown(Level.Trial)
    public void report() {
        System.out.println(String.format(Locale.ROOT,
                "%n[decode] visible=%d changed=%.2f: %.1f changed entities per delta packet, %.1f payload bytes"
                        + " per delta packet, keyframe %d bytes; accepted %d, malformed %d, missing baseline %d",
                visible, changed, chain.meanChangedEntries(), chain.meanDeltaBytes(), chain.size[0],
                decoder.acceptedCount(), decoder.malformedCount(), decoder.missingBaselineCount()));
    }
}
