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
 *     [replicationThreads 0] [world wander|bots] [ackDelayTicks -1] [botBehaviours default] [ackJitterTicks 0]
 * </pre>
 * The optional trailing arguments are {@link TickBenchmark}'s parameters of the same names. Each
 * round also prints the replication's content in that round (deterministic for the arguments, unlike
 * the times): snapshot bytes per packet, changed entities coded per packet, codings computed per
 * packet, the shared codings' share, packets that deferred something, and the players and NPCs
 * within the interest radius of a player (mean over every 10th tick).
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
        b.world = args.length > 5 ? args[5] : "wander";
        b.ackDelayTicks = args.length > 6 ? Integer.parseInt(args[6]) : -1;
        b.botBehaviours = args.length > 7 ? args[7] : "default";
        b.ackJitterTicks = args.length > 8 ? Integer.parseInt(args[8]) : 0;
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)) {
            throw new IllegalStateException("needs HotSpot's per-thread allocation counter");
        }
        long tid = Thread.currentThread().getId();
        b.setUp();
        System.out.println(String.format(Locale.ROOT, "players=%d npcs=%d replicationThreads=%d world=%s ackDelayTicks=%d ackJitterTicks=%d%s",
                b.players, b.npcs, b.replicationThreads, b.world, b.ackDelay(), b.ackJitterTicks,
                b.world.equals("bots") ? " behaviours=" + String.join(",", BotWorldInputs.kinds(TickBenchmark.behaviourNames(b.botBehaviours)))
                        + " (cycled)" : ""));
        for (int round = 0; round < rounds; round++) {
            long[] before = b.contentCounters();
            double viewPlayers = 0;
            double viewNpcs = 0;
            int viewSamples = 0;
            long allocatedBefore = threads.getThreadAllocatedBytes(tid);
            long cpu0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            long viewNs = 0;
            long viewCpuNs = 0;
            long viewAllocated = 0;
            for (int i = 0; i < ticks; i++) {
                b.offerInputs();
                b.tick();
                if (i % 10 == 9) {
                    // Outside the tick's figures: its time and allocation are taken out below.
                    long a0 = threads.getThreadAllocatedBytes(tid);
                    long c0 = threads.getCurrentThreadCpuTime();
                    long v0 = System.nanoTime();
                    double[] seen = b.inView();
                    viewPlayers += seen[0];
                    viewNpcs += seen[1];
                    viewSamples++;
                    viewNs += System.nanoTime() - v0;
                    viewCpuNs += threads.getCurrentThreadCpuTime() - c0;
                    viewAllocated += threads.getThreadAllocatedBytes(tid) - a0;
                }
            }
            long ns = System.nanoTime() - t0 - viewNs;
            long cpuNs = threads.getCurrentThreadCpuTime() - cpu0 - viewCpuNs;
            long allocated = threads.getThreadAllocatedBytes(tid) - allocatedBefore - viewAllocated;
            long[] after = b.contentCounters();
            double packets = Math.max(1, after[1] - before[1]);
            System.out.println(String.format(Locale.ROOT, "round %d content: %.1f bytes per packet, %.1f changed entities"
                    + " and %.1f codings per packet, shared codings %.1f%%, deferred packets %.2f%%; in view %.1f players,"
                    + " %.1f NPCs",
                    round, (after[0] - before[0]) / packets, (after[2] - before[2]) / packets, (after[4] - before[4]) / packets,
                    100.0 * (after[3] - before[3]) / Math.max(1, after[2] - before[2]), 100.0 * (after[5] - before[5]) / packets,
                    viewPlayers / Math.max(1, viewSamples), viewNpcs / Math.max(1, viewSamples)));
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
