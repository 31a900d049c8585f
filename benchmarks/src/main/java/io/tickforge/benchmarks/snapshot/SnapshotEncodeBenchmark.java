package io.tickforge.benchmarks.snapshot;

import io.tickforge.server.game.ArenaEngineSettings;
import io.tickforge.server.replication.DeltaReplication;
import io.tickforge.server.replication.ReplicationConfig;
import io.tickforge.shared.protocol.Protocol;
import io.tickforge.shared.snapshot.SnapshotEncoder;
import io.tickforge.shared.world.WorldSnapshot;
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
 * Encoding one client's snapshot packet (state per JMH benchmark thread; nanoseconds per packet,
 * payload bytes), swept over what the client sees ({@code visible}
 * entities) and how much of it changes per tick ({@code changed} share); world and packets from
 * {@link SnapshotChain} (baseline 6 ticks old, i.e. 100 ms of round trip at 60 Hz).
 *
 * <ul>
 *   <li>{@code encode}: the codec alone, {@link SnapshotEncoder#encode} of a prepared delta against
 *       its baseline view (residuals against the baseline's velocity/acceleration prediction,
 *       varints, nibble pairs), with no packet budget, cycling through 16 consecutive packets.
 *       Time divided by the changed entities per packet (printed) is the delta encoding cost per
 *       changed entity.</li>
 *   <li>{@code replicate}: the server's whole per-client path for a single client:
 *       {@link DeltaReplication#recordWorld} of the tick's world (copy + interest grid), then
 *       {@code writePacket} (interest query, diff against the acked view, priorities, the 1200-byte
 *       budget, encode, and the view the packet leaves on the client), then the ack of the packet
 *       6 ticks old. With one client the per-tick recordWorld is not shared, so this is an upper
 *       bound of one client's share of a tick.</li>
 * </ul>
 * Bytes per packet (and changed entities per packet) are printed at the end of each trial as a
 * secondary result ({@code [encode]} / {@code [replicate]} lines); unbudgeted packets above 1197
 * payload bytes would be split over ticks by the replication's budget.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar SnapshotEncodeBenchmark -prof gc
 * java -jar benchmarks/target/benchmarks.jar 'SnapshotEncodeBenchmark.encode' -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SnapshotEncodeBenchmark {
    private static final int KEPT = 16;
    private static final int WORLD_TICKS = 600;

    @Param({"16", "128", "1024"})
    public int visible;

    @Param({"0.05", "0.25", "1.0"})
    public double changed;

    /** Package-private for the test that checks encode() reproduces the chain's packets. */
    SnapshotChain chain;
    private SnapshotEncoder encoder;
    private byte[] out;
    private int next;

    private DeltaReplication replication;
    private WorldSnapshot[] worlds;
    private byte[] packet;
    private int[] sentSequence;
    private long tick;
    private long replicateBytes;
    private long replicatePackets;
    private long keyframesAtStart;

    @Setup(Level.Trial)
    public void setUp() {
        chain = new SnapshotChain(visible, changed, KEPT + SnapshotChain.ACK_DELAY + 64, KEPT);
        chain.verify();
        encoder = new SnapshotEncoder();
        out = new byte[Protocol.MAX_SNAPSHOT_BYTES];
        next = 0;

        worlds = new WorldSnapshot[WORLD_TICKS];
        for (int t = 0; t < WORLD_TICKS; t++) {
            worlds[t] = new WorldSnapshot(visible);
            chain.fill(worlds[t], SnapshotChain.FIRST_TICK + t);
        }
        replication = new DeltaReplication(ReplicationConfig.defaults(1, ArenaEngineSettings.WORLD_SIZE_M));
        replication.addClient(0);
        packet = new byte[ReplicationConfig.DEFAULT_PACKET_BUDGET_BYTES];
        sentSequence = new int[64];
        tick = SnapshotChain.FIRST_TICK;
        for (int i = 0; i < 120; i++) {
            replicate();
        }
        keyframesAtStart = replication.keyframesWritten();
        replicateBytes = 0;
        replicatePackets = 0;
    }

    @Benchmark
    public int encode() {
        int k = next;
        next = k + 1 == KEPT ? 0 : k + 1;
        return encoder.encode(chain.keptDelta[k], chain.keptBase[k], out, out.length);
    }

    @Benchmark
    public int replicate() {
        WorldSnapshot w = worlds[(int) ((tick - SnapshotChain.FIRST_TICK) % WORLD_TICKS)];
        w.tick = tick;
        replication.recordWorld(w);
        int n = replication.writePacket(0, tick - 2, packet);
        sentSequence[(int) (tick & 63)] = SnapshotEncoder.sequence(packet);
        if (tick - SnapshotChain.FIRST_TICK >= SnapshotChain.ACK_DELAY) {
            replication.onAcks(0, sentSequence[(int) ((tick - SnapshotChain.ACK_DELAY) & 63)], 0);
        }
        tick++;
        replicateBytes += n;
        replicatePackets++;
        return n;
    }

    @TearDown(Level.Trial)
    public void report() {
        double changedPerPacket = 0;
        long bytes = 0;
        for (int k = 0; k < KEPT; k++) {
            changedPerPacket += chain.keptDelta[k].changedCount;
            bytes += encoder.encode(chain.keptDelta[k], chain.keptBase[k], out, out.length);
        }
        System.out.println(String.format(Locale.ROOT,
                "%n[encode] visible=%d changed=%.2f: %.1f changed entities per packet, %.1f payload bytes per packet"
                        + " (unbudgeted), %.2f bytes per changed entity",
                visible, changed, changedPerPacket / KEPT, bytes / (double) KEPT, bytes / changedPerPacket));
        if (replicatePackets > 0) {
            long keyframes = replication.keyframesWritten() - keyframesAtStart;
            System.out.println(String.format(Locale.ROOT,
                    "[replicate] visible=%d changed=%.2f: %.1f payload bytes per packet (budget 1197), %d packets,"
                            + " %d keyframes after setup, %d deferred packets in total",
                    visible, changed, replicateBytes / (double) replicatePackets, replicatePackets, keyframes,
                    replication.deferredPackets()));
        }
    }
}
