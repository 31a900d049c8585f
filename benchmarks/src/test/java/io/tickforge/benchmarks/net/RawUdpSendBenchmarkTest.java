package io.tickforge.benchmarks.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The baseline sends what it says over loopback and its drainer receives every datagram. */
class RawUdpSendBenchmarkTest {
    @Test
    @Timeout(30)
    void everyDatagramIsSentAndDrained() throws Exception {
        RawUdpSendBenchmark b = new RawUdpSendBenchmark();
        b.datagrams = 16;
        b.sizeBytes = 200;
        b.setUp();
        try {
            for (int op = 0; op < 10; op++) {
                assertEquals(16 * 200, b.sendBatch(), "16 datagrams x 200 bytes accepted per operation");
            }
            assertEquals(160, b.accepted());
            // 160 x 200 B fit any receive buffer, so the drainer gets them all; wait for it.
            while (b.received() < 160) {
                Thread.sleep(1);
            }
            assertEquals(160, b.received());
        } finally {
            b.tearDown();
        }
    }

    @Test
    void refusesDatagramsNoUdpCanCarry() {
        RawUdpSendBenchmark b = new RawUdpSendBenchmark();
        b.datagrams = 1;
        b.sizeBytes = 70_000;
        assertThrows(IllegalArgumentException.class, b::setUp);
    }
}
