package io.tickforge.server.admin;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.tickforge.server.input.InputCounters;
import io.tickforge.server.net.NetworkCounters;
import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.server.session.GameSession;
import io.tickforge.server.session.ReplicationCounters;
import io.tickforge.server.session.SnapshotSizeCounts;
import io.tickforge.server.tick.TickStats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every {@code tickforge_*} metric, built at scrape time (on the HTTP thread) from figures other
 * threads published: the {@link TickAggregator}'s bucket counts, the session's published stats,
 * snapshot-size counts and the network's LongAdders. Nothing here runs on, or waits for, the tick
 * thread. Base units (seconds, bytes); every per-session series has a {@code session} label;
 * no player id is ever a label. The names are listed in docs/OPERATIONS.md.
 */
public final class TickforgeCollector implements MultiCollector {
    /** Network counters that mean a message, datagram or connection was dropped or refused. */
    static final Counter[] DROP_REASONS = {
        Counter.CONNECTIONS_OVER_LIMIT, Counter.CLOSED_BEFORE_REGISTRATION, Counter.REJECTED_VERSION,
        Counter.REJECTED_SERVER_FULL, Counter.REJECTED_NO_SUCH_SESSION, Counter.REJECTED_SESSION_FULL,
        Counter.REJECTED_UNKNOWN_GAME, Counter.REJECTED_BAD_NAME, Counter.REJECTED_BAD_TOKEN,
        Counter.HANDSHAKE_TIMEOUTS, Counter.IDLE_TIMEOUTS, Counter.TCP_WRITE_BUFFER_FULL, Counter.PROTOCOL_ERRORS,
        Counter.TCP_MALFORMED, Counter.TCP_BAD_FRAME_LENGTH, Counter.UDP_GARBAGE, Counter.UDP_OVERSIZED,
        Counter.UDP_UNKNOWN_SOURCE, Counter.UDP_NOT_JOINED, Counter.UDP_BAD_KEY, Counter.UDP_UNEXPECTED_TYPE,
        Counter.INPUTS_REFUSED_BY_SESSION, Counter.CHAT_TOO_LONG, Counter.CHAT_INVALID, Counter.CHAT_FLOODED,
        Counter.FLOOD_KICKS, Counter.TCP_FLOOD_KICKS, Counter.STATS_THROTTLED, Counter.SNAPSHOTS_OVER_BUDGET,
        Counter.SNAPSHOT_SEND_FAILURES, Counter.RELIABLE_SEND_FAILURES, Counter.REJECTED_PLAYER_ALREADY_CONNECTED
    };

    private final AdminSources sources;
    private final TickAggregator ticks;
    private final Labels session;
    private final double[] snapshotBoundsBytes;

    public TickforgeCollector(AdminSources sources, TickAggregator ticks) {
        this.sources = sources;
        this.ticks = ticks;
        this.session = Labels.of("session", Integer.toString(sources.session().sessionId()));
        final long[] bounds = SnapshotSizeCounts.upperBoundsBytes();
        this.snapshotBoundsBytes = new double[bounds.length + 1];
        for (int i = 0; i < bounds.length; i++) {
            snapshotBoundsBytes[i] = bounds[i];
        }
        snapshotBoundsBytes[bounds.length] = Double.POSITIVE_INFINITY;
    }

    private static CounterDataPointSnapshot reconnectPoint(String outcome, long value) {
        return CounterDataPointSnapshot.builder().labels(Labels.of("outcome", outcome)).value(value).build();
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of("tickforge_tick_duration_seconds", "tickforge_tick_lateness_seconds",
                "tickforge_tick_phase_seconds", "tickforge_tick_overruns", "tickforge_ticks_skipped",
                "tickforge_tick_budget_seconds", "tickforge_players", "tickforge_player_slots",
                "tickforge_network_sent_bytes", "tickforge_network_received_bytes", "tickforge_network_dropped",
                "tickforge_reconnects",
                "tickforge_inputs", "tickforge_input_packets_dropped", "tickforge_snapshot_bytes",
                "tickforge_replication_codings", "tickforge_replication_packets", "tickforge_replication_shed_packets",
                "tickforge_replication_arena_growths",
                "tickforge_build");
    }

