package io.tickforge.benchmarks.tick;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Outside JMH: runs {@link TickBenchmark}'s tick (same session, inputs and links) for several
 * rounds and prints, per round, the mean time per tick and the bytes the thread allocated per
 * tick (HotSpot's per-thread allocation counter). Shows how allocation tails off as the
 * replication's per-client views reach their final sizes, which a short JMH run does not.
 * Main thread only.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.tickforge.benchmarks.tick.TickProbe [players 64] [npcs 1000] [ticksPerRound 2000] [rounds 5]
 * </pre>
 * Time per tick here includes queueing the inputs (the network thread's share), which the JMH
 * benchmark leaves out.
 */
public final class TickProbe {
    private TickProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        TickBenchmark b = new TickBenchmark();
        b.players = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        b.npcs = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int ticks = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        b.replicationThreads = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)) {
            throw new IllegalStateException("needs HotSpot's per-thread allocation counter");
        }
        long tid = Thread.currentThread().getId();
        b.setUp();
        for (int round = 0; round < rounds; round++) {
            long allocatedBefore = threads.getThreadAllocatedBytes(tid);
            long cpu0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int i = 0; i < ticks; i++) {
                b.offerInputs();
                b.tick();
            }
            long ns = System.nanoTime() - t0;
            long cpuNs = threads.getCurrentThreadCpuTime() - cpu0;
            long allocated = threads.getThreadAllocatedBytes(tid) - allocatedBefore;
            long[] state = b.clientStateBytes();
            System.out.println(String.format(Locale.ROOT, "round %d (%d ticks): %.1f us per tick (tick thread CPU %.1f us), %.1f bytes allocated per tick,"
                    + " replication state per client mean %d max %d bytes",
                    round, ticks, ns / 1e3 / ticks, cpuNs / 1e3 / ticks, allocated / (double) ticks, state[0], state[1]));
        }
        long[] state = b.clientStateBytes();
        System.out.println(String.format(Locale.ROOT, "replication state per client: mean %d bytes, max %d bytes",
                state[0], state[1]));
        b.checkSteadyState();
    }
}
