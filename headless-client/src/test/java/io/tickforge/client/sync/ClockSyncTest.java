package io.tickforge.client.sync;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Drives ClockSync with a fake clock and a modelled network: no sockets, no sleeping. */
class ClockSyncTest {
    private static final int HZ = 60;
    private static final long PERIOD_NS = 1_000_000_000L / HZ;
    private static final long ORIGIN_NS = 5_000_000_000L; // server tick 0 starts here (true time)
    private static final long MS = 1_000_000L;

    private static double trueTick(long nowNs) {
        return (nowNs - ORIGIN_NS) / (double) PERIOD_NS;
    }

    @Test
    void convergesOnServerTickAndKeepsInputsJustAhead() {
        final ClockSync sync = new ClockSync(HZ);
        final SplittableRandom random = new SplittableRandom(1);
        final long baseDelayNs = 20 * MS;
        final long jitterNs = 5 * MS;
        // Handshake at server tick 300 with an RTT of 45 ms.
        long now = ORIGIN_NS + 300 * PERIOD_NS + PERIOD_NS / 2 + baseDelayNs;
        sync.onWelcome(300, now, 45 * MS);
        assertTrue(sync.isSynced());
        assertEquals(trueTick(now), sync.estimatedServerTick(now), 2.0);

        int late = 0;
        int checked = 0;
        double maxLeadTicks = 0;
        for (long t = 301; t < 301 + 10 * HZ; t++) {
            // Snapshot of tick t leaves at its start, arrives after the downlink delay.
            now = ORIGIN_NS + t * PERIOD_NS + baseDelayNs + random.nextLong(jitterNs);
            sync.onSnapshot(t, now);
            if (t % 30 == 0) {
                sync.onRttSample(2 * baseDelayNs + random.nextLong(2 * jitterNs));
            }
            if (t > 301 + 2 * HZ) {
                assertEquals(trueTick(now), sync.estimatedServerTick(now), 0.5, "tick " + t);
                // An input sampled now carries this tick and must arrive before the server runs it.
                final long inputTick = sync.inputTargetTick(now);
                final long arrivalNs = now + baseDelayNs + random.nextLong(jitterNs);
                checked++;
                if (trueTick(arrivalNs) >= inputTick) {
                    late++;
                }
                maxLeadTicks = Math.max(maxLeadTicks, inputTick - trueTick(arrivalNs));
            }
        }
        assertEquals(0, late, "inputs arriving after their tick started, of " + checked);
        // "Just ahead": RTT 40..50 ms is 2.4..3 ticks, so the lead above arrival stays small.
        assertTrue(maxLeadTicks < 4.0, "inputs arrive up to " + maxLeadTicks + " ticks early");
        assertEquals(0, sync.snaps());
    }

    @Test
    void aServerRunningSlowGetsInputsWithinItsWindow() {
        // An overloaded server ticks at 53 Hz instead of 60 for ten seconds, then recovers. Its
        // snapshots drift later against the nominal timeline all that while; the inputs must
        // still carry ticks the server accepts (InputBuffer.MAX_AHEAD_TICKS, 32, ahead of its
        // next tick) and, better, stay near the lead a punctual server gets.
        final ClockSync sync = new ClockSync(HZ);
        final SplittableRandom random = new SplittableRandom(7);
        final long delayNs = 20 * MS;
        final long jitterNs = 5 * MS;
        final long slowPeriodNs = 1_000_000_000L / 53;
        long serverTimeNs = ORIGIN_NS + 300 * PERIOD_NS; // when server tick t starts
        long now = serverTimeNs + PERIOD_NS / 2 + delayNs;
        sync.onWelcome(300, now, 2 * delayNs);
        double maxAhead = Double.NEGATIVE_INFINITY;
        double minAhead = Double.POSITIVE_INFINITY;
        for (long t = 301; t < 301 + 14 * HZ; t++) {
            final boolean slow = t >= 301 + 2 * HZ && t < 301 + 12 * HZ;
            final long tickStartNs = serverTimeNs;
            serverTimeNs += slow ? slowPeriodNs : PERIOD_NS;
            now = tickStartNs + delayNs + random.nextLong(jitterNs);
            sync.onSnapshot(t, now);
            if (t % 30 == 0) {
                sync.onRttSample(2 * delayNs + random.nextLong(2 * jitterNs));
            }
            // The server's tick when the input (sent now) arrives: the one running then.
            final long arrivalNs = now + delayNs;
            final double serverTickAtArrival = t + (arrivalNs - tickStartNs) / (double) (slow ? slowPeriodNs : PERIOD_NS);
            final double ahead = sync.inputTargetTick(now) - serverTickAtArrival;
            if (t > 301 + HZ) {
                maxAhead = Math.max(maxAhead, ahead);
                minAhead = Math.min(minAhead, ahead);
            }
        }
        System.out.println("slow server: inputs " + minAhead + " to " + maxAhead + " ticks ahead, snaps " + sync.snaps());
        // With a 128-sample window the estimate ran 22.8 ticks ahead here (its minimum was the
        // oldest sample of a drifting timeline, 2 s stale); add an overloaded server's RTT to the
        // lead and inputs crossed the 32 ticks and were refused.
        assertTrue(maxAhead < 12, "inputs arrived up to " + maxAhead + " ticks ahead of the server's tick");
        assertTrue(minAhead > 0, "an input arrived " + (-minAhead) + " ticks after its tick started");
    }

