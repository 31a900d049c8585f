package io.tickforge.shared.transport;

/**
 * The receiver's memory of which authenticated sequences it has already accepted: the newest one
 * and a bitmap of the {@link #SIZE} before it. A sequence is fresh when it is newer than the
 * newest, or inside the window and not yet seen; anything older than the window is refused (a late
 * duplicate and a late original look the same). Check with {@link #isFresh} before the (costly)
 * authentication and {@link #mark} only after it succeeded, so a forged datagram cannot move the
 * window. One owner thread (the receiving thread); no allocation.
 */
public final class ReplayWindow {
    public static final int SIZE = 256;
    private static final int WORDS = SIZE / 64;

    private final long[] seen = new long[WORDS];
    private long newest = -1;

    /** True when {@code sequence} (0 or more) has not been accepted and is not older than the window. */
    public boolean isFresh(long sequence) {
        if (sequence < 0) {
            return false;
        }
        if (sequence > newest) {
            return true;
        }
        if (newest - sequence >= SIZE) {
            return false;
        }
        return (seen[word(sequence)] & bit(sequence)) == 0;
    }

    /** Records an authenticated sequence (call only after {@link #isFresh} said yes). */
    public void mark(long sequence) {
        if (sequence > newest) {
            long advance = sequence - newest;
            if (advance >= SIZE || newest < 0) {
                java.util.Arrays.fill(seen, 0L);
            } else {
                for (long s = newest + 1; s < sequence; s++) {
                    seen[word(s)] &= ~bit(s);
                }
            }
            newest = sequence;
            seen[word(sequence)] = seen[word(sequence)] & ~bit(sequence);
        }
        seen[word(sequence)] |= bit(sequence);
    }

    /** The newest accepted sequence, -1 before any. */
    public long newest() {
        return newest;
    }

    private static int word(long sequence) {
        return (int) ((sequence >>> 6) & (WORDS - 1));
    }

    private static long bit(long sequence) {
        return 1L << (sequence & 63);
    }
}
