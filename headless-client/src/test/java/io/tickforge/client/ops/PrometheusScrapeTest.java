package io.tickforge.client.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A running server with bots, seen by the real Prometheus tools: {@code promtool check metrics}
 * accepts the scrape, and a Prometheus server scraping 127.0.0.1 every second reports
 * {@code tickforge_players} equal to the bots and a tick histogram with counts. Debian packages
 * {@code prometheus} (promtool comes with it); see {@link ExternalTool} for CI vs local runs.
 */
class PrometheusScrapeTest {
    private static final int BOTS = 4;
    private static final Path WORK = Path.of("target", "prometheus-test");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    private String get(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url + ": " + r.body());
        return r.body();
    }

    @Test
    @Timeout(60)
    void promtoolAcceptsTheScrape() throws Exception {
        final Path promtool = ExternalTool.require("/usr/bin/promtool", "prometheus");
        Files.createDirectories(WORK);
        try (OpsServer server = new OpsServer(BOTS, 200)) {
            Thread.sleep(1500);
            final String metrics = get(server.adminUrl() + "/metrics");
            assertTrue(metrics.contains("tickforge_players{session=\"1\"} " + BOTS + ".0"), metrics);
            final Path file = WORK.resolve("scrape.txt");
            Files.writeString(file, metrics);
            final Process p = new ProcessBuilder(promtool.toString(), "check", "metrics")
                    .redirectInput(file.toFile()).redirectErrorStream(true).start();
            final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "promtool finished");
            assertEquals(0, p.exitValue(), "promtool check metrics (" + file + "):\n" + out);
            assertEquals("", out.trim(), "no lint findings");
        }
    }

    @Test
    @Timeout(120)
    void prometheusScrapesPlayersAndTickHistogram() throws Exception {
        final Path prometheus = ExternalTool.require("/usr/bin/prometheus", "prometheus");
        final Path dir = WORK.resolve("run-" + System.nanoTime());
        Files.createDirectories(dir);
        try (OpsServer server = new OpsServer(BOTS, 200)) {
            final int webPort = freePort();
            final Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, String.join("\n",
                    "global:",
                    "  scrape_interval: 1s",
                    "  scrape_timeout: 1s",
                    "  evaluation_interval: 1s",
                    "scrape_configs:",
                    "  - job_name: tickforge",
                    "    static_configs:",
                    "      - targets: ['127.0.0.1:" + server.admin.port() + "']",
                    ""));
            final Path log = dir.resolve("prometheus.log");
            final Process p = new ProcessBuilder(prometheus.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + webPort,
                    "--log.level=warn")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                final String api = "http://127.0.0.1:" + webPort + "/api/v1/query?query=";
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                double players = -1;
                double tickCount = 0;
                double p99 = 0;
                while (System.nanoTime() < deadline) {
                    if (!p.isAlive()) {
                        fail("prometheus exited " + p.exitValue() + ":\n" + Files.readString(log));
                    }
                    try {
                        players = value(get(api + enc("tickforge_players{job=\"tickforge\",session=\"1\"}")));
                        tickCount = value(get(api + enc("tickforge_tick_duration_seconds_count{job=\"tickforge\"}")));
                        p99 = value(get(api + enc("histogram_quantile(0.99, tickforge_tick_duration_seconds_bucket{job=\"tickforge\"})")));
                    } catch (IOException | AssertionError notYet) {
                        // Not listening or not scraped yet.
                    }
                    if (players == BOTS && tickCount > 0 && p99 > 0) {
                        break;
                    }
                    Thread.sleep(500);
                }
                assertEquals(BOTS, players, "tickforge_players as Prometheus scraped it; log:\n" + Files.readString(log));
                assertTrue(tickCount > 0, "ticks counted by the histogram: " + tickCount);
                assertTrue(p99 > 0 && p99 <= 0.05, "histogram_quantile(0.99) over our buckets: " + p99);
                assertEquals(1.0, value(get(api + enc("up{job=\"tickforge\"}"))), "the target is up");
            } finally {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    /** The single sample's value of an instant-vector query, or -1 when there is none. */
    private double value(String body) throws IOException {
        final JsonNode root = json.readTree(body);
        assertEquals("success", root.get("status").asText(), body);
        final JsonNode result = root.get("data").get("result");
        if (result.size() == 0) {
            return -1;
        }
        assertEquals(1, result.size(), body);
        return Double.parseDouble(result.get(0).get("value").get(1).asText());
    }

    private static String enc(String query) {
        return URLEncoder.encode(query, StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
