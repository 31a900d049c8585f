package io.tickforge.server.gameapi;

/**
 * Lag compensation as an engine service: where entities were at a recent tick, as the engine
 * recorded them from the snapshots the game wrote ({@link Game#writeSnapshot}), so that a game can
 * resolve a shot against what the shooter was looking at ({@link PlayerInputs#renderTick}).
 * Allocation-free; tick thread only (during {@link Game#tick}).
 *
 * <p>The history covers the last {@link #capTicks()} ticks before the tick being simulated (the
 * session's {@code --lag-compensation-ms}, in ticks); with a cap of 0 lag compensation is off and
 * {@link #positionAt} always answers false.
 */
public interface Rewind {
    /** A rewind that knows nothing (lag compensation off). */
    Rewind OFF = new Rewind() {
        @Override
        public int capTicks() {
            return 0;
        }

        @Override
        public boolean positionAt(int entityId, long tick, int[] outXY) {
            return false;
        }
    };

    /** How far back a query may reach, in ticks before the tick being simulated; 0 = off. */
    int capTicks();

    /**
     * Writes entity {@code entityId}'s position at the end of {@code tick} (as written to that
     * tick's snapshot, 1/256 m units) into {@code outXY[0]} and {@code outXY[1]} and returns true;
     * returns false, leaving {@code outXY} alone, when that tick is not in the history (newer than
     * the last recorded tick, older than the cap, or before the session started) or the entity was
     * not in that snapshot.
     */
    boolean positionAt(int entityId, long tick, int[] outXY);
}
