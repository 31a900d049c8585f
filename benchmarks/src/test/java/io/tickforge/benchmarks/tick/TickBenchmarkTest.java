package io.tickforge.benchmarks.tick;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tick benchmark measures a steady state: acks reach the replication, no keyframes after setup. */
class TickBenchmarkTest {
    @ParameterizedTest(name = "replication threads {0}")
    @ValueSource(ints = {0, 1})
    @Timeout(60)
    void ticksRunInSteadyStateWithAcksFedBack(int replicationThreads) throws InterruptedException {
        TickBenchmark b = new TickBenchmark();
        b.players = 16;
        b.npcs = 1000;
        b.replicationThreads = replicationThreads;
        b.setUp();
        for (int i = 0; i < 300; i++) {
            b.offerInputs();
            assertEquals(1, b.tick(), "every call runs exactly one tick");
        }
        b.checkSteadyState();   // throws on keyframes after setup or any tick/send error
    }

    @Test
    void linkAcknowledgesThePacketSentDelayPacketsAgo() {
        CountingLink link = new CountingLink(1);
        assertFalse(link.hasAck(6), "nothing sent: nothing to acknowledge");
        assertEquals(0, link.ackBits(6));
        byte[] payload = new byte[10];
        for (int seq = 100; seq < 110; seq++) {
            // Little-endian u16, as Kryo 5's Output.writeShort writes the sequence.
            payload[0] = (byte) seq;
            payload[1] = (byte) (seq >>> 8);
            link.sendSnapshot(payload, 7);
        }
        assertEquals(10, link.packets());
        assertEquals(70, link.bytes(), "10 packets x 7 bytes");
        // Sent 100..109; 6 packets of delay: newest received is 104, and 100..103 before it.
        assertEquals(104, link.ackSequence(6));
        assertEquals(0b1111, link.ackBits(6));
        assertTrue(link.hasAck(6));
        assertTrue(link.hasAck(10), "the first packet has just arrived");
        assertFalse(link.hasAck(11), "a client 11 packets behind has received none of the 10");
    }

    @Test
    void checkSteadyStateFailsWhenAClientIsNeverAcknowledged() {
        // Negative control: with inputs never offered, no acks arrive and the clients stay on keyframes.
        TickBenchmark b = new TickBenchmark() {
            @Override
            public void offerInputs() {
            }
        };
        b.players = 4;
        b.npcs = 100;
        b.setUp();
        for (int i = 0; i < 10; i++) {
            b.tick();
        }
        assertThrows(IllegalStateException.class, b::checkSteadyState);
    }
}