    @Test
    void anRttInflatedByAnOverloadedServerDoesNotStampInputsPastWhatItAccepts() {
        // Snapshots arrive on time over UDP, but the TCP pings are answered a second late (the
        // server's network thread is starved): the lead RTT/2 + RTTVAR alone would be ~40 ticks.
        final ClockSync sync = new ClockSync(HZ);
        long now = 0;
        for (long t = 0; t < 120; t++) {
            now = ORIGIN_NS + t * PERIOD_NS + 10 * MS;
            sync.onSnapshot(t, now);
            if (t % 10 == 0) {
                sync.onRttSample(1_000 * MS + (t % 20 == 0 ? 400 : 0) * MS);
            }
        }
        assertTrue(sync.inputLeadTicks() > io.tickforge.shared.protocol.InputPacket.MAX_AHEAD_TICKS,
                "the RTT-based lead is " + sync.inputLeadTicks() + " ticks");
        // What the server checks: the input's tick against its own current tick (here the tick
        // whose snapshot left 10 ms before `now`), not against the client's estimate, which adds
        // the inflated RTT/2 itself (that was the gap in the first cap: ~52 ticks ahead, refused).
        final double serverTick = (now - ORIGIN_NS) / (double) PERIOD_NS;
        final double ahead = sync.inputTargetTick(now) - serverTick;
        assertTrue(ahead < io.tickforge.shared.protocol.InputPacket.MAX_AHEAD_TICKS,
                "inputs stamped " + ahead + " ticks ahead of the server's tick; it accepts "
                        + io.tickforge.shared.protocol.InputPacket.MAX_AHEAD_TICKS);
        assertTrue(ahead >= ClockSync.MAX_AHEAD_OF_NEWEST_TICKS - 1, "the lead is capped, not dropped: " + ahead);
    }

    @Test
    void aServerThatStallsAndSkipsTicksGetsInputsWithinItsWindow() {
        // A server that stalls for 200 ms every 2 s (12 ticks of its 60 Hz schedule skipped: its
        // tick numbers go on by one), over a link whose TCP pings come back 400 ms late. After a
        // stall the arrival timeline stays on its older, earlier samples for up to WINDOW
        // snapshots: 12 ticks ahead of the server's real tick.
        final ClockSync sync = new ClockSync(HZ);
        final long delayNs = 10 * MS;
        long serverTimeNs = ORIGIN_NS;
        double maxAhead = Double.NEGATIVE_INFINITY;
        for (long t = 0; t < 1200; t++) {
            if (t > 0 && t % 120 == 0) {
                serverTimeNs += 200 * MS;
            }
            final long now = serverTimeNs + delayNs;
            sync.onSnapshot(t, now);
            if (t % 30 == 0) {
                sync.onRttSample(400 * MS);
            }
            if (t > 200) {
                // The server's tick when this input arrives (10 ms later, within the same tick).
                maxAhead = Math.max(maxAhead, sync.inputTargetTick(now) - t);
            }
            serverTimeNs += PERIOD_NS;
        }
        assertTrue(maxAhead < io.tickforge.shared.protocol.InputPacket.MAX_AHEAD_TICKS,
                "inputs stamped up to " + maxAhead + " ticks ahead of the server's tick; it accepts "
                        + io.tickforge.shared.protocol.InputPacket.MAX_AHEAD_TICKS);
    }

