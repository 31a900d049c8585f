package io.tickforge.benchmarks.bandwidth;

import io.tickforge.server.game.ArenaEngineSettings;
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import io.tickforge.server.replication.DeltaReplication;
import io.tickforge.server.replication.ReplicationConfig;
import io.tickforge.shared.netsim.NetworkConditions;
import io.tickforge.shared.netsim.NetworkSimulator;
import io.tickforge.shared.protocol.SnapshotDatagram;
import io.tickforge.shared.snapshot.SnapshotDecoder;
import io.tickforge.shared.world.EntityIds;
import io.tickforge.shared.world.WorldSnapshot;

import java.util.Locale;

/**
 * Offline snapshot-bandwidth figures for one scenario: the world runs through
 * {@link DeltaReplication} for every client, packets reach a {@link SnapshotDecoder} per client
 * and acks come back after a simulated round trip; alongside, a naive encoder Kryo-serializes
 * every entity in the same interest radius in full every tick. Prints bytes per client per second
 * for both (datagram bytes: payload plus {@link SnapshotDatagram#FRAMING_BYTES}), their ratio, the
 * share of packets whose changes did not fit the budget, the largest datagram, and decode errors.
 * Warm-up ticks are excluded from the figures. Main thread only.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.tickforge.benchmarks.bandwidth.BandwidthReport \
 *     [--players 64] [--npcs 1000] [--tick-rate 60] [--seconds 60] [--warmup-seconds 10]
 *     [--rtt-ms 100] [--budget 1200] [--radius 64] [--seed 1]
 *     [--loss 0] [--jitter-ms 0] [--duplicate 0] [--reorder 0]     (percent / ms, each direction)
 * </pre>
 */
public final class BandwidthReport {
    /** What the naive encoder writes per entity: a plain object, Kryo's default FieldSerializer. */
    public static final class EntityState {
        public int id;
        public int x;
        public int y;
        public int heading;
        public int health;
        public int flags;
    }

