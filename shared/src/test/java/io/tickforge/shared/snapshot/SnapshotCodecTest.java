package io.tickforge.shared.snapshot;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Encoder -> decoder round trips with pinned sizes. The "server" side here is what DeltaReplication
 * does: fill a SnapshotDelta, encode it against the baseline view, build the new view with
 * applyDelta; the client must end with the identical view.
 */
class SnapshotCodecTest {
    private static final int BUDGET = 1197;
    private final SnapshotEncoder encoder = new SnapshotEncoder();
    private final SnapshotDelta delta = new SnapshotDelta(4);
    private final byte[] out = new byte[BUDGET];
    private SnapshotDecoder decoder;
    private SnapshotView[] serverViews;

    @BeforeEach
    void setUp() {
        decoder = new SnapshotDecoder(32, 4);
        serverViews = new SnapshotView[65536];
    }

    private void header(int sequence, long tick, long lastInput, int baseline) {
        delta.clear();
        delta.sequence = sequence;
        delta.serverTick = tick;
        delta.lastAppliedInputTick = lastInput;
        delta.keyframe = baseline < 0;
        delta.baselineSequence = Math.max(0, baseline);
    }

    /** Encodes the prepared delta, records the server view, decodes, and returns the length. */
    private int roundTrip() {
        SnapshotView base = delta.keyframe ? null : serverViews[delta.baselineSequence];
        int len = encoder.encode(delta, base, out, BUDGET);
        SnapshotView view = new SnapshotView(4);
        view.applyDelta(base, delta);
        serverViews[delta.sequence] = view;
        assertEquals(SnapshotDecoder.Result.ACCEPTED, decoder.decode(out, 0, len));
        assertSameView(view, decoder.view());
        return len;
    }

    private static void assertSameView(SnapshotView expected, SnapshotView actual) {
        assertEquals(expected.count(), actual.count());
        assertEquals(expected.serverTick(), actual.serverTick());
        for (int i = 0; i < expected.count(); i++) {
            assertArrayEquals(new long[] {expected.entityId(i), expected.x(i), expected.y(i), expected.heading(i),
                            expected.health(i), expected.flags(i), expected.tick(i)},
                    new long[] {actual.entityId(i), actual.x(i), actual.y(i), actual.heading(i), actual.health(i),
                            actual.flags(i), actual.tick(i)});
        }
    }

    private int keyframeWithTwoEntities() {
        header(0, 100, 99, -1);
        delta.addAdded(0, 1000, 2000, 1024, 100, 1);
        delta.addAdded(1024, 30000, 30000, 5, 100, 1);
        return roundTrip();
    }

    @Test
    void keyframeSize() {
        // header: seq 2 + tick 100 (1) + zigzag(100-99=1) (1) + flags 1 + removed/changed/added counts 3 = 8
        // entity 0:    gap 0 (1) + zigzag x 2000 (2) + zigzag y 4000 (2) + heading 1024 (2) + 100 (1) + 1 (1) = 9
        // entity 1024: gap 1023 (2) + zigzag 60000 (3) + zigzag 60000 (3) + heading 5 (1) + 100 (1) + 1 (1) = 11
        assertEquals(8 + 9 + 11, keyframeWithTwoEntities());
        assertEquals(100, decoder.serverTick());
        assertEquals(99, decoder.lastAppliedInputTick());
        assertEquals(2, decoder.view().count());
        assertEquals(100, decoder.view().tick(1));
        assertEquals(0, decoder.ackSequence());
    }

    @Test
    void noChangeSize() {
        keyframeWithTwoEntities();
        header(1, 101, 100, 0);
        // seq 2 + tick 1 + input diff 1 + flags 1 + baseline age 1 + three empty counts 3 = 9
        assertEquals(9, roundTrip());
        // Complete packet: both entities are now known to hold at tick 101.
        assertEquals(101, decoder.view().tick(0));
        assertEquals(101, decoder.view().tick(1));
    }

    @Test
    void typicalDeltaSize() {
        keyframeWithTwoEntities();
        header(1, 101, 100, 0);
        // Entity 0 moved (+5, -3) and turned +2; no velocity known yet, so residual = raw delta.
        delta.addChanged(0, SnapshotDelta.FIELD_POSITION_SMALL | SnapshotDelta.FIELD_HEADING,
                1005, 1997, 1026, 100, 1);
        // Entity 1024 was hit: status only.
        delta.addChanged(1, SnapshotDelta.FIELD_STATUS, 30000, 30000, 5, 75, 1);
        // 9 header + entity 0: head (0<<4|5) 1 + nibble pair zigzag 5, zigzag -3 (1) + zigzag 2 (1) = 3
        //          + entity 1024: head (0<<4|8) 1 + health 75 (1) + flags 1 (1) = 3
        assertEquals(9 + 3 + 3, roundTrip());
        assertEquals(1005, decoder.view().x(0));
        assertEquals(75, decoder.view().health(1));
    }

