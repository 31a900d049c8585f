package io.tickforge.shared.seq;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequencesTest {
    @Test
    void greaterThanWrapsAt65535() {
        assertTrue(Sequences.sequenceGreaterThan(1, 0));
        assertFalse(Sequences.sequenceGreaterThan(0, 1));
        assertFalse(Sequences.sequenceGreaterThan(7, 7));
        assertTrue(Sequences.sequenceGreaterThan(0, 65535));
        assertFalse(Sequences.sequenceGreaterThan(65535, 0));
        assertTrue(Sequences.sequenceGreaterThan(10, 65530));
        // Exactly half the range apart: the larger value counts as newer, and only one direction holds.
        assertTrue(Sequences.sequenceGreaterThan(32768, 0));
        assertFalse(Sequences.sequenceGreaterThan(0, 32768));
        assertTrue(Sequences.sequenceLessThan(65535, 0));
    }

    @Test
    void differenceIsSignedAndWrapSafe() {
        assertEquals(1, Sequences.difference(0, 65535));
        assertEquals(-1, Sequences.difference(65535, 0));
        assertEquals(16, Sequences.difference(10, 65530));
        assertEquals(0, Sequences.next(65535));
        assertEquals(65535, Sequences.minus(0, 1));
    }

    @Test
    void ackTrackerBuildsBitfieldAcrossGapsReorderAndWrap() {
        AckTracker t = new AckTracker();
        assertFalse(t.hasReceived());
        t.onReceived(65534);
        t.onReceived(65535);
        t.onReceived(1); // 0 lost
        assertEquals(1, t.ackSequence());
        // bit 0 = seq 0 (missing), bit 1 = 65535, bit 2 = 65534
        assertEquals(0b110, t.ackBits());
        t.onReceived(0); // late arrival fills the hole
        assertEquals(0b111, t.ackBits());
        t.onReceived(0); // duplicate changes nothing
        assertEquals(0b111, t.ackBits());
        assertTrue(AckTracker.acknowledges(t.ackSequence(), t.ackBits(), 65534));
        assertFalse(AckTracker.acknowledges(t.ackSequence(), t.ackBits(), 65533));
        assertFalse(AckTracker.acknowledges(t.ackSequence(), t.ackBits(), 2));
        t.onReceived(33); // 32 ahead: old newest (1) lands on bit 31, older ones fall off
        assertEquals(33, t.ackSequence());
        assertEquals(1 << 31, t.ackBits());
        t.onReceived(100); // far ahead: nothing older is within 32
        assertEquals(0, t.ackBits());
        t.onReceived(20); // older than the window: ignored
        assertEquals(100, t.ackSequence());
        assertEquals(0, t.ackBits());
    }

    @Test
    void sequenceBufferFindsOnlyLiveEntries() {
        SequenceBuffer b = new SequenceBuffer(8);
        assertEquals(-1, b.find(0));
        int i = b.insert(65534);
        assertEquals(b.index(65534), i);
        assertTrue(b.exists(65534));
        b.insert(2); // skips 65535, 0, 1: their slots are cleared
        assertTrue(b.exists(65534));
        assertFalse(b.exists(65535));
        assertEquals(2, b.newest());
        assertTrue(b.insert(65535) >= 0); // late, still inside the window
        assertTrue(b.exists(65535));
        assertEquals(-1, b.insert(65530)); // 8 behind the newest: too old
        b.insert(9); // 7 ahead of 2: 65534 (slot reused by 6?) and everything before 2 drop out
        assertFalse(b.exists(65534));
        assertTrue(b.exists(2));
        b.insert(200); // more than size ahead: everything else cleared
        assertFalse(b.exists(9));
        assertTrue(b.exists(200));
        b.remove(200);
        assertFalse(b.exists(200));
        assertThrows(IllegalArgumentException.class, () -> new SequenceBuffer(1));
    }
}
