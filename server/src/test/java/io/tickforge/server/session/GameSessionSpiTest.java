package io.tickforge.server.session;

import io.tickforge.server.gameapi.RecordingGame;
import io.tickforge.server.tick.ManualTickClock;
import io.tickforge.shared.protocol.InputPacket;
import io.tickforge.shared.protocol.RejectReason;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The session drives a game through the SPI only: callback order, the inputs view, join rejection. */
class GameSessionSpiTest {
    private final ManualTickClock clock = new ManualTickClock(1_000_000_000L);
    private final RecordingReplication replication = new RecordingReplication();
    private final RecordingGame game = new RecordingGame(3, "banned");
    private final GameSession session = new GameSession(SessionConfig.of(4, 30, 3, 0), game, replication, clock,
            remaining -> { throw new AssertionError("tests never wait"); });
    private long slotIndex;

    private void tick() {
        clock.setNs(session.tickLoop().deadlineNs(slotIndex++));
        assertEquals(1, session.tickLoop().doWork(clock.nanoTime()));
    }

    @Test
    void callbacksComeInOrderOnTheTickThread() throws Exception {
        tick();                                                  // tick 0
        int a = session.reserveSlot();
        session.enqueueJoin(a, "ada", new FakeLink(1));
        tick();                                                  // tick 1: join
        session.enqueueLeave(a);
        tick();                                                  // tick 2: leave
        assertTrue(session.stop(1, TimeUnit.SECONDS));
        assertEquals(List.of("start 0 30 Hz 3", "attempt ada", "join ada " + a + " @1", "leave ada @2", "end"), game.calls);
        assertTrue(session.stop(1, TimeUnit.SECONDS));
        assertEquals(5, game.calls.size(), "end once");
        assertEquals(32.0, session.gameDescriptor().worldSizeM());
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void onSharedTickThreadsStopWaitsForTheTickAndEndsTheGameOnce() throws Exception {
        final io.tickforge.server.tick.TickScheduler scheduler = new io.tickforge.server.tick.TickScheduler(1, clock,
                remaining -> java.util.concurrent.locks.LockSupport.parkNanos(50_000), "tick-sched-spi");
        scheduler.start();
        try {
            session.tickLoop().start(1_000_000_000L); // slot 0 now, whenever the scheduler first looks
            session.start(scheduler);
            for (int slot = 1; slot <= 3; slot++) {
                clock.setNs(1_000_000_000L + slot * 1_000_000_000L / 30);
                while (session.currentTick() < slot) {
                    Thread.sleep(1);
                }
            }
            assertTrue(session.stop(5, TimeUnit.SECONDS));
            assertEquals(0, scheduler.loopCount(), "off the scheduler");
            assertEquals("start 0 30 Hz 3", game.calls.get(0));
            assertEquals("end", game.calls.get(game.calls.size() - 1), "ended after its last tick");
            final int calls = game.calls.size();
            clock.setNs(2_000_000_000L);
            Thread.sleep(20);
            assertEquals(calls, game.calls.size(), "no tick after stop");
            assertTrue(session.stop(1, TimeUnit.SECONDS));
            assertEquals(calls, game.calls.size(), "end once");
        } finally {
            scheduler.close();
        }
    }

    @Test
    void theInputsViewCarriesEachJoinedPlayersInputForTheTick() {
        tick();                                                  // tick 0
        int a = session.reserveSlot();
        int b = session.reserveSlot();
        session.enqueueJoin(a, "ada", new FakeLink(1));
        session.enqueueJoin(b, "bob", new FakeLink(2));
        tick();                                                  // tick 1: both join, no inputs yet
        assertEquals(List.of(), game.inputs, "zeros before any input");
        InputPacket p = new InputPacket();
        p.newestTick = 2;
        p.count = 1;
        p.set(0, 40, -3, 1234, 1);
        assertTrue(session.offerInput(b, p));
        tick();                                                  // tick 2: bob's input applied
        tick();                                                  // tick 3: repeated, not received
        assertEquals(List.of("2:" + b + ":40:-3:1234:1:true", "3:" + b + ":40:-3:1234:1:false"), game.inputs);
        assertEquals(2, replication.lastWorld.count, "the game wrote both players");
        assertEquals(1000 + 80, replication.lastWorld.x[replication.lastWorld.indexOf(b)], "moved twice by 40");
        assertEquals(2, session.playerCount());
    }

    @Test
    void aRejectedJoinNeverEntersTheGameAndItsSlotEndsWithTheNetworksLeave() {
        tick();                                                  // tick 0
        FakeLink link = new FakeLink(7);
        int slot = session.reserveSlot();
        session.enqueueJoin(slot, "banned-bob", link);
        tick();                                                  // tick 1: attempt, rejected
        assertEquals(RejectReason.GAME_REJECTED, link.rejected.reason);
        assertEquals(RecordingGame.REJECT_TEXT + "'banned'", link.rejected.text);
        assertNull(link.bye, "rejected, not kicked");
        assertEquals(List.of("start 0 30 Hz 3", "attempt banned-bob"), game.calls, "no join, no leave");
        assertEquals(0, session.playerCount());
        assertEquals(1, session.joinsRejectedByGame());
        assertTrue(link.snapshots.isEmpty(), "no snapshot for a rejected player");
        assertFalse(replication.events.contains("add " + slot), "replication never heard of it");
        // The slot stays reserved until the network's leave for that connection.
        int other = session.reserveSlot();
        int third = session.reserveSlot();
        assertEquals(-1, session.reserveSlot(), "3 slots: the rejected one is still taken");
        session.releaseSlot(other);
        session.releaseSlot(third);
        session.enqueueLeave(slot);
        tick();                                                  // tick 2: the leave frees it
        assertEquals(List.of("start 0 30 Hz 3", "attempt banned-bob"), game.calls, "the game hears no leave");
        assertEquals(slot, session.reserveSlot(), "free again");
    }
}
