package io.tickforge.server.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Process CPU figures from an injected CPU clock: no sleeping, no real CPU time. */
class CpuMeterTest {
    private long cpuNs;
    private final CpuMeter meter = new CpuMeter(() -> cpuNs);

    @Test
    void nothingBeforeTheSecondSample() {
        assertEquals(CpuMeter.UNAVAILABLE, meter.cores());
        assertEquals(CpuMeter.UNAVAILABLE, meter.microsPerClientTick());
        cpuNs = 5_000_000_000L;
        meter.sample(1_000_000_000L, 0);
        assertEquals(CpuMeter.UNAVAILABLE, meter.cores(), "one sample is no interval");
        assertEquals(CpuMeter.UNAVAILABLE, meter.microsPerClientTick());
    }

    @Test
    void coresAndMicrosPerClientTickOverOneInterval() {
        cpuNs = 7_000_000_000L;
        meter.sample(10_000_000_000L, 1_000);
        // 5 s of wall time, 60 Hz, 16 clients: 300 ticks x 16 = 4800 client-ticks; 250 ms of CPU.
        cpuNs += 250_000_000L;
        meter.sample(15_000_000_000L, 1_000 + 300 * 16);
        assertEquals(0.05, meter.cores(), 1e-12, "250 ms CPU / 5 s wall");
        assertEquals(250_000.0 / 4800, meter.microsPerClientTick(), 1e-9, "250 000 us / 4800 client-ticks");
    }

    @Test
    void eachIntervalStandsAlone() {
        meter.sample(0, 0);
        cpuNs = 2_000_000_000L;
        meter.sample(1_000_000_000L, 60 * 10);
        assertEquals(2.0, meter.cores(), 1e-12, "two cores busy for the whole second");
        assertEquals(2_000_000.0 / 600, meter.microsPerClientTick(), 1e-9);
        cpuNs += 100_000_000L;
        meter.sample(2_000_000_000L, 60 * 10 + 60 * 40);
        assertEquals(0.1, meter.cores(), 1e-12);
        assertEquals(100_000.0 / 2400, meter.microsPerClientTick(), 1e-9, "only this interval's client-ticks");
    }

    @Test
    void noClientTicksMeansNoPerClientFigureButCoresStillCount() {
        meter.sample(0, 42);
        cpuNs = 30_000_000L;
        meter.sample(1_000_000_000L, 42);
        assertEquals(0.03, meter.cores(), 1e-12);
        assertEquals(CpuMeter.UNAVAILABLE, meter.microsPerClientTick(), "an empty server has no per-client cost");
    }

    @Test
    void anUnknownCpuTimeMakesBothFiguresUnavailableAndRestartsTheInterval() {
        meter.sample(0, 0);
        cpuNs = -1;
        meter.sample(1_000_000_000L, 60);
        assertEquals(CpuMeter.UNAVAILABLE, meter.cores());
        assertEquals(CpuMeter.UNAVAILABLE, meter.microsPerClientTick());
        cpuNs = 1_000_000_000L;
        meter.sample(2_000_000_000L, 120);
        assertEquals(CpuMeter.UNAVAILABLE, meter.cores(), "the unknown sample ended the interval");
        cpuNs += 500_000_000L;
        meter.sample(3_000_000_000L, 180);
        assertEquals(0.5, meter.cores(), 1e-12);
        assertEquals(500_000.0 / 60, meter.microsPerClientTick(), 1e-9);
    }

    @Test
    void aCpuClockGoingBackwardsIsNotReportedAsNegativeUse() {
        cpuNs = 1_000_000_000L;
        meter.sample(0, 0);
        cpuNs = 900_000_000L;
        meter.sample(1_000_000_000L, 60);
        assertEquals(CpuMeter.UNAVAILABLE, meter.cores());
        assertEquals(CpuMeter.UNAVAILABLE, meter.microsPerClientTick());
    }

    @Test
    void theSystemSourcesReadThisProcessAndThisThread() {
        long process = CpuMeter.processCpuTime().cpuTimeNs();
        long thread = CpuMeter.currentThreadCpuTime().cpuTimeNs();
        // This JVM has at least started up and loaded this test on this thread: both used some CPU.
        assertTrue(process > 0, "process CPU time " + process);
        assertTrue(thread > 0, "thread CPU time " + thread);
        long spin = 0;
        for (int i = 0; i < 5_000_000; i++) {
            spin += i ^ (spin >>> 3);
        }
        assertTrue(CpuMeter.processCpuTime().cpuTimeNs() >= process, "monotonic (" + spin + ")");
        long threadAfter = CpuMeter.currentThreadCpuTime().cpuTimeNs();
        assertTrue(threadAfter > thread, "the spin used this thread's CPU");
        assertTrue(CpuMeter.processCpuTime().cpuTimeNs() >= threadAfter - 10_000_000L,
                "one thread's CPU is part of the process's (which counts in 10 ms clock ticks)");
    }

    @Test
    void samplingTheRealClocksAllocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        CpuMeter process = new CpuMeter(CpuMeter.processCpuTime());
        CpuMeter thread = new CpuMeter(CpuMeter.currentThreadCpuTime());
        for (int i = 0; i < 20_000; i++) {   // warm up: class loading and JIT are not steady state
            process.sample(i, i);
            thread.sample(i, i);
        }
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 10_000; i++) {
            process.sample(20_000 + i, i);
            thread.sample(20_000 + i, i);
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        // Zero is expected; the slack absorbs one-off JVM-internal allocations (the same rule as
        // GameSessionAllocationTest). One object per sample would be 10 000 x 16 bytes or more.
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes over 10 000 samples of each clock");
    }

    @Test
    void aSourceIsRequired() {
        assertThrows(IllegalArgumentException.class, () -> new CpuMeter(null));
    }
}
