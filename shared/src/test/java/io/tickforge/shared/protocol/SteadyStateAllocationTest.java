package io.tickforge.shared.protocol;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two per-packet paths (server decodes inputs on the update thread, tick thread encodes
 * snapshots) must not allocate once warm. Measured with the thread's allocation counter.
 */
class SteadyStateAllocationTest {
    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void decodingInputPacketsDoesNotAllocate() {
        KryoSerialization serialization = new KryoSerialization();
        InputPacket p = new InputPacket();
        p.count = 4;
        byte[] bytes = new byte[128];
        int n = serialization.encode(p, bytes);
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, n);
        for (int i = 0; i < 20_000; i++) { // warm up (JIT, lazy state)
            buffer.position(0);
            serialization.read(null, buffer);
        }
        long before = allocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            buffer.position(0);
            serialization.read(null, buffer);
        }
        long perPacket = (allocatedBytes() - before) / 100_000;
        assertTrue(perPacket == 0, "allocated " + perPacket + " bytes per decoded InputPacket");
    }

    @Test
    void encodingSnapshotsDoesNotAllocate() {
        KryoSerialization serialization = new KryoSerialization();
        SnapshotDatagram datagram = new SnapshotDatagram(new byte[1197], 1197);
        ByteBuffer direct = ByteBuffer.allocateDirect(4096); // KryoNet's UDP write buffer is direct
        for (int i = 0; i < 20_000; i++) {
            direct.clear();
            serialization.write(null, direct, datagram);
        }
        long before = allocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            direct.clear();
            serialization.write(null, direct, datagram);
        }
        long perPacket = (allocatedBytes() - before) / 100_000;
        assertTrue(perPacket == 0, "allocated " + perPacket + " bytes per encoded SnapshotDatagram");
    }
}