    @Test
    void slewsSmallErrorsAndSnapsLargeOnes() {
        final ClockSync sync = new ClockSync(HZ);
        long now = 0;
        for (long t = 0; t < 200; t++) {
            now = ORIGIN_NS + t * PERIOD_NS + 10 * MS;
            sync.onSnapshot(t, now);
        }
        final double before = sync.arrivalTick(now);
        assertEquals(199.0, before, 1e-6);

        // Server ticks start half a period earlier than before (e.g. it caught up a little): the
        // estimate moves by at most period/16 per snapshot.
        long t = 200;
        now = ORIGIN_NS - PERIOD_NS / 2 + t * PERIOD_NS + 10 * MS;
        sync.onSnapshot(t, now);
        final double moved = sync.arrivalTick(now) - (before + (now - (ORIGIN_NS + 199 * PERIOD_NS + 10 * MS)) / (double) PERIOD_NS);
        assertEquals(1.0 / 16, moved, 1e-3);
        assertEquals(0, sync.snaps());

        // The server skipped 10 ticks (catch-up resync): snap at once.
        t = 211;
        now = ORIGIN_NS + (t - 10) * PERIOD_NS + 10 * MS;
        sync.onSnapshot(t, now);
        assertEquals(1, sync.snaps());
        assertEquals(t, sync.arrivalTick(now), 1e-6);
    }

    @Test
    void missedInputsWidenTheMarginAndQuietNarrowsIt() {
        final ClockSync sync = new ClockSync(HZ);
        sync.onWelcome(0, ORIGIN_NS, 0);
        final double start = sync.safetyTicks();
        sync.onInputFeedback(110, true);
        sync.onInputFeedback(111, true);
        assertEquals(start + 2 * ClockSync.SAFETY_STEP_UP_TICKS, sync.safetyTicks(), 1e-9);
        assertEquals(2, sync.inputMisses());
        // One quiet second changes nothing; more than two narrow by one step.
        long tick = 111;
        for (int i = 0; i < HZ; i++) {
            sync.onInputFeedback(++tick, false);
        }
        assertEquals(start + 2 * ClockSync.SAFETY_STEP_UP_TICKS, sync.safetyTicks(), 1e-9);
        for (int i = 0; i < HZ + 2; i++) {
            sync.onInputFeedback(++tick, false);
        }
        assertEquals(start + 2 * ClockSync.SAFETY_STEP_UP_TICKS - ClockSync.SAFETY_STEP_DOWN_TICKS,
                sync.safetyTicks(), 1e-9);
        // A long quiet stretch floors at the minimum; a long bad stretch caps at the maximum.
        for (int i = 0; i < 60 * 60; i++) {
            sync.onInputFeedback(++tick, false);
        }
        assertEquals(ClockSync.MIN_SAFETY_TICKS, sync.safetyTicks(), 1e-9);
        for (int i = 0; i < 100; i++) {
            sync.onInputFeedback(++tick, true);
        }
        assertEquals(ClockSync.MAX_SAFETY_TICKS, sync.safetyTicks(), 1e-9);
    }

    @Test
    void unsyncedHasNoEstimateAndRttIsSmoothed() {
        final ClockSync sync = new ClockSync(HZ);
        assertFalse(sync.isSynced());
        assertTrue(Double.isNaN(sync.estimatedServerTick(0)));
        assertEquals(Long.MIN_VALUE, sync.inputTargetTick(0));
        sync.onRttSample(40 * MS);
        sync.onRttSample(48 * MS);
        // SRTT = 40 + (48 - 40) / 8 = 41 ms.
        assertEquals(41 * MS, sync.smoothedRttNs());
    }
}
