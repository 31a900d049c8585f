package io.tickforge.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickforge.server.net.NetworkCounters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin endpoint over real HTTP on an ephemeral loopback port, the session driven by hand on a
 * manual clock: routes, the bearer token, health decisions, JSON and SSE shapes, metric values.
 */
@Timeout(30)
class AdminServerTest {
    private static final String TOKEN = "s3cret-token";
    private static final int TICKS = 120;

    private final AtomicLong adminClockNs = new AtomicLong(1_000_000_000L);
    private final AtomicBoolean draining = new AtomicBoolean();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private ManualSession s;
    private NetworkCounters network;
    private AdminServer admin;

    @BeforeEach
    void start() throws Exception {
        s = new ManualSession(60, 8, 50, 300, 1_000_000_000L);
        network = new NetworkCounters();
        admin = new AdminServer(new AdminConfig("127.0.0.1", 0, TOKEN), new AdminSources(s.session, network, "9.9.9"),
                adminClockNs::get);
        admin.setDraining(draining::get);
        admin.start();
        s.join("alice");
        s.join("bob");
        s.join("carol \"<c>\"");
        for (int i = 0; i < TICKS; i++) {
            s.tick();
        }
        network.add(NetworkCounters.Counter.BYTES_OUT, 12345);
        network.add(NetworkCounters.Counter.UDP_BYTES_OUT, 12000);
        network.add(NetworkCounters.Counter.UDP_GARBAGE, 7);
        network.add(NetworkCounters.Counter.SLOTS_HELD, 4);
        network.add(NetworkCounters.Counter.RECONNECTS_ACCEPTED, 3);
        admin.sample();
    }

