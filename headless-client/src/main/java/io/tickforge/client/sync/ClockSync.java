package io.tickforge.client.sync;

/**
 * Estimates the server's tick on the local monotonic clock, and the tick an input sampled now must
 * carry so that it reaches the server just before that tick runs. Owned by the thread driving one
 * client; times are nanoseconds passed in by the caller (so tests drive a fake clock), ticks are
 * server ticks, fractional where stated.
 *
 * <p>Model: the snapshot of server tick {@code T} leaves right after tick {@code T} runs and
 * arrives here at {@code seenOriginNs + T * periodNs}: the server's tick origin as seen from here,
 * i.e. shifted by the downlink delay. Each snapshot received at {@code nowNs} is one sample
 * {@code nowNs - T * periodNs} of that origin plus its own queueing. Queueing only ever adds delay,
 * so the best (smallest) sample in a recent window is the truest; the estimate slews towards it by
 * a bounded step per sample (no visible jumps), and snaps when it is off by more than
 * {@link #SNAP_TICKS} (server stall or catch-up skip). The server's own current tick is the seen
 * timeline plus the downlink delay (half the smoothed RTT).
 *
 * <p>Inputs lead the server's current tick by the uplink delay (the other half of the RTT) and the
 * RTT variance, plus a safety margin in ticks. The margin adapts from the server's own feedback: every snapshot says the last input tick
 * it applied; an input that missed its tick widens the margin, a quiet period narrows it again.
 */
public final class ClockSync {
    public static final int SNAP_TICKS = 4;
    public static final double MIN_SAFETY_TICKS = 0.5;
    public static final double MAX_SAFETY_TICKS = 8.0;
    /**
     * The most an input's tick leads the newest server tick a snapshot (or the Welcome) has shown (a tick the
     * server has certainly reached): the 32 ticks it accepts less a margin of 8. The stamp otherwise
     * follows the estimate (the arrival timeline plus RTT/2) plus the lead (RTT/2 + RTTVAR + safety),
     * and an overloaded server pushes both past its real tick: its TCP pings come back late,
     * inflating RTT/2 twice over (answered a second late: inputs 52 ticks ahead), and its snapshots fall behind
     * the nominal 60 Hz timeline, which the minimum over the last {@link #WINDOW} samples follows
     * only as old samples leave it (after a stall of 200 ms: 12 ticks ahead for half a second).
     * Inputs past 32 are refused as far future (ClockSyncTest). Where the link itself is that slow
     * (an RTT over 400 ms at 60 Hz), inputs arrive late instead, which the server counts.
     */
    public static final double MAX_AHEAD_OF_NEWEST_TICKS = io.tickforge.shared.protocol.InputPacket.MAX_AHEAD_TICKS - 8;
    static final double SAFETY_STEP_UP_TICKS = 0.5;
    static final double SAFETY_STEP_DOWN_TICKS = 0.1;
    /**
     * Snapshots whose smallest origin sample is the target: 32, about half a second at 60 Hz. Long
     * enough to hold a least-queued sample of a jittery link; short enough that a server running
     * slow (overloaded: each snapshot later than the nominal timeline says) does not leave the
     * target on a stale sample. With 128 a server ticking at 53 Hz had inputs arrive 23 ticks
     * ahead of its tick (ClockSyncTest), and an overloaded server's RTT on top crossed the 32
     * it accepts (InputBuffer.MAX_AHEAD_TICKS): 6 of 14 `stress` runs of 2026-12-03, whose ticks
     * fell to 47-57 Hz, counted 8 600-134 000 inputs refused.
     */
    static final int WINDOW = 32;
    public static final int QUIET_SECONDS = 2;

    private final long periodNs;
    private final int tickRateHz;
    private final long maxSlewNs;
    private final long quietPeriodTicks;

    private final long[] samples = new long[WINDOW];
    private int sampleCount;
    private int sampleNext;

    private boolean synced;
    private long seenOriginNs;
    /** The newest server tick the server has shown: in a snapshot, or as completed in {@code Welcome}. */
    private long newestTick = Long.MIN_VALUE;
    private long smoothedRttNs = -1;
    private long rttVarNs;

    private double safetyTicks = 1.0;
    private long lastMissTick;
    private long lastNarrowTick;
    private long inputMisses;
    private long snaps;

    public ClockSync(int tickRateHz) {
        if (tickRateHz < 1 || tickRateHz > 1000) {
            throw new IllegalArgumentException("tickRateHz out of range: " + tickRateHz);
        }
        this.tickRateHz = tickRateHz;
        this.periodNs = 1_000_000_000L / tickRateHz;
        this.maxSlewNs = Math.max(1, periodNs / 16);
        this.quietPeriodTicks = (long) QUIET_SECONDS * tickRateHz;
    }

    public long periodNs() {
        return periodNs;
    }

    public int tickRateHz() {
        return tickRateHz;
    }

    public boolean isSynced() {
        return synced;
    }

