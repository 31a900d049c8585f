package io.tickforge.server.tick;

import io.tickforge.shared.log.DistinctErrorLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.LongSupplier;

/**
 * A fixed-rate tick scheduler on absolute deadlines: slot {@code n} is due at
 * {@code startNs + n * 1e9 / tickRateHz}, computed exactly in integers so the schedule never
 * drifts. Owned by one tick thread, which calls {@link #run()}; tests call {@link #doWork(long)}
 * directly with a manual clock. Nanoseconds throughout.
 *
 * <p>Catch-up is bounded: a loop that is at most {@code maxCatchUpTicks} slots behind runs the
 * missed ticks back to back; further behind (a GC pause, a stopped VM) it resynchronises to the
 * newest passed deadline and counts the slots it skipped. Game tick numbers stay contiguous
 * (0, 1, 2, ...), so skipped slots delay the game rather than leaving holes in the simulation.
 */
public final class TickLoop {
    private static final Logger LOG = LoggerFactory.getLogger(TickLoop.class);
    /** First occurrence of each error with its stack, then counted (tickErrors in the stats). */
    private final DistinctErrorLog errors = new DistinctErrorLog(LOG);
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final TickClock clock;
    private final int tickRateHz;
    private final long periodNs;
    private final int maxCatchUpTicks;
    private final TickHandler handler;
    private final TickStats stats;
    private final TickWaiter waiter;
    private final PublishListener publishListener;

    private long startNs;
    private boolean started;
    /** Schedule slot of the next tick; runs ahead of {@link #nextTick} by the skipped slots. */
    private long nextSlot;
    private long nextTick;
    private volatile boolean stopRequested;
    private volatile boolean running;
    /** The tick thread's CPU clock in ns (negative: unknown), when this loop measures off-CPU time; else null. */
    private LongSupplier threadCpuNs;
    private boolean offCpuChosen;
    /** The tick thread's run delay in ns (time runnable but waiting for a CPU; negative: unknown), or null. */
    private LongSupplier runDelayNs;
    private boolean runQueueChosen;
    /** Run delay at the end of the previous tick, or -1. */
    private long lastEndRunDelayNs = -1;

    /** Told on the tick thread whenever {@link TickStats} published a new snapshot. */
    @FunctionalInterface
    public interface PublishListener {
        void onPublish(TickStatsSnapshot snapshot, long nowNs);

        PublishListener NONE = (snapshot, nowNs) -> { };
    }

    public TickLoop(TickClock clock, int tickRateHz, int maxCatchUpTicks, TickHandler handler,
                    TickStats stats, TickWaiter waiter, PublishListener publishListener) {
        if (maxCatchUpTicks < 0) {
            throw new IllegalArgumentException("maxCatchUpTicks must be >= 0: " + maxCatchUpTicks);
        }
        this.clock = requireNonNull(clock, "clock");
        this.tickRateHz = TickRates.requireValid(tickRateHz);
        this.periodNs = NANOS_PER_SECOND / tickRateHz;
        this.maxCatchUpTicks = maxCatchUpTicks;
        this.handler = requireNonNull(handler, "handler");
        this.stats = requireNonNull(stats, "stats");
        this.waiter = requireNonNull(waiter, "waiter");
        this.publishListener = requireNonNull(publishListener, "publishListener");
    }

    public int tickRateHz() {
        return tickRateHz;
    }

    /** Nominal period, rounded down; deadlines themselves are exact. */
    public long periodNs() {
        return periodNs;
    }

    public TickStats stats() {
        return stats;
    }

    /** Fixes slot 0 of the schedule at {@code startNs}. Called by {@link #run()} if not done before. */
    public void start(long startNs) {
        this.startNs = startNs;
        this.started = true;
        this.nextSlot = 0;
    }

    /** Whether slot 0 of the schedule is fixed ({@link #start}). */
    public boolean isStarted() {
        return started;
    }

    /** The time of slot 0 (valid once {@link #isStarted}). */
    public long startNs() {
        return startNs;
    }

    public long deadlineNs(long slot) {
        return startNs + slot * NANOS_PER_SECOND / tickRateHz;
    }

    public long nextDeadlineNs() {
        return deadlineNs(nextSlot);
    }

    /** Schedule slot of the next tick (tests). */
    long nextSlotForTest() {
        return nextSlot;
    }

    /** The game tick the next {@link #doWork} will run. */
    public long nextTick() {
        return nextTick;
    }