    @AfterEach
    void stop() {
        admin.close();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path))
                .timeout(Duration.ofSeconds(5));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void dataRoutesNeedTheBearerTokenButThePageDoesNot() throws Exception {
        for (String path : new String[] {"/metrics", "/healthz", "/api/status", "/api/world", "/events", "/nope"}) {
            HttpResponse<String> none = get(path, null);
            assertEquals(401, none.statusCode(), path);
            assertEquals("Bearer realm=\"tickforge\"", none.headers().firstValue("WWW-Authenticate").orElse(""));
            assertEquals(401, get(path, "wrong").statusCode(), path);
        }
        HttpResponse<String> page = get("/", null);
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("<script src=\"uplot.js\"></script>"));
        HttpResponse<String> uplot = get("/uplot.js", null);
        assertEquals(200, uplot.statusCode());
        assertTrue(uplot.body().contains("uPlot"), "uPlot is served from the webjar in the jar");
        assertEquals(200, get("/dashboard.js", null).statusCode());
        assertEquals(404, get("/nope", TOKEN).statusCode());
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + "/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }

    @Test
    void metricsCarryTheSessionFiguresWithBaseUnits() throws Exception {
        HttpResponse<String> r = get("/metrics", TOKEN);
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        String body = r.body();
        assertTrue(body.contains("tickforge_players{session=\"1\"} 3.0"), body);
        assertTrue(body.contains("tickforge_player_slots{session=\"1\"} 8.0"), body);
        assertTrue(body.contains("tickforge_tick_duration_seconds_count{session=\"1\"} " + TICKS), body);
        assertTrue(body.contains("tickforge_tick_duration_seconds_bucket{session=\"1\",le=\"+Inf\"} " + TICKS), body);
        assertTrue(body.contains("tickforge_tick_lateness_seconds_bucket{session=\"1\",le=\"1.0E-4\"} " + TICKS),
                "ticks run exactly at their deadline on the manual clock: " + body);
        assertTrue(body.contains("tickforge_tick_phase_seconds_count{phase=\"simulation\",session=\"1\"} " + TICKS), body);
        // 3 players x 120 ticks, 300 bytes each: bucket le=384.
        assertTrue(body.contains("tickforge_snapshot_bytes_bucket{session=\"1\",le=\"256.0\"} 0"), body);
        assertTrue(body.contains("tickforge_snapshot_bytes_bucket{session=\"1\",le=\"384.0\"} " + 3 * TICKS), body);
        assertTrue(body.contains("tickforge_snapshot_bytes_sum{session=\"1\"} " + 3 * TICKS * 300 + ".0"), body);
        // 12 345 bytes out in all, 12 000 of them UDP datagrams: TCP is the other 345.
        assertTrue(body.contains("tickforge_network_sent_bytes_total{transport=\"tcp\"} 345.0"), body);
        assertTrue(body.contains("tickforge_network_sent_bytes_total{transport=\"udp\"} 12000.0"), body);
        assertTrue(body.contains("tickforge_network_dropped_total{reason=\"udp_garbage\"} 7.0"), body);
        assertTrue(body.contains("tickforge_inputs_total{outcome=\"applied\",session=\"1\"}"), body);
        // Replication's counters as of the last stats publish (the fake: per packet one coding
        // shared, one computed, nothing deferred), so shared == computed == complete packets.
        final java.util.regex.Matcher shared = java.util.regex.Pattern.compile(
                "tickforge_replication_codings_total\\{how=\"shared\",session=\"1\"\\} (\\d+)\\.0").matcher(body);
        assertTrue(shared.find(), body);
        assertTrue(Long.parseLong(shared.group(1)) >= 3 * 60, "three players' packets of at least one stats second: " + body);
        assertTrue(body.contains("tickforge_replication_codings_total{how=\"computed\",session=\"1\"} " + shared.group(1) + ".0"), body);
        assertTrue(body.contains("tickforge_replication_packets_total{outcome=\"complete\",session=\"1\"} " + shared.group(1) + ".0"), body);
        assertTrue(body.contains("tickforge_replication_packets_total{outcome=\"deferred\",session=\"1\"} 0.0"), body);
        // The fake's arenas grew three times, once with no spare left.
        assertTrue(body.contains("tickforge_replication_arena_growths_total{outcome=\"spare\",session=\"1\"} 2.0"), body);
        assertTrue(body.contains("tickforge_replication_arena_growths_total{outcome=\"allocated\",session=\"1\"} 1.0"), body);
        assertTrue(body.contains("tickforge_reconnects_total{outcome=\"held\"} 4.0"), body);
        assertTrue(body.contains("tickforge_reconnects_total{outcome=\"accepted\"} 3.0"), body);
        assertTrue(body.contains("tickforge_reconnects_total{outcome=\"grace_expired\"} 0.0"), body);
        assertTrue(body.contains("tickforge_build_info{version=\"9.9.9\"} 1"), body);
        assertTrue(body.contains("jvm_memory_used_bytes{area=\"heap\"}"), "JVM metrics: " + body);
        assertTrue(body.contains("jvm_gc_collection_seconds"), "GC pauses: " + body);
        assertTrue(!body.contains("alice"), "never a player name or id as a label");
    }

    @Test
    void healthFollowsTheTickCounterAndDraining() throws Exception {
        HttpResponse<String> ok = get("/healthz", TOKEN);
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("ok tick " + (TICKS - 1) + "\n", ok.body());

        adminClockNs.addAndGet(TimeUnit.MILLISECONDS.toNanos(1500));
        HttpResponse<String> stalled = get("/healthz", TOKEN);
        assertEquals(503, stalled.statusCode());
        assertEquals("tick loop stalled: no tick for 1500 ms\n", stalled.body());

        s.tick();
        assertEquals(200, get("/healthz", TOKEN).statusCode(), "a new tick makes it healthy again");
        draining.set(true);
        assertEquals(503, get("/healthz", TOKEN).statusCode());
        assertEquals("draining\n", get("/healthz", TOKEN).body());
    }

    @Test
    void statusAndWorldAreJson() throws Exception {
        JsonNode st = json.readTree(get("/api/status", TOKEN).body());
        assertEquals(1, st.get("session").asInt());
        assertEquals("9.9.9", st.get("version").asText());
        assertEquals(3, st.get("players").asInt());
        assertEquals(8, st.get("playerSlots").asInt());
        assertEquals(TICKS - 1, st.get("tick").asLong());
        assertEquals(TICKS, st.get("counters").get("ticks").asLong());
        assertEquals(12345, st.get("counters").get("bytesOut").asLong());
        assertEquals(7, st.get("counters").get("drops").get("udp_garbage").asLong());
        JsonNode network = st.get("counters").get("network");
        assertEquals(io.tickforge.server.net.NetworkCounters.Counter.values().length, network.size(), "every counter, zeros too");
        assertEquals(7, network.get("udp_garbage").asLong());
        assertEquals(0, network.get("udp_replayed").asLong());
        assertTrue(st.get("healthy").asBoolean());

        JsonNode w = json.readTree(get("/api/world", TOKEN).body());
        assertEquals(3, w.get("players").size());
        assertEquals("carol \"<c>\"", w.get("players").get(2).get("name").asText(), "names are escaped, not dropped");
        assertEquals(2 * 50, w.get("npcs").size(), "NPCs as x, y pairs");
        assertEquals(256.0, w.get("arenaSizeMetres").asDouble());
    }

    @Test
    void eventsStreamStatusThenWorld() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + "/events"))
                .header("Authorization", "Bearer " + TOKEN).build();
        HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        assertEquals("text/event-stream; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            assertEquals("event: status", in.readLine());
            assertEquals(3, json.readTree(in.readLine().substring("data: ".length())).get("players").asInt());
            assertEquals("", in.readLine());
            assertEquals("event: world", in.readLine());
            assertEquals(3, json.readTree(in.readLine().substring("data: ".length())).get("players").size());
        }
    }
}
