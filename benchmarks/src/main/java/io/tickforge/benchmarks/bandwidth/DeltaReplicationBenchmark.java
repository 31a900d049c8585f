package io.tickforge.benchmarks.bandwidth;

import io.tickforge.server.game.ArenaEngineSettings;
import io.tickforge.server.replication.DeltaReplication;
import io.tickforge.server.replication.ReplicationConfig;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The replicate phase of one tick: recordWorld, then writePacket for every client, with each
 * client acknowledging the packet written 6 ticks earlier (100 ms at 60 Hz). Worlds of the
 * standard profile are precomputed (600 ticks, replayed in a loop), so only replication is timed.
 * Run with {@code -prof gc} to see {@code gc.alloc.rate.norm} (expected 0 B/op).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DeltaReplicationBenchmark {
    private static final int ACK_DELAY_TICKS = 6;
    private static final int WORLD_TICKS = 600;

    @Param({"16", "64"})
    public int players;

    @Param({"1000"})
    public int npcs;

    private DeltaReplication replication;
    private WorldSnapshot[] worlds;
    private byte[] out;
    private long tick;

    @Setup(Level.Trial)
    public void setUp() {
        StandardWorld sim = new StandardWorld(players, npcs, 60, 1);
        worlds = new WorldSnapshot[WORLD_TICKS];
        for (int t = 0; t < WORLD_TICKS; t++) {
            sim.step(t);
            worlds[t] = new WorldSnapshot(sim.capacity());
            sim.fill(worlds[t], t);
        }
        replication = new DeltaReplication(ReplicationConfig.defaults(players, ArenaEngineSettings.WORLD_SIZE_M));
        for (int p = 0; p < players; p++) {
            replication.addClient(p);
        }
        out = new byte[ReplicationConfig.DEFAULT_PACKET_BUDGET_BYTES];
        tick = 0;
    }

    @Benchmark
    public long replicateOneTick() {
        WorldSnapshot w = worlds[(int) (tick % WORLD_TICKS)];
        w.tick = tick;
        replication.recordWorld(w);
        long bytes = 0;
        for (int p = 0; p < players; p++) {
            bytes += replication.writePacket(p, tick - 1, out);
            if (tick >= ACK_DELAY_TICKS) {
                // Every client's sequence equals the tick number here (all started at 0 together).
                replication.onAcks(p, (int) (tick - ACK_DELAY_TICKS) & 0xFFFF, 0);
            }
        }
        tick++;
        return bytes;
    }
}
