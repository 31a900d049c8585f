package io.tickforge.server.admin;

import io.tickforge.server.net.NetworkCounters;
import io.tickforge.server.session.SyntheticInputs;
import io.tickforge.shared.protocol.InputPacket;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The steady-state tick still allocates nothing with the admin endpoint on, its sampler folding
 * the tick samples, and a client scraping /metrics, /api/status, /api/world and /healthz every
 * 100 ms; the JFR tick event is compiled in but disabled (no recording). 16 players sending
 * redundant inputs and firing, 1000 NPCs, the world feed publishing at 5 Hz. Measured with
 * HotSpot's per-thread allocation counter on the thread that runs the ticks.
 */
class AdminAllocationTest {
    private static final int PLAYERS = 16;

    @Test
    @Timeout(120)
    void ticksDoNotAllocateWhileTheEndpointIsScrapedEvery100ms() throws Exception {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;

        // Publish interval of an hour: TickStats' own publish (one small allocation per interval) is not under test.
        ManualSession s = new ManualSession(60, PLAYERS, 1000, 100, 3_600_000_000_000L);
        for (int i = 0; i < PLAYERS; i++) {
            s.join("bot" + i);
        }
        AdminServer admin = new AdminServer(new AdminConfig("127.0.0.1", 0, null),
                new AdminSources(s.session, new NetworkCounters(), "test"));
        admin.start();
        AtomicBoolean scraping = new AtomicBoolean(true);
        AtomicInteger scrapes = new AtomicInteger();
        AtomicReference<String> scrapeFailure = new AtomicReference<>();
        Thread scraper = new Thread(() -> {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String[] paths = {"/metrics", "/api/status", "/api/world", "/healthz"};
            while (scraping.get()) {
                try {
                    for (String path : paths) {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + admin.port() + path)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200 && !path.equals("/healthz")) {
                            scrapeFailure.set(path + " -> " + r.statusCode());
                        }
                    }
                    scrapes.incrementAndGet();
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    scrapeFailure.set(e.toString());
                }
            }
        }, "scraper");
        scraper.start();
        try {
            InputPacket packet = new InputPacket();
            final int warmupTicks = 20_000;
            final int minMeasuredTicks = 5_000;
            final int minScrapes = 10;
            int tick = 0;
            for (; tick < warmupTicks; tick++) {
                step(s, packet, tick);
            }
            final int scrapesBefore = scrapes.get();
            final long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            int measured = 0;
            while (measured < minMeasuredTicks || scrapes.get() - scrapesBefore < minScrapes) {
                step(s, packet, tick++);
                measured++;
                if ((measured & 1023) == 0) {
                    // Let the scraper and sampler run between bursts of ticks (sleeping allocates nothing).
                    Thread.sleep(5);
                }
            }
            final long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            assertNull(scrapeFailure.get());
            assertTrue(scrapes.get() - scrapesBefore >= minScrapes);
            assertEquals(PLAYERS, s.session.playerCount());
            assertTrue(s.session.worldFeed().read() != null, "the world feed was published");
            admin.sample();
            assertTrue(admin.ticks().duration().count() >= warmupTicks, "the sampler saw the ticks");
            // Zero is expected; a few hundred bytes of slack absorb one-off JVM-internal allocations.
            assertTrue(allocated < 1024, "allocated " + allocated + " bytes over " + measured + " ticks and "
                    + (scrapes.get() - scrapesBefore) + " scrapes");
        } finally {
            scraping.set(false);
            scraper.interrupt();
            scraper.join(5000);
            admin.close();
        }
    }

    private static void step(ManualSession s, InputPacket packet, int tick) {
        SyntheticInputs.offer(s.session, packet, PLAYERS, tick);
        s.tick();
    }
}
