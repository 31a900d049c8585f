package io.tickforge.client;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import io.tickforge.client.net.PacketPath;
import io.tickforge.client.predict.Predictor;
import io.tickforge.client.sync.ClockSync;
import io.tickforge.client.predict.ArenaPlayerMovement;
import io.tickforge.shared.world.EntityLayout;
import io.tickforge.shared.world.InputLayout;
import io.tickforge.shared.protocol.InputPacket;
import io.tickforge.shared.protocol.Protocol;
import io.tickforge.shared.snapshot.SnapshotDecoder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The input loop without sockets: a fake clock (ClockSync driven by hand) and a recording packet path. */
class InputSenderTest {
    private static final int HZ = 60;
    private static final int REDUNDANCY = 4;

    /** Records every datagram payload sent, decoded back with the protocol's own Kryo. */
    private static final class Recorder implements PacketPath {
        final List<byte[]> sent = new ArrayList<>();
        private final Kryo kryo = Protocol.newKryo();

        @Override
        public void sendInput(byte[] bytes, int length, long nowNs) {
            sent.add(Arrays.copyOf(bytes, length));
        }

        @Override
        public void sendPing(int id, long nowNs) {
            throw new AssertionError("the input sender sends no pings");
        }

        @Override
        public int release(long nowNs) {
            return 0;
        }

        InputPacket decode(int i) {
            return kryo.readObject(new Input(sent.get(i)), InputPacket.class);
        }
    }

    /** Input for tick t: moveX = t mod 100, so every packet says which ticks it carries. */
    private static final InputSource BY_TICK = (tick, client, out) -> out.set((int) (tick % 100), 0, 0, 0);

    private ClockSync clock;
    private Predictor predictor;
    private final SnapshotDecoder acks = new SnapshotDecoder(8, 64);
    private final Recorder path = new Recorder();

    @BeforeEach
    void joined() {
        clock = new ClockSync(HZ);
        clock.onWelcome(1000, 0, 0);
        predictor = new Predictor(ArenaPlayerMovement.FACTORY.create(HZ, EntityLayout.FIXED, InputLayout.FIXED), 4, 128);
    }

    private static long ticks(double n) {
        return (long) (n * 1_000_000_000L / HZ);
    }

    @Test
    void oneInputPerDueTickSentWithTheNewestFewAndNoAcksBeforeASnapshot() {
        final InputSender sender = new InputSender(null, BY_TICK, REDUNDANCY, path);
        final long first = clock.inputTargetTick(0);
        assertEquals(1, sender.produce(0, clock, predictor, acks));
        assertEquals(first, sender.firstInputTick());
        assertEquals(0, sender.produce(0, clock, predictor, acks), "nothing new due at the same time");
        assertEquals(1, path.sent.size());

        final long now = ticks(3);
        final long target = clock.inputTargetTick(now);
        assertEquals(3, target - first, "three periods later, three more ticks are due");
        assertEquals(3, sender.produce(now, clock, predictor, acks));
        assertEquals(2, path.sent.size(), "one packet per produce, however many ticks it covers");
        final InputPacket p = path.decode(1);
        assertFalse(p.hasAcks, "nothing to acknowledge before the first snapshot");
        assertEquals(target, p.newestTick);
        assertEquals(0, p.renderLag, "nothing rendered yet: no render lag");
        assertEquals(REDUNDANCY, p.count, "the newest four of the four inputs so far");
        for (int k = 0; k < p.count; k++) {
            assertEquals((target - k) % 100, p.moveX(k), "input " + k + " is for tick newest - " + k);
        }
        assertEquals(target, predictor.newestTick(), "every input went to the predictor");
        assertTrue(sender.nanosUntilNextInput(now, clock, -1) <= ticks(1), "the next input is at most a period away");
    }

    @Test
    void aStallSkipsAheadInsteadOfBurstingAndRestartsTheRedundancy() {
        final InputSender sender = new InputSender(null, BY_TICK, REDUNDANCY, path);
        sender.produce(0, clock, predictor, acks);
        final long next = clock.inputTargetTick(0) + 1;
        final long now = ticks(InputSender.MAX_INPUT_CATCH_UP + 5);
        final long target = clock.inputTargetTick(now);
        assertEquals(1, sender.produce(now, clock, predictor, acks), "only the target tick itself");
        assertEquals(target - next, sender.skippedInputTicks());
        final InputPacket p = path.decode(1);
        assertEquals(1, p.count, "no redundancy across the gap");
        assertEquals(target, p.newestTick);
    }

    @Test
    void aSourceAskingForSeveralPacketsPerTickGetsIdenticalCopies() {
        final InputSource flood = new InputSource() {
            @Override
            public void sample(long tick, GameClient client, PlayerInput out) {
                out.set(1, 2, 3, 0);
            }

            @Override
            public int packetsPerTick() {
                return 3;
            }
        };
        final InputSender sender = new InputSender(null, flood, REDUNDANCY, path);
        sender.produce(0, clock, predictor, acks);
        assertEquals(3, path.sent.size());
        assertArrayEquals(path.sent.get(0), path.sent.get(1));
        assertArrayEquals(path.sent.get(0), path.sent.get(2));
    }

    @Test
    void restartNumbersTheNextStreamFromItsOwnTarget() {
        final InputSender sender = new InputSender(null, BY_TICK, REDUNDANCY, path);
        sender.produce(0, clock, predictor, acks);
        sender.restart();
        assertEquals(-1, sender.nanosUntilNextInput(0, clock, -1), "no input due before the new stream starts");
        clock = new ClockSync(HZ);
        clock.onWelcome(5000, ticks(1), 0);
        predictor = new Predictor(ArenaPlayerMovement.FACTORY.create(HZ, EntityLayout.FIXED, InputLayout.FIXED), 4, 128);
        assertEquals(1, sender.produce(ticks(1), clock, predictor, acks));
        assertEquals(clock.inputTargetTick(ticks(1)), sender.firstInputTick());
        assertEquals(0, sender.skippedInputTicks(), "a new stream is no stall");
    }

    @Test
    void renderLagIsTheInputTickMinusTheRoundedRenderTickWithinOneByte() {
        assertEquals(10, InputSender.renderLag(100, 90.0));
        assertEquals(10, InputSender.renderLag(100, 89.6), "rounded to the nearest tick");
        assertEquals(11, InputSender.renderLag(100, 89.4));
        assertEquals(0, InputSender.renderLag(100, Double.NaN), "nothing rendered: 0");
        assertEquals(0, InputSender.renderLag(100, 105.0), "a render tick ahead of the input (clock glitch): 0");
        assertEquals(InputPacket.MAX_RENDER_LAG, InputSender.renderLag(1000, 0.0), "clamped to the byte");
    }
}
