package io.tickforge.server.admin;

import io.tickforge.server.game.ArenaGame;
import io.tickforge.server.net.NetworkCounters;
import io.tickforge.server.replication.DeltaReplication;
import io.tickforge.server.replication.ReplicationConfig;
import io.tickforge.server.session.GameSession;
import io.tickforge.server.session.SessionConfig;
import io.tickforge.server.session.SessionDirectory;
import io.tickforge.server.session.SessionHost;
import io.tickforge.shared.protocol.Hello;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin endpoint of sessions on demand: /metrics has every live session's series under its
 * {@code session} label (its own UDP bytes included) and the host's session counts, /api/sessions lists the live sessions,
 * /healthz answers, and the bearer token guards every route.
 */
class HostAdminServerTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(HostAdminServer admin, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path))
                .timeout(Duration.ofSeconds(5));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Timeout(60)
    void everyLiveSessionHasItsSeries() throws Exception {
        final SessionHost host = new SessionHost(id -> {
            final ArenaGame game = new ArenaGame(1, 0, 60);
            return new GameSession(SessionConfig.of(id, 60, 1, 0), game,
                    new DeltaReplication(ReplicationConfig.defaults(1, game.describe().worldSizeM())
                            .withReplicationThreads(0).withEntityLayout(game.describe().entityLayout())));
        }, "arena", 4, 60_000);
        host.start();
        // Two sessions: one slot each, reserved as a handshake would.
        final SessionDirectory.Placement first = host.place(Hello.ANY_SESSION);
        final SessionDirectory.Placement second = host.place(Hello.ANY_SESSION);
        assertTrue(first.placed() && second.placed());
        final NetworkCounters network = new NetworkCounters();
        network.add(NetworkCounters.Counter.BYTES_OUT, 1500);
        network.add(NetworkCounters.Counter.UDP_BYTES_OUT, 1200);
        network.add(NetworkCounters.Counter.BYTES_IN, 400);
        network.add(NetworkCounters.Counter.UDP_BYTES_IN, 100);
        final HostAdminServer admin = new HostAdminServer(new AdminConfig("127.0.0.1", 0, "s3cret"), host,
                network, "test");
        // What the UDP transport adds for each session's peers (SessionTrafficLoopbackTest counts real datagrams).
        first.session().traffic().udpReceived(700);
        first.session().traffic().udpSent(1234);
        second.session().traffic().udpReceived(58);
        admin.start();
        try {
            assertEquals(401, get(admin, "/metrics", null).statusCode());
            assertEquals(401, get(admin, "/metrics", "wrong").statusCode());
            final String metrics = get(admin, "/metrics", "s3cret").body();
            final int a = first.session().sessionId();
            final int b = second.session().sessionId();
            assertTrue(metrics.contains("tickforge_player_slots{game=\"arena\",session=\"" + a + "\"} 1"), metrics);
            assertTrue(metrics.contains("tickforge_player_slots{game=\"arena\",session=\"" + b + "\"} 1"), metrics);
            assertTrue(metrics.contains("tickforge_tick_duration_p99_seconds{game=\"arena\",session=\"" + b + "\"}"), metrics);
            assertTrue(metrics.contains("# TYPE tickforge_session_udp_received_bytes_total counter"), metrics);
            assertTrue(metrics.contains("tickforge_session_udp_received_bytes_total{game=\"arena\",session=\"" + a + "\"} 700"), metrics);
            assertTrue(metrics.contains("tickforge_session_udp_received_bytes_total{game=\"arena\",session=\"" + b + "\"} 58"), metrics);
            assertTrue(metrics.contains("tickforge_session_udp_sent_bytes_total{game=\"arena\",session=\"" + a + "\"} 1234"), metrics);
            assertTrue(metrics.contains("tickforge_session_udp_sent_bytes_total{game=\"arena\",session=\"" + b + "\"} 0"), metrics);
            // The process's bytes by transport, as one session's /metrics has them (TCP = total - UDP).
            assertTrue(metrics.contains("tickforge_network_sent_bytes_total{transport=\"tcp\"} 300"), metrics);
            assertTrue(metrics.contains("tickforge_network_sent_bytes_total{transport=\"udp\"} 1200"), metrics);
            assertTrue(metrics.contains("tickforge_network_received_bytes_total{transport=\"tcp\"} 300"), metrics);
            assertTrue(metrics.contains("tickforge_network_received_bytes_total{transport=\"udp\"} 100"), metrics);
            assertTrue(metrics.contains("tickforge_sessions 2"), metrics);
            assertTrue(metrics.contains("tickforge_sessions_max 4"), metrics);
            assertTrue(metrics.contains("tickforge_sessions_ended_total{reason=\"empty\"}"), metrics);
            final String sessions = get(admin, "/api/sessions", "s3cret").body();
            assertTrue(sessions.startsWith("{\"live\":2,\"max\":4,"), sessions);
            assertTrue(sessions.contains("\"games\":[\"arena\"]"), sessions);
            assertTrue(sessions.contains("{\"session\":" + a + ",\"game\":\"arena\",\"players\":"), sessions);
            assertTrue(sessions.contains("{\"session\":" + b + ",\"game\":\"arena\",\"players\":"), sessions);
            assertTrue(sessions.contains("\"udpBytesIn\":700,\"udpBytesOut\":1234}"), sessions);
            assertTrue(sessions.contains("\"udpBytesIn\":58,\"udpBytesOut\":0}"), sessions);
            final HttpResponse<String> health = get(admin, "/healthz", "s3cret");
            assertEquals(200, health.statusCode());
            assertEquals("ok 2 session(s)\n", health.body());
            admin.setDraining(() -> true);
            assertEquals(503, get(admin, "/healthz", "s3cret").statusCode());
            assertEquals(404, get(admin, "/api/status", "s3cret").statusCode());
        } finally {
            admin.close();
            host.close();
        }
    }
}
