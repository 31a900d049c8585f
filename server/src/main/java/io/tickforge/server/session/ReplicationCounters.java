package io.tickforge.server.session;

/**
 * Cumulative replication counters since the replication was built, filled by
 * {@link Replication#readCounters} on the tick thread between ticks. The session turns two
 * readings into the interval figures of {@link ReplicationFigures}. Mutable until published: the
 * session publishes each reading as it is and never writes it again.
 */
public final class ReplicationCounters {
    /** False when the replication keeps no counters (test doubles): every figure is then unknown. */
    public boolean known;
    /** Snapshot packets written. */
    public long packets;
    /** Changed entities coded into packets (residuals against a baseline entry), shared or not. */
    public long codedChanges;
    /** Of {@link #codedChanges}, those served by the shared-encoding cache (another client's identical coding of the tick). */
    public long sharedCodings;
    /** Codings computed rather than shared (residuals, body and velocity sample). */
    public long codings;
    /** Packets whose changes did not all fit the budget (the rest followed later). */
    public long deferredPackets;
    /**
     * Packets not written because the tick reached its replication deadline (those clients got the
     * next tick's packet first); not counted in {@link #packets}.
     */
    public long shedPackets;
    /** Times a client's record arena grew (budget-starved bursts); each takes a preallocated spare or allocates. */
    public long arenaGrowths;
    /** Of {@link #arenaGrowths}, those that found no spare left and allocated their arena. */
    public long allocatingArenaGrowths;

    /** Counters of a replication that has written nothing yet. */
    public static ReplicationCounters zero() {
        final ReplicationCounters c = new ReplicationCounters();
        c.known = true;
        return c;
    }
}