    @Override
    public MetricSnapshots collect() {
        final GameSession s = sources.session();
        final NetworkCounters net = sources.network();
        final InputCounters inputs = s.publishedInputCounters();
        final List<MetricSnapshot> out = new ArrayList<>();

        out.add(tickHistogram("tickforge_tick_duration_seconds",
                "Time the tick thread spent in each tick (inputs, simulation, replication).", ticks.duration()));
        out.add(tickHistogram("tickforge_tick_lateness_seconds",
                "How long after its scheduled deadline each tick started.", ticks.lateness()));
        final HistogramSnapshot.Builder phases = HistogramSnapshot.builder().name("tickforge_tick_phase_seconds")
                .help("Time spent in each phase of a tick.");
        for (int p = 0; p < TickStats.PHASES; p++) {
            phases.dataPoint(histogramPoint(TickAggregator.TICK_BUCKETS_S, ticks.phase(p),
                    session.add("phase", TickStats.phaseName(p))));
        }
        out.add(phases.build());
        out.add(counter("tickforge_tick_overruns", "Ticks that took longer than the tick budget.", ticks.overruns()));
        out.add(counter("tickforge_ticks_skipped",
                "Schedule slots skipped because the loop fell too far behind.",
                s.tickSamples().skippedTotal()));
        out.add(gauge("tickforge_tick_budget_seconds", "The tick period: 1 / tick rate.",
                1.0 / s.config().tickRateHz()));
        out.add(gauge("tickforge_players", "Players in the world.", s.playerCount()));
        out.add(gauge("tickforge_player_slots", "Player slots of the session.", s.config().maxPlayers()));

        addNetworkSeries(out, net);
        final CounterSnapshot.Builder reconnects = CounterSnapshot.builder().name("tickforge_reconnects")
                .help("Dropped players' slots held for --reconnect-grace, and what became of them, by outcome.");
        reconnects.dataPoint(reconnectPoint("held", net.get(Counter.SLOTS_HELD)));
        reconnects.dataPoint(reconnectPoint("accepted", net.get(Counter.RECONNECTS_ACCEPTED)));
        reconnects.dataPoint(reconnectPoint("refused", net.get(Counter.RECONNECTS_REFUSED)));
        reconnects.dataPoint(reconnectPoint("grace_expired", net.get(Counter.RECONNECT_GRACE_EXPIRED)));
        out.add(reconnects.build());

        final CounterSnapshot.Builder in = CounterSnapshot.builder().name("tickforge_inputs")
                .help("Inputs (one player, one tick) by outcome, as of the last stats publish.");
        addOutcome(in, "accepted", inputs.accepted);
        addOutcome(in, "applied", inputs.applied);
        addOutcome(in, "missing_repeated", inputs.missingRepeated);
        addOutcome(in, "late", inputs.late);
        addOutcome(in, "duplicate", inputs.duplicate);
        addOutcome(in, "far_future", inputs.farFuture);
        addOutcome(in, "invalid_move", inputs.invalidMove);
        addOutcome(in, "invalid_buttons", inputs.invalidButtons);
        addOutcome(in, "invalid_tick", inputs.invalidTick);
        out.add(in.build());
        final CounterSnapshot.Builder packets = CounterSnapshot.builder().name("tickforge_input_packets_dropped")
                .help("Input packets dropped before their inputs were looked at, by reason.");
        packets.dataPoint(CounterDataPointSnapshot.builder().labels(session.add("reason", "queue_full"))
                .value(s.inputQueueRejected()).build());
        packets.dataPoint(CounterDataPointSnapshot.builder().labels(session.add("reason", "malformed"))
                .value(inputs.malformedPackets).build());
        packets.dataPoint(CounterDataPointSnapshot.builder().labels(session.add("reason", "unknown_slot"))
                .value(inputs.unknownSlotPackets).build());
        out.add(packets.build());

        final SnapshotSizeCounts sizes = s.snapshotSizes();
        final long[] counts = new long[sizes.buckets()];
        for (int b = 0; b < counts.length; b++) {
            counts[b] = sizes.count(b);
        }
        out.add(HistogramSnapshot.builder().name("tickforge_snapshot_bytes")
                .help("Size of each snapshot datagram handed to the network.")
                .dataPoint(HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(snapshotBoundsBytes, counts))
                        .sum(sizes.totalBytes()).labels(session).build())
                .build());
        final ReplicationCounters replication = s.publishedReplicationCounters();
        if (replication.known) {
            final CounterSnapshot.Builder codings = CounterSnapshot.builder().name("tickforge_replication_codings")
                    .help("Changed entities coded into snapshot packets, by how: shared (another client's identical"
                            + " coding of the same tick, copied) or computed; as of the last stats publish.");
            codings.dataPoint(CounterDataPointSnapshot.builder().labels(session.add("how", "shared"))
                    .value(replication.sharedCodings).build());
            codings.dataPoint(CounterDataPointSnapshot.builder().labels(session.add("how", "computed"))
                    .value(replication.codings).build());
            out.add(codings.build());
            final CounterSnapshot.Builder written = CounterSnapshot.builder().name("tickforge_replication_packets")
                    .help("Snapshot packets written, by whether every change fit the budget (complete) or some"
                            + " were deferred to later packets (deferred); as of the last stats publish.");
            addOutcome(written, "complete", replication.packets - replication.deferredPackets);
            addOutcome(written, "deferred", replication.deferredPackets);
            out.add(written.build());
            out.add(CounterSnapshot.builder().name("tickforge_replication_shed_packets")
                    .help("Clients' snapshot packets not written because the tick reached its replication deadline"
                            + " (--replication-deadline; those clients were written first the next tick); as of the"
                            + " last stats publish.")
                    .dataPoint(CounterDataPointSnapshot.builder().labels(session).value(replication.shedPackets).build())
                    .build());
            final CounterSnapshot.Builder growths = CounterSnapshot.builder().name("tickforge_replication_arena_growths")
                    .help("Times a client's replication record arena grew (budget-starved bursts), by whether a spare"
                            + " arena allocated at start served it (spare) or it allocated (allocated); as of the last"
                            + " stats publish.");
            addOutcome(growths, "spare", replication.arenaGrowths - replication.allocatingArenaGrowths);
            addOutcome(growths, "allocated", replication.allocatingArenaGrowths);
            out.add(growths.build());
        }
        out.add(InfoSnapshot.builder().name("tickforge_build").help("Tickforge build information.")
                .dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder()
                        .labels(Labels.of("version", sources.version())).build())
                .build());
        return new MetricSnapshots(out);
    }

    private void addOutcome(CounterSnapshot.Builder builder, String outcome, long value) {
        builder.dataPoint(CounterDataPointSnapshot.builder().labels(session.add("outcome", outcome)).value(value).build());
    }

    private HistogramSnapshot tickHistogram(String name, String help, TickAggregator.Buckets buckets) {
        return HistogramSnapshot.builder().name(name).help(help)
                .dataPoint(histogramPoint(TickAggregator.TICK_BUCKETS_S, buckets, session)).build();
    }

    private static HistogramDataPointSnapshot histogramPoint(double[] finiteBounds, TickAggregator.Buckets buckets,
                                                             Labels labels) {
        final double[] bounds = new double[finiteBounds.length + 1];
        System.arraycopy(finiteBounds, 0, bounds, 0, finiteBounds.length);
        bounds[finiteBounds.length] = Double.POSITIVE_INFINITY;
        return HistogramDataPointSnapshot.builder()
                .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, buckets.counts()))
                .sum(buckets.sumSeconds()).labels(labels).build();
    }

    private CounterSnapshot counter(String name, String help, double value) {
        return CounterSnapshot.builder().name(name).help(help)
                .dataPoint(CounterDataPointSnapshot.builder().labels(session).value(value).build()).build();
    }

    private GaugeSnapshot gauge(String name, String help, double value) {
        return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeDataPointSnapshot.builder().labels(session).value(value).build()).build();
    }

    /** UDP is our own socket (UdpTransport counts its bytes); TCP is the rest of the total. */
    private static CounterSnapshot byTransport(String name, String help, long total, long udp) {
        return CounterSnapshot.builder().name(name).help(help)
                .dataPoint(CounterDataPointSnapshot.builder().labels(Labels.of("transport", "tcp"))
                        .value(Math.max(0, total - udp)).build())
                .dataPoint(CounterDataPointSnapshot.builder().labels(Labels.of("transport", "udp"))
                        .value(udp).build()).build();
    }

    /**
     * The network's series, the same for one session ({@code /metrics} of {@link AdminServer}) and
     * for sessions on demand ({@link HostAdminServer}): bytes sent and received by transport, and
     * drops by reason. Any thread (the counters are atomic).
     */
    static void addNetworkSeries(List<MetricSnapshot> out, NetworkCounters net) {
        out.add(byTransport("tickforge_network_sent_bytes", "Bytes written to the network, framing included, by transport.",
                net.get(Counter.BYTES_OUT), net.get(Counter.UDP_BYTES_OUT)));
        out.add(byTransport("tickforge_network_received_bytes", "Bytes read from the network, framing included, by transport.",
                net.get(Counter.BYTES_IN), net.get(Counter.UDP_BYTES_IN)));
        final CounterSnapshot.Builder dropped = CounterSnapshot.builder().name("tickforge_network_dropped")
                .help("Messages, datagrams or connections the network layer dropped or refused, by reason.");
        for (Counter c : DROP_REASONS) {
            dropped.dataPoint(CounterDataPointSnapshot.builder()
                    .labels(Labels.of("reason", c.name().toLowerCase(Locale.ROOT))).value(net.get(c)).build());
        }
        out.add(dropped.build());
    }
}
