package io.tickforge.server.tick;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongSupplier;

/**
 * How long the calling thread has waited, runnable, for a CPU since it started (Linux's
 * {@code run_delay}, the second figure of {@code /proc/thread-self/schedstat}, in nanoseconds):
 * time the scheduler gave the core to someone else while this thread was ready to run. Read
 * twice per tick, it tells whether a late or long tick was waiting for the CPU (something else ran
 * on the core) or not (the timer, the hypervisor, the work itself).
 *
 * <p>The file is opened once, on the thread it measures ({@code thread-self} resolves when opened),
 * and re-read at offset 0 into a direct buffer: about 2 us and no allocation per read on the VM it
 * was measured on. Only that thread may read it.
 */
final class RunQueueClock implements LongSupplier {
    static final Path SCHEDSTAT = Path.of("/proc/thread-self/schedstat");

    private final FileChannel file;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(128);
    private boolean failed;

    private RunQueueClock(FileChannel file) {
        this.file = file;
    }

    /** A clock of the calling thread's run delay, or null where the platform has none (not Linux, no schedstat). */
    static LongSupplier openForCurrentThread() {
        if (!Files.isReadable(SCHEDSTAT)) {
            return null;
        }
        try {
            RunQueueClock clock = new RunQueueClock(FileChannel.open(SCHEDSTAT, StandardOpenOption.READ));
            return clock.getAsLong() >= 0 ? clock : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The run delay in nanoseconds, or -1 once a read has failed (then always). */
    @Override
    public long getAsLong() {
        if (failed) {
            return -1;
        }
        try {
            buffer.clear();
            final int n = file.read(buffer, 0);
            final long delay = parseRunDelay(buffer, n);
            if (delay < 0) {
                failed = true;
            }
            return delay;
        } catch (IOException e) {
            failed = true;
            return -1;
        }
    }

    /** The second space-separated decimal of {@code b[0..n)} ("runtime run_delay timeslices"), or -1. */
    static long parseRunDelay(ByteBuffer b, int n) {
        int k = 0;
        while (k < n && b.get(k) != ' ') {
            k++;
        }
        k++;
        long v = 0;
        int digits = 0;
        for (; k < n; k++) {
            final byte c = b.get(k);
            if (c < '0' || c > '9') {
                break;
            }
            v = v * 10 + (c - '0');
            digits++;
        }
        return digits == 0 || digits > 18 ? -1 : v;
    }
}
