package io.tickforge.server.session;

import io.tickforge.server.game.ArenaGame;
import io.tickforge.server.replication.DeltaReplication;
import io.tickforge.server.replication.ReplicationConfig;
import io.tickforge.shared.protocol.Hello;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sessions on demand come and go without leaving anything behind: a {@link SessionHost} starts
 * and ends many sessions (each with its tick thread, a replication worker and its game), one after
 * another; afterwards no session thread is alive and the heap is back near where it started. The
 * default build runs 40; {@code @Tag("soak")} runs the 1 000
 * ({@code mvn -o test -pl shared,server -Dtest=SessionHostSoakTest -Dtickforge.excludedGroups= -Dgroups=soak}).
 */
class SessionHostSoakTest {
    private static final int PLAYERS = 8;

    private static SessionHost.Factory arena() {
        return id -> {
            final ArenaGame game = new ArenaGame(PLAYERS, 16, 60);
            return new GameSession(SessionConfig.of(id, 60, PLAYERS, 16), game,
                    new DeltaReplication(ReplicationConfig.defaults(PLAYERS, game.describe().worldSizeM())
                            .withReplicationThreads(1).withEntityLayout(game.describe().entityLayout())));
        };
    }

    @Test
    @Timeout(120)
    void fortySessionsStartAndEndCleanly() throws Exception {
        churn(40);
    }

    @Test
    @Timeout(120)
    void fortySessionsStartAndEndCleanlyOnASharedTickThread() throws Exception {
        churn(40, 1);
    }

    @Test
    @Tag("soak")
    @Timeout(1800)
    void aThousandSessionsStartAndEndCleanly() throws Exception {
        churn(1000);
    }

    @Test
    @Tag("soak")
    @Timeout(1800)
    void aThousandSessionsStartAndEndCleanlyOnASharedTickThread() throws Exception {
        churn(1000, 1);
    }

    private static void churn(int sessions) throws Exception {
        churn(sessions, 0);
    }

    /** {@code tickThreads} 0: a tick thread per session; else that many shared ones. */
    private static void churn(int sessions, int tickThreads) throws Exception {
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        final long heapBefore = settledHeap(memory);
        final int threadsBefore = sessionThreads();
        // Timeout 0: a check ends a session as soon as it finds it empty.
        final SessionHost host = new SessionHost(arena(), "arena", 4, 0, System::nanoTime,
                tickThreads == 0 ? null : io.tickforge.server.tick.TickScheduler.onSystemClock(tickThreads));
        assertEquals(1, host.check(0), "the first session, never joined, ends at the first check");
        for (int i = 0; i < sessions; i++) {
            final SessionDirectory.Placement placed = host.place(Hello.ANY_SESSION);
            assertTrue(placed.placed(), placed.text());
            final GameSession session = (GameSession) placed.session();
            // Let it tick a little with the slot reserved, then give the slot back: empty.
            while (session.currentTick() < 2) {
                Thread.sleep(1);
            }
            assertEquals(0, host.check(0), "a reserved slot keeps the session");
            if (tickThreads > 0) {
                assertEquals(1, host.sessions().size());
            }
            session.releaseSlot(placed.slot());
            assertEquals(1, host.check(0));
            assertEquals(0, host.liveCount());
        }
        assertEquals(sessions + 1L, host.createdCount());
        assertEquals(sessions + 1L, host.endedEmptyCount());
        host.close();
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (sessionThreads() > threadsBefore && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(threadsBefore, sessionThreads(), "tick and replication threads left behind");
        final long heapAfter = settledHeap(memory);
        final long grownMb = (heapAfter - heapBefore) >> 20;
        System.out.printf("SessionHostSoakTest: %d sessions, heap %d MB -> %d MB, session threads %d -> %d%n", sessions,
                heapBefore >> 20, heapAfter >> 20, threadsBefore, sessionThreads());
        assertTrue(grownMb < 24, "heap grew by " + grownMb + " MB over " + sessions + " sessions");
    }

    /** Threads a session owns: its tick thread and its replication workers. */
    private static int sessionThreads() {
        int n = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && (t.getName().startsWith("tick-session-") || t.getName().startsWith("tick-sched-") || t.getName().startsWith("tickforge-replication-"))) {
                n++;
            }
        }
        return n;
    }

    private static long settledHeap(MemoryMXBean memory) throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
