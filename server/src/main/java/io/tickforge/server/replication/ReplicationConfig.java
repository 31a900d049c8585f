package io.tickforge.server.replication;

import io.tickforge.shared.world.EntityLayout;
import io.tickforge.shared.protocol.SnapshotDatagram;
import io.tickforge.shared.world.EntityIds;

/**
 * Settings of {@link DeltaReplication}, validated on construction. Immutable; any thread.
 * Bytes, metres and packet counts as named.
 */
public final class ReplicationConfig {
    public static final int DEFAULT_PACKET_BUDGET_BYTES = 1200;
    public static final double DEFAULT_INTEREST_RADIUS_M = 64.0;
    /** Packets of history per client: covers 0.5 s at 60 Hz and the 33 packets one ack can name. */
    public static final int DEFAULT_HISTORY_LENGTH = io.tickforge.shared.snapshot.SnapshotDecoder.DEFAULT_HISTORY_LENGTH;
    public static final double DEFAULT_GRID_CELL_M = 16.0;
    /** An entity already on the client leaves its interest only beyond radius * this factor. */
    public static final double DEFAULT_INTEREST_HYSTERESIS = 1.1;
    public static final int MIN_PACKET_BUDGET_BYTES = SnapshotDatagram.MIN_BUDGET_BYTES;
    public static final int MAX_PACKET_BUDGET_BYTES = SnapshotDatagram.MAX_BUDGET_BYTES;

    public final int maxPlayers;
    public final int packetBudgetBytes;
    public final double interestRadiusM;
    public final int historyLength;
    public final double gridCellM;
    public final double interestHysteresis;
    /** Side of the square world in metres, as the game gives it (the interest grid covers 0..arenaSizeM). */
    public final double arenaSizeM;
    /**
     * Worker threads that write packets besides the tick thread (0: all on the tick thread). The
     * packets are byte-identical whatever the number.
     */
    public final int replicationThreads;
    public static final int MAX_REPLICATION_THREADS = 64;
    /** The game's entity schema compiled ({@code GameDescriptor.entityLayout()}); the fixed shape by default. */
    public final EntityLayout entityLayout;
    /** Entity id ranges sent to every client whatever the distance: pairs {@code from, toExclusive}. */
    private final int[] alwaysReplicated;

