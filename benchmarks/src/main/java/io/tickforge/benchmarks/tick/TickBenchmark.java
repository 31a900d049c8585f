package io.tickforge.benchmarks.tick;

import io.tickforge.server.game.ArenaGame;
import io.tickforge.server.game.ArenaEngineSettings;
import io.tickforge.server.replication.DeltaReplication;
import io.tickforge.server.replication.ReplicationConfig;
import io.tickforge.server.session.GameSession;
import io.tickforge.server.session.SessionConfig;
import io.tickforge.server.tick.DeadlineClock;
import io.tickforge.server.tick.TickLoop;
import io.tickforge.server.tick.TickStats;
import io.tickforge.server.tick.TickStatsSnapshot;
import io.tickforge.shared.game.ArenaRules;
import io.tickforge.shared.protocol.InputPacket;
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
 * One full server tick without sockets (state per JMH benchmark thread; microseconds per tick,
 * bytes per packet): the real {@link GameSession} with {@link DeltaReplication}
 * (exactly as {@code ServerMain} builds it: default budget, 64 m interest, 32-packet history),
 * driven one tick at a time through {@link TickLoop#doWork} at each tick's deadline
 * ({@link DeadlineClock}: no waiting, but the session's phase timers see real time). Every
 * timed tick drains one input packet per player from the input queue (3 redundant inputs and the
 * acks of the snapshot packet that player received 6 ticks earlier, as a client 100 ms away on a
 * clean network sends them), applies one input per player, simulates the arena (movement, fire,
 * hits, respawns) and the orbit NPCs, records the world and encodes one delta packet per player
 * into a {@link CountingLink} that keeps only the byte count and the packet's sequence.
 *
 * <p>Not timed: putting the input packets into the session's queue (the network thread's work,
 * done in a per-invocation setup; a tick takes far more than a millisecond's fraction where that
 * setup would distort the timing). With {@code world=wander} (the default) players wander: a seeded
 * direction kept for about a second, sprinting 30% of the time, aim sweeping, firing about every 20
 * ticks (not the load test's bots, which walk to waypoints: {@code world=bots} below).
 * Steady state is checked at tear-down: no keyframes after the warm-up, no tick or send errors.
 * The tear-down line also prints the session's own phase figures (inputs, simulation,
 * replication; p50/p99 of the last published simulated second) for a breakdown of the tick.
 *
 * <p>{@code world=bots} ({@code -p world=bots}) replaces the wander inputs by the load test's bots
 * themselves, to measure on the content a {@code scripts/load.sh stress} server faces: the headless
 * client's own {@code BotBehaviour}s, created as {@code LoadRunner} creates them (the default mix of
 * {@code tickforge-bots}, which for the arena is {@code wander} for every bot; {@code botBehaviours}
 * names others, e.g. {@code wander+chase+strafe}), deciding from the server's world
 * ({@link BotWorldInputs}). The real behaviours rather than a port because the benchmarks module
 * already depends on the headless client (whose main code depends on shared only; the server is a
 * test dependency of it: no cycle), the behaviours
 * are deterministic for a seed and promise not to allocate in {@code decide}, and a port would drift
 * from them; only the controller's inputs (own position, target) are rebuilt, from the server's state
 * instead of prediction and interpolation. Its players walk to random waypoints, which gathers them
 * towards the arena's middle (about 100 other players in view at 256 against 39 for wander), and it
 * acknowledges 2 ticks late ({@link #END_TO_END_ACK_DELAY_TICKS}) unless {@code ackDelayTicks} says
 * otherwise; its setup runs {@link #BOTS_SETUP_TICKS} ticks for the crowd to settle. Offering its
 * inputs allocates nothing either.
 *
 * <p>Run (the figures in docs/BENCHMARKS.md use the short settings below):
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar TickBenchmark -prof gc
 * java -jar benchmarks/target/benchmarks.jar TickBenchmark -p players=64,256 -p npcs=1000 -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * java -jar benchmarks/target/benchmarks.jar TickBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc -rf json -rff tick.json
 * java -jar benchmarks/target/benchmarks.jar TickBenchmark -p players=64 -p npcs=1000 -p replicationThreads=1 -p record=false,true -prof gc
 * java -jar benchmarks/target/benchmarks.jar 'TickBenchmark.tick$' -p players=256 -p npcs=1000 -p replicationThreads=0 -p world=wander,bots -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc
 * scripts/bench-chart.sh tick.json -o tick.svg --log-x
 * </pre>
 * The full sweep is 15 parameter sets (players 16..512 x npcs 0/1000/5000). The heap is sized
 * for the largest: on a75cf83's replication, 512 players at 5000 NPCs keep ~480 MB live after
 * setup, and a 1 GB heap put G1 pauses of up to 0.3 s into the measurement.
 * {@code gc.alloc.rate.norm} is bytes allocated per tick; the session publishes its stats once a
 * simulated second (one small allocation per 60 ticks, plus two CPU-clock reads that allocate
 * nothing), which is part of the real tick path too.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class TickBenchmark {
    /** Round trip of the simulated clients, in ticks: 6 ticks = 100 ms at 60 Hz. */
    static final int ACK_DELAY_TICKS = 6;
    /**
     * The bots' ack delay on loopback: a bot acknowledges the newest snapshot it has when it sends
     * its next input, once per client tick, so the packet sent at the end of tick T is acknowledged
     * by the input applied at tick T+1 (the bot's send fell before the server's next tick) or T+2;
     * in this benchmark's terms (acks read before each tick) 1 or 2 packets back, the later one taken.
     */
    static final int END_TO_END_ACK_DELAY_TICKS = 2;
    static final int TICK_RATE_HZ = 60;
    /** Ticks run in setup before measuring: every client past its keyframe, interest settled. */
    private static final int SETUP_TICKS = 240;
    /**
     * The bots world's setup: its players start at the spawn points and spread towards the arena's
     * middle (random waypoints), which takes ~1000 ticks to settle (TickProbe: players in view rise
     * from 62 to ~110 and settle near 100 at 256 players), so it runs 20 simulated seconds first.
     */
    static final int BOTS_SETUP_TICKS = 1200;

    /** Joined players, all slots full ({@code SessionConfig} allows up to {@code EntityIds.MAX_PLAYERS}). */
    @Param({"16", "64", "128", "256", "512"})
    public int players;

    /** Orbit NPCs besides the players. */
    @Param({"0", "1000", "5000"})
    public int npcs;

    /** Replication worker threads besides the tick thread (0: every packet written on the tick thread). */
    @Param({"0", "1"})
    public int replicationThreads;

    /**
     * Record the session's replay log ({@code --record}, docs/REPLAY.md) into a temporary
     * directory: {@code -p record=false,true} compares the tick with and without it. Default off,
     * so the usual sweeps are unchanged.
     */
    @Param({"false"})
    public boolean record;

    /**
     * What the players do: {@code wander} (the default; {@link BotInputs}, the figures in
     * docs/BENCHMARKS.md) or {@code bots} (the load test's bots themselves, {@link BotWorldInputs}:
     * {@code -p world=wander,bots} compares the replication's content). One value by default, so the
     * usual sweeps are unchanged.
     */
    @Param({"wander"})
    public String world = "wander";

    /**
     * For {@code world=bots}: the bots' behaviours, cycled over the players as
     * {@code tickforge-bots --behaviours} cycles them, joined with {@code +} (JMH splits on commas),
     * e.g. {@code wander+chase+strafe}; {@code default} is what {@code tickforge-bots} and
     * {@code scripts/load.sh} run when none is named (the arena's default, {@code wander}).
     */
    @Param({"default"})
    public String botBehaviours = "default";

    /**
     * Ticks between a snapshot packet's send and the input packet that acknowledges it reaching the
     * tick: -1 (the default) is the world's own, 6 for {@code wander} (a client 100 ms away, the
     * figures so far) and 2 for {@code bots} (the end-to-end figure on loopback, see
     * {@link #END_TO_END_ACK_DELAY_TICKS}); {@code -p ackDelayTicks=6,2} compares them.
     */
    @Param({"-1"})
    public int ackDelayTicks = -1;

    /**
     * Up to this many ticks more, drawn per player and tick (deterministic), on top of
     * {@link #ackDelayTicks}: clients whose acks do not all arrive in step, as over a real network
     * (and as in {@code scripts/load.sh}, where 61-65% of the codings were shared with one cache block
     * per entity, while every client acking alike shares 98%). 0 (the default): every client
     * acks exactly {@code ackDelayTicks} late. A newest ack older than the one before changes
     * nothing on the server (the baseline only moves forward), like a late input packet.
     */
    @Param({"0"})
    public int ackJitterTicks = 0;

    private java.nio.file.Path recordDir;
    private io.tickforge.server.replaylog.SessionRecorder recorder;
    private DeadlineClock clock;
    private GameSession session;
    private DeltaReplication replication;
    private TickLoop loop;
    private CountingLink[] links;
    private InputPacket packet;
    private BotWorldInputs bots;
    private ArenaGame game;
    private int ackDelay;
    private int setupTicks;
    private long slot;
    private long nextTick;
    private long keyframesAfterSetup;
    private long bytesAtStart;
    private long packetsAtStart;

    @Setup(Level.Trial)
    public void setUp() {
        final boolean botsWorld = switch (world) {
            case "wander" -> false;
            case "bots" -> true;
            default -> throw new IllegalArgumentException("world must be wander or bots, not " + world);
        };
        ackDelay = ackDelayTicks < 0 ? (botsWorld ? END_TO_END_ACK_DELAY_TICKS : ACK_DELAY_TICKS) : ackDelayTicks;
        if (ackDelay < 1) {
            throw new IllegalArgumentException("ackDelayTicks must be -1 (the world's own) or at least 1, not " + ackDelayTicks);
        }
        if (ackJitterTicks < 0 || ackDelay + ackJitterTicks >= 32) {
            throw new IllegalArgumentException("ackJitterTicks must be at least 0 and the delay with it under 32 ticks, not "
                    + ackJitterTicks);
        }
        clock = new DeadlineClock();
        SessionConfig config = SessionConfig.of(1, TICK_RATE_HZ, players, npcs);
        replication = new DeltaReplication(new ReplicationConfig(config.maxPlayers(), config.packetBudgetBytes(),
                ReplicationConfig.DEFAULT_INTEREST_RADIUS_M, ReplicationConfig.DEFAULT_HISTORY_LENGTH, ArenaEngineSettings.WORLD_SIZE_M)
                .withReplicationThreads(replicationThreads));
        game = new ArenaGame(config.maxPlayers(), config.npcs(), config.tickRateHz());
        bots = botsWorld ? new BotWorldInputs(game.world(), players, TICK_RATE_HZ,
                ReplicationConfig.DEFAULT_INTEREST_RADIUS_M, behaviourNames(botBehaviours), BotWorldInputs.DEFAULT_RUN_SEED) : null;
        // Waiting is never asked for: doWork is only called at or after a deadline.
        session = new GameSession(config, game, replication, clock, remainingNs -> { });
        if (record) {
            try {
                recordDir = java.nio.file.Files.createTempDirectory("tickforge-bench-record");
                recorder = io.tickforge.server.replaylog.SessionRecorder.open(
                        io.tickforge.server.replaylog.RecordingSettings.of(recordDir), "arena",
                        java.util.Map.of("npcs", String.valueOf(npcs)), config, session.gameDescriptor());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            session.setRecorder(recorder);
        }
        loop = session.tickLoop();
        links = new CountingLink[players];
        for (int p = 0; p < players; p++) {
            int s = session.reserveSlot();
            if (s != p) {
                throw new IllegalStateException("expected slot " + p + ", got " + s);
            }
            links[p] = new CountingLink(p);
            session.enqueueJoin(s, "bench" + p, links[p]);
        }
        packet = new InputPacket();
        slot = 0;
        nextTick = 0;
        setupTicks = bots == null ? SETUP_TICKS : BOTS_SETUP_TICKS;
        for (int t = 0; t < setupTicks; t++) {
            offerInputs();
            tick();
        }
        keyframesAfterSetup = replication.keyframesWritten();
        bytesAtStart = totalBytes();
        packetsAtStart = totalPackets();
        // The JDK initialises String.format's machinery (Formatter, its patterns, the locale's
        // symbols) on first use, and JMH its forwarding of a fork's output on the first print
        // (measured at 64 players: the tear-down allocated 334 KB before this line, 57 KB since).
        // Both happen here, not in the trial tear-down's reports,
        // which JMH runs inside the last measured iteration (and counts in its gc.alloc.rate.norm).
        System.out.println(String.format(Locale.ROOT, "%n[tick] set up: %d players, %d NPCs, world %s, %d ticks, %.1f bytes per packet so far",
                players, npcs, world, setupTicks, totalBytes() / (double) Math.max(1, totalPackets())));
    }

    /** The network thread's share: one input packet per player, copied into the session's queue. */
    @Setup(Level.Invocation)
    public void offerInputs() {
        final long tick = nextTick;
        for (int p = 0; p < players; p++) {
            CountingLink link = links[p];
            final int delay = ackJitterTicks == 0 ? ackDelay : ackDelay + jitter(p, tick, ackJitterTicks);
            if (bots == null) {
                BotInputs.fill(packet, p, tick, link.hasAck(delay), link.ackSequence(delay), link.ackBits(delay));
            } else {
                bots.fill(packet, p, tick, link.hasAck(delay), link.ackSequence(delay), link.ackBits(delay));
            }
            if (!session.offerInput(p, packet)) {
                throw new IllegalStateException("input queue refused player " + p + " at tick " + tick);
            }
        }
    }

    /** 0..{@code max} ticks, drawn for player {@code p} at {@code tick} (SplitMix64's finaliser: deterministic, allocation-free). */
    static int jitter(int p, long tick, int max) {
        long z = tick * 0x9E3779B97F4A7C15L + p * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (int) Long.remainderUnsigned(z, max + 1);
    }

    @Benchmark
    public int tick() {
        int ran = loop.doWork(clock.startAt(loop.deadlineNs(slot++)));
        nextTick++;
        return ran;
    }

    @TearDown(Level.Trial)
    public void checkSteadyState() throws InterruptedException {
        // JMH runs a trial tear-down inside the last measured iteration, so what it allocates (the
        // session's stop, these reports) lands in that iteration's gc.alloc.rate.norm: measured
        // here and printed, to tell it from the tick's own allocation.
        final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        final long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        session.stop(5, java.util.concurrent.TimeUnit.SECONDS);
        // One print: JMH forwards a fork's output to the host write by write, and each costs it allocation.
        final StringBuilder report = new StringBuilder(1024);
        long keyframes = replication.keyframesWritten() - keyframesAfterSetup;
        long errors = session.tickStats().tickErrors() + session.sendErrors() + session.sendFailures();
        long packets = totalPackets() - packetsAtStart;
        report.append(String.format(Locale.ROOT,
                "%n[tick] players=%d npcs=%d world=%s ackDelayTicks=%d ackJitterTicks=%d: %d ticks, %.1f bytes per packet, %d packets, keyframes after setup %d,"
                        + " deferred packets %d, errors %d, inputs applied %d / repeated %d / duplicate %d",
                players, npcs, world, ackDelay, ackJitterTicks, nextTick - setupTicks, (totalBytes() - bytesAtStart) / (double) Math.max(1, packets),
                packets, keyframes, replication.deferredPackets(), errors, session.inputCounters().applied,
                session.inputCounters().missingRepeated, session.inputCounters().duplicate))
                .append('\n');
        report.append(String.format(Locale.ROOT,
                "[tick] players=%d npcs=%d replicationThreads=%d: shared codings %.1f%% of %d changed-entity codings;"
                        + " replication state per client mean %d bytes, max %d bytes; writers' scratch (spare arenas left,"
                        + " compaction room, shared-encoding caches) %d bytes (%d per player); arena growths %d, %d of them"
                        + " with no spare left (allocated)",
                players, npcs, replicationThreads, 100.0 * replication.sharedCodings() / Math.max(1, replication.codedChanges()),
                replication.codedChanges(), clientStateBytes()[0], clientStateBytes()[1], replication.writerScratchBytes(),
                replication.writerScratchBytes() / Math.max(1, players), replication.arenaGrowths(),
                replication.allocatingArenaGrowths()))
                .append('\n');
        TickStatsSnapshot t = session.tickStats();
        report.append(String.format(Locale.ROOT,
                "[tick] players=%d npcs=%d, last simulated second (%d ticks): tick p50 %d us p99 %d us;"
                        + " inputs p50 %d / p99 %d us, simulation p50 %d / p99 %d us, replication p50 %d / p99 %d us",
                players, npcs, Math.round(t.achievedTickRateHz() * t.intervalNs() / 1e9), t.durationP50Us(), t.durationP99Us(),
                t.phaseP50Us(TickStats.PHASE_INPUTS), t.phaseP99Us(TickStats.PHASE_INPUTS),
                t.phaseP50Us(TickStats.PHASE_SIMULATION), t.phaseP99Us(TickStats.PHASE_SIMULATION),
                t.phaseP50Us(TickStats.PHASE_REPLICATION), t.phaseP99Us(TickStats.PHASE_REPLICATION)))
                .append('\n');
        if (recorder != null) {
            final long ticks = recorder.ticksRecorded();
            report.append(String.format(Locale.ROOT,
                    "[tick] players=%d npcs=%d record: %d ticks recorded, %d lost, %d bytes (TICK frames %.1f bytes per"
                            + " player-tick; at %d Hz %.1f kB/s for these players)",
                    players, npcs, ticks, recorder.ticksLost(), recorder.bytesWritten(),
                    recorder.tickFrameBytes() / (double) Math.max(1, ticks) / players, TICK_RATE_HZ,
                    recorder.bytesWritten() / (double) Math.max(1, ticks) * TICK_RATE_HZ / 1000))
                .append('\n');
            deleteRecording();
            if (recorder.ticksLost() != 0) {
                System.out.print(report);
                // A recording that stopped costs less than one that kept up: the figure would be wrong.
                throw new IllegalStateException("the recorder lost " + recorder.ticksLost() + " ticks: not comparable");
            }
        }
        System.out.print(report);
        final long teardownBytes = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        System.out.println("[tick] this trial tear-down allocated " + teardownBytes + " bytes on the benchmark thread"
                + " (JMH counts them in the last measured iteration's gc.alloc.rate.norm)");
        if (keyframes != 0 || errors != 0) {
            throw new IllegalStateException("not a steady state: " + keyframes + " keyframes, " + errors + " errors");
        }
    }

    /**
     * Content counters, cumulative since setup began (diff two readings for a window): snapshot
     * bytes and packets (the links'), changed entities coded, of them shared codings, codings
     * computed, packets that deferred something. Not for the timed path (allocates the array).
     */
    long[] contentCounters() {
        return new long[]{totalBytes(), totalPackets(), replication.codedChanges(), replication.sharedCodings(),
                replication.codings(), replication.deferredPackets()};
    }

    /**
     * What the players have in view now: mean players (other than themselves, alive or not) and
     * NPCs within the replication's interest radius of each player, from the server's world. The
     * replication's view (budget, hysteresis) can differ a little. Not for the timed path.
     */
    double[] inView() {
        io.tickforge.server.game.ArenaWorld w = game.world();
        long r = io.tickforge.shared.world.Quantization.positionToUnits(ReplicationConfig.DEFAULT_INTEREST_RADIUS_M);
        long r2 = r * r;
        long playersSeen = 0;
        long npcsSeen = 0;
        for (int p = 0; p < players; p++) {
            long x = w.xUnits(p);
            long y = w.yUnits(p);
            for (int q = 0; q < players; q++) {
                long dx = w.xUnits(q) - x;
                long dy = w.yUnits(q) - y;
                if (q != p && dx * dx + dy * dy <= r2) {
                    playersSeen++;
                }
            }
            for (int i = 0; i < npcs; i++) {
                long dx = w.npcXUnits(i) - x;
                long dy = w.npcYUnits(i) - y;
                if (dx * dx + dy * dy <= r2) {
                    npcsSeen++;
                }
            }
        }
        return new double[]{playersSeen / (double) Math.max(1, players), npcsSeen / (double) Math.max(1, players)};
    }

    /** The ack delay in ticks this run uses ({@link #ackDelayTicks} resolved for the world). */
    int ackDelay() {
        return ackDelay;
    }

    /** {@link #botBehaviours} as a list of names; empty for {@code default}. */
    static java.util.List<String> behaviourNames(String joined) {
        if (joined == null || joined.isBlank() || joined.equals("default")) {
            return java.util.List.of();
        }
        return java.util.List.of(joined.split("\\+"));
    }

    private void deleteRecording() {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(recordDir)) {
            for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) files::iterator) {
                java.nio.file.Files.deleteIfExists(f);
            }
            java.nio.file.Files.deleteIfExists(recordDir);
        } catch (java.io.IOException e) {
            System.out.println("[tick] could not delete the recording in " + recordDir + ": " + e);
        }
    }

    /** Replication state held per client (packet history, exceptions, priorities): mean and max, bytes. */
    long[] clientStateBytes() {
        long sum = 0;
        long max = 0;
        for (int p = 0; p < players; p++) {
            long b = replication.clientStateBytes(p);
            sum += b;
            max = Math.max(max, b);
        }
        return new long[]{sum / Math.max(1, players), max};
    }

    private long totalBytes() {
        long sum = 0;
        for (CountingLink l : links) {
            sum += l.bytes();
        }
        return sum;
    }

    private long totalPackets() {
        long sum = 0;
        for (CountingLink l : links) {
            sum += l.packets();
        }
        return sum;
    }

    /**
     * Inputs of a wandering bot, a pure function of (player, tick) so no state is kept: a direction
     * held for a second-long segment (seeded per segment), sprint in 30% of segments, aim sweeping,
     * fire every 20 ticks (phase per player). Each packet carries the inputs for the next tick and
     * the two before it, as a client sending 3-fold redundancy slightly ahead does.
     */
    static final class BotInputs {
        private BotInputs() {
        }

        static void fill(InputPacket packet, int player, long tick, boolean hasAcks, int ackSequence, int ackBits) {
            packet.hasAcks = hasAcks;
            packet.ackSequence = ackSequence;
            packet.ackBits = ackBits;
            packet.newestTick = tick + 1;
            packet.count = 3;
            for (int k = 0; k < 3; k++) {
                long t = Math.max(0, tick + 1 - k);
                long segment = t / TICK_RATE_HZ;
                long h = mix(player * 0x9E3779B97F4A7C15L + segment);
                double dir = (h & 0xFFFF) / 65536.0 * 2 * Math.PI;
                int mx = (int) Math.round(Math.cos(dir) * 127);
                int my = (int) Math.round(Math.sin(dir) * 127);
                int buttons = ((h >>> 16) % 10 < 3 ? ArenaRules.BUTTON_SPRINT : 0)
                        | ((t + player) % 20 == 0 ? ArenaRules.BUTTON_FIRE : 0);
                int aim = (int) ((h >>> 32) + t * 97) & 0xFFFF;
                packet.set(k, mx, my, aim, buttons);
            }
        }

        private static long mix(long z) {
            z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
            z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
            return z ^ (z >>> 33);
        }
    }
}