    /**
     * One duty cycle at {@code nowNs}: runs one tick if its deadline has passed and returns 1,
     * otherwise returns 0. Reads the clock once more, after the tick, to measure its duration.
     */
    public int doWork(long nowNs) {
        if (!started) {
            start(nowNs);
        }
        long deadlineNs = deadlineNs(nextSlot);
        if (nowNs < deadlineNs) {
            return 0;
        }
        final long slotsBehind = (nowNs - deadlineNs) / periodNs;
        if (slotsBehind > maxCatchUpTicks) {
            // Too far behind to catch up without a burst of ticks: jump to the newest passed slot.
            nextSlot += slotsBehind;
            stats.recordSkipped(slotsBehind);
            deadlineNs = deadlineNs(nextSlot);
        }
        final long latenessNs = nowNs - deadlineNs;
        final long tick = nextTick;
        final LongSupplier cpuClock = threadCpuNs;
        final long cpuStartNs = cpuClock == null ? -1 : cpuClock.getAsLong();
        final LongSupplier runQueue = runDelayNs;
        final long delayStartNs = runQueue == null ? -1 : runQueue.getAsLong();
        try {
            handler.onTick(tick, nowNs, deadlineNs);
        } catch (RuntimeException | Error e) {
            // One bad tick must not stop the session; count it and keep the schedule.
            stats.recordError();
            errors.record("tick failed, continuing", "tick " + tick, e);
            if (e instanceof VirtualMachineError) {
                throw (VirtualMachineError) e;
            }
        }
        final long endNs = clock.nanoTime();
        stats.recordTick(nowNs, latenessNs, endNs - nowNs, periodNs);
        if (cpuStartNs >= 0) {
            final long cpuEndNs = cpuClock.getAsLong();
            if (cpuEndNs >= cpuStartNs) {
                stats.recordOffCpu((endNs - nowNs) - (cpuEndNs - cpuStartNs));
            }
        }
        if (delayStartNs >= 0) {
            final long delayEndNs = runQueue.getAsLong();
            if (lastEndRunDelayNs >= 0 && delayStartNs >= lastEndRunDelayNs && delayEndNs >= delayStartNs) {
                stats.recordRunQueueWait(delayStartNs - lastEndRunDelayNs, delayEndNs - delayStartNs);
            }
            lastEndRunDelayNs = delayEndNs;
        } else {
            lastEndRunDelayNs = -1;
        }
        nextTick = tick + 1;
        nextSlot++;
        final TickStatsSnapshot snapshot = stats.maybePublish(endNs);
        if (snapshot != null) {
            publishListener.onPublish(snapshot, endNs);
        }
        return 1;
    }

    /**
     * Measures, per tick, how long the tick thread was off the CPU during the tick (its duration
     * minus the thread's CPU time in it; {@link TickStatsSnapshot#offCpuP99Us}) with
     * {@code threadCpuNs}, the calling thread's CPU clock in nanoseconds (negative: unknown); null
     * stops measuring. {@link #run()} starts it with the JVM's clock of the thread it runs on (two
     * reads per tick, each a system call of about 1 us on the VM it was measured on); a thread that ticks many loops (the
     * shared {@link TickScheduler}) does not. Call on the tick thread, or before it starts.
     */
    public void measureOffCpu(LongSupplier threadCpuNs) {
        this.threadCpuNs = threadCpuNs;
        this.offCpuChosen = true;
    }

    /**
     * Measures, per tick, how long the tick thread waited runnable for a CPU (someone else had the
     * core) between the end of the previous tick and the start of this one (it then adds to the
     * tick's lateness), and during the tick ({@link TickStatsSnapshot#wakeRunQueueP99Us}), with
     * {@code runDelayNs}, the calling thread's cumulative run delay in nanoseconds (negative:
     * unknown); null stops measuring. {@link #run()} starts it with Linux's per-thread schedstat
     * where there is one (two reads per tick, about 2 us each); a shared tick thread does not.
     */
    public void measureRunQueue(LongSupplier runDelayNs) {
        this.runDelayNs = runDelayNs;
        this.runQueueChosen = true;
        this.lastEndRunDelayNs = -1;
    }

    /** The calling thread's CPU clock, or null where the JVM cannot read it. */
    static LongSupplier currentThreadCpuClock() {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isCurrentThreadCpuTimeSupported() || !threads.isThreadCpuTimeEnabled()) {
            return null;
        }
        return threads::getCurrentThreadCpuTime;
    }

    /** Runs ticks on the calling thread until {@link #stop()}; measures off-CPU time unless told otherwise. */
    public void run() {
        running = true;
        if (!offCpuChosen) {
            threadCpuNs = currentThreadCpuClock();
        }
        if (!runQueueChosen) {
            runDelayNs = RunQueueClock.openForCurrentThread();
        }
        try {
            if (!started) {
                start(clock.nanoTime());
            }
            while (!stopRequested) {
                final long nowNs = clock.nanoTime();
                if (doWork(nowNs) == 0) {
                    waiter.idle(deadlineNs(nextSlot) - nowNs);
                }
            }
        } finally {
            running = false;
        }
    }

    /** Asks {@link #run()} to return after the current tick. Any thread. */
    public void stop() {
        stopRequested = true;
    }

    public boolean isRunning() {
        return running;
    }

    private static <T> T requireNonNull(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }
}