    /** The server's default: one worker per core besides the tick thread's, at least one. */
    public static int defaultReplicationThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }

    public ReplicationConfig(int maxPlayers, int packetBudgetBytes, double interestRadiusM, int historyLength,
                             double arenaSizeM) {
        this(maxPlayers, packetBudgetBytes, interestRadiusM, historyLength, DEFAULT_GRID_CELL_M,
                DEFAULT_INTEREST_HYSTERESIS, arenaSizeM);
    }

    public ReplicationConfig(int maxPlayers, int packetBudgetBytes, double interestRadiusM, int historyLength,
                             double gridCellM, double interestHysteresis, double arenaSizeM) {
        this(maxPlayers, packetBudgetBytes, interestRadiusM, historyLength, gridCellM, interestHysteresis, arenaSizeM, 0);
    }

    public ReplicationConfig(int maxPlayers, int packetBudgetBytes, double interestRadiusM, int historyLength,
                             double gridCellM, double interestHysteresis, double arenaSizeM, int replicationThreads) {
        this(maxPlayers, packetBudgetBytes, interestRadiusM, historyLength, gridCellM, interestHysteresis, arenaSizeM,
                replicationThreads, EntityLayout.FIXED);
    }

    public ReplicationConfig(int maxPlayers, int packetBudgetBytes, double interestRadiusM, int historyLength,
                             double gridCellM, double interestHysteresis, double arenaSizeM, int replicationThreads,
                             EntityLayout entityLayout) {
        if (entityLayout == null) {
            throw new IllegalArgumentException("entityLayout must not be null");
        }
        if (maxPlayers < 1 || maxPlayers > EntityIds.MAX_PLAYERS) {
            throw new IllegalArgumentException("maxPlayers must be 1.." + EntityIds.MAX_PLAYERS + ": " + maxPlayers);
        }
        if (packetBudgetBytes < MIN_PACKET_BUDGET_BYTES || packetBudgetBytes > MAX_PACKET_BUDGET_BYTES) {
            throw new IllegalArgumentException("packetBudgetBytes must be " + MIN_PACKET_BUDGET_BYTES + ".."
                    + MAX_PACKET_BUDGET_BYTES + ": " + packetBudgetBytes);
        }
        if (!(interestRadiusM > 0 && interestRadiusM <= 100_000)) {
            throw new IllegalArgumentException("interestRadiusM must be > 0: " + interestRadiusM);
        }
        if (historyLength < 2 || historyLength > 1024) {
            throw new IllegalArgumentException("historyLength must be 2..1024: " + historyLength);
        }
        if (!(gridCellM >= 1 && gridCellM <= 100_000)) {
            throw new IllegalArgumentException("gridCellM must be >= 1: " + gridCellM);
        }
        if (!(interestHysteresis >= 1 && interestHysteresis <= 4)) {
            throw new IllegalArgumentException("interestHysteresis must be 1..4: " + interestHysteresis);
        }
        if (!(arenaSizeM > 0 && arenaSizeM <= 8000)) {
            throw new IllegalArgumentException("arenaSizeM must be 0..8000: " + arenaSizeM);
        }
        if (replicationThreads < 0 || replicationThreads > MAX_REPLICATION_THREADS) {
            throw new IllegalArgumentException("replicationThreads must be 0.." + MAX_REPLICATION_THREADS + ": "
                    + replicationThreads);
        }
        this.maxPlayers = maxPlayers;
        this.packetBudgetBytes = packetBudgetBytes;
        this.interestRadiusM = interestRadiusM;
        this.historyLength = historyLength;
        this.gridCellM = gridCellM;
        this.interestHysteresis = interestHysteresis;
        this.arenaSizeM = arenaSizeM;
        this.replicationThreads = replicationThreads;
        this.entityLayout = entityLayout;
        this.alwaysReplicated = new int[0];
    }

    private ReplicationConfig(ReplicationConfig base, int[] alwaysReplicated) {
        this.maxPlayers = base.maxPlayers;
        this.packetBudgetBytes = base.packetBudgetBytes;
        this.interestRadiusM = base.interestRadiusM;
        this.historyLength = base.historyLength;
        this.gridCellM = base.gridCellM;
        this.interestHysteresis = base.interestHysteresis;
        this.arenaSizeM = base.arenaSizeM;
        this.replicationThreads = base.replicationThreads;
        this.entityLayout = base.entityLayout;
        this.alwaysReplicated = alwaysReplicated;
    }

    /** This configuration sending ids {@code from..toExclusive} (pairs in {@code ranges}) to every client. */
    public ReplicationConfig withAlwaysReplicated(int[] ranges) {
        if (ranges.length % 2 != 0) {
            throw new IllegalArgumentException("alwaysReplicated takes pairs from, toExclusive");
        }
        for (int i = 0; i < ranges.length; i += 2) {
            if (ranges[i] < 0 || ranges[i + 1] <= ranges[i] || ranges[i + 1] > EntityIds.MAX_ENTITIES) {
                throw new IllegalArgumentException("alwaysReplicated range " + ranges[i] + ".." + ranges[i + 1]
                        + " outside 0.." + EntityIds.MAX_ENTITIES);
            }
        }
        return new ReplicationConfig(this, ranges.clone());
    }

    /** The ranges of {@link #withAlwaysReplicated} (a copy; empty when none). */
    public int[] alwaysReplicated() {
        return alwaysReplicated.clone();
    }

    /** This configuration with {@code n} replication worker threads. */
    public ReplicationConfig withReplicationThreads(int n) {
        return new ReplicationConfig(new ReplicationConfig(maxPlayers, packetBudgetBytes, interestRadiusM, historyLength,
                gridCellM, interestHysteresis, arenaSizeM, n, entityLayout), alwaysReplicated);
    }

    /** This configuration for entities of {@code layout} (the game's entity schema). */
    public ReplicationConfig withEntityLayout(EntityLayout layout) {
        return new ReplicationConfig(new ReplicationConfig(maxPlayers, packetBudgetBytes, interestRadiusM, historyLength,
                gridCellM, interestHysteresis, arenaSizeM, replicationThreads, layout), alwaysReplicated);
    }

    /** Engine defaults for a world {@code arenaSizeM} metres on a side. */
    public static ReplicationConfig defaults(int maxPlayers, double arenaSizeM) {
        return new ReplicationConfig(maxPlayers, DEFAULT_PACKET_BUDGET_BYTES, DEFAULT_INTEREST_RADIUS_M,
                DEFAULT_HISTORY_LENGTH, arenaSizeM);
    }

    /** Bytes the snapshot payload may take: the packet budget minus the datagram framing. */
    public int payloadBudgetBytes() {
        return packetBudgetBytes - SnapshotDatagram.FRAMING_BYTES;
    }
}
