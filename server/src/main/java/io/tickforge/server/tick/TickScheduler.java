package io.tickforge.server.tick;

import io.tickforge.shared.log.DistinctErrorLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A few threads that tick many {@link TickLoop}s ({@code --tick-threads N} with sessions on demand)
 * instead of one thread per loop: each loop is given to the thread with the fewest loops and
 * stays there, so a loop is only ever ticked by one thread. A thread runs in passes: it calls
 * {@link TickLoop#doWork} on each of its loops (the clock read afresh for each, so a loop's lateness
 * is still how late its own tick started against its own deadline), then waits once with the
 * {@link TickWaiter} for the earliest next deadline among them (one park-then-spin per thread, not
 * per loop).
 *
 * <p>Loops that share a thread and a tick rate are spread over the tick period: a loop added
 * without a fixed schedule ({@link TickLoop#isStarted()} false) gets its first deadline in the middle
 * of the largest gap between the deadlines of its thread's loops of the same rate. Sessions created
 * in a burst (bots joining "any") would otherwise all be due at the same instant, and a thread runs
 * them one after another: the last one's tick would start the others' tick time late, every tick.
 * A new loop's first tick waits at most one period for that.
 *
 * <p>Registration ({@link #add}, {@link #remove}; rare) takes this scheduler's lock and publishes
 * a new copy of the thread's loop array; a thread reads that array once per pass (one volatile
 * read), so the tick path takes no lock and allocates nothing. {@link #remove} returns once the
 * loop's thread has finished the pass that may have been ticking it: after it, nothing ticks the
 * loop any more and its state is visible to the caller.
 */
public final class TickScheduler implements AutoCloseable {
    /** The largest {@code --tick-threads}. */
    public static final int MAX_THREADS = 256;
    private static final TickLoop[] NONE = new TickLoop[0];
    /** How long a thread without loops sleeps between looks (registration also wakes it). */
    private static final long EMPTY_PARK_NS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long REMOVE_POLL_NS = TimeUnit.MICROSECONDS.toNanos(100);

    private static final Logger LOG = LoggerFactory.getLogger(TickScheduler.class);
    private final DistinctErrorLog errors = new DistinctErrorLog(LOG);
    private final TickClock clock;
    private final Worker[] workers;
    /** Which worker runs each loop. Guarded by {@code this}. */
    private final Map<TickLoop, Worker> assigned = new IdentityHashMap<>();
    /** Loops taken off whose last pass has not been seen to end (a {@link #remove} timed out). Guarded by {@code this}. */
    private final Map<TickLoop, Leaving> leaving = new IdentityHashMap<>();
    private boolean started;
    private boolean closed;

    /** {@code threads} threads named {@code namePrefix-0..}, waiting with {@code waiter} (stateless, shared). */
    public TickScheduler(int threads, TickClock clock, TickWaiter waiter, String namePrefix) {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("tick threads must be in 1.." + MAX_THREADS + ": " + threads);
        }
        if (clock == null || waiter == null || namePrefix == null) {
            throw new IllegalArgumentException("clock, waiter and name are required");
        }
        this.clock = clock;
        this.workers = new Worker[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Worker(waiter, namePrefix + "-" + i);
        }
    }

    /** A scheduler on the real clock with the sessions' park-then-spin waiting. */
    public static TickScheduler onSystemClock(int threads) {
        return new TickScheduler(threads, TickClock.SYSTEM, TickWaiter.parkThenSpin(200_000), "tick-sched");
    }

    public int threads() {
        return workers.length;
    }

    /** Starts the threads (loops may be added before or after). */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        if (closed) {
            throw new IllegalStateException("closed");
        }
        started = true;
        for (Worker w : workers) {
            w.thread.start();
        }
    }

    /** Loops registered now (any thread). */
    public synchronized int loopCount() {
        return assigned.size();
    }

    /**
     * Ticks {@code loop} from now on, on the thread with the fewest loops; a loop not yet started
     * takes its slot 0 at its first pass. Any thread.
     */
    public synchronized void add(TickLoop loop) {
        if (loop == null) {
            throw new IllegalArgumentException("loop is required");
        }
        if (closed) {
            throw new IllegalStateException("the tick scheduler is closed");
        }
        if (assigned.containsKey(loop)) {
            throw new IllegalStateException("loop already scheduled");
        }
        Worker target = workers[0];
        for (Worker w : workers) {
            if (w.loops.length < target.loops.length) {
                target = w;
            }
        }
        final TickLoop[] old = target.loops;
        if (!loop.isStarted()) {
            // Published with the array below: the thread reads the loop after this write.
            loop.start(staggeredStart(old, loop.tickRateHz(), clock.nanoTime()));
        }
        final TickLoop[] next = new TickLoop[old.length + 1];
        System.arraycopy(old, 0, next, 0, old.length);
        next[old.length] = loop;
        target.loops = next;
        assigned.put(loop, target);
        LockSupport.unpark(target.thread); // its wait may be for a later deadline than the new loop's
    }

    /**
     * The start (slot 0) for a new loop of {@code rateHz} among {@code loops}: {@code nowNs} when
     * none of them has that rate, else the first time from {@code nowNs} on whose phase within the
     * period is the middle of the largest gap between theirs.
     */
    static long staggeredStart(TickLoop[] loops, int rateHz, long nowNs) {
        final double periodNs = 1e9 / rateHz; // exact: a 60 Hz loop's deadlines are 16 666 666.67 ns apart
        final double[] phases = new double[loops.length];
        int n = 0;
        for (TickLoop l : loops) {
            if (l.tickRateHz() == rateHz && l.isStarted()) {
                double p = (l.startNs() - nowNs) % periodNs;
                phases[n++] = p < 0 ? p + periodNs : p;
            }
        }
        if (n == 0) {
            return nowNs;
        }
        java.util.Arrays.sort(phases, 0, n);
        double gapStart = phases[n - 1];
        double gap = phases[0] + periodNs - phases[n - 1]; // the gap across the period's end
        for (int i = 1; i < n; i++) {
            if (phases[i] - phases[i - 1] > gap) {
                gap = phases[i] - phases[i - 1];
                gapStart = phases[i - 1];
            }
        }
        final double phase = (gapStart + gap / 2) % periodNs;
        return nowNs + (long) phase;
    }

    /**
     * Stops ticking {@code loop} and waits until its thread has finished any tick of it in progress;
     * true when that is so (or the loop was not scheduled), false if the wait timed out (the loop is
     * no longer scheduled, but its last tick may still be running). Any thread but the loop's own.
     */
    public boolean remove(TickLoop loop, long timeout, TimeUnit unit) throws InterruptedException {
        final Leaving l;
        synchronized (this) {
            final Leaving before = leaving.get(loop);
            if (before != null) {
                l = before; // an earlier remove timed out: wait for the same pass
            } else {
                l = takeOff(loop);
                if (l == null) {
                    return true;
                }
                leaving.put(loop, l);
            }
        }
        final Worker w = l.worker;
        if (Thread.currentThread() == w.thread) {
            forget(loop);
            return true; // called from one of its own ticks: that tick is the caller's
        }
        LockSupport.unpark(w.thread);
        final long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (w.passes < l.target && w.thread.isAlive()) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(REMOVE_POLL_NS);
        }
        forget(loop);
        return true;
    }

    private synchronized void forget(TickLoop loop) {
        leaving.remove(loop);
    }

    /** Unassigns {@code loop} and publishes its thread's array without it; null if it was not scheduled. Under the lock. */
    private Leaving takeOff(TickLoop loop) {
        final Worker w = assigned.remove(loop);
        if (w == null) {
            return null;
        }
        final TickLoop[] old = w.loops;
        final TickLoop[] next = old.length == 1 ? NONE : new TickLoop[old.length - 1];
        for (int i = 0, j = 0; i < old.length; i++) {
            if (old[i] != loop) {
                next[j++] = old[i];
            }
        }
        w.loops = next;
        // The pass in progress (if any) read the old array; the one after it reads the new one.
        return new Leaving(w, w.passes + 1);
    }

    /** A loop taken off {@code worker}: gone once its passes reach {@code target}. */
    private record Leaving(Worker worker, long target) {
    }

    /** Stops the threads after their current pass and waits for them (loops still registered stop being ticked). Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (Worker w : workers) {
            w.stopRequested = true;
            LockSupport.unpark(w.thread);
        }
        boolean interrupted = false;
        for (Worker w : workers) {
            if (w.thread.getState() == Thread.State.NEW) {
                continue;
            }
            try {
                w.thread.join(5000);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** True while any of the threads is alive (tests). */
    public boolean anyThreadAlive() {
        for (Worker w : workers) {
            if (w.thread.isAlive()) {
                return true;
            }
        }
        return false;
    }

    private final class Worker implements Runnable {
        private final TickWaiter waiter;
        final Thread thread;
        /** Written under the scheduler's lock, read once per pass by {@link #thread}. */
        volatile TickLoop[] loops = NONE;
        /** Passes finished; written by {@link #thread} only. */
        volatile long passes;
        volatile boolean stopRequested;

        Worker(TickWaiter waiter, String name) {
            this.waiter = waiter;
            this.thread = new Thread(this, name);
            thread.setDaemon(true);
            thread.setPriority(Thread.MAX_PRIORITY);
        }

        @Override
        public void run() {
            while (!stopRequested) {
                final TickLoop[] ls = loops;
                long earliest = Long.MAX_VALUE;
                for (TickLoop loop : ls) {
                    try {
                        loop.doWork(clock.nanoTime());
                    } catch (RuntimeException e) {
                        // doWork already counts a failed tick; this is its stats publishing failing:
                        // the other loops of this thread keep ticking.
                        errors.record("tick loop failed outside its tick, continuing", thread.getName(), e);
                    }
                    final long d = loop.nextDeadlineNs();
                    if (d < earliest) {
                        earliest = d;
                    }
                }
                passes = passes + 1; // single writer
                if (ls.length == 0) {
                    LockSupport.parkNanos(EMPTY_PARK_NS);
                    continue;
                }
                long now;
                while (!stopRequested && loops == ls && (now = clock.nanoTime()) < earliest) {
                    waiter.idle(earliest - now);
                }
            }
        }
    }
}
