package io.tickforge.benchmarks.tick;

import io.tickforge.client.PlayerInput;
import io.tickforge.client.bot.BotBehaviour;
import io.tickforge.client.bot.BotGames;
import io.tickforge.client.bot.BotSeeds;
import io.tickforge.client.bot.BotSituation;
import io.tickforge.server.game.ArenaWorld;
import io.tickforge.shared.protocol.InputPacket;
import io.tickforge.shared.world.EntityIds;
import io.tickforge.shared.world.Quantization;

import java.util.List;

/**
 * Inputs of {@link TickBenchmark}'s {@code world=bots}: the headless client's own
 * {@link BotBehaviour}s (created by {@link BotGames} exactly as {@code LoadRunner} creates them:
 * behaviour {@code i % n} of the named list, seed {@link BotSeeds#botSeed}(run seed, i)), each
 * deciding from a {@link BotSituation} filled from the server's own {@link ArenaWorld} instead of
 * the client's prediction and interpolation:
 * <ul>
 * <li>self: the player's authoritative position and alive flag after the last tick (a bot uses its
 *     predicted position, which is the same input history applied on the client);</li>
 * <li>target, for behaviours that {@linkplain BotBehaviour#usesTarget use one}: as
 *     {@code BotController} picks it, the nearest living other player, else the nearest NPC,
 *     among the entities within the replication's interest radius (what a client can have in
 *     view), at their current positions (a client sees them about 100 ms of interpolation
 *     later).</li>
 * </ul>
 * {@link BotBehaviour#afterDecide} is not called: the arena's only use of it is the client-side
 * hit-registration figure, which needs a connected client and does not change the input.
 * Each packet carries the newest {@value #REDUNDANCY} inputs ({@code tickforge-bots --redundancy}
 * default). Deterministic for a seed (the behaviours' randomness is their seeded
 * {@code SplittableRandom}; the world is the deterministic server), and allocation-free after
 * construction: the behaviours promise not to allocate in {@code decide}, the situation and
 * inputs are reused, the input history is a preallocated ring. Benchmark thread only, between
 * ticks (the world is the tick thread's, which is this thread).
 */
final class BotWorldInputs {
    /** Inputs per packet: {@code tickforge-bots --redundancy}'s default. */
    static final int REDUNDANCY = 4;
    /** {@code tickforge-bots --seed}'s default. */
    static final long DEFAULT_RUN_SEED = 42;

    private final ArenaWorld world;
    private final int players;
    private final long radiusSqUnits;
    private final BotBehaviour[] behaviours;
    private final boolean[] usesTarget;
    private final PlayerInput[] inputs;
    private final BotSituation situation = new BotSituation();
    /** Per player, the inputs of the last {@link #REDUNDANCY} ticks: [player][tick % R][moveX, moveY, aim, buttons]. */
    private final int[] history;
    private final long[] decidedUpTo;

    /**
     * @param names behaviour names of the arena's bots, cycled over the players (as
     *              {@code --behaviours}); empty for the bots' default
     */
    BotWorldInputs(ArenaWorld world, int players, int tickRateHz, double interestRadiusM, List<String> names, long runSeed) {
        this.world = world;
        this.players = players;
        final long r = Quantization.positionToUnits(interestRadiusM);
        this.radiusSqUnits = r * r;
        final BotGames games = BotGames.installed();
        final List<String> kinds = games.behaviours("arena", names);
        this.behaviours = new BotBehaviour[players];
        this.usesTarget = new boolean[players];
        this.inputs = new PlayerInput[players];
        for (int p = 0; p < players; p++) {
            behaviours[p] = games.create("arena", kinds.get(p % kinds.size()), BotSeeds.botSeed(runSeed, p));
            usesTarget[p] = behaviours[p].usesTarget();
            if (behaviours[p].readsWorld() || behaviours[p].packetsPerTick() != 1) {
                throw new IllegalArgumentException("behaviour " + kinds.get(p % kinds.size())
                        + " reads the interpolated world or floods: not modelled by the bots world");
            }
            inputs[p] = new PlayerInput();
        }
        this.history = new int[players * REDUNDANCY * 4];
        this.decidedUpTo = new long[players];
        java.util.Arrays.fill(decidedUpTo, -1);
        situation.tickRateHz = tickRateHz;
    }

