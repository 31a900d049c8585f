package io.tickforge.benchmarks.tick;

import io.tickforge.server.admin.JfrRecording;
import io.tickforge.server.tick.TickEvent;
import io.tickforge.server.tick.TickStats;
import jdk.jfr.Recording;
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

import java.util.concurrent.TimeUnit;

/**
 * What the tick thread pays per tick to record its timing figures (three phases and the tick into
 * TickStats: HdrHistograms, the sample ring the admin endpoint reads, and the io.tickforge.Tick
 * JFR event check), with the JFR event disabled (no recording: the default) and enabled (a
 * recording with the shipped tickforge.jfc). Run with {@code -prof gc}: disabled must show
 * {@code gc.alloc.rate.norm} 0 B/op; the difference between the two modes is the event's cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TickRecordBenchmark {
    private static final long PERIOD_NS = 16_666_666;

    @Param({"disabled", "recording"})
    public String jfr;

    private TickStats stats;
    private Recording recording;
    private long tick;
    private boolean baselineFlag;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        stats = new TickStats(60, 3_600_000_000_000L);
        if (jfr.equals("recording")) {
            recording = new Recording(JfrRecording.settings());
            recording.setToDisk(false);
            recording.start();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (recording != null) {
            recording.close();
        }
    }

    /** Only the check the tick thread makes for the JFR event; compare with {@link #baseline()}. */
    @Benchmark
    public boolean jfrCheck() {
        return TickEvent.enabled();
    }

    /** An empty benchmark returning a field: the floor JMH can measure. */
    @Benchmark
    public boolean baseline() {
        return baselineFlag;
    }

    @Benchmark
    public long recordOneTick() {
        final long t = tick++;
        stats.recordPhase(TickStats.PHASE_INPUTS, 40_000 + (t & 1023));
        stats.recordPhase(TickStats.PHASE_SIMULATION, 200_000 + (t & 4095));
        stats.recordPhase(TickStats.PHASE_REPLICATION, 500_000 + (t & 8191));
        stats.recordTick(t * PERIOD_NS, 20_000 + (t & 511), 740_000 + (t & 16383), PERIOD_NS);
        return stats.ticks();
    }
}