    @Test
    void predictedMotionCostsOnlyTheHeader() {
        header(0, 100, 99, -1);
        delta.addAdded(1024, 5000, 5000, 100, 100, 1);
        roundTrip();
        // +10 units per tick in x over 2 ticks; the view learns 10 units/tick.
        header(1, 102, 101, 0);
        delta.addChanged(0, SnapshotDelta.FIELD_POSITION, 5020, 5000, 100, 100, 1);
        assertEquals(9 + 3, roundTrip()); // head 1 + zigzag 20 (1) + zigzag 0 (1): 20 is too big for a nibble
        // Three ticks later, exactly on the prediction: x needs no bytes, mask 0.
        header(2, 105, 104, 1);
        delta.addChanged(0, 0, 5050, 5000, 100, 100, 1);
        assertEquals(9 + 1, roundTrip());
        assertEquals(5050, decoder.view().x(0));
    }

    @Test
    void acceleratingMotionIsPredictedFromTwoVelocitySamples() {
        // x = 5 t^2 sampled at ticks 0, 2, 4, 6.
        header(0, 0, -1, -1);
        delta.addAdded(1024, 0, 5000, 100, 100, 1);
        roundTrip();
        header(1, 2, 1, 0);
        delta.addChanged(0, SnapshotDelta.FIELD_POSITION, 20, 5000, 100, 100, 1);
        roundTrip(); // velocity 10/tick measured over ticks 0..2 (midpoint 1); no acceleration yet
        header(2, 4, 3, 1);
        // Linear prediction says 20 + 10 * 2 = 40; the truth is 80: residual 40 (zigzag 80, 1 byte).
        delta.addChanged(0, SnapshotDelta.FIELD_POSITION, 80, 5000, 100, 100, 1);
        assertEquals(9 + 1 + 1 + 1, roundTrip());
        // Velocity 30/tick at midpoint 3, 10/tick at midpoint 1: acceleration 10/tick^2.
        // Predicted at 6: 80 + 30 * 2 + 10 * 2 * (6 + 4 - 2 * 3) / 2 = 80 + 60 + 40 = 180 = 5 * 6^2.
        header(3, 6, 5, 2);
        delta.addChanged(0, 0, 180, 5000, 100, 100, 1);
        assertEquals(9 + 1, roundTrip());
        assertEquals(180, decoder.view().x(0));
    }

    @Test
    void removalAndAdditionSizes() {
        keyframeWithTwoEntities();
        header(1, 101, 100, 0);
        delta.addRemoved(0);
        delta.addAdded(1030, 30100, 30100, 0, 100, 1);
        // 9 header + removal gap 0 (1) + added: gap 1030 (2) + zigzag 60200 (3) + (3) + 0 (1) + 100 (1) + 1 (1) = 11
        assertEquals(9 + 1 + 11, roundTrip());
        assertEquals(2, decoder.view().count());
        assertEquals(1024, decoder.view().entityId(0));
        assertEquals(1030, decoder.view().entityId(1));
    }

    @Test
    void sequencesWrapFrom65535To0() {
        header(65534, 10, 9, -1);
        delta.addAdded(3, 100, 100, 0, 100, 1);
        roundTrip();
        header(65535, 11, 10, 65534);
        delta.addChanged(0, SnapshotDelta.FIELD_POSITION_SMALL, 101, 100, 0, 100, 1);
        roundTrip();
        header(0, 12, 11, 65535);
        // Baseline age across the wrap: (0 - 65535) mod 2^16 = 1, one byte like any other.
        delta.addChanged(0, 0, 102, 100, 0, 100, 1);
        int len = roundTrip();
        assertEquals(9 + 1, len); // velocity 1/tick predicts 102 exactly: head only
        header(1, 13, 12, 65534);
        delta.addChanged(0, SnapshotDelta.FIELD_POSITION_SMALL, 103, 100, 0, 100, 1);
        roundTrip(); // baseline 65534 is 3 back across the wrap: still found
        assertEquals(1, decoder.ackSequence());
        assertEquals(0b111, decoder.ackBits()); // 0, 65535, 65534
        assertEquals(103, decoder.view().x(0));
    }

    @Test
    void staleAndDuplicatePacketsAreIgnored() {
        keyframeWithTwoEntities();
        byte[] first = Arrays.copyOf(out, 28);
        header(2, 102, 101, 0);
        roundTrip();
        SnapshotView before = decoder.view();
        assertEquals(SnapshotDecoder.Result.DUPLICATE, decoder.decode(out, 0, 9));
        assertEquals(SnapshotDecoder.Result.DUPLICATE, decoder.decode(first, 0, first.length));
        header(1, 101, 100, 0);
        SnapshotView base = serverViews[0];
        int len = encoder.encode(delta, base, out, BUDGET);
        assertEquals(SnapshotDecoder.Result.STALE, decoder.decode(out, 0, len));
        assertSame(before, decoder.view());
        assertEquals(102, decoder.serverTick());
        assertEquals(2, decoder.duplicateCount());
        assertEquals(1, decoder.staleCount());
    }

