package io.tickforge.client;

import io.tickforge.shared.log.DistinctErrorLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One thread that drives many {@link GameClient}s: every poll period it reads the clock once and
 * calls {@link GameClient#poll(long)} on each (KryoNet {@code update(0)}, input production, sends),
 * then parks until the next period. A few drivers (one per core) replace a KryoNet update thread per
 * client, which does not scale to hundreds of bots on two cores (see docs/BOTS.md). Clients are
 * added from any thread; everything else happens on the driver's thread.
 *
 * <p>Dedicated mode (one client per driver, the classic KryoNet thread-per-connection design, kept
 * for comparison): instead of parking, the thread blocks in the client's selector until data
 * arrives or its next input falls due.
 */
public final class ClientDriver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClientDriver.class);
    /** One error policy for every driver: first occurrence with its stack, then counted. */
    private static final DistinctErrorLog ERRORS = new DistinctErrorLog(LOG);

    private final String name;
    private final long pollPeriodNs;
    private final boolean dedicated;
    private final ConcurrentLinkedQueue<GameClient> incoming = new ConcurrentLinkedQueue<>();
    private final ArrayList<GameClient> clients = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int clientCount;
    private volatile long polls;
    private volatile long lateWakeups;
    private volatile long pollErrors;

    /** @param pollHz polls per second (e.g. 500 = every 2 ms) */
    public ClientDriver(String name, int pollHz) {
        this(name, pollHz, false);
    }

    /**
     * @param pollHz polls per second (e.g. 500 = every 2 ms); in dedicated mode, the longest wait
     * @param dedicated block in the (single) client's selector between polls instead of parking
     */
    public ClientDriver(String name, int pollHz, boolean dedicated) {
        if (pollHz < 1 || pollHz > 10_000) {
            throw new IllegalArgumentException("pollHz must be 1..10000: " + pollHz);
        }
        this.name = name;
        this.pollPeriodNs = 1_000_000_000L / pollHz;
        this.dedicated = dedicated;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Hands a client to this driver; it is polled from the next period on. */
    public void add(GameClient client) {
        incoming.add(client);
        LockSupport.unpark(thread);
    }

    private void run() {
        long nextNs = System.nanoTime();
        while (running) {
            GameClient added;
            while ((added = incoming.poll()) != null) {
                clients.add(added);
            }
            final long nowNs = System.nanoTime();
            for (int i = 0; i < clients.size(); i++) {
                final GameClient c = clients.get(i);
                try {
                    c.poll(nowNs);
                } catch (RuntimeException e) {
                    pollErrors++;
                    ERRORS.record(name + ": poll of a client failed", c.config().playerName, e);
                    c.requestClose();
                }
            }
            // Drop closed clients (swap-remove; order does not matter).
            for (int i = clients.size() - 1; i >= 0; i--) {
                final GameClient c = clients.get(i);
                if (c.isClosed()) {
                    c.dispose();
                    final int last = clients.size() - 1;
                    clients.set(i, clients.get(last));
                    clients.remove(last);
                }
            }
            clientCount = clients.size();
            polls++;
            if (dedicated && clients.size() == 1) {
                final GameClient only = clients.get(0);
                final long waitNs = Math.min(pollPeriodNs, only.nanosUntilNextInput(System.nanoTime()));
                only.awaitNetwork((int) Math.max(1, waitNs / 1_000_000L));
                nextNs = System.nanoTime();
                continue;
            }
            nextNs += pollPeriodNs;
            final long after = System.nanoTime();
            if (after - nextNs > pollPeriodNs) {
                // More than a period behind (overloaded): do not try to catch up with a burst of polls.
                lateWakeups++;
                nextNs = after;
            } else if (nextNs - after > 0) {
                LockSupport.parkNanos(nextNs - after);
            }
        }
        for (GameClient c : clients) {
            c.dispose();
        }
        clients.clear();
        clientCount = 0;
    }

    /** The driver thread's id (for per-thread CPU and allocation measurements). */
    public long threadId() {
        return thread.getId();
    }

    /** Clients currently driven (published after each pass). */
    public int clientCount() {
        return clientCount;
    }

    public long polls() {
        return polls;
    }

    /** Passes that ended more than one period late: the driver is overloaded. */
    public long lateWakeups() {
        return lateWakeups;
    }

    public long pollErrors() {
        return pollErrors;
    }

    /** Stops the thread (closed clients are disposed; open ones are disposed without a Bye). */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