    public static void main(String[] args) {
        int players = 64;
        int npcs = 1000;
        int tickRate = 60;
        int seconds = 60;
        int warmupSeconds = 10;
        int rttMs = 100;
        int budget = ReplicationConfig.DEFAULT_PACKET_BUDGET_BYTES;
        double radiusM = ReplicationConfig.DEFAULT_INTEREST_RADIUS_M;
        long seed = 1;
        double lossPercent = 0;
        double jitterMs = 0;
        double duplicatePercent = 0;
        double reorderPercent = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                System.out.println("BandwidthReport [--players N] [--npcs N] [--tick-rate HZ] [--seconds S]"
                        + " [--warmup-seconds S] [--rtt-ms MS] [--budget BYTES] [--radius M] [--seed N]"
                        + " [--loss PCT] [--jitter-ms MS] [--duplicate PCT] [--reorder PCT]  (network: both directions)");
                return;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--players" -> players = Integer.parseInt(v);
                case "--npcs" -> npcs = Integer.parseInt(v);
                case "--tick-rate" -> tickRate = Integer.parseInt(v);
                case "--seconds" -> seconds = Integer.parseInt(v);
                case "--warmup-seconds" -> warmupSeconds = Integer.parseInt(v);
                case "--rtt-ms" -> rttMs = Integer.parseInt(v);
                case "--budget" -> budget = Integer.parseInt(v);
                case "--radius" -> radiusM = Double.parseDouble(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--loss" -> lossPercent = Double.parseDouble(v);
                case "--jitter-ms" -> jitterMs = Double.parseDouble(v);
                case "--duplicate" -> duplicatePercent = Double.parseDouble(v);
                case "--reorder" -> reorderPercent = Double.parseDouble(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (players < 1 || npcs < 0 || tickRate < 1 || seconds < 1 || warmupSeconds < 0 || rttMs < 0) {
            throw new IllegalArgumentException("players >= 1, npcs >= 0, tick rate >= 1, seconds >= 1, rtt >= 0");
        }
        NetworkConditions oneWay = new NetworkConditions(rttMs / 2.0, jitterMs, lossPercent, duplicatePercent,
                reorderPercent);
        run(players, npcs, tickRate, seconds, warmupSeconds, rttMs, oneWay, budget, radiusM, seed);
    }

    static void run(int players, int npcs, int tickRate, int seconds, int warmupSeconds, int rttMs,
                    NetworkConditions oneWay, int budget, double radiusM, long seed) {
        ReplicationConfig config = new ReplicationConfig(players, budget, radiusM,
                ReplicationConfig.DEFAULT_HISTORY_LENGTH, ArenaEngineSettings.WORLD_SIZE_M);
        DeltaReplication replication = new DeltaReplication(config);
        StandardWorld sim = new StandardWorld(players, npcs, tickRate, seed);
        WorldSnapshot world = new WorldSnapshot(sim.capacity());
        NetworkSimulator down = new NetworkSimulator(oneWay, players * (rttMs * tickRate / 1000 + 64) * 2, budget, seed);
        NetworkSimulator up = new NetworkSimulator(oneWay, players * (rttMs * tickRate / 1000 + 64) * 2, 8, seed + 1);
        SnapshotDecoder[] decoders = new SnapshotDecoder[players];
        for (int p = 0; p < players; p++) {
            replication.addClient(p);
            decoders[p] = new SnapshotDecoder(ReplicationConfig.DEFAULT_HISTORY_LENGTH, 256);
        }

        Kryo kryo = new Kryo();
        kryo.register(EntityState.class);
        EntityState state = new EntityState();
        Output naive = new Output(64 * 1024);
        long radiusUnits = Math.round(radiusM * 256);

        byte[] packet = new byte[budget];
        byte[] rx = new byte[budget];
        byte[] ack = new byte[8];
        long periodNs = 1_000_000_000L / tickRate;
        long warmupTicks = (long) warmupSeconds * tickRate;
        long totalTicks = warmupTicks + (long) seconds * tickRate;

        long deltaBytes = 0;
        long naiveBytes = 0;
        long packets = 0;
        long deferredPackets = 0;
        long keyframes = 0;
        int maxDatagram = 0;
        int maxNaiveDatagram = 0;
        long visibleSum = 0;
        long decodeErrors = 0;
        long replicateNs = 0;

        for (long tick = 0; tick < totalTicks; tick++) {
            long nowNs = tick * periodNs;
            boolean measured = tick >= warmupTicks;
            for (int len; (len = up.receive(nowNs, ack)) >= 0; ) {
                int seq = ((ack[0] & 0xFF) << 8) | (ack[1] & 0xFF);
                int bits = ((ack[2] & 0xFF) << 24) | ((ack[3] & 0xFF) << 16) | ((ack[4] & 0xFF) << 8) | (ack[5] & 0xFF);
                replication.onAcks(up.lastDestination(), seq, bits);
            }
            sim.step(tick);
            sim.fill(world, tick);
            long t0 = System.nanoTime();
            replication.recordWorld(world);
            for (int p = 0; p < players; p++) {
                boolean keyframe = replication.nextPacketIsKeyframe(p);
                int len = replication.writePacket(p, tick - 1, packet);
                boolean deferred = replication.lastPacketDeferred();
                down.send(p, packet, 0, len, nowNs);
                if (measured) {
                    int datagram = len + SnapshotDatagram.FRAMING_BYTES;
                    deltaBytes += datagram;
                    packets++;
                    maxDatagram = Math.max(maxDatagram, datagram);
                    deferredPackets += deferred ? 1 : 0;
                    keyframes += keyframe ? 1 : 0;
                }
            }
            replicateNs += measured ? System.nanoTime() - t0 : 0;
            if (measured) {
                for (int p = 0; p < players; p++) {
                    int self = world.indexOf(EntityIds.player(p));
                    naive.reset();
                    naive.writeVarLong(tick, true);
                    int visible = 0;
                    for (int i = 0; i < world.count; i++) {
                        long dx = world.x[i] - world.x[self];
                        long dy = world.y[i] - world.y[self];
                        if (dx * dx + dy * dy <= radiusUnits * radiusUnits) {
                            visible++;
                        }
                    }
                    naive.writeVarInt(visible, true);
                    for (int i = 0; i < world.count; i++) {
                        long dx = world.x[i] - world.x[self];
                        long dy = world.y[i] - world.y[self];
                        if (dx * dx + dy * dy <= radiusUnits * radiusUnits) {
                            state.id = world.entityId[i];
                            state.x = world.x[i];
                            state.y = world.y[i];
                            state.heading = world.lanes[WorldSnapshot.HEADING][i];
                            state.health = world.lanes[WorldSnapshot.HEALTH][i];
                            state.flags = world.lanes[WorldSnapshot.FLAGS][i];
                            kryo.writeObject(naive, state);
                        }
                    }
                    int datagram = naive.position() + SnapshotDatagram.FRAMING_BYTES;
                    naiveBytes += datagram;
                    maxNaiveDatagram = Math.max(maxNaiveDatagram, datagram);
                    visibleSum += visible;
                }
            }
            long deliverNs = nowNs + periodNs - 1;
            for (int len; (len = down.receive(deliverNs, rx)) >= 0; ) {
                SnapshotDecoder.Result r = decoders[down.lastDestination()].decode(rx, 0, len);
                if (r == SnapshotDecoder.Result.MALFORMED || r == SnapshotDecoder.Result.MISSING_BASELINE) {
                    decodeErrors++;
                }
            }
            for (int p = 0; p < players; p++) {
                SnapshotDecoder d = decoders[p];
                if (d.hasAcks()) {
                    int seq = d.ackSequence();
                    int bits = d.ackBits();
                    ack[0] = (byte) (seq >>> 8);
                    ack[1] = (byte) seq;
                    ack[2] = (byte) (bits >>> 24);
                    ack[3] = (byte) (bits >>> 16);
                    ack[4] = (byte) (bits >>> 8);
                    ack[5] = (byte) bits;
                    up.send(p, ack, 0, 6, nowNs);
                }
            }
        }

        double clientSeconds = (double) players * seconds;
        double deltaPerClient = deltaBytes / clientSeconds;
        double naivePerClient = naiveBytes / clientSeconds;
        Locale l = Locale.ROOT;
        System.out.println(String.format(l, "scenario: %d players, %d npcs, %d Hz, %d s measured after %d s warm-up,"
                        + " rtt %d ms, budget %d bytes, radius %.0f m, seed %d",
                players, npcs, tickRate, seconds, warmupSeconds, rttMs, budget, radiusM, seed));
        System.out.println("network (each way): " + oneWay);
        System.out.println(String.format(l, "visible entities per client (mean):   %.1f", visibleSum / (double) packets));
        System.out.println(String.format(l, "delta bytes per client per second:    %.0f (%.1f bytes per datagram)",
                deltaPerClient, deltaBytes / (double) packets));
        System.out.println(String.format(l, "naive bytes per client per second:    %.0f (%.1f bytes per datagram)",
                naivePerClient, naiveBytes / (double) packets));
        System.out.println(String.format(l, "delta / naive:                        %.2f%%", 100 * deltaPerClient / naivePerClient));
        System.out.println(String.format(l, "packets whose changes did not fit:    %.2f%% (%d of %d)",
                100.0 * deferredPackets / packets, deferredPackets, packets));
        System.out.println(String.format(l, "keyframes after warm-up:              %d", keyframes));
        System.out.println(String.format(l, "max datagram bytes:                   %d (budget %d)%s", maxDatagram, budget,
                maxDatagram <= budget ? "" : "  OVER BUDGET"));
        System.out.println(String.format(l, "max naive datagram bytes:             %d", maxNaiveDatagram));
        System.out.println(String.format(l, "decode errors:                        %d", decodeErrors));
        if (oneWay.lossPercent > 0 || oneWay.duplicatePercent > 0 || oneWay.reorderPercent > 0) {
            long stale = 0;
            long duplicates = 0;
            for (SnapshotDecoder d : decoders) {
                stale += d.staleCount();
                duplicates += d.duplicateCount();
            }
            System.out.println(String.format(l, "datagrams lost / stale / duplicate:   %d / %d / %d (whole run, warm-up included)", down.lostCount(),
                    stale, duplicates));
        }
        System.out.println(String.format(l, "replication time per tick (mean):     %.1f us (record + %d packets)",
                replicateNs / 1000.0 / ((double) seconds * tickRate), players));
        long stateSum = 0;
        long stateMax = 0;
        for (int p = 0; p < players; p++) {
            long b = replication.clientStateBytes(p);
            stateSum += b;
            stateMax = Math.max(stateMax, b);
        }
        System.out.println(String.format(l, "replication state per client:         mean %d bytes, max %d bytes",
                stateSum / players, stateMax));
        System.out.println(String.format(l, "shared codings of changed entities:   %.1f%% (%d of %d)",
                100.0 * replication.sharedCodings() / Math.max(1, replication.codedChanges()),
                replication.sharedCodings(), replication.codedChanges()));
        if (maxDatagram > budget || decodeErrors > 0) {
            System.exit(1);
        }
    }
}