    /**
     * The handshake: {@code Welcome} said the server had completed {@code serverTick}; the
     * Hello/Welcome round trip took {@code rttNs}. Seeds the origin assuming the reply left in the
     * middle of the following tick.
     */
    public void onWelcome(long serverTick, long nowNs, long rttNs) {
        onRttSample(rttNs);
        newestTick = Math.max(newestTick, serverTick);
        // The reply left somewhere inside the tick after serverTick: count half a period.
        seenOriginNs = nowNs - serverTick * periodNs - periodNs / 2;
        synced = true;
    }

    /** One RTT measurement; smoothed like TCP (SRTT gain 1/8, RTTVAR gain 1/4). */
    public void onRttSample(long rttNs) {
        if (rttNs < 0) {
            return;
        }
        if (smoothedRttNs < 0) {
            smoothedRttNs = rttNs;
            rttVarNs = rttNs / 2;
            return;
        }
        final long err = rttNs - smoothedRttNs;
        smoothedRttNs += err / 8;
        rttVarNs += (Math.abs(err) - rttVarNs) / 4;
    }

    /** A snapshot describing server tick {@code serverTick} arrived at {@code nowNs}. */
    public void onSnapshot(long serverTick, long nowNs) {
        newestTick = Math.max(newestTick, serverTick);
        final long sample = nowNs - serverTick * periodNs;
        samples[sampleNext] = sample;
        sampleNext = (sampleNext + 1) % WINDOW;
        if (sampleCount < WINDOW) {
            sampleCount++;
        }
        long best = Long.MAX_VALUE;
        for (int i = 0; i < sampleCount; i++) {
            best = Math.min(best, samples[i]);
        }
        final long target = best;
        if (!synced) {
            seenOriginNs = target;
            synced = true;
            return;
        }
        final long error = target - seenOriginNs;
        if (Math.abs(error) > SNAP_TICKS * periodNs) {
            seenOriginNs = target;
            snaps++;
            // The old window describes the old timeline; keep only this sample.
            samples[0] = sample;
            sampleCount = 1;
            sampleNext = 1;
        } else {
            seenOriginNs += Math.max(-maxSlewNs, Math.min(maxSlewNs, error));
        }
    }

    /**
     * Feedback for the input of {@code tick}, once the server's state for that tick is known:
     * {@code missed} when the server evidently applied something other than what we sent (our
     * input arrived late or was lost with all its redundant copies). A miss widens the margin by
     * half a tick; {@link #QUIET_SECONDS} without one narrow it by a tenth.
     */
    public void onInputFeedback(long tick, boolean missed) {
        if (missed) {
            inputMisses++;
            lastMissTick = tick;
            lastNarrowTick = tick;
            safetyTicks = Math.min(MAX_SAFETY_TICKS, safetyTicks + SAFETY_STEP_UP_TICKS);
        } else if (tick - lastMissTick > quietPeriodTicks && tick - lastNarrowTick > quietPeriodTicks) {
            lastNarrowTick = tick;
            safetyTicks = Math.max(MIN_SAFETY_TICKS, safetyTicks - SAFETY_STEP_DOWN_TICKS);
        }
    }

    /**
     * The newest server tick whose snapshot should have arrived by {@code nowNs}, fractional: the
     * timeline the interpolation buffer renders behind. NaN before any sync.
     */
    public double arrivalTick(long nowNs) {
        if (!synced) {
            return Double.NaN;
        }
        return (nowNs - seenOriginNs) / (double) periodNs;
    }

    /** The server tick running at local time {@code nowNs}, fractional; NaN before any sync. */
    public double estimatedServerTick(long nowNs) {
        return arrivalTick(nowNs) + Math.max(0, smoothedRttNs) / 2.0 / periodNs;
    }

    /** How far ahead of the server's current tick inputs are stamped, in ticks. */
    public double inputLeadTicks() {
        final long rtt = Math.max(0, smoothedRttNs);
        // Uplink = half the RTT; plus the RTT variance, so that jitter does not make us late.
        return (rtt / 2.0 + rttVarNs) / periodNs + safetyTicks;
    }

    /** The tick an input sampled at {@code nowNs} should carry; {@code Long.MIN_VALUE} before sync. */
    public long inputTargetTick(long nowNs) {
        if (!synced) {
            return Long.MIN_VALUE;
        }
        final double target = estimatedServerTick(nowNs) + inputLeadTicks();
        // Never further ahead of what the server has shown than it accepts (see MAX_AHEAD_OF_NEWEST_TICKS).
        return (long) Math.ceil(Math.min(target, newestTick + MAX_AHEAD_OF_NEWEST_TICKS));
    }

    public long smoothedRttNs() {
        return smoothedRttNs;
    }

    public long rttVarNs() {
        return rttVarNs;
    }

    public double safetyTicks() {
        return safetyTicks;
    }

    public long inputMisses() {
        return inputMisses;
    }

    public long snaps() {
        return snaps;
    }
}
