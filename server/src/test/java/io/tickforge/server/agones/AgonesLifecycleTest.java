package io.tickforge.server.agones;

import io.tickforge.server.agones.HealthPinger.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Agones client against a stand-in sidecar that holds every call to Agones' published REST
 * schema. Health: by hand, tick by tick. Lifecycle: on a stand-alone {@link AgonesLifecycle}.
 * (The whole server under --agones is driven in {@code io.tickforge.server.cli.ServerMainAgonesTest}.)
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
public class AgonesLifecycleTest {
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private FakeAgonesSidecar sidecar() throws IOException {
        FakeAgonesSidecar sidecar = new FakeAgonesSidecar(8);
        closeables.add(sidecar);
        return sidecar;
    }

    private static AgonesSdk sdk(FakeAgonesSidecar sidecar) {
        return new AgonesSdk(URI.create("http://127.0.0.1:" + sidecar.port()), Duration.ofSeconds(5));
    }

    @Test
    void theSchemaFilesAreReadAndTheCheckerRefusesWhatTheyDoNotDefine() throws IOException {
        SwaggerContract contract = new SwaggerContract("/agones/sdk.swagger.json", "/agones/beta.swagger.json");
        assertEquals(9 + 6, contract.size(), "9 stable operations (sdk) + 6 beta (counters and lists)");
        assertNull(contract.violation("POST", "/ready", "application/json", "{}"));
        assertNull(contract.violation("POST", "/v1beta1/lists/players:addValue", "application/json", "{\"value\":\"a#1\"}"));
        assertNull(contract.violation("GET", "/watch/gameserver", null, ""));
        assertNotNull(contract.violation("POST", "/ready", "application/json", "{\"now\":true}"), "unknown field");
        assertNotNull(contract.violation("POST", "/ready", "text/plain", "{}"), "content type");
        assertNotNull(contract.violation("GET", "/ready", null, ""), "method");
        assertNotNull(contract.violation("POST", "/v1beta1/lists/players:addValue", "application/json", "{}"), "required value");
        assertNotNull(contract.violation("POST", "/v1beta1/lists/players:addValue", "application/json", "{\"value\":7}"), "type");
        assertNotNull(contract.violation("POST", "/alpha/player/connect", "application/json", "{\"playerID\":\"a\"}"),
                "alpha player tracking is not in the schemas we use");
        assertNotNull(contract.violation("POST", "/reserve", "application/json", "{\"seconds\":5}"), "int64 travels as a string");
    }

