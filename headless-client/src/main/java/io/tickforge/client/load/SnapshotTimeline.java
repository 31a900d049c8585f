package io.tickforge.client.load;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tickforge.client.metrics.ClientMetrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Each bot's snapshot count, sampled at wall-clock times: lets a caller compute every bot's
 * snapshot rate over any window after the run (scripts/attack.sh: before and during an attack).
 * Sampled and read on the load runner's main thread; one {@code long} per bot per sample.
 */
public final class SnapshotTimeline {
    private record Sample(long epochMs, long[] snapshots, boolean[] joined) {
    }

    private final List<Sample> samples = new ArrayList<>();

    public void sample(long epochMs, ClientMetrics[] bots) {
        final long[] counts = new long[bots.length];
        final boolean[] joined = new boolean[bots.length];
        for (int i = 0; i < bots.length; i++) {
            counts[i] = bots[i].snapshots();
            joined[i] = bots[i].isConnected();
        }
        samples.add(new Sample(epochMs, counts, joined));
    }

    public int size() {
        return samples.size();
    }

    /** {@code [{"epochMs": t, "snapshots": [per bot], "connected": [per bot]}, ...]}, oldest first. */
    public ArrayNode toJson() {
        final ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (Sample s : samples) {
            final ObjectNode o = out.addObject();
            o.put("epochMs", s.epochMs());
            final ArrayNode counts = o.putArray("snapshots");
            for (long c : s.snapshots()) {
                counts.add(c);
            }
            final ArrayNode joined = o.putArray("connected");
            for (boolean j : s.joined()) {
                joined.add(j);
            }
        }
        return out;
    }
}
