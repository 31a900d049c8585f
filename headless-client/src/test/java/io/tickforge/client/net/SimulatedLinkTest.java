package io.tickforge.client.net;

import io.tickforge.shared.netsim.NetworkConditions;
import io.tickforge.shared.protocol.InputPacket;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatedLinkTest {
    private static final long MS = 1_000_000L;

    @Test
    void inputPacketsSurviveTheQueueExactlyAndArriveAfterTheLatency() {
        final SimulatedLink link = new SimulatedLink(new NetworkConditions(30, 0, 0, 0, 0),
                NetworkConditions.CLEAN, 1);
        final InputPacket p = new InputPacket();
        p.newestTick = 1L << 40; // beyond 32 bits: the whole long survives
        p.hasAcks = true;
        p.ackSequence = 65535;
        p.ackBits = 0x8000_0001;
        p.count = 3;
        p.set(0, -127, 127, 65535, 3);
        p.set(1, 0, -1, 32768, 0);
        p.set(2, 5, 6, 7, 1);
        link.sendInput(p, 0);
        final InputPacket out = new InputPacket();
        assertEquals(0, link.pollOutbound(29 * MS, out), "not before 30 ms");
        assertEquals(SimulatedLink.KIND_INPUT, link.pollOutbound(30 * MS, out));
        assertEquals(p.newestTick, out.newestTick);
        assertTrue(out.hasAcks);
        assertEquals(65535, out.ackSequence);
        assertEquals(0x8000_0001, out.ackBits);
        assertEquals(3, out.count);
        assertArrayEquals(new byte[] {-127, 0, 5}, new byte[] {out.moveX[0], out.moveX[1], out.moveX[2]});
        assertArrayEquals(new byte[] {127, -1, 6}, new byte[] {out.moveY[0], out.moveY[1], out.moveY[2]});
        assertArrayEquals(new short[] {-1, (short) 32768, 7}, new short[] {out.aim[0], out.aim[1], out.aim[2]});
        assertArrayEquals(new byte[] {3, 0, 1}, new byte[] {out.buttons[0], out.buttons[1], out.buttons[2]});
        assertEquals(0, link.pollOutbound(1000 * MS, out));
    }

    @Test
    void pingsAndSnapshotsTakeTheirDirectionAndKind() {
        final SimulatedLink link = new SimulatedLink(NetworkConditions.CLEAN, new NetworkConditions(10, 0, 0, 0, 0), 2);
        link.sendPing(77, 0);
        assertEquals(SimulatedLink.KIND_PING, link.pollOutbound(0, new InputPacket()));
        assertEquals(77, link.deliveredPingId());

        link.receiveSnapshot(new byte[] {9, 8, 7}, 3, 0);
        link.receivePingReply(78, 1 * MS);
        assertEquals(0, link.pollInbound(9 * MS));
        assertEquals(SimulatedLink.KIND_SNAPSHOT, link.pollInbound(10 * MS));
        assertEquals(3, link.deliveredLength());
        assertEquals(7, link.deliveredBytes()[2]);
        assertEquals(SimulatedLink.KIND_PING_REPLY, link.pollInbound(11 * MS));
        assertEquals(78, link.deliveredPingId());
    }

    @Test
    void lossIsSeededAndAboutAsConfigured() {
        final SimulatedLink a = new SimulatedLink(NetworkConditions.CLEAN, new NetworkConditions(0, 0, 5, 0, 0), 3);
        final SimulatedLink b = new SimulatedLink(NetworkConditions.CLEAN, new NetworkConditions(0, 0, 5, 0, 0), 3);
        final byte[] payload = {1};
        int deliveredA = 0;
        int deliveredB = 0;
        for (int i = 0; i < 10_000; i++) {
            a.receiveSnapshot(payload, 1, i);
            b.receiveSnapshot(payload, 1, i);
            while (a.pollInbound(i) != 0) {
                deliveredA++;
            }
            while (b.pollInbound(i) != 0) {
                deliveredB++;
            }
        }
        assertEquals(deliveredA, deliveredB, "same seed, same fate");
        // 5% of 10000 lost = 500 expected; 4 sigma of a binomial(10000, 0.05) is about 87.
        assertTrue(Math.abs(10_000 - deliveredA - 500) < 90, "lost " + (10_000 - deliveredA));
    }
}
