package io.tickforge.server.replication;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A fixed pool of replication worker threads, started at the session's first write phase. Each {@link #run} is one
 * write phase: the tick thread wakes the workers, does a share of the work itself ({@code
 * share.accept(0)}; worker k calls {@code share.accept(k)}), and returns once every worker has
 * finished its share. The work itself is handed out by the caller (clients taken one at a time
 * from an atomic counter), so a worker that wakes late simply takes fewer clients.
 *
 * <p>No lock and no allocation per phase: a volatile generation number tells the workers a phase
 * began ({@link LockSupport#unpark}, which does not allocate, wakes them), an atomic count tells
 * the tick thread they are done (it spins briefly, since the last client is usually nearly done,
 * then parks until the last worker unparks it). Threads are daemons named
 * {@code tickforge-replication-POOL-k}; {@link #close} stops them.
 */
final class ReplicationWorkers implements AutoCloseable {
    /** How long the tick thread spins for the last workers before it parks. */
    private static final long SPIN_NS = 50_000;

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationWorkers.class);

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final Thread[] threads;
    private final AtomicLong escapedErrors = new AtomicLong();
    private final IntConsumer share;
    private final AtomicInteger unfinished = new AtomicInteger();
    private volatile int generation;
    private volatile boolean running = true;
    private boolean started;
    private volatile Thread waiter;

    ReplicationWorkers(int count, IntConsumer share) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1: " + count);
        }
        this.share = share;
        final int pool = POOLS.incrementAndGet();
        threads = new Thread[count];
        for (int k = 0; k < count; k++) {
            final int writer = k + 1;
            Thread t = new Thread(() -> workLoop(writer), "tickforge-replication-" + pool + "-" + writer);
            t.setDaemon(true);
            threads[k] = t;
        }
    }

    /**
     * Starts the threads; {@link #run} does on its first call, so a replication that is built but
     * never ticks (a server that fails to start, a test) leaves no thread behind.
     */
    synchronized void start() {
        if (!started && running) {
            for (Thread t : threads) {
                t.start();
            }
            started = true;
        }
    }

    /** Failures that escaped a worker's share (bugs; each still completed its phase). */
    long escapedErrors() {
        return escapedErrors.get();
    }

    /** The worker threads (for tests and diagnostics). */
    Thread[] threads() {
        return threads.clone();
    }

    int size() {
        return threads.length;
    }

    /** One write phase on the calling (tick) thread and every worker; returns when all are done. */
    void run() {
        if (!running) {
            throw new IllegalStateException("replication workers are closed");
        }
        if (!started) {
            start();
        }
        unfinished.set(threads.length);
        generation = generation + 1;
        for (Thread t : threads) {
            LockSupport.unpark(t);
        }
        RuntimeException failure = null;
        try {
            share.accept(0);
        } catch (RuntimeException e) {
            failure = e;
        }
        awaitWorkers();
        if (failure != null) {
            throw failure;
        }
    }

    private void awaitWorkers() {
        if (unfinished.get() == 0) {
            return;
        }
        final long spinUntil = System.nanoTime() + SPIN_NS;
        while (unfinished.get() != 0 && System.nanoTime() < spinUntil) {
            Thread.onSpinWait();
        }
        if (unfinished.get() == 0) {
            return;
        }
        waiter = Thread.currentThread();
        try {
            while (unfinished.get() != 0) {
                LockSupport.park(this);
            }
        } finally {
            waiter = null;
        }
    }

    private void workLoop(int writer) {
        // Phases are numbered from 1: a thread that starts after the first phase began must not
        // take that phase's number as already seen (it would never finish it).
        int seen = 0;
        while (running) {
            final int g = generation;
            if (g == seen) {
                LockSupport.park(this);
                continue;
            }
            seen = g;
            try {
                share.accept(writer);
            } catch (RuntimeException | Error e) {
                // The share reports per-client failures itself; anything escaping it is a bug.
                // The phase still completes so the tick goes on; logged once, then counted.
                if (escapedErrors.getAndIncrement() == 0) {
                    LOG.error("replication worker {} failed (first error; later ones are counted)", writer, e);
                }
            } finally {
                if (unfinished.decrementAndGet() == 0) {
                    Thread w = waiter;
                    if (w != null) {
                        LockSupport.unpark(w);
                    }
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        if (!started) {
            return;
        }
        for (Thread t : threads) {
            LockSupport.unpark(t);
        }
        for (Thread t : threads) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
