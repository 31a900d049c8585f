package io.tickforge.server.session;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The per-session byte counters the UDP transport writes from its receive thread and every sending
 * thread at once: no add is lost under contention, and adding allocates nothing once warm (the
 * hot-path rule of the transport).
 */
class SessionTrafficTest {

    @Test
    @Timeout(60)
    void concurrentAddsAreAllCounted() throws Exception {
        final SessionTraffic traffic = new SessionTraffic();
        final int threads = 4;
        final int adds = 200_000;
        final CountDownLatch go = new CountDownLatch(1);
        final Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            ts[t] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < adds; i++) {
                    traffic.udpSent(3);
                    traffic.udpReceived(1);
                }
            });
            ts[t].start();
        }
        go.countDown();
        for (Thread t : ts) {
            t.join();
        }
        assertEquals(3L * threads * adds, traffic.udpBytesOut());
        assertEquals((long) threads * adds, traffic.udpBytesIn());
    }

    @Test
    void addingAllocatesNothingOnceWarm() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's allocation counter");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        final SessionTraffic traffic = new SessionTraffic();
        for (int i = 0; i < 100_000; i++) { // warm-up: JIT
            traffic.udpSent(i & 1023);
            traffic.udpReceived(i & 127);
        }
        final long id = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 1_000_000; i++) {
            traffic.udpSent(i & 1023);
            traffic.udpReceived(i & 127);
        }
        final long allocated = threads.getThreadAllocatedBytes(id) - before;
        // A few bytes of slack for the counter read itself; one allocation per add would be megabytes.
        assertEquals(0, allocated / 1024, "allocated " + allocated + " B over 2 000 000 adds");
    }
}
