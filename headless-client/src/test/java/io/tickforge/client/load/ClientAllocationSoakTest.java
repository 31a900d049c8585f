package io.tickforge.client.load;

import io.tickforge.client.ClientDriver;
import io.tickforge.client.GameClient;
import io.tickforge.client.GameClientConfig;
import io.tickforge.client.bot.BotController;
import io.tickforge.client.bot.BotGames;
import io.tickforge.client.metrics.ClientMetrics;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Measures what the driver thread allocates per received snapshot in steady state (8 bots, real
 * server on loopback). Soak-tagged: it takes ~10 s and prints its figure for docs/BOTS.md.
 * Run: {@code mvn -o -pl headless-client -am test -Dtest=ClientAllocationSoakTest
 * -Dtickforge.excludedGroups= -Dgroups=soak -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("soak")
class ClientAllocationSoakTest {

    @Test
    @Timeout(60)
    void steadyStateAllocationPerSnapshot() throws Exception {
        final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (InProcessServer server = new InProcessServer(60, 32, 1000);
             ClientDriver driver = new ClientDriver("alloc-driver", 500)) {
            driver.start();
            final ClientMetrics[] metrics = new ClientMetrics[8];
            for (int i = 0; i < metrics.length; i++) {
                metrics[i] = new ClientMetrics();
                final GameClient c = new GameClient(GameClientConfig.builder("127.0.0.1", server.tcpPort(),
                        server.udpPort()).playerName("alloc-" + i).build(),
                        new BotController(BotGames.installed().create("arena", "wander", i), 512), metrics[i]);
                driver.add(c);
                c.connect();
                assertTrue(c.awaitJoined(5, TimeUnit.SECONDS));
            }
            Thread.sleep(3000); // warm-up: JIT, buffers grown to size
            final long bytes0 = threads.getThreadAllocatedBytes(driver.threadId());
            long snaps0 = 0;
            for (ClientMetrics m : metrics) {
                snaps0 += m.snapshots();
            }
            final long polls0 = driver.polls();
            Thread.sleep(5000);
            final long bytes = threads.getThreadAllocatedBytes(driver.threadId()) - bytes0;
            long snaps = -snaps0;
            for (ClientMetrics m : metrics) {
                snaps += m.snapshots();
            }
            final long passes = driver.polls() - polls0;
            System.out.printf("driver thread allocated %d bytes in 5 s: %.1f bytes per snapshot (%d snapshots),"
                    + " %.1f bytes per pass (%d passes of 8 clients)%n", bytes, bytes / (double) snaps, snaps,
                    bytes / (double) passes, passes);
            assertTrue(snaps > 8 * 60 * 4, "snapshots flowed: " + snaps);
        }
    }
}