    @Test
    void unknownBaselineIsRejected() {
        keyframeWithTwoEntities();
        header(5, 105, 104, 3); // baseline 3 was never received
        delta.keyframe = false;
        serverViews[3] = new SnapshotView(1);
        int len = encoder.encode(delta, serverViews[3], out, BUDGET);
        assertEquals(SnapshotDecoder.Result.MISSING_BASELINE, decoder.decode(out, 0, len));
        assertEquals(1, decoder.missingBaselineCount());
        assertEquals(100, decoder.serverTick());
    }

    @Test
    void malformedInputNeverThrowsAndChangesNothing() {
        keyframeWithTwoEntities();
        header(1, 101, 100, 0);
        delta.addChanged(0, SnapshotDelta.FIELD_POSITION | SnapshotDelta.FIELD_HEADING | SnapshotDelta.FIELD_STATUS,
                1010, 1990, 1000, 50, 3);
        delta.addAdded(2000, 40000, 40000, 7, 100, 1);
        int len = encoder.encode(delta, serverViews[0], out, BUDGET);
        byte[] good = Arrays.copyOf(out, len);
        SnapshotView before = decoder.view();
        for (int cut = 0; cut < len; cut++) {
            assertEquals(SnapshotDecoder.Result.MALFORMED, decoder.decode(good, 0, cut), "truncated at " + cut);
        }
        byte[] trailing = Arrays.copyOf(good, len + 1);
        assertEquals(SnapshotDecoder.Result.MALFORMED, decoder.decode(trailing, 0, len + 1));
        assertEquals(SnapshotDecoder.Result.MALFORMED, decoder.decode(good, 5, len));
        assertSame(before, decoder.view());
        SplittableRandom random = new SplittableRandom(1);
        byte[] junk = new byte[200];
        for (int i = 0; i < 20_000; i++) {
            int n = random.nextInt(junk.length + 1);
            for (int k = 0; k < n; k++) {
                junk[k] = (byte) random.nextInt(256);
            }
            // Keep the sequence newer than anything accepted so the body is actually parsed.
            junk[0] = 0;
            if (n > 1) {
                junk[1] = (byte) (2 + random.nextInt(200));
            }
            decoder.decode(junk, 0, n); // any result, never an exception
        }
        // The good packet still decodes unless junk was accepted as a newer packet first.
        assertTrue(decoder.malformedCount() > len);
    }

    @Test
    void bothPositionModesAtOnceIsMalformed() {
        keyframeWithTwoEntities();
        header(1, 101, 100, 0);
        delta.addChanged(0, SnapshotDelta.FIELD_POSITION_SMALL, 1001, 2000, 1024, 100, 1);
        int len = encoder.encode(delta, serverViews[0], out, BUDGET);
        // The packet ends with the changed entry's head, its nibble pair and the added count (0).
        assertEquals(SnapshotDelta.FIELD_POSITION_SMALL, out[len - 3]);
        out[len - 3] = (byte) SnapshotDelta.POSITION_MODE_MASK;
        assertEquals(SnapshotDecoder.Result.MALFORMED, decoder.decode(out, 0, len));
    }

    @Test
    void nibblePairCoversMinus8To7() {
        keyframeWithTwoEntities();
        int[][] cases = {{-8, 7}, {7, -8}, {-1, 0}, {0, 1}};
        int seq = 1;
        for (int[] c : cases) {
            assertEquals(SnapshotDelta.FIELD_POSITION_SMALL, SnapshotDelta.positionMode(c[0], c[1]));
            header(seq, 100 + seq, 99 + seq, 0);
            delta.addChanged(0, SnapshotDelta.FIELD_POSITION_SMALL, 1000 + c[0], 2000 + c[1], 1024, 100, 1);
            assertEquals(9 + 2, roundTrip());
            seq++;
        }
        assertEquals(SnapshotDelta.FIELD_POSITION, SnapshotDelta.positionMode(8, 0));
        assertEquals(SnapshotDelta.FIELD_POSITION, SnapshotDelta.positionMode(0, -9));
        assertEquals(0, SnapshotDelta.positionMode(0, 0));
    }

    @Test
    void encoderRefusesToExceedItsBudget() {
        header(0, 1, 0, -1);
        for (int i = 0; i < 200; i++) {
            delta.addAdded(1024 + i, 60000, 60000, 4000, 100, 1);
        }
        assertThrows(IllegalStateException.class, () -> encoder.encode(delta, null, new byte[4096], 1000));
    }
}
