package io.tickforge.server.gameapi;

import io.tickforge.shared.world.WorldSnapshot;

/**
 * One game in one session: the match handler. Created by {@link GameProvider#create}; from then on
 * owned by the session's tick thread, which makes every call below, one at a time, in this order:
 *
 * <pre>
 * describe()                                   once, before the session starts (constructor)
 * start(ctx)                                   once, before the first tick
 * per tick T, in order:
 *   joins and leaves of this tick boundary, in the order the network queued them:
 *     joinAttempt(p), then join(p, T) if accepted
 *     leave(p, T)
 *   tick(T, inputs)                            simulate one tick
 *   writeSnapshot(out)                         this tick's entities, for replication
 * end()                                        once, after the last tick (if start ran)
 * </pre>
 *
 * At most {@code GameSession.MAX_CONTROL_EVENTS_PER_TICK} joins and leaves are applied per tick
 * boundary; a player's leave always follows its join. A player whose connection drops may be held for a reconnect: it stays joined (its inputs
 * are zeros meanwhile, see {@link PlayerInputs}) until it comes back or its {@code leave}.
 *
 * <p>Units: time in ticks ({@code 1 / tickRateHz} s each), positions in 1/256 m units
 * ({@code Quantization.POSITION_UNITS_PER_M}) within {@code 0..worldSizeM}, heading in 12-bit
 * units per turn, aim in 16-bit units per turn, health 0..100.
 *
 * <p>No allocation per tick: {@link #tick} and {@link #writeSnapshot} run every tick for every
 * player and must allocate nothing in steady state (the session's allocation tests hold the arena
 * to it); allocate in {@link GameProvider#create} or {@link #start}. Joins and leaves are rare and
 * may allocate. A callback that throws fails the tick like any engine error.
 */
public interface Game {
    /** The engine settings this game needs (world size, input limits, snapshot capacity). Called once. */
    GameDescriptor describe();

    /** The session is about to run its first tick ({@link GameContext#firstTick()}). Default: nothing. */
    default void start(GameContext context) {
    }

    /**
     * May {@code player} join? Called at the tick boundary where its join is applied, before
     * {@link #join}. Reject with a reason the player will read ({@link JoinDecision#reject});
     * the session then never calls {@code join} or {@code leave} for it. Default: accept.
     */
    default JoinDecision joinAttempt(GamePlayer player) {
        return JoinDecision.accept();
    }

    /** {@code player} (accepted) enters the world at tick boundary {@code tick}; write it from the next snapshot on. */
    void join(GamePlayer player, long tick);

    /** {@code player} leaves at tick boundary {@code tick} (left, kicked, or its reconnect grace ran out); forget it. */
    void leave(GamePlayer player, long tick);

    /**
     * Simulates tick {@code tick} with one input per joined player ({@code inputs}: a view valid
     * during this call only). Must not allocate.
     */
    void tick(long tick, PlayerInputs inputs);

    /**
     * Writes this tick's world into {@code out}, which arrives cleared at this tick
     * ({@code out.tick}; calling {@code out.clear(tick)} again does no harm): per entity in ascending
     * id order {@code int i = out.add(id)} and its lanes ({@code out.x[i]}, {@code out.y[i]},
     * {@code out.lanes[k][i]}, lanes of {@link GameDescriptor#entityLayout()}), or for the fixed
     * shape {@code out.add(id, x, y, heading, health, flags)}; at most
     * {@link GameDescriptor#maxEntities()}. A player's entity is {@code EntityIds.player(slot)}
     * (replication centres its interest there); other entities use ids from
     * {@code EntityIds.NPC_BASE} on. Must not allocate.
     */
    void writeSnapshot(WorldSnapshot out);

    /**
     * A hash of the game's state that its snapshot does not show (scores, cool-downs, timers,
     * counters), for the replay log ({@code --record}, docs/REPLAY.md): recorded with the world
     * hash every few ticks, so that a replay notices a divergence there before it reaches the
     * snapshot. Called after {@link #writeSnapshot} on hash ticks only, when recording. Must be
     * deterministic (integer arithmetic, no identity hash codes, no iteration over hash-ordered
     * collections; {@link StateHash} helps) and must not allocate. Default: 0 (nothing hidden).
     */
    default long stateHash() {
        return 0L;
    }

    /**
     * Whether the game is over (a match decided, a round limit reached): the server then ends its
     * session (players get {@code Bye(SERVER_SHUTDOWN, "the match is over")}, no new player is placed in
     * it) when it runs sessions on demand ({@code --max-sessions} above 1). Called from other threads
     * than the tick thread (the session host's, the network's): implement it as a read of a volatile
     * field the tick sets. Default: never over.
     */
    default boolean isOver() {
        return false;
    }

    /** The session stopped; no call follows. Release what the game holds. Default: nothing. */
    default void end() {
    }
}
