package io.tickforge.client.net;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.tickforge.shared.netsim.NetworkConditions;
import io.tickforge.shared.netsim.NetworkSimulator;
import io.tickforge.shared.protocol.InputPacket;
import io.tickforge.shared.protocol.Protocol;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatedLinkTest {
    private static final long MS = 1_000_000L;

    /** Both ends of the decorator: records what it releases outward (inner path) and inward (client). */
    private static final class Ends implements PacketPath, PacketPath.Receiver {
        final List<String> events = new ArrayList<>();
        final List<byte[]> inputs = new ArrayList<>();
        final List<byte[]> snapshots = new ArrayList<>();

        @Override
        public void sendInput(byte[] bytes, int length, long nowNs) {
            inputs.add(Arrays.copyOf(bytes, length));
            events.add("input@" + nowNs / MS);
        }

        @Override
        public void sendPing(int id, long nowNs) {
            events.add("ping " + id + "@" + nowNs / MS);
        }

        @Override
        public int release(long nowNs) {
            return 0;
        }

        @Override
        public void onSnapshot(byte[] bytes, int length, long nowNs) {
            snapshots.add(Arrays.copyOf(bytes, length));
            events.add("snapshot@" + nowNs / MS);
        }

        @Override
        public void onPingReply(int id, long nowNs) {
            events.add("reply " + id + "@" + nowNs / MS);
        }
    }

    @Test
    void serializedInputPacketsSurviveTheQueueExactlyAndArriveAfterTheLatency() {
        final Ends ends = new Ends();
        final SimulatedLink link = new SimulatedLink(new NetworkConditions(30, 0, 0, 0, 0),
                NetworkConditions.CLEAN, 1, ends, ends);
        final InputPacket p = new InputPacket();
        p.newestTick = Long.MAX_VALUE; // the longest varint: the largest packet fits the queue
        p.hasAcks = true;
        p.ackSequence = 65535;
        p.ackBits = 0x8000_0001;
        p.count = InputPacket.MAX_INPUTS;
        for (int k = 0; k < p.count; k++) {
            p.set(k, -127 + k, 127 - k, 65535 - k, k & 3);
        }
        final Kryo kryo = Protocol.newKryo();
        final Output out = new Output(128);
        kryo.writeObject(out, p);
        assertTrue(out.position() <= SimulatedLink.MAX_INPUT_BYTES, "largest input packet " + out.position() + " bytes");
        link.sendInput(out.getBuffer(), out.position(), 0);

        assertEquals(0, link.release(29 * MS), "not before 30 ms");
        assertEquals(1, link.release(30 * MS));
        assertEquals(List.of("input@30"), ends.events);
        assertArrayEquals(out.toBytes(), ends.inputs.get(0), "the same bytes go on");
        final InputPacket back = kryo.readObject(new Input(ends.inputs.get(0)), InputPacket.class);
        assertEquals(p.newestTick, back.newestTick);
        assertEquals(InputPacket.MAX_INPUTS, back.count);
        assertEquals(0, link.release(1000 * MS));
        assertEquals(0, link.uplink().oversizeCount());
    }

    @Test
    void pingsAndSnapshotsTakeTheirDirectionAndKind() {
        final Ends ends = new Ends();
        final SimulatedLink link = new SimulatedLink(NetworkConditions.CLEAN, new NetworkConditions(10, 0, 0, 0, 0), 2,
                ends, ends);
        link.sendPing(77, 0);
        assertEquals(1, link.release(0));
        assertEquals(List.of("ping 77@0"), ends.events);

        link.onSnapshot(new byte[] {9, 8, 7}, 3, 0);
        link.onPingReply(78, 1 * MS);
        assertEquals(0, link.release(9 * MS));
        assertEquals(1, link.release(10 * MS));
        assertArrayEquals(new byte[] {9, 8, 7}, ends.snapshots.get(0));
        assertEquals(1, link.release(11 * MS));
        assertEquals(List.of("ping 77@0", "snapshot@10", "reply 78@11"), ends.events);
    }

    @Test
    void lossIsSeededAndAboutAsConfigured() {
        final Ends endsA = new Ends();
        final Ends endsB = new Ends();
        final SimulatedLink a = new SimulatedLink(NetworkConditions.CLEAN, new NetworkConditions(0, 0, 5, 0, 0), 3, endsA, endsA);
        final SimulatedLink b = new SimulatedLink(NetworkConditions.CLEAN, new NetworkConditions(0, 0, 5, 0, 0), 3, endsB, endsB);
        final byte[] payload = {1};
        int deliveredA = 0;
        int deliveredB = 0;
        for (int i = 0; i < 10_000; i++) {
            a.onSnapshot(payload, 1, i);
            b.onSnapshot(payload, 1, i);
            deliveredA += a.release(i);
            deliveredB += b.release(i);
        }
        assertEquals(deliveredA, deliveredB, "same seed, same fate");
        assertEquals(deliveredA, endsA.snapshots.size());
        // 5% of 10000 lost = 500 expected; 4 sigma of a binomial(10000, 0.05) is about 87.
        assertTrue(Math.abs(10_000 - deliveredA - 500) < 90, "lost " + (10_000 - deliveredA));
    }

    /**
     * The decorator is the shared simulator with the seeds it always had (uplink {@code seed},
     * downlink {@code seed ^ 0x5DEECE66D}), one draw sequence per direction shared by inputs and
     * pings: a run with the same seed meets the same fates, packet by packet.
     */
    @Test
    void fatesAreThoseOfTheSharedSimulatorWithTheSameSeeds() {
        final NetworkConditions upCond = new NetworkConditions(20, 15, 10, 5, 5);
        final NetworkConditions downCond = new NetworkConditions(40, 10, 8, 3, 2);
        final long seed = 42;
        final Ends ends = new Ends();
        final SimulatedLink link = new SimulatedLink(upCond, downCond, seed, ends, ends);
        final NetworkSimulator up = new NetworkSimulator(upCond, 256, 64, seed);
        final NetworkSimulator down = new NetworkSimulator(downCond, 256, 64, seed ^ 0x5DEECE66DL);
        final List<String> expected = new ArrayList<>();
        final byte[] bytes = new byte[8];
        final byte[] dst = new byte[64];
        for (int t = 0; t < 3000; t++) {
            final long now = t * MS;
            bytes[0] = (byte) t;
            link.sendInput(bytes, 8, now);
            up.send(1, bytes, 0, 8, now);
            if (t % 7 == 0) {
                link.sendPing(t, now);
                up.send(2, bytes, 0, 4, now);
                link.onPingReply(t, now);
                down.send(4, bytes, 0, 4, now);
            }
            if (t % 3 == 0) {
                link.onSnapshot(bytes, 8, now);
                down.send(3, bytes, 0, 8, now);
            }
            link.release(now);
            int len;
            while ((len = down.receive(now, dst)) >= 0) {
                expected.add((down.lastDestination() == 3 ? "snapshot@" : "reply ?@") + t + ":" + len);
            }
            while ((len = up.receive(now, dst)) >= 0) {
                expected.add((up.lastDestination() == 1 ? "input@" : "ping ?@") + t + ":" + len);
            }
        }
        final List<String> actual = new ArrayList<>();
        int input = 0;
        for (String e : ends.events) {
            // Compare kind and time; ids are the simulator's business only through their fate.
            final String kind = e.startsWith("ping") ? "ping ?" : e.startsWith("reply") ? "reply ?" : e.substring(0, e.indexOf('@'));
            final String time = e.substring(e.indexOf('@'));
            actual.add(kind + time + ":" + (kind.equals("input") ? ends.inputs.get(input++).length
                    : kind.equals("snapshot") ? 8 : 4));
        }
        assertTrue(expected.size() > 3000, "traffic delivered: " + expected.size());
        assertEquals(expected, actual);
    }
}
