package io.tickforge.benchmarks.snapshot;

import io.tickforge.shared.protocol.Protocol;
import io.tickforge.shared.snapshot.SnapshotDecoder;
import io.tickforge.shared.snapshot.SnapshotDelta;
import io.tickforge.shared.snapshot.SnapshotEncoder;
import io.tickforge.shared.snapshot.SnapshotView;
import io.tickforge.shared.world.EntityIds;
import io.tickforge.shared.world.Quantization;
import io.tickforge.shared.world.WorldSnapshot;

import java.util.Arrays;

/**
 * Benchmark input for the snapshot codec: a world of {@code visible} entities that one client sees
 * in full, of which a given share changes every tick, and the chain of packets a server would send
 * that client. Built once per trial, single thread.
 *
 * <p>World: entity 0 is the client's player (id 0) at the arena centre, the others are NPCs
 * (ids 1024..) on orbit centres spread over a 40 m disc around it, so all stay within the default
 * 64 m interest radius. Exactly {@code round(share * visible)} entities (at least one), spread
 * evenly over the id range, move every tick along the orbit formula of docs/SCENARIOS.md (radius
 * 2..8 m, 0.5..1.5 rad/s, heading tangent to the path) and change health every 5 s; the rest
 * stand still.
 *
 * <p>Packets: packet 0 is a keyframe, packet k >= 1 is a delta against the view packet
 * {@code max(0, k - ackDelay)} left on the client (the acked baseline of a client
 * {@code ackDelay} ticks away), with every change included (no packet budget: this measures the
 * codec, not the budget). The diff mirrors DeltaReplication's (baseline values decide what
 * changed; residuals against the baseline's prediction), and both ends build their views with
 * {@link SnapshotView#applyDelta}, so the packets decode exactly; {@link #verify} checks that.
 */
final class SnapshotChain {
    static final int ACK_DELAY = 6;
    static final int TICK_RATE_HZ = 60;
    static final long FIRST_TICK = 10_000;
    private static final int HEADING_MASK = Quantization.HEADING_UNITS_PER_TURN - 1;
    private static final int VIEW_RING = 32;

    final int visible;
    final int changing;
    final int length;
    /** All packets back to back; packet k is {@code bytes[offset[k] .. offset[k] + size[k])}. */
    final byte[] bytes;
    final int[] offset;
    final int[] size;
    /** The last {@code kept} packets' deltas and baseline views, for the encode benchmark. */
    final SnapshotDelta[] keptDelta;
    final SnapshotView[] keptBase;
    final WorldSnapshot lastWorld;
    private final boolean[] moving;
    long deltaBytes;
    long deltaPackets;
    long changedEntries;

    SnapshotChain(int visible, double shareChanged, int length, int kept) {
        if (visible < 1 || visible > 1024 || !(shareChanged > 0 && shareChanged <= 1) || length <= ACK_DELAY
                || kept < 1 || kept >= length) {
            throw new IllegalArgumentException("visible 1..1024, share in (0, 1], length > ackDelay, kept < length");
        }
        this.visible = visible;
        this.length = length;
        this.changing = Math.max(1, (int) Math.round(shareChanged * visible));
        moving = new boolean[visible];
        for (int i = 0; i < visible; i++) {
            // Exactly `changing` indexes, evenly spread: i is picked when floor(i*c/n) steps up.
            moving[i] = (long) (i + 1) * changing / visible > (long) i * changing / visible;
        }
        offset = new int[length];
        size = new int[length];
        keptDelta = new SnapshotDelta[kept];
        keptBase = new SnapshotView[kept];

        SnapshotView[] views = new SnapshotView[VIEW_RING];
        for (int i = 0; i < VIEW_RING; i++) {
            views[i] = new SnapshotView(visible);
        }
        SnapshotDelta scratch = new SnapshotDelta(visible);
        SnapshotEncoder encoder = new SnapshotEncoder();
        WorldSnapshot world = new WorldSnapshot(visible);
        byte[] packet = new byte[Protocol.MAX_SNAPSHOT_BYTES];
        byte[] all = new byte[1 << 16];
        int used = 0;
        for (int k = 0; k < length; k++) {
            long tick = FIRST_TICK + k;
            fill(world, tick);
            SnapshotView base = k == 0 ? null : views[Math.max(0, k - ACK_DELAY) % VIEW_RING];
            boolean keep = k >= length - kept;
            SnapshotDelta d = keep ? new SnapshotDelta(visible) : scratch;
            diff(world, base, k, base == null ? 0 : Math.max(0, k - ACK_DELAY), d);
            int n = encoder.encode(d, base, packet, packet.length);
            views[k % VIEW_RING].applyDelta(base, d);
            if (used + n > all.length) {
                all = Arrays.copyOf(all, Math.max(all.length * 2, used + n));
            }
            System.arraycopy(packet, 0, all, used, n);
            offset[k] = used;
            size[k] = n;
            used += n;
            if (k > 0) {
                deltaBytes += n;
                deltaPackets++;
                changedEntries += d.changedCount;
            }
            if (keep) {
                keptDelta[k - (length - kept)] = d;
                SnapshotView copy = new SnapshotView(visible);
                copy.copyFrom(base);
                keptBase[k - (length - kept)] = copy;
            }
        }
        bytes = Arrays.copyOf(all, used);
        lastWorld = world;
    }

