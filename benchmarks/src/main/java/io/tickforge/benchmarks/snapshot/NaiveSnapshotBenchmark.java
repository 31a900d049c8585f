package io.tickforge.benchmarks.snapshot;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import io.tickforge.benchmarks.bandwidth.BandwidthReport;
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
 * The baseline the delta codec is compared against (state per JMH benchmark thread; nanoseconds
 * and payload bytes per packet): every visible entity serialized in full each
 * tick with Kryo's default {@code FieldSerializer} of a plain object
 * ({@link BandwidthReport.EntityState}: id, x, y, heading, health, flags as quantized ints, Kryo
 * varints), after the tick and the entity count; one reused {@link Output}, one reused state
 * object. The same definition as the naive column of {@link BandwidthReport}. World from
 * {@link SnapshotChain} (the share that changes does not matter here: everything is sent).
 * Bytes per packet are printed at the end of the trial ({@code [naive]} line).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar NaiveSnapshotBenchmark -prof gc
 * java -jar benchmarks/target/benchmarks.jar NaiveSnapshotBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class NaiveSnapshotBenchmark {
    @Param({"16", "128", "1024"})
    public int visible;

    private WorldSnapshot world;
    private Kryo kryo;
    private Output output;
    private BandwidthReport.EntityState state;
    private long bytes;
    private long packets;

    @Setup(Level.Trial)
    public void setUp() {
        SnapshotChain chain = new SnapshotChain(visible, 0.25, SnapshotChain.ACK_DELAY + 2, 1);
        world = new WorldSnapshot(visible);
        chain.fill(world, SnapshotChain.FIRST_TICK);
        kryo = new Kryo();
        kryo.register(BandwidthReport.EntityState.class);
        output = new Output(64 * 1024);
        state = new BandwidthReport.EntityState();
    }

    @Benchmark
    public int serializeAll() {
        final WorldSnapshot w = world;
        final Output o = output;
        o.reset();
        o.writeVarLong(w.tick, true);
        o.writeVarInt(w.count, true);
        final BandwidthReport.EntityState s = state;
        for (int i = 0; i < w.count; i++) {
            s.id = w.entityId[i];
            s.x = w.x[i];
            s.y = w.y[i];
            s.heading = w.lanes[WorldSnapshot.HEADING][i];
            s.health = w.lanes[WorldSnapshot.HEALTH][i];
            s.flags = w.lanes[WorldSnapshot.FLAGS][i];
            kryo.writeObject(o, s);
        }
        bytes += o.position();
        packets++;
        return o.position();
    }

    @TearDown(Level.Trial)
    public void report() {
        System.out.println(String.format(Locale.ROOT, "%n[naive] visible=%d: %.1f payload bytes per packet",
                visible, bytes / (double) Math.max(1, packets)));
    }
}