    @Test
    void theSidecarIsFoundFromTheFlagOrTheEnvironment() {
        assertNull(AgonesSdk.fromEnvironment(false, null), "not under Agones");
        assertEquals(URI.create("http://localhost:9358"), AgonesSdk.fromEnvironment(true, null).base(), "Agones' default port");
        assertEquals(URI.create("http://localhost:59358"), AgonesSdk.fromEnvironment(false, "59358").base(),
                "the variable alone turns it on");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgonesSdk.fromEnvironment(false, "0"));
        assertEquals("AGONES_SDK_HTTP_PORT='0' is not a port (1..65535)", e.getMessage());
    }

    @Test
    void healthPingsOnlyWhileTheTickCounterAdvances() throws IOException {
        FakeAgonesSidecar sidecar = sidecar();
        AtomicLong tick = new AtomicLong(-1);
        HealthPinger pinger = new HealthPinger(sdk(sidecar), tick::get);
        long nowNs = 0;
        final long periodNs = TimeUnit.MILLISECONDS.toNanos(AgonesLifecycle.HEALTH_PERIOD_MS);

        assertEquals(Outcome.NOT_STARTED, pinger.poll(nowNs), "no tick yet");
        tick.set(120);
        assertEquals(Outcome.PINGED, pinger.poll(nowNs += periodNs));
        tick.set(240);
        assertEquals(Outcome.PINGED, pinger.poll(nowNs += periodNs));
        assertEquals(2, sidecar.healthPings());

        // The tick loop freezes at 240: three periods pass without a ping.
        for (int i = 0; i < 3; i++) {
            assertEquals(Outcome.TICK_STALLED, pinger.poll(nowNs += periodNs));
        }
        assertEquals(2, sidecar.healthPings(), "a stuck loop sends no health pings");

        tick.set(241);
        assertEquals(Outcome.PINGED, pinger.poll(nowNs += periodNs));
        assertEquals(3, sidecar.healthPings());
        assertEquals(3, pinger.pings());
        assertEquals(List.of(), sidecar.violations);
    }

    @Test
    void aMissingSidecarIsAFailedPingNotACrash() throws IOException {
        FakeAgonesSidecar sidecar = sidecar();
        AgonesSdk sdk = sdk(sidecar);
        sidecar.close();
        HealthPinger pinger = new HealthPinger(sdk, () -> 5);
        assertEquals(Outcome.FAILED, pinger.poll(0));
        assertEquals(1, pinger.failures());
    }

    @Test
    void readyAllocatedWithTokenPlayersThenShutdown() throws Exception {
        FakeAgonesSidecar sidecar = sidecar();
        AtomicReference<String> token = new AtomicReference<>("unset");
        AgonesLifecycle agones = new AgonesLifecycle(sdk(sidecar), () -> 10, token::set, "configured", 3_600_000);
        closeables.add(agones);
        String lock = token.get();
        assertTrue(lock != null && lock.length() >= 32 && !lock.equals("configured"), "joins locked before allocation");

        agones.start();
        awaitTrue(agones::isReady, "Ready sent");
        assertEquals("Ready", sidecar.state());
        assertNull(agones.allocation());

        sidecar.allocate(Map.of(AgonesLifecycle.MATCH_LABEL, "m-42", "mode", "arena"),
                Map.of(AgonesLifecycle.JOIN_TOKEN_ANNOTATION, "t0k3n"));
        awaitTrue(() -> agones.allocation() != null, "allocation seen on the watch");
        assertEquals("t0k3n", token.get());
        assertEquals("m-42", agones.allocation().matchId());
        assertTrue(agones.allocation().tokenFromAnnotation());
        assertEquals("arena", agones.allocation().labels().get("mode"));

        agones.roster().joined(0, "alice");
        agones.roster().joined(1, "bob");
        awaitTrue(() -> sidecar.players().size() == 2, "players list has both");
        assertEquals(List.of("alice#0", "bob#1"), sidecar.players());
        agones.roster().left(0, "alice");
        awaitTrue(() -> sidecar.players().equals(List.of("bob#1")), "alice removed");
        agones.roster().left(1, "bob");

        agones.shutdown(5000);
        assertEquals("Shutdown", sidecar.state());
        assertEquals(List.of(), sidecar.players(), "the last leave is sent before Shutdown");
        List<String> paths = sidecar.paths();
        assertEquals("POST /ready", paths.stream().filter(p -> !p.startsWith("GET /watch")).findFirst().orElseThrow());
        assertEquals("POST /shutdown", paths.get(paths.size() - 1));
        assertEquals(List.of(), sidecar.violations);
    }

    @Test
    void anAllocationWithoutATokenFallsBackToTheConfiguredOne() throws Exception {
        FakeAgonesSidecar sidecar = sidecar();
        AtomicReference<String> token = new AtomicReference<>();
        AgonesLifecycle agones = new AgonesLifecycle(sdk(sidecar), () -> 10, token::set, null, 3_600_000);
        closeables.add(agones);
        agones.start();
        awaitTrue(agones::isReady, "Ready sent");
        sidecar.allocate(Map.of(), Map.of());
        awaitTrue(() -> agones.allocation() != null, "allocation seen");
        assertNull(token.get(), "no annotation and no --join-token: open");
        assertEquals(List.of(), sidecar.violations);
    }

    @Test
    void readyKeepsRetryingWhileTheSidecarIsDownAndStopsOnShutdown() throws Exception {
        // The sidecar may start after the game server (Agones documents this).
        FakeAgonesSidecar first = sidecar();
        int port = first.port();
        first.close();
        AgonesLifecycle agones = new AgonesLifecycle(
                new AgonesSdk(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(1)), () -> 1, t -> { }, null, 3_600_000);
        closeables.add(agones);
        agones.start();
        Thread.sleep(50);
        assertTrue(!agones.isReady());
        agones.shutdown(2000);
        assertTrue(!agones.isReady(), "stops retrying on shutdown");
    }

    public static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out waiting: " + what);
            }
            Thread.sleep(5);
        }
    }
}