    /** The world at {@code tick}: see the class comment. */
    void fill(WorldSnapshot w, long tick) {
        w.clear(tick);
        final double s = tick / (double) TICK_RATE_HZ;
        final double centre = 128;
        for (int i = 0; i < visible; i++) {
            int id = i == 0 ? EntityIds.player(0) : EntityIds.npc(i - 1);
            // Orbit centres on a sunflower spiral inside 40 m: deterministic, evenly spread.
            double rho = i == 0 ? 0 : 40 * Math.sqrt(i / (double) visible);
            double theta = i * 2.399963229728653;
            double cx = centre + rho * Math.cos(theta);
            double cy = centre + rho * Math.sin(theta);
            double r = 2 + (i % 7);
            double wRad = 0.5 + 0.25 * (i % 5);
            double angle = 0.1 * i + (moving[i] ? wRad * s : 0);
            int hp = moving[i] ? 100 - 10 * (int) Math.floorMod((long) Math.floor(s / 5 + i), 5L) : 100;
            w.add(id, Quantization.positionToUnits(cx + r * Math.cos(angle)),
                    Quantization.positionToUnits(cy + r * Math.sin(angle)),
                    Quantization.headingToUnits(angle + Math.PI / 2) & HEADING_MASK, hp, WorldSnapshot.FLAG_ALIVE);
        }
    }

    private static void diff(WorldSnapshot w, SnapshotView base, int sequence, int baseSequence, SnapshotDelta d) {
        d.clear();
        d.sequence = sequence & 0xFFFF;
        d.serverTick = w.tick;
        d.lastAppliedInputTick = w.tick - 2;
        d.keyframe = base == null;
        d.baselineSequence = baseSequence & 0xFFFF;
        d.complete = true;
        if (base == null) {
            for (int i = 0; i < w.count; i++) {
                d.addAdded(w.entityId[i], w.x[i], w.y[i], w.lanes[WorldSnapshot.HEADING][i], w.lanes[WorldSnapshot.HEALTH][i], w.lanes[WorldSnapshot.FLAGS][i]);
            }
            return;
        }
        if (base.count() != w.count) {
            throw new IllegalStateException("entity set changed");
        }
        for (int i = 0; i < w.count; i++) {
            int hw = w.lanes[WorldSnapshot.HEADING][i];
            boolean status = w.lanes[WorldSnapshot.HEALTH][i] != base.health(i) || w.lanes[WorldSnapshot.FLAGS][i] != base.flags(i);
            if (!status && w.x[i] == base.x(i) && w.y[i] == base.y(i) && hw == base.heading(i)) {
                continue;
            }
            int dx = w.x[i] - base.predictX(i, w.tick);
            int dy = w.y[i] - base.predictY(i, w.tick);
            int dh = SnapshotEncoder.headingDelta(hw, base.predictHeading(i, w.tick));
            int mask = SnapshotDelta.positionMode(dx, dy) | (dh != 0 ? SnapshotDelta.FIELD_HEADING : 0)
                    | (status ? SnapshotDelta.FIELD_STATUS : 0);
            d.addChanged(i, mask, w.x[i], w.y[i], hw, w.lanes[WorldSnapshot.HEALTH][i], w.lanes[WorldSnapshot.FLAGS][i]);
        }
    }

    /** Rewrites packet k's sequence (u16, little-endian as Kryo 5's Output.writeShort writes it). */
    void setSequence(int k, int sequence) {
        bytes[offset[k]] = (byte) sequence;
        bytes[offset[k] + 1] = (byte) (sequence >>> 8);
    }

    /** Decodes the whole chain with a fresh decoder and checks the final view equals the world. */
    void verify() {
        SnapshotDecoder decoder = new SnapshotDecoder(SnapshotDecoder.DEFAULT_HISTORY_LENGTH, visible);
        for (int k = 0; k < length; k++) {
            SnapshotDecoder.Result r = decoder.decode(bytes, offset[k], size[k]);
            if (r != SnapshotDecoder.Result.ACCEPTED) {
                throw new IllegalStateException("packet " + k + " decoded as " + r);
            }
        }
        SnapshotView v = decoder.view();
        WorldSnapshot w = lastWorld;
        if (v.count() != w.count) {
            throw new IllegalStateException("decoded " + v.count() + " entities, world has " + w.count);
        }
        for (int i = 0; i < w.count; i++) {
            if (v.entityId(i) != w.entityId[i] || v.x(i) != w.x[i] || v.y(i) != w.y[i]
                    || v.heading(i) != w.lanes[WorldSnapshot.HEADING][i] || v.health(i) != w.lanes[WorldSnapshot.HEALTH][i]) {
                throw new IllegalStateException("decoded entity " + i + " differs from the world");
            }
        }
    }

    double meanDeltaBytes() {
        return deltaBytes / (double) deltaPackets;
    }

    double meanChangedEntries() {
        return changedEntries / (double) deltaPackets;
    }
}
