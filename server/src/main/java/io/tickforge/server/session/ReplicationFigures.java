package io.tickforge.server.session;

/**
 * What replication did over one stats interval, from two {@link ReplicationCounters} readings:
 * the share of changed-entity codings the shared-encoding cache served (most clients acknowledge
 * with the same delay, so they need the same delta of an entity; a low share means clients' ack
 * patterns diverge and each of them costs a coding), codings computed per packet, and the share of
 * packets that could not carry every change within the budget, and the share of the clients' packets
 * the tick's replication deadline left out ({@link SessionConfig#replicationDeadlinePercent}). Each figure is
 * {@link #UNKNOWN} when it cannot be computed (no counters, or nothing written in the interval).
 */
public record ReplicationFigures(double sharedCodingsPercent, double codingsPerPacket, double deferredPacketsPercent,
                                 double shedPacketsPercent) {
    public static final double UNKNOWN = -1.0;
    public static final ReplicationFigures NONE = new ReplicationFigures(UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN);

    /** The figures of the interval between {@code before} and {@code after} (both cumulative). */
    public static ReplicationFigures between(ReplicationCounters before, ReplicationCounters after) {
        if (!before.known || !after.known) {
            return NONE;
        }
        final long packets = after.packets - before.packets;
        final long changes = after.codedChanges - before.codedChanges;
        final long shed = after.shedPackets - before.shedPackets;
        if (packets < 0 || changes < 0 || shed < 0) {
            return NONE; // the counters were reset in between
        }
        return new ReplicationFigures(
                changes > 0 ? 100.0 * (after.sharedCodings - before.sharedCodings) / changes : UNKNOWN,
                packets > 0 ? (double) (after.codings - before.codings) / packets : UNKNOWN,
                packets > 0 ? 100.0 * (after.deferredPackets - before.deferredPackets) / packets : UNKNOWN,
                packets + shed > 0 ? 100.0 * shed / (packets + shed) : UNKNOWN);
    }
}
