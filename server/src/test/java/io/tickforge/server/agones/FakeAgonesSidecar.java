package io.tickforge.server.agones;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the Agones SDK sidecar's REST server, on 127.0.0.1 and an ephemeral port. Every
 * request is first checked against Agones' published schema ({@link SwaggerContract}); one the
 * schema does not define is recorded as a violation and answered 400. Keeps a GameServer
 * (state, labels, annotations, a {@code players} List) the way the sidecar does and streams it on
 * {@code /watch/gameserver} after every change.
 */
public final class FakeAgonesSidecar implements AutoCloseable {
    public record Call(String method, String path, String body) {
    }

    private static final Pattern LIST_OP = Pattern.compile("/v1beta1/lists/([^/:]+):(addValue|removeValue)");
    private static final String END = "\u0000end";

    private final SwaggerContract contract;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-agones");
        t.setDaemon(true);
        return t;
    });
    private final ObjectMapper json = new ObjectMapper();
    public final List<Call> calls = new CopyOnWriteArrayList<>();
    public final List<String> violations = new CopyOnWriteArrayList<>();
    private final List<LinkedBlockingQueue<String>> watchers = new CopyOnWriteArrayList<>();

    // Guarded by this.
    private String state = "Scheduled";
    private final Map<String, String> labels = new TreeMap<>();
    private final Map<String, String> annotations = new TreeMap<>();
    private final Set<String> players = new LinkedHashSet<>();
    private final long playersCapacity;
    private int healthPings;

    public FakeAgonesSidecar(long playersCapacity) throws IOException {
        this.playersCapacity = playersCapacity;
        this.contract = new SwaggerContract("/agones/sdk.swagger.json", "/agones/beta.swagger.json");
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public synchronized String state() {
        return state;
    }

    public synchronized int healthPings() {
        return healthPings;
    }

    public synchronized List<String> players() {
        return new ArrayList<>(players);
    }

    public List<String> paths() {
        return calls.stream().map(c -> c.method() + " " + c.path()).toList();
    }

    /** What a GameServerAllocation does: Allocated, with the metadata it asked for. */
    public void allocate(Map<String, String> newLabels, Map<String, String> newAnnotations) {
        synchronized (this) {
            state = "Allocated";
            labels.putAll(newLabels);
            annotations.putAll(newAnnotations);
        }
        publish();
    }

    @Override
    public void close() {
        for (LinkedBlockingQueue<String> w : watchers) {
            w.add(END);
        }
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            final String method = exchange.getRequestMethod();
            final String path = exchange.getRequestURI().getRawPath();
            final String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            calls.add(new Call(method, path, body));
            final String problem = contract.violation(method, path, exchange.getRequestHeaders().getFirst("Content-Type"), body);
            if (problem != null) {
                violations.add(problem);
                reply(exchange, 400, error(3, problem));
                return;
            }
            if (method.equals("GET") && path.equals("/watch/gameserver")) {
                stream(exchange);
                return;
            }
            Matcher list = LIST_OP.matcher(path);
            if (list.matches()) {
                listOp(exchange, list.group(1), list.group(2).equals("addValue"), json.readTree(body).path("value").asText());
                return;
            }
            switch (method + " " + path) {
                case "POST /ready" -> changeState("Ready", exchange);
                case "POST /shutdown" -> changeState("Shutdown", exchange);
                case "POST /health" -> {
                    synchronized (this) {
                        healthPings++;
                    }
                    reply(exchange, 200, "{}");
                }
                case "GET /gameserver" -> reply(exchange, 200, gameServer().toString());
                default -> reply(exchange, 501, error(12, "not in this stand-in: " + method + " " + path));
            }
        }
    }

    private void changeState(String next, HttpExchange exchange) throws IOException {
        synchronized (this) {
            state = next;
        }
        reply(exchange, 200, "{}");
        publish();
    }

    private void listOp(HttpExchange exchange, String name, boolean add, String value) throws IOException {
        final int status;
        final String response;
        synchronized (this) {
            if (!name.equals("players")) {
                status = 404;
                response = error(5, "List " + name + " not found");
            } else if (add && players.contains(value)) {
                status = 409;
                response = error(6, "already exists: " + value);
            } else if (add && players.size() >= playersCapacity) {
                status = 400;
                response = error(11, "at capacity");
            } else if (!add && !players.contains(value)) {
                status = 404;
                response = error(5, "not found: " + value);
            } else {
                if (add) {
                    players.add(value);
                } else {
                    players.remove(value);
                }
                status = 200;
                response = listJson().toString();
            }
        }
        reply(exchange, status, response);
        if (status == 200) {
            publish();
        }
    }

    private void stream(HttpExchange exchange) throws IOException {
        LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
        // The current state and the registration in one step with publish(): a change made while
        // this watch starts is then either in the first line or published to it, never lost.
        synchronized (this) {
            queue.add(update());
            watchers.add(queue);
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        try {
            while (true) {
                String line = queue.poll(30, TimeUnit.SECONDS);
                if (line == null || line.equals(END)) {
                    return;
                }
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException | IOException e) {
            // Client went away or the stand-in is closing.
        } finally {
            watchers.remove(queue);
        }
    }

    private synchronized void publish() {
        String line = update();
        for (LinkedBlockingQueue<String> w : watchers) {
            w.add(line);
        }
    }

    private String update() {
        ObjectNode wrapper = json.createObjectNode();
        wrapper.set("result", gameServer());
        return wrapper.toString();
    }

    private synchronized ObjectNode gameServer() {
        ObjectNode gs = json.createObjectNode();
        ObjectNode meta = gs.putObject("object_meta");
        meta.put("name", "tickforge-abcde");
        meta.put("namespace", "default");
        meta.put("creation_timestamp", "1764650000");
        ObjectNode l = meta.putObject("labels");
        labels.forEach(l::put);
        ObjectNode a = meta.putObject("annotations");
        annotations.forEach(a::put);
        ObjectNode status = gs.putObject("status");
        status.put("state", state);
        status.put("address", "10.0.0.7");
        ArrayNode ports = status.putArray("ports");
        ports.addObject().put("name", "tcp").put("port", 7777);
        ports.addObject().put("name", "udp").put("port", 7778);
        ObjectNode lists = status.putObject("lists");
        lists.set("players", listStatus());
        return gs;
    }

    private ObjectNode listStatus() {
        ObjectNode list = json.createObjectNode();
        list.put("capacity", Long.toString(playersCapacity));
        ArrayNode values = list.putArray("values");
        players.forEach(values::add);
        return list;
    }

    private ObjectNode listJson() {
        ObjectNode list = listStatus();
        list.put("name", "players");
        return list;
    }

    private String error(int code, String message) {
        ObjectNode e = json.createObjectNode();
        e.put("code", code);
        e.put("message", message);
        e.putArray("details");
        return e.toString();
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
