package io.tickforge.server.session;

import io.tickforge.server.tick.ManualTickClock;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The roster listener hears each join and leave once, at the tick boundary that applies it. Manual clock. */
class GameSessionRosterTest {
    private final ManualTickClock clock = new ManualTickClock(5_000_000_000L);
    private final GameSession session = ArenaSessions.session(SessionConfig.of(3, 60, 4, 0), new RecordingReplication(), clock,
            remaining -> { throw new AssertionError("tests never wait"); });
    private final List<String> heard = new ArrayList<>();
    private long slotIndex;

    private void tick() {
        clock.setNs(session.tickLoop().deadlineNs(slotIndex++));
        assertEquals(1, session.tickLoop().doWork(clock.nanoTime()));
    }

    @Test
    void joinsAndLeavesReachTheListenerAtTheBoundary() {
        session.setRosterListener(new RosterListener() {
            @Override
            public void joined(int slot, String name) {
                heard.add("+" + name + "#" + slot);
            }

            @Override
            public void left(int slot, String name) {
                heard.add("-" + name + "#" + slot);
            }
        });
        int ada = session.reserveSlot();
        session.enqueueJoin(ada, "ada", new FakeLink(1));
        int bob = session.reserveSlot();
        session.enqueueJoin(bob, "bob", new FakeLink(2));
        assertEquals(List.of(), heard, "nothing before the boundary");
        tick();
        assertEquals(List.of("+ada#0", "+bob#1"), heard);

        session.enqueueLeave(ada);
        session.enqueueLeave(ada); // a second leave for the same slot is not a second event
        tick();
        assertEquals(List.of("+ada#0", "+bob#1", "-ada#0"), heard);
    }

    @Test
    void aThrowingListenerCostsNothingButItsOwnEvent() {
        session.setRosterListener(new RosterListener() {
            @Override
            public void joined(int slot, String name) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void left(int slot, String name) {
                heard.add("-" + name);
            }
        });
        int ada = session.reserveSlot();
        session.enqueueJoin(ada, "ada", new FakeLink(1));
        tick();
        assertEquals(1, session.playerCount(), "the join happened regardless");
        session.enqueueLeave(ada);
        tick();
        assertEquals(List.of("-ada"), heard);
        assertEquals(0, session.playerCount());
    }
}