    /** The behaviour name each player plays, for reports. */
    static List<String> kinds(List<String> names) {
        return BotGames.installed().behaviours("arena", names);
    }

    /**
     * The packet player {@code player} sends before server tick {@code tick}: its behaviour decides
     * the input for tick {@code tick + 1} from the world as the last tick left it, and the packet
     * carries it with the inputs of the ticks before (as many as were decided, up to
     * {@link #REDUNDANCY}).
     */
    void fill(InputPacket packet, int player, long tick, boolean hasAcks, int ackSequence, int ackBits) {
        final long inputTick = tick + 1;
        if (decidedUpTo[player] < inputTick) {
            decide(player, inputTick);
            decidedUpTo[player] = inputTick;
        }
        packet.hasAcks = hasAcks;
        packet.ackSequence = ackSequence;
        packet.ackBits = ackBits;
        packet.newestTick = inputTick;
        final int count = (int) Math.min(REDUNDANCY, inputTick + 1);
        packet.count = count;
        for (int k = 0; k < count; k++) {
            final int at = ((player * REDUNDANCY) + (int) ((inputTick - k) % REDUNDANCY)) * 4;
            packet.set(k, history[at], history[at + 1], history[at + 2], history[at + 3]);
        }
    }

    private void decide(int player, long inputTick) {
        final BotSituation s = situation;
        s.tick = inputTick;
        s.selfId = EntityIds.player(player);
        s.selfXUnits = world.xUnits(player);
        s.selfYUnits = world.yUnits(player);
        s.selfAlive = world.isAlive(player);
        s.targetId = -1;
        s.world = null;
        s.self = null;
        if (usesTarget[player]) {
            pickTarget(player, s);
        }
        final PlayerInput in = inputs[player];
        behaviours[player].decide(s, in);
        final int at = ((player * REDUNDANCY) + (int) (inputTick % REDUNDANCY)) * 4;
        history[at] = in.moveX;
        history[at + 1] = in.moveY;
        history[at + 2] = in.aimUnits & 0xFFFF;
        history[at + 3] = in.buttons;
    }

    /** BotController's pick over the entities in interest range: nearest living player, else nearest NPC. */
    private void pickTarget(int self, BotSituation s) {
        final long sx = s.selfXUnits;
        final long sy = s.selfYUnits;
        long best = Long.MAX_VALUE;
        int bestId = -1;
        int bx = 0;
        int by = 0;
        for (int q = 0; q < players; q++) {
            if (q == self || !world.isPresent(q) || !world.isAlive(q)) {
                continue;
            }
            final long dx = world.xUnits(q) - sx;
            final long dy = world.yUnits(q) - sy;
            final long d2 = dx * dx + dy * dy;
            if (d2 <= radiusSqUnits && d2 < best) {
                best = d2;
                bestId = EntityIds.player(q);
                bx = world.xUnits(q);
                by = world.yUnits(q);
            }
        }
        if (bestId < 0) {
            for (int i = 0, n = world.npcCount(); i < n; i++) {
                final long dx = world.npcXUnits(i) - sx;
                final long dy = world.npcYUnits(i) - sy;
                final long d2 = dx * dx + dy * dy;
                if (d2 <= radiusSqUnits && d2 < best) {
                    best = d2;
                    bestId = EntityIds.npc(i);
                    bx = world.npcXUnits(i);
                    by = world.npcYUnits(i);
                }
            }
        }
        if (bestId >= 0) {
            s.targetId = bestId;
            s.targetXUnits = bx;
            s.targetYUnits = by;
        }
    }
}
