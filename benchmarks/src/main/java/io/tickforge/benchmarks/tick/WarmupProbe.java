package io.tickforge.benchmarks.tick;

import io.tickforge.server.game.ArenaEngineSettings;
import io.tickforge.server.game.ArenaGame;
import io.tickforge.server.replication.DeltaReplication;
import io.tickforge.server.replication.ReplicationConfig;
import io.tickforge.server.session.SessionConfig;
import io.tickforge.server.session.SessionWarmup;

import java.util.Arrays;
import java.util.Locale;

/**
 * What the server's start-up warm-up ({@code --warmup}, {@link SessionWarmup}) changes for the
 * first ticks of a fresh JVM, without sockets: optionally a warm-up as {@code ServerMain} runs it
 * (the arena, the same replication settings), then {@link TickBenchmark}'s session in the bots'
 * world with a tick of ack jitter, whose first {@code BOTS_SETUP_TICKS} ticks (every player
 * joining at once, then steady play) are timed as a block and the following ones tick by tick:
 * per window, p50 / p99 / max and the ticks over a 60 Hz period, and the JIT's compile time spent
 * meanwhile. Run it pinned to one core ({@code taskset -c 0}), as a server given one core: there
 * the compiler threads compete with the tick. Main thread only.
 *
 * <pre>
 * taskset -c 0 java -cp benchmarks/target/benchmarks.jar io.tickforge.benchmarks.tick.WarmupProbe [warmupSeconds 0]
 *     [players 256] [npcs 1000] [ticks 1800] [replicationThreads 0]
 * </pre>
 */
public final class WarmupProbe {
    private static final int WINDOW = 300;
    private static final long PERIOD_NS = 1_000_000_000L / 60;

    private WarmupProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        final long warmupS = args.length > 0 ? Long.parseLong(args[0]) : 0;
        final int players = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        final int npcs = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        final int ticks = args.length > 3 ? Integer.parseInt(args[3]) : 1800;
        final int threads = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        final long jvmStartNs = System.nanoTime();
        if (warmupS > 0) {
            final SessionConfig config = SessionConfig.of(1, 60, players, npcs);
            final DeltaReplication replication = new DeltaReplication(new ReplicationConfig(config.maxPlayers(),
                    config.packetBudgetBytes(), ReplicationConfig.DEFAULT_INTEREST_RADIUS_M, ReplicationConfig.DEFAULT_HISTORY_LENGTH,
                    ArenaEngineSettings.WORLD_SIZE_M).withReplicationThreads(threads));
            final SessionWarmup.Result r = SessionWarmup.run(config, new ArenaGame(config.maxPlayers(), config.npcs(), 60),
                    replication, 600, warmupS * 1_000_000_000L, SessionWarmup::jitCompileMillis);
            System.out.println("warm-up: " + r.describe());
        }
        final TickBenchmark b = new TickBenchmark();
        b.players = players;
        b.npcs = npcs;
        b.world = "bots";
        b.ackJitterTicks = 1;
        b.replicationThreads = threads;
        long jit0 = SessionWarmup.jitCompileMillis();
        long t0 = System.nanoTime();
        b.setUp();
        long setUpNs = System.nanoTime() - t0;
        System.out.println(String.format(Locale.ROOT, "session: the first %d ticks (all %d players join, then play) in %.2f s,"
                        + " %.2f ms per tick; JIT compile time meanwhile %d ms",
                TickBenchmark.BOTS_SETUP_TICKS, players, setUpNs / 1e9, setUpNs / 1e6 / TickBenchmark.BOTS_SETUP_TICKS,
                SessionWarmup.jitCompileMillis() - jit0));
        final long[] window = new long[WINDOW];
        long allOver = 0;
        for (int w = 0; w * WINDOW < ticks; w++) {
            jit0 = SessionWarmup.jitCompileMillis();
            final int n = Math.min(WINDOW, ticks - w * WINDOW);
            int over = 0;
            for (int i = 0; i < n; i++) {
                b.offerInputs();
                final long s = System.nanoTime();
                b.tick();
                window[i] = System.nanoTime() - s;
                if (window[i] > PERIOD_NS) {
                    over++;
                }
            }
            allOver += over;
            Arrays.sort(window, 0, n);
            System.out.println(String.format(Locale.ROOT, "ticks %d-%d: p50 %.2f p99 %.2f max %.2f ms, %d over %.1f ms;"
                            + " JIT compile time meanwhile %d ms",
                    TickBenchmark.BOTS_SETUP_TICKS + w * WINDOW, TickBenchmark.BOTS_SETUP_TICKS + w * WINDOW + n - 1,
                    window[n / 2] / 1e6, window[(int) (n * 0.99)] / 1e6, window[n - 1] / 1e6, over, PERIOD_NS / 1e6,
                    SessionWarmup.jitCompileMillis() - jit0));
        }
        System.out.println(String.format(Locale.ROOT, "after the first %d ticks: %d of %d ticks over a 60 Hz period;"
                + " %.1f s since start", TickBenchmark.BOTS_SETUP_TICKS, allOver, ticks, (System.nanoTime() - jvmStartNs) / 1e9));
        b.checkSteadyState();
    }
}
