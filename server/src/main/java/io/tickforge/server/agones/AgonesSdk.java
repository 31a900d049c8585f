package io.tickforge.server.agones;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A client for the Agones SDK sidecar's REST API on {@code http://localhost:$AGONES_SDK_HTTP_PORT}
 * (paths and bodies as in Agones' {@code sdks/swagger/sdk.swagger.json} and
 * {@code beta.swagger.json}). Blocking calls on the JDK HTTP client; each fails with an
 * {@link IOException} carrying the status and the sidecar's message. Thread-safe; never called
 * from the tick thread.
 */
public final class AgonesSdk {
    /** The environment variable Agones sets to the sidecar's HTTP port. */
    public static final String PORT_ENV = "AGONES_SDK_HTTP_PORT";

    private static final String EMPTY = "{}";

    private final URI base;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final ObjectMapper json = new ObjectMapper();

    public AgonesSdk(URI base, Duration requestTimeout) {
        if (base == null || requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("base URI and a positive request timeout are required");
        }
        this.base = base;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** The sidecar's HTTP port when {@value #PORT_ENV} is unset (Agones' default). */
    public static final int DEFAULT_PORT = 9358;

    /**
     * The sidecar this process should talk to, or null when it is not an Agones GameServer:
     * {@code requested} is {@code --agones}; {@code portEnv} is {@value #PORT_ENV}'s value (null when
     * unset), which Agones sets in every GameServer pod and which alone turns the client on.
     * Throws IllegalArgumentException with a one-line message for a port that is not one.
     */
    public static AgonesSdk fromEnvironment(boolean requested, String portEnv) {
        if (!requested && portEnv == null) {
            return null;
        }
        if (portEnv == null) {
            return onLocalhost(DEFAULT_PORT);
        }
        try {
            return onLocalhost(Integer.parseInt(portEnv.trim()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PORT_ENV + "='" + portEnv + "' is not a port (1..65535)");
        }
    }

    /** The sidecar on localhost at {@code port}. */
    public static AgonesSdk onLocalhost(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(PORT_ENV + " must be a port in 1..65535, not " + port);
        }
        return new AgonesSdk(URI.create("http://localhost:" + port), Duration.ofSeconds(5));
    }

    public URI base() {
        return base;
    }

    /** {@code POST /ready}: this GameServer takes players. */
    public void ready() throws IOException {
        post("/ready", EMPTY);
    }

    /** {@code POST /health}: one health ping. */
    public void health() throws IOException {
        post("/health", EMPTY);
    }

    /** {@code POST /shutdown}: the session is over; Agones deletes this GameServer. */
    public void shutdown() throws IOException {
        post("/shutdown", EMPTY);
    }

    /** {@code GET /gameserver}. */
    public GameServerInfo gameServer() throws IOException {
        return GameServerInfo.parse(json.readTree(send(request("/gameserver").GET().build())));
    }

    /** {@code PUT /metadata/label}: sets label {@code agones.dev/sdk-<key>}. */
    public void setLabel(String key, String value) throws IOException {
        put("/metadata/label", keyValue(key, value));
    }

    /** {@code PUT /metadata/annotation}: sets annotation {@code agones.dev/sdk-<key>}. */
    public void setAnnotation(String key, String value) throws IOException {
        put("/metadata/annotation", keyValue(key, value));
    }

    /** {@code POST /v1beta1/lists/{list}:addValue} (Counters and Lists, beta, on by default since Agones 1.41). */
    public void addListValue(String list, String value) throws IOException {
        post("/v1beta1/lists/" + pathSegment(list) + ":addValue", valueBody(value));
    }

    /** {@code POST /v1beta1/lists/{list}:removeValue}. */
    public void removeListValue(String list, String value) throws IOException {
        post("/v1beta1/lists/" + pathSegment(list) + ":removeValue", valueBody(value));
    }

    /**
     * {@code GET /watch/gameserver}: blocks, handing every update (one JSON line
     * {@code {"result": GameServer}}) to {@code onUpdate}, until the sidecar ends the stream or
     * {@code stream} is closed by {@link Watch#close()} from another thread.
     */
    public void watchGameServer(Watch watch, Consumer<GameServerInfo> onUpdate) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/watch/gameserver")).GET().build();
        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("GET /watch/gameserver: HTTP " + response.statusCode());
            }
            if (!watch.attach(lines)) {
                return;
            }
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next().strip();
                if (line.isEmpty()) {
                    continue;
                }
                JsonNode node = json.readTree(line);
                JsonNode result = node.get("result");
                if (result == null) {
                    throw new IOException("watch update without 'result': " + abbreviate(line));
                }
                onUpdate.accept(GameServerInfo.parse(result));
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Lets another thread end a running {@link #watchGameServer}. */
    public static final class Watch {
        private Stream<String> lines;
        private boolean closed;

        synchronized boolean attach(Stream<String> lines) {
            if (closed) {
                return false;
            }
            this.lines = lines;
            return true;
        }

        public synchronized void close() {
            closed = true;
            if (lines != null) {
                lines.close();
            }
        }

        public synchronized boolean isClosed() {
            return closed;
        }
    }

    // ---- plumbing ----------------------------------------------------------------------------

    private void post(String path, String body) throws IOException {
        send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    private void put(String path, String body) throws IOException {
        send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(requestTimeout);
    }

    private String send(HttpRequest request) throws IOException {
        final HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException(request.method() + " " + request.uri().getRawPath() + ": cannot reach the Agones sidecar at "
                    + base + " (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(request.method() + " " + request.uri().getPath() + " interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException(request.method() + " " + request.uri().getRawPath() + ": HTTP " + response.statusCode()
                    + " " + abbreviate(response.body()));
        }
        return response.body();
    }

    private String keyValue(String key, String value) {
        ObjectNode node = json.createObjectNode();
        node.put("key", key);
        node.put("value", value);
        return node.toString();
    }

    private String valueBody(String value) {
        ObjectNode node = json.createObjectNode();
        node.put("value", value);
        return node.toString();
    }

    private static String pathSegment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() <= 200 ? one : one.substring(0, 200) + "...";
    }
}
