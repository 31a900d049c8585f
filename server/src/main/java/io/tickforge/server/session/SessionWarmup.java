package io.tickforge.server.session;

import io.tickforge.server.gameapi.Game;
import io.tickforge.server.tick.DeadlineClock;
import io.tickforge.server.tick.TickLoop;
import io.tickforge.shared.protocol.ByeReason;
import io.tickforge.shared.protocol.InputPacket;
import io.tickforge.shared.world.InputLayout;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Plays a throwaway copy of a session before the real one opens, so that the JIT has compiled the
 * tick (inputs, game, world record, replication) with a profile that has seen what real players
 * do, and players who join a fresh server find it ticking on time.
 *
 * <p>Why: on a cold JVM the first players meet interpreted and C1-profiled code, and C2
 * recompiles the replication's diff again each time a branch its profile had never seen is taken
 * (a join's keyframe, an entry left behind by a deferred packet, an arena that grows). On one core
 * those compiles share the core with the tick. Measured on one core (docs/BENCHMARKS.md, "A
 * start-up warm-up"): the first 1200 ticks of 256 players cost 3.4 ms each after a warm-up against
 * 8.0-8.7 ms cold, and 256 bots joining within a second ran about half the overruns. It does not
 * warm the network threads' paths (no socket is used).
 *
 * <p>What it plays, ticks back to back on the calling thread with a clock that never waits: up to
 * {@link #MAX_PLAYERS} simulated players (never more than the session's slots) joining over the
 * first ticks, each sending inputs of random valid lane values held for a second or so (three
 * redundant inputs per packet, sometimes a duplicate, a late or a far-future packet) and
 * acknowledging the snapshot packets it was sent one to four ticks late, with some acks lost and
 * now and then a player that acknowledges nothing for longer than the replication's history (its
 * next packet is a keyframe); after the ramp, a player leaves and another joins every
 * {@link #CHURN_TICKS} ticks, and one detaches and reattaches (a reconnect). It stops once it has
 * played at least {@code minTicks} and the JIT's total compilation time stopped growing for
 * {@link #SETTLE_NS} (the compiles it caused are done), or at the wall-time limit, whichever
 * comes first.
 *
 * <p>The session is built by the caller from its own game and replication instances (the same
 * game, options and settings as the real one: profiles are per method, so a copy warms the real
 * session's code) and is stopped here (which ends the game and closes the replication's workers).
 * Nothing of it reaches the network. Not thread-safe; call once per game before opening.
 */
public final class SessionWarmup {
    /** Simulated players at most: enough for every per-client path, and the default slot count. */
    public static final int MAX_PLAYERS = 256;
    /** Ticks between a leave and a join once every player has joined. */
    static final int CHURN_TICKS = 20;
    /** How long the JIT's compilation time must stay unchanged before the warm-up counts as settled. */
    static final long SETTLE_NS = 1_000_000_000L;
    /** Ticks a stalled player acknowledges nothing: longer than the replication's 32-packet history. */
    static final int STALL_TICKS = 40;

    /** What a warm-up did. */
    public record Result(long ticks, int players, long packets, long joins, long leaves, long inputsApplied,
                         long invalidInputs, long tickErrors, long wallNs, long compileMsBefore, long compileMsAfter,
                         boolean settled) {
        /** One log line's worth. */
        public String describe() {
            return String.format(java.util.Locale.ROOT,
                    "%d ticks with up to %d simulated players (%d joins, %d leaves, %d inputs applied, %d snapshot packets,"
                            + " %d failed ticks) in %.1f s, JIT compile time %d ms -> %d ms, %s",
                    ticks, players, joins, leaves, inputsApplied, packets, tickErrors, wallNs / 1e9, compileMsBefore,
                    compileMsAfter,
                    settled ? "settled" : "not settled within the time limit");
        }
    }

    private final GameSession session;
    private final TickLoop loop;
    private final InputLayout layout;
    private final SplittableRandom random;
    private final int players;
    private final WarmupLink[] links;
    private final int[] slots;
    /** Per player: tick until which its inputs hold, and that input's lanes. */
    private final long[] holdUntil;
    private final int[][] held;
    /** Per player: tick until which it acknowledges nothing (a stall). */
    private final long[] stallUntil;
    private final InputPacket packet = new InputPacket();
    private long slot;
    private long joins;
    private long leaves;
    /** The player who left at the last churn (joins again at the next, its slot freed by then), or -1. */
    private int left = -1;
    /** Snapshot packets sent to links that were replaced (a player who left and joined again). */
    private long retiredPackets;

    private SessionWarmup(GameSession session, long seed) {
        this.session = session;
        this.loop = session.tickLoop();
        this.layout = session.inputLayout();
        this.random = new SplittableRandom(seed);
        this.players = Math.min(MAX_PLAYERS, session.config().maxPlayers());
        this.links = new WarmupLink[players];
        this.slots = new int[players];
        java.util.Arrays.fill(slots, -1);
        this.holdUntil = new long[players];
        this.held = new int[players][layout.lanes];
        this.stallUntil = new long[players];
    }

    /**
     * Builds a hand-driven session over {@code game} and {@code replication} (fresh instances made
     * like the real session's: the warm-up owns and stops them), plays it as described above and
     * returns what it did. {@code compileMillis} reads the JIT's total compilation time
     * ({@link #jitCompileMillis()}; negative: unknown, then the warm-up plays {@code minTicks}
     * and stops).
     */
    public static Result run(SessionConfig config, Game game, Replication replication, long minTicks, long maxWallNs,
                             LongSupplier compileMillis) throws InterruptedException {
        if (minTicks < 1 || maxWallNs <= 0) {
            throw new IllegalArgumentException("minTicks must be >= 1 and maxWallNs > 0: " + minTicks + ", " + maxWallNs);
        }
        final DeadlineClock clock = new DeadlineClock();
        final GameSession session = new GameSession(config, game, replication, clock, remainingNs -> { });
        final SessionWarmup w = new SessionWarmup(session, 0x7F4A7C15L ^ config.sessionId());
        try {
            return w.play(minTicks, maxWallNs, compileMillis, clock);
        } finally {
            session.stop(5, TimeUnit.SECONDS);
        }
    }

    /** The JIT's total compilation time in ms since the JVM started, or -1 where the JVM does not say. */
    public static long jitCompileMillis() {
        final java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    private Result play(long minTicks, long maxWallNs, LongSupplier compileMillis, DeadlineClock sessionClock) {
        final long startNs = System.nanoTime();
        final long compileBefore = compileMillis.getAsLong();
        long lastCompile = compileBefore;
        long lastChangeNs = startNs;
        long tick = 0;
        boolean settled = false;
        // Join ramp: every player within the first second of game time.
        final int joinsPerTick = Math.max(1, (players + session.config().tickRateHz() - 1) / session.config().tickRateHz());
        int nextJoin = 0;
        while (true) {
            final long now = System.nanoTime();
            if (tick >= minTicks) {
                final long compile = compileMillis.getAsLong();
                if (compile < 0) {
                    break;
                }
                if (compile != lastCompile) {
                    lastCompile = compile;
                    lastChangeNs = now;
                } else if (now - lastChangeNs >= SETTLE_NS) {
                    settled = true;
                    break;
                }
            }
            if (now - startNs >= maxWallNs) {
                break;
            }
            for (int k = 0; k < joinsPerTick && nextJoin < players; k++, nextJoin++) {
                join(nextJoin);
            }
            if (nextJoin >= players && tick % CHURN_TICKS == 0) {
                churn(tick);
            }
            offerInputs(tick);
            loop.doWork(sessionClock.startAt(loop.deadlineNs(slot++)));
            tick++;
        }
        long packets = retiredPackets;
        for (WarmupLink l : links) {
            if (l != null) {
                packets += l.sent;
            }
        }
        final io.tickforge.server.input.InputCounters inputs = session.inputCounters();
        return new Result(tick, players, packets, joins, leaves, inputs.applied, inputs.invalidMove + inputs.invalidButtons,
                loop.stats().tickErrors(), System.nanoTime() - startNs, compileBefore,
                compileMillis.getAsLong(), settled);
    }

    private void join(int p) {
        final int s = session.reserveSlot();
        if (s < 0) {
            return;
        }
        slots[p] = s;
        if (links[p] != null) {
            retiredPackets += links[p].sent;
        }
        links[p] = new WarmupLink(s);
        session.enqueueJoin(s, "warmup" + p, links[p]);
        joins++;
    }

    /**
     * The player who left at the last churn joins again (a fresh slot: keyframe, additions), another
     * leaves, and one more reconnects or stops acknowledging for a while.
     */
    private void churn(long tick) {
        if (left >= 0) {
            join(left);
            left = -1;
        }
        final int p = random.nextInt(players);
        if (slots[p] >= 0) {
            session.enqueueLeave(slots[p]);
            leaves++;
            slots[p] = -1;
            left = p;
        }
        final int q = random.nextInt(players);
        if (slots[q] >= 0 && q != p) {
            if (random.nextInt(4) == 0) {
                session.enqueueDetach(slots[q]);
                session.enqueueReattach(slots[q], links[q]);
            } else {
                stallUntil[q] = tick + STALL_TICKS;
            }
        }
    }

    private void offerInputs(long tick) {
        final InputPacket in = packet;
        final int lanes = layout.lanes;
        in.lanesPerInput = lanes;
        for (int p = 0; p < players; p++) {
            final int s = slots[p];
            if (s < 0) {
                continue;
            }
            final WarmupLink link = links[p];
            if (tick >= holdUntil[p]) {
                holdUntil[p] = tick + 30 + random.nextInt(60);
                for (int l = 0; l < lanes; l++) {
                    held[p][l] = randomLane(l);
                }
            }
            final int delay = 1 + random.nextInt(4);
            in.hasAcks = tick >= stallUntil[p] && random.nextInt(32) != 0 && link.hasSent(delay);
            in.ackSequence = in.hasAcks ? link.sequenceBack(delay) : 0;
            in.ackBits = in.hasAcks ? link.ackBits(delay, random) : 0;
            in.renderLag = 2 + random.nextInt(4);
            final int odd = random.nextInt(200);
            // Mostly one tick ahead; rarely late (already played) or too far ahead (refused).
            in.newestTick = odd == 0 ? Math.max(0, tick - 5) : odd == 1 ? tick + 2L * InputPacket.MAX_AHEAD_TICKS : tick + 1;
            in.count = 3;
            for (int k = 0; k < 3; k++) {
                System.arraycopy(held[p], 0, in.lanes, k * lanes, lanes);
            }
            session.offerInput(s, in);
            if (odd == 2) {
                session.offerInput(s, in); // a duplicate
            }
        }
    }

    /** A valid value of input lane {@code l}: within its range, flags only on their named bits. */
    private int randomLane(int l) {
        final long lo = layout.min[l];
        final long span = (long) layout.max[l] - lo + 1;
        int v = (int) (lo + (long) (random.nextDouble() * span));
        if (layout.flags[l]) {
            v &= ~layout.invalidBits[l];
        }
        return layout.accepts(l, v) ? v : layout.min[l];
    }

    /**
     * A simulated player's link: sends nothing, remembers the sequence of each snapshot packet
     * ({@code SnapshotEncoder.sequence}) so the player can acknowledge it.
     */
    private static final class WarmupLink implements PlayerLink {
        private static final int RING = 64;
        private final int connectionId;
        private final int[] sequences = new int[RING];
        long sent;

        WarmupLink(int connectionId) {
            this.connectionId = connectionId;
        }

        @Override
        public int connectionId() {
            return connectionId;
        }

        @Override
        public boolean sendSnapshot(byte[] payload, int length) {
            sequences[(int) (sent & (RING - 1))] = io.tickforge.shared.snapshot.SnapshotEncoder.sequence(payload);
            sent++;
            return true;
        }

        boolean hasSent(int back) {
            return sent > back;
        }

        int sequenceBack(int back) {
            return sequences[(int) ((sent - 1 - back) & (RING - 1))];
        }

        /** The (up to) 32 packets before the acknowledged one, all received, except that one ack field in four misses one of them. */
        int ackBits(int back, SplittableRandom random) {
            final long older = Math.min(32, sent - 1 - back);
            int bits = older >= 32 ? -1 : (int) ((1L << older) - 1);
            if (random.nextInt(4) == 0) {
                bits &= ~(1 << random.nextInt(32));
            }
            return bits;
        }

        @Override
        public void sendReliable(Object message) {
        }

        @Override
        public void disconnect(ByeReason reason, String text) {
        }
    }
}
