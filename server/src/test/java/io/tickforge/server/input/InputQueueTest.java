package io.tickforge.server.input;

import io.tickforge.shared.protocol.InputPacket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InputQueueTest {
    @Test
    void copiesThePacketSoTheProducerMayReuseIt() {
        InputQueue queue = new InputQueue(4);
        InputPacket p = new InputPacket();
        p.hasAcks = true;
        p.ackSequence = 65535;
        p.ackBits = 0xDEADBEEF;
        p.newestTick = 1234567890123L;
        p.count = 3;
        p.set(0, 1, -1, 65535, 3);
        p.set(1, 2, -2, 100, 1);
        p.set(2, 127, -127, 0, 0);
        assertTrue(queue.offer(7, p));
        p.set(0, 99, 99, 99, 0);       // producer reuses its instance
        p.newestTick = 0;
        List<String> seen = new ArrayList<>();
        assertEquals(1, queue.drain((slot, in) -> seen.add(slot + ":" + in.ackSequence + ":" + in.ackBits
                + ":" + in.newestTick + ":" + in.count + ":" + in.moveX(0) + "," + in.moveY(0) + ","
                + (in.aim(0) & 0xFFFF) + "," + in.buttons(0) + ":" + in.moveX(2) + "," + in.moveY(2)), 10));
        assertEquals(List.of("7:65535:" + 0xDEADBEEF + ":1234567890123:3:1,-1,65535,3:127,-127"), seen);
    }

    @Test
    void fullQueueRejectsAndCountsThenRecovers() {
        InputQueue queue = new InputQueue(3);   // rounded up to 4
        assertEquals(4, queue.capacity());
        InputPacket p = new InputPacket();
        for (int i = 0; i < 4; i++) {
            assertTrue(queue.offer(i, p));
        }
        assertFalse(queue.offer(9, p));
        assertFalse(queue.offer(9, p));
        assertEquals(2, queue.rejectedFull());
        assertEquals(4, queue.offered());
        List<Integer> slots = new ArrayList<>();
        assertEquals(2, queue.drain((slot, in) -> slots.add(slot), 2), "drain is bounded");
        assertTrue(queue.offer(4, p));
        assertEquals(3, queue.drain((slot, in) -> slots.add(slot), 100));
        assertEquals(List.of(0, 1, 2, 3, 4), slots);
    }

    @Test
    void hostileCountsAreStoredButNeverOverrunTheArrays() {
        InputQueue queue = new InputQueue(2);
        InputPacket p = new InputPacket();
        p.count = 1000;
        assertTrue(queue.offer(0, p));
        p.count = -5;
        assertTrue(queue.offer(1, p));
        List<Integer> counts = new ArrayList<>();
        queue.drain((slot, in) -> counts.add(in.count), 10);
        assertEquals(List.of(1000, -5), counts, "the consumer sees the raw count and rejects it");
    }

    @Test
    @Timeout(20)
    void manyProducersOneConsumerLoseNothingAccepted() throws Exception {
        InputQueue queue = new InputQueue(256);
        int producers = 3;
        int perProducer = 20_000;
        Thread[] threads = new Thread[producers];
        for (int t = 0; t < producers; t++) {
            final int id = t;
            threads[t] = new Thread(() -> {
                InputPacket p = new InputPacket();
                p.count = 1;
                for (int i = 0; i < perProducer; i++) {
                    p.newestTick = i;
                    while (!queue.offer(id, p)) {
                        Thread.onSpinWait();
                    }
                }
            });
            threads[t].start();
        }
        long[] nextExpected = new long[producers];
        long received = 0;
        while (received < (long) producers * perProducer) {
            received += queue.drain((slot, in) -> {
                // Per producer, order is preserved.
                assertEquals(nextExpected[slot], in.newestTick);
                nextExpected[slot]++;
            }, 64);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        for (int t = 0; t < producers; t++) {
            assertEquals(perProducer, nextExpected[t]);
        }
        assertEquals((long) producers * perProducer, queue.offered());
    }
}
