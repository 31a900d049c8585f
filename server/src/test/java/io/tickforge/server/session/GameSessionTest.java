package io.tickforge.server.session;

import io.tickforge.server.tick.ManualTickClock;
import io.tickforge.shared.game.ArenaRules;
import io.tickforge.shared.game.Movement;
import io.tickforge.shared.protocol.ByeReason;
import io.tickforge.shared.protocol.InputPacket;
import io.tickforge.shared.protocol.ServerStats;
import io.tickforge.shared.world.EntityIds;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GameSessionTest {
    private static final int RATE = 60;
    private static final long START_NS = 5_000_000_000L;

    private final ManualTickClock clock = new ManualTickClock(START_NS);
    private final RecordingReplication replication = new RecordingReplication();
    private final GameSession session = ArenaSessions.session(SessionConfig.of(7, RATE, 4, 10), replication, clock,
            remaining -> { throw new AssertionError("tests never wait"); });
    private long slotIndex;

    /** Runs exactly one tick at its deadline. */
    private void tick() {
        clock.setNs(session.tickLoop().deadlineNs(slotIndex++));
        assertEquals(1, session.tickLoop().doWork(clock.nanoTime()));
    }

    private int join(String name, FakeLink link) {
        int slot = session.reserveSlot();
        assertTrue(slot >= 0);
        session.enqueueJoin(slot, name, link);
        return slot;
    }

    private static InputPacket packet(long newestTick, int count, int moveX, int moveY, int buttons) {
        InputPacket p = new InputPacket();
        p.newestTick = newestTick;
        p.count = count;
        for (int k = 0; k < Math.min(count, InputPacket.MAX_INPUTS); k++) {
            p.set(k, moveX, moveY, 0, buttons);
        }
        return p;
    }

    @Test
    void theReplicationDeadlineIsAShareOfThePeriodFromTheTicksScheduledStart() {
        final long[] stop = {Long.MIN_VALUE};
        final int[] withoutDeadline = {0};
        Replication spy = new SequentialReplication() {
            @Override
            public void onAcks(int slot, int ackSequence, int ackBits) {
            }

            @Override
            public void recordWorld(io.tickforge.shared.world.WorldSnapshot world) {
            }

            @Override
            public int writePacket(int slot, long lastAppliedInputTick, byte[] out) {
                return 1;
            }

            @Override
            public void writePackets(PacketSink sink) {
                withoutDeadline[0]++;
                super.writePackets(sink);
            }

            @Override
            public void writePackets(PacketSink sink, io.tickforge.server.tick.TickClock c, long stopNs) {
                assertTrue(c == clock, "the session's own clock");
                stop[0] = stopNs;
                super.writePackets(sink);
            }
        };
        GameSession deadlined = ArenaSessions.session(SessionConfig.of(8, RATE, 4, 10).withReplicationDeadlinePercent(80),
                spy, clock, remaining -> { throw new AssertionError("tests never wait"); });
        final long periodNs = 1_000_000_000L / RATE;
        final long due = deadlined.tickLoop().deadlineNs(0);
        clock.setNs(due);
        assertEquals(1, deadlined.tickLoop().doWork(clock.nanoTime()));
        assertEquals(due + periodNs * 80 / 100, stop[0], "80% of the period after the tick's deadline");
        // A tick that starts 5 ms late (catching up) has 5 ms less: the deadline follows the schedule.
        final long due1 = deadlined.tickLoop().deadlineNs(1);
        clock.setNs(due1 + 5_000_000L);
        assertEquals(1, deadlined.tickLoop().doWork(clock.nanoTime()));
        assertEquals(due1 + periodNs * 80 / 100, stop[0]);
        assertEquals(0, withoutDeadline[0], "the deadline variant is the one called");

        // Off (the configuration's default; the server's is 80): every client every tick.
        tick();
        assertTrue(replication.recordedWorlds > 0);
        assertEquals(0, SessionConfig.of(1, RATE, 4, 10).replicationDeadlinePercent());
        assertEquals(80, SessionConfig.DEFAULT_REPLICATION_DEADLINE_PERCENT);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SessionConfig.of(1, RATE, 4, 10).withReplicationDeadlinePercent(101));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SessionConfig.of(1, RATE, 4, 10).withReplicationDeadlinePercent(-1));
    }

    @Test
    void joinTakesEffectAtTheNextTickBoundaryAndGetsSnapshots() {
        tick();                                            // tick 0, empty world
        assertEquals(0, session.currentTick());
        FakeLink link = new FakeLink(100);
        int slot = join("ada", link);
        assertFalse(ArenaSessions.world(session).isPresent(slot), "not before the boundary");
        assertEquals(0, replication.recordedWorlds - 1, "tick 0 recorded one world");
        tick();                                            // tick 1: join applied, then simulated
        assertTrue(ArenaSessions.world(session).isPresent(slot));
        assertEquals("add " + slot, replication.events.get(0));
        assertEquals(1, link.snapshots.size());
        assertArrayEquals(new byte[] {(byte) slot, 1, -1}, link.snapshots.get(0), "no input yet: -1");
        // The world has the player (id = slot) then 10 NPCs (ids 1024..1033).
        assertEquals(1 + 10, replication.lastWorld.count);
        assertEquals(EntityIds.player(slot), replication.lastWorld.entityId[0]);
        assertEquals(EntityIds.npc(9), replication.lastWorld.entityId[10]);
        assertEquals(1, session.playerCount());
    }

    @Test
    void aBurstOfJoinsIsSpreadOverTicksInOrder() {
        GameSession big = ArenaSessions.session(SessionConfig.of(8, RATE, 64, 0), new RecordingReplication(), clock,
                remaining -> { throw new AssertionError("tests never wait"); });
        int burst = 2 * GameSession.MAX_CONTROL_EVENTS_PER_TICK + 8; // 40
        for (int i = 0; i < burst; i++) {
            int slot = big.reserveSlot();
            big.enqueueJoin(slot, "p" + i, new FakeLink(100));
        }
        big.enqueueLeave(0); // queued behind the joins: applied after slot 0's join, never before
        long index = 0;
        int[] expected = {16, 32, 39};
        for (int e : expected) {
            clock.setNs(big.tickLoop().deadlineNs(index++));
            big.tickLoop().doWork(clock.nanoTime());
            assertEquals(e, big.playerCount());
        }
        assertFalse(ArenaSessions.world(big).isPresent(0));
    }

    @Test
    void leaveMidGameRemovesThePlayerAndFreesTheSlot() {
        FakeLink a = new FakeLink(1);
        FakeLink b = new FakeLink(2);
        int slotA = join("a", a);
        int slotB = join("b", b);
        for (int i = 0; i < 10; i++) {
            tick();
        }
        session.enqueueLeave(slotA);
        assertTrue(ArenaSessions.world(session).isPresent(slotA), "still there until the boundary");
        tick();
        assertFalse(ArenaSessions.world(session).isPresent(slotA));
        assertTrue(ArenaSessions.world(session).isPresent(slotB));
        assertTrue(replication.events.contains("remove " + slotA));
        assertEquals(10, a.snapshots.size(), "no snapshot after leaving");
        assertEquals(11, b.snapshots.size());
        assertEquals(21, session.sendsTimed(), "every datagram handed to a link is timed");
        assertTrue(session.sendNanos() >= 0);
        // The freed slot is handed out again; slots 2 and 3 are free too, lowest first.
        assertEquals(slotA, session.reserveSlot());
    }

    @Test
    void aJoinForAnUnreservedSlotIsRefusedAndThatLinkClosed() {
        FakeLink rogue = new FakeLink(1);
        session.enqueueJoin(2, "rogue", rogue);                  // never reserved
        tick();
        assertFalse(ArenaSessions.world(session).isPresent(2));
        assertEquals(ByeReason.KICKED, rogue.bye);
        assertTrue(replication.events.isEmpty());
        assertEquals(0, session.reserveSlot(), "slot state untouched");
    }

    @Test
    void aDetachedPlayerStaysIdleWithoutSnapshotsAndAReattachResumesTheSameEntity() {
        FakeLink first = new FakeLink(1);
        int slot = join("ada", first);
        tick();                                                   // tick 0: joined
        final int startX = ArenaSessions.world(session).xUnits(slot);
        for (long t = 1; t <= 10; t++) {                          // walk east for 10 ticks
            assertTrue(session.offerInput(slot, packet(t, 1, 100, 0, 0)));
            tick();
        }
        int x = ArenaSessions.world(session).xUnits(slot);
        int y = ArenaSessions.world(session).yUnits(slot);
        assertTrue(x > startX, "walked east");
        int sentBefore = first.snapshots.size();

        session.enqueueDetach(slot);
        // Inputs of the dropped connection still in the queue are not applied.
        assertTrue(session.offerInput(slot, packet(11, 1, 100, 0, 0)));
        tick();                                                   // tick 11: detached
        assertTrue(session.isDetached(slot));
        assertTrue(replication.events.contains("remove " + slot));
        for (long t = 12; t <= 30; t++) {
            tick();
        }
        assertEquals(x, ArenaSessions.world(session).xUnits(slot), "idle while held: no input, no repeat of the last one");
        assertEquals(y, ArenaSessions.world(session).yUnits(slot));
        assertTrue(ArenaSessions.world(session).isPresent(slot), "still in the world");
        assertEquals(1, session.playerCount());
        assertEquals(sentBefore, first.snapshots.size(), "no snapshots while detached");

        FakeLink second = new FakeLink(2);
        session.enqueueReattach(slot, second);
        tick();                                                   // tick 31: reattached
        assertFalse(session.isDetached(slot));
        assertEquals("add " + slot, replication.events.get(replication.events.size() - 1), "fresh replication state");
        assertEquals(1, second.snapshots.size());
        assertEquals(sentBefore, first.snapshots.size(), "the old link gets nothing");
        assertTrue(session.offerInput(slot, packet(32, 1, 100, 0, 0)));
        tick();                                                   // tick 32: the new connection's input moves it on
        assertTrue(ArenaSessions.world(session).xUnits(slot) > x, "moves again from where it stood");
        assertEquals(1, session.playerCount());

        // A reattach for a slot with no player (a network bug) is refused loudly, not applied.
        session.enqueueLeave(slot);
        tick();
        FakeLink stray = new FakeLink(3);
        session.enqueueReattach(slot, stray);
        tick();
        assertEquals(ByeReason.KICKED, stray.bye);
        assertEquals(0, session.playerCount());
    }

    @Test
    void sessionFullReturnsMinusOneAndReleasedSlotsComeBack() {
        for (int i = 0; i < 4; i++) {
            assertEquals(i, session.reserveSlot());
        }
        assertEquals(-1, session.reserveSlot());
        session.releaseSlot(2);
        assertEquals(2, session.reserveSlot());
    }

    @Test
    void inputsAreAppliedOncePerTickExactlyAsTheSharedMovementPredicts() {
        FakeLink link = new FakeLink(1);
        int slot = join("mover", link);
        tick();                                                   // tick 0: joined
        int x = ArenaSessions.world(session).xUnits(slot);
        int y = ArenaSessions.world(session).yUnits(slot);
        int predictedX = x;
        int predictedY = y;
        for (long t = 1; t <= 120; t++) {
            int mx = (int) (t % 200) - 100;
            int buttons = t % 2 == 0 ? ArenaRules.BUTTON_SPRINT : 0;
            // Packet for tick t carries t, t-1, t-2, t-3 (redundancy 4), arriving before tick t.
            InputPacket p = new InputPacket();
            p.newestTick = t;
            p.count = 4;
            for (int k = 0; k < 4; k++) {
                long tk = t - k;
                p.set(k, (int) (tk % 200) - 100, 50, 0, tk % 2 == 0 ? ArenaRules.BUTTON_SPRINT : 0);
            }
            assertTrue(session.offerInput(slot, p));
            tick();
            long next = Movement.step(predictedX, predictedY, mx, 50, buttons, RATE);
            predictedX = Movement.packedX(next);
            predictedY = Movement.packedY(next);
            assertEquals(predictedX, ArenaSessions.world(session).xUnits(slot), "x at tick " + t);
            assertEquals(predictedY, ArenaSessions.world(session).yUnits(slot), "y at tick " + t);
            assertEquals(t, replication.lastAppliedInputTick[slot]);
        }
        assertEquals(120, session.inputCounters().applied);
        assertEquals(0, session.inputCounters().missingRepeated);
        assertEquals(120, session.inputCounters().accepted);
        // Copies of ticks 1..120 after their first arrival: packet t carries t-1, t-2, t-3 again,
        // which were stored already: 0 + 1 + 2 + 3 * 117 = 354 duplicates. Tick 0 (simulated before
        // any packet, with no input) rides in packets 1, 2 and 3: 3 late.
        assertEquals(354, session.inputCounters().duplicate);
        assertEquals(3, session.inputCounters().late);
    }

    @Test
    void lostPacketsAreCoveredByRedundantCopies() {
        FakeLink link = new FakeLink(1);
        int slot = join("lossy", link);
        tick();                                                   // tick 0
        int predictedX = ArenaSessions.world(session).xUnits(slot);
        int predictedY = ArenaSessions.world(session).yUnits(slot);
        for (long t = 1; t <= 60; t++) {
            // The client runs 2 ticks ahead with redundancy 3; every third packet is lost (the
            // packets for newest ticks 4, 7, 10, ...), yet each tick rides in a packet that arrives.
            long newest = t + 2;
            if (newest % 3 != 1) {
                InputPacket p = new InputPacket();
                p.newestTick = newest;
                p.count = 3;
                for (int k = 0; k < 3; k++) {
                    p.set(k, (int) ((newest - k) % 127), 0, 0, 0);
                }
                session.offerInput(slot, p);
            }
            tick();
            long next = Movement.step(predictedX, predictedY, (int) (t % 127), 0, 0, RATE);
            predictedX = Movement.packedX(next);
            predictedY = Movement.packedY(next);
            assertEquals(predictedX, ArenaSessions.world(session).xUnits(slot), "x at tick " + t);
        }
        assertEquals(0, session.inputCounters().missingRepeated, "every lost input had a copy");
        assertEquals(60, session.inputCounters().applied);
    }

    @Test
    void snapshotsReportTheLastTickWhoseInputReallyArrived() {
        int slot = join("gappy", new FakeLink(1));
        tick();                                                   // tick 0: no input yet
        assertEquals(-1, replication.lastAppliedInputTick[slot]);
        session.offerInput(slot, packet(1, 1, 10, 0, 0));
        tick();                                                   // tick 1: its own input
        assertEquals(1, replication.lastAppliedInputTick[slot]);
        tick();                                                   // tick 2: missing, tick 1's repeated
        assertEquals(1, replication.lastAppliedInputTick[slot], "a repeated input is not the client's");
        assertEquals(1, session.inputCounters().missingRepeated);
    }

    @Test
    void acksReachReplication() {
        int slot = join("acker", new FakeLink(1));
        tick();
        InputPacket p = packet(1, 1, 0, 0, 0);
        p.hasAcks = true;
        p.ackSequence = 0x1_2345;     // only the low 16 bits are a sequence
        p.ackBits = 0x8000_0001;
        session.offerInput(slot, p);
        tick();
        assertTrue(replication.events.contains("acks " + slot + " " + 0x2345 + " 80000001"), replication.events.toString());
        // A client that has received no snapshot yet sends no acks: nothing reaches replication.
        replication.events.clear();
        InputPacket first = packet(2, 1, 0, 0, 0);
        first.hasAcks = false;
        first.ackSequence = 7;
        session.offerInput(slot, first);
        tick();
        assertTrue(replication.events.stream().noneMatch(e -> e.startsWith("acks ")), replication.events.toString());
    }

    @Test
    void hostileInputIsCountedAndEveryoneKeepsTicking() {
        FakeLink good = new FakeLink(1);
        FakeLink bad = new FakeLink(2);
        int goodSlot = join("good", good);
        int badSlot = join("bad", bad);
        tick();                                                   // tick 0
        session.offerInput(badSlot, packet(1, 9, 0, 0, 0));       // count beyond MAX_INPUTS
        session.offerInput(badSlot, packet(1, -1, 0, 0, 0));      // negative count
        session.offerInput(badSlot, packet(1, 1, -128, 0, 0));    // move byte -128
        session.offerInput(badSlot, packet(1, 1, 0, 0, 0x40));    // unknown button bit
        session.offerInput(badSlot, packet(2, 3, 10, 0, 0));      // ticks 2, 1, 0: tick 0 is late
        session.offerInput(badSlot, packet(10_000, 1, 10, 0, 0)); // far future
        session.offerInput(badSlot, packet(Long.MIN_VALUE, 2, 10, 0, 0)); // negative ticks
        session.offerInput(3, packet(1, 1, 10, 0, 0));            // slot never joined
        session.offerInput(-1, packet(1, 1, 10, 0, 0));           // out of range: refused at the gate
        session.offerInput(99, packet(1, 1, 10, 0, 0));
        session.offerInput(goodSlot, packet(1, 1, 127, 0, 0));
        int goodX = ArenaSessions.world(session).xUnits(goodSlot);
        tick();                                                   // tick 1
        var c = session.inputCounters();
        assertEquals(2, c.malformedPackets);
        assertEquals(1, c.invalidMove);
        assertEquals(1, c.invalidButtons);
        assertEquals(1, c.late);
        assertEquals(1, c.farFuture);
        assertEquals(2, c.invalidTick);
        assertEquals(1, c.unknownSlotPackets);
        assertEquals(goodX + 26, ArenaSessions.world(session).xUnits(goodSlot), "6 m/s for one 60 Hz tick = 25.6 -> 26 units");
        assertEquals(2, good.snapshots.size());
        assertEquals(2, bad.snapshots.size());
        assertEquals(1, session.currentTick());
    }

    @Test
    void aFloodingPlayerIsCappedWithoutStarvingTheOthers() {
        int flooder = join("flood", new FakeLink(1));
        int honest = join("honest", new FakeLink(2));
        tick();
        InputPacket p = packet(1, 1, 10, 0, 0);
        int accepted = 0;
        for (int i = 0; i < 1000; i++) {
            if (session.offerInput(flooder, p)) {
                accepted++;
            }
        }
        assertEquals(GameSession.MAX_QUEUED_PACKETS_PER_PLAYER, accepted);
        assertEquals(1000 - GameSession.MAX_QUEUED_PACKETS_PER_PLAYER, session.inputRejectedPerPlayerLimit());
        assertTrue(session.offerInput(honest, packet(1, 1, 20, 0, 0)), "the honest player still gets in");
        tick();
        // 16 copies of the flooder's tick-1 input: 1 stored, 15 duplicates; the limit frees up again.
        assertEquals(15, session.inputCounters().duplicate);
        assertTrue(session.offerInput(flooder, packet(2, 1, 10, 0, 0)));
    }

    @Test
    @org.junit.jupiter.api.Timeout(10)
    void runsOnItsOwnThreadAndStopsCleanly() throws Exception {
        GameSession live = ArenaSessions.session(SessionConfig.of(9, 240, 2, 10), new RecordingReplication());
        FakeLink link = new FakeLink(1);
        live.enqueueJoin(live.reserveSlot(), "live", link);
        live.start();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (live.currentTick() < 20 && System.nanoTime() < deadline) {
            Thread.yield();
        }
        assertTrue(live.stop(5, TimeUnit.SECONDS));
        long ticks = live.currentTick();
        assertTrue(ticks >= 20, "ticked on its own thread: " + ticks);
        assertEquals(ticks, live.currentTick(), "no tick after stop");
    }

    @Test
    void oneFailingClientDoesNotStopTheOthers() {
        FakeLink a = new FakeLink(1);
        FakeLink b = new FakeLink(2);
        FakeLink c = new FakeLink(3);
        int slotA = join("a", a);
        join("b", b);
        int slotC = join("c", c);
        replication.throwingSlot = slotA;
        replication.silentSlot = slotC;
        c.refuse = true;
        tick();
        tick();
        assertEquals(0, a.snapshots.size());
        assertEquals(2, b.snapshots.size());
        assertEquals(0, c.snapshots.size(), "length 0 means nothing to send");
        assertEquals(2, session.sendErrors());
        assertEquals(0, session.sendFailures());
        replication.silentSlot = -1;
        tick();
        assertEquals(1, session.sendFailures(), "the link refused one datagram");
    }

    @Test
    void statsArePublishedOncePerInterval() {
        ServerStats before = session.stats();
        assertEquals(0, before.ticks);
        join("p", new FakeLink(1));
        // Each tick stands for the 16_666_666 ns period before it (1/60 s rounded down), so 60
        // ticks fall 60 ns short of the 1 s interval and the 61st tick closes it.
        for (int i = 0; i <= RATE; i++) {
            tick();
            assertEquals(i < RATE ? 0 : RATE + 1, session.stats().ticks, "after tick " + i);
        }
        ServerStats after = session.stats();
        assertEquals(7, after.sessionId);
        assertEquals(RATE, after.tickRateHz);
        assertEquals(RATE + 1, after.ticks);
        // 61 ticks over 61 periods of 16_666_666 ns: 60.0000024 Hz.
        assertEquals(RATE, after.achievedTickRateHz, 1e-3);
        assertEquals(1, after.players);
        assertEquals(1 + 10, after.entities);
        assertEquals(0, after.overruns, "the manual clock does not move during a tick");
        // No input was ever sent: nothing applied, and a silent new player is not counted as missing.
        assertEquals(0, session.publishedInputCounters().applied);
        assertEquals(0, session.publishedInputCounters().missingRepeated);
        // The replication's counters over the interval: 61 packets, 122 changes of which 61 shared.
        assertEquals(new ReplicationFigures(50.0, 1.0, 0.0, 0.0), session.publishedReplication());
    }

    @Test
    void statsCarryProcessCpuPerCoreAndPerClientTick() {
        final long[] cpuNs = {0};
        final ManualTickClock cpuClock = new ManualTickClock(0);
        final GameSession measured = cpuMeasuredSessionWithTwoPlayers(cpuClock, cpuNs);
        assertEquals(ServerStats.UNKNOWN, measured.stats().cpuCores, "nothing measured yet");
        cpuNs[0] = 1_000_000_000L;
        for (int t = 0; t <= 60; t++) {        // ticks 0..60: the first publication (at 1 s) starts the meter
            tickAtDeadline(measured, cpuClock, t);
        }
        assertEquals(61, measured.stats().ticks);
        assertEquals(ServerStats.UNKNOWN, measured.stats().cpuCores, "one sample is no interval");
        assertEquals(ServerStats.UNKNOWN, measured.stats().cpuMicrosPerClientTick);
        for (int t = 61; t <= 120; t++) {      // ticks 61..120: the second publication, at 2 s
            if (t == 90) {
                measured.enqueueJoin(measured.reserveSlot(), "c", new FakeLink(2));   // applied at tick 90
            }
            if (t == 120) {
                cpuNs[0] += 30_000_000L;       // 30 ms of process CPU over the interval
            }
            tickAtDeadline(measured, cpuClock, t);
        }
        final ServerStats stats = measured.stats();
        assertEquals(121, stats.ticks);
        assertEquals(0.03, stats.cpuCores, 1e-12, "30 ms of CPU over 1 s of wall time");
        // Client-ticks: ticks 61..89 with 2 players (29 x 2) + ticks 90..120 with 3 (31 x 3) = 151.
        assertEquals(30_000.0 / (29 * 2 + 31 * 3), stats.cpuMicrosPerClientTick, 1e-9);
        // The tick thread's share is this test thread's real CPU clock over the manual clock's 1 s.
        assertTrue(stats.tickThreadCpuCores >= 0, "tick thread cores " + stats.tickThreadCpuCores);
    }

    @Test
    void hostedSessionDividesProcessCpuByEveryHostedSessionsClientTicks() {
        final long[] cpuNs = {0};
        final ManualTickClock cpuClock = new ManualTickClock(0);
        final GameSession measured = cpuMeasuredSessionWithTwoPlayers(cpuClock, cpuNs);
        final LongAdder hostTotal = new LongAdder();
        measured.shareClientTicks(hostTotal);
        for (int t = 0; t <= 60; t++) {        // the first publication (at 1 s) starts the meter
            tickAtDeadline(measured, cpuClock, t);
        }
        // Ticks 0..60 with 2 players: this session's own client-ticks reached the host's total.
        assertEquals(61 * 2, hostTotal.sum());
        for (int t = 61; t <= 120; t++) {
            hostTotal.add(5);                  // another session of the host: 5 players each tick
            if (t == 120) {
                cpuNs[0] += 30_000_000L;
            }
            tickAtDeadline(measured, cpuClock, t);
        }
        final ServerStats stats = measured.stats();
        assertEquals(0.03, stats.cpuCores, 1e-12, "the process's cores, whatever the divisor");
        // The interval's client-ticks: this session's 60 x 2 and the other's 60 x 5.
        assertEquals(30_000.0 / (60 * 2 + 60 * 5), stats.cpuMicrosPerClientTick, 1e-9);
    }

    /** A session on {@code clock} whose process CPU clock reads {@code cpuNs[0]}, players "a" and "b" queued to join. */
    private static GameSession cpuMeasuredSessionWithTwoPlayers(ManualTickClock clock, long[] cpuNs) {
        final GameSession s = ArenaSessions.session(SessionConfig.of(8, RATE, 4, 10), new RecordingReplication(),
                clock, remaining -> { throw new AssertionError("tests never wait"); }, () -> cpuNs[0]);
        for (String name : new String[] {"a", "b"}) {
            s.enqueueJoin(s.reserveSlot(), name, new FakeLink(1));
        }
        return s;
    }

    /** Runs tick {@code slot} of {@code s} at its deadline (no slot is skipped, so tick = slot). */
    private static void tickAtDeadline(GameSession s, ManualTickClock clock, long slot) {
        clock.setNs(s.tickLoop().deadlineNs(slot));
        assertEquals(1, s.tickLoop().doWork(clock.nanoTime()));
    }

    @Test
    void twoSessionsInOneProcessAreIndependent() {
        RecordingReplication otherReplication = new RecordingReplication();
        ManualTickClock otherClock = new ManualTickClock(0);
        GameSession other = ArenaSessions.session(SessionConfig.of(8, 20, 2, 0), otherReplication, otherClock,
                remaining -> { });
        int slot = join("here", new FakeLink(1));
        int otherSlot = other.reserveSlot();
        other.enqueueJoin(otherSlot, "there", new FakeLink(2));
        tick();
        assertEquals(0, other.currentTick() + 1, "the other session has not ticked");
        assertEquals(-1, other.currentTick());
        assertFalse(ArenaSessions.world(other).isPresent(otherSlot));
        other.tickLoop().doWork(0);
        assertTrue(ArenaSessions.world(other).isPresent(otherSlot));
        assertEquals(1, ArenaSessions.world(other).playerCount());
        assertEquals(1, ArenaSessions.world(session).playerCount());
        assertEquals(slot, otherSlot, "slots are per session");
    }

    @Test
    void disconnectAllSaysByeToEveryone() throws Exception {
        FakeLink a = new FakeLink(1);
        FakeLink b = new FakeLink(2);
        join("a", a);
        join("b", b);
        tick();
        assertTrue(session.stop(1, TimeUnit.SECONDS));
        session.disconnectAll(ByeReason.SERVER_SHUTDOWN, "bye");
        assertEquals(ByeReason.SERVER_SHUTDOWN, a.bye);
        assertEquals(ByeReason.SERVER_SHUTDOWN, b.bye);
    }
}
