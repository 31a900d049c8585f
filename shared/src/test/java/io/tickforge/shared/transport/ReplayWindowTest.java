package io.tickforge.shared.transport;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayWindowTest {
    private static void accept(ReplayWindow w, long s) {
        assertTrue(w.isFresh(s), "fresh " + s);
        w.mark(s);
    }

    @Test
    void inOrderSequencesAreFreshOnceAndDuplicatesAreNot() {
        ReplayWindow w = new ReplayWindow();
        assertEquals(-1, w.newest());
        for (long s = 0; s < 1000; s++) {
            accept(w, s);
            assertFalse(w.isFresh(s));
            assertFalse(w.isFresh(s - 1));
        }
        assertEquals(999, w.newest());
    }

    @Test
    void reorderedSequencesInsideTheWindowAreAcceptedOnce() {
        ReplayWindow w = new ReplayWindow();
        accept(w, 10);
        accept(w, 7);
        assertFalse(w.isFresh(7));
        assertTrue(w.isFresh(8));
        accept(w, 12);
        accept(w, 8);
        accept(w, 11);
        assertFalse(w.isFresh(10));
        assertFalse(w.isFresh(11));
        assertTrue(w.isFresh(9));
    }

    @Test
    void sequencesOlderThanTheWindowAreRefusedEvenIfNeverSeen() {
        ReplayWindow w = new ReplayWindow();
        accept(w, 1000);
        // 1000 - 256 = 744 is the first sequence outside the window.
        assertTrue(w.isFresh(1000 - ReplayWindow.SIZE + 1));
        assertFalse(w.isFresh(1000 - ReplayWindow.SIZE));
        assertFalse(w.isFresh(0));
        assertFalse(w.isFresh(-1));
    }

    @Test
    void aJumpForwardForgetsTheOldBitsThatWouldAliasNewSequences() {
        ReplayWindow w = new ReplayWindow();
        for (long s = 0; s < 256; s++) {
            accept(w, s);
        }
        // 300 shares bit positions with 44; after the jump 44..299 minus the window is gone, and
        // 257..299 (never seen) must read fresh although their bit positions were set.
        accept(w, 300);
        for (long s = 45; s < 300; s++) {
            assertTrue(s <= 255 ? !w.isFresh(s) : w.isFresh(s), "sequence " + s);
        }
        accept(w, 5000);
        assertTrue(w.isFresh(4999));
        assertFalse(w.isFresh(300));
    }
}
