package io.tickforge.shared.seq;

/**
 * Receiver-side ack state: the newest sequence received plus a 32-bit field for the 32 before it
 * (bit n set: {@code ackSequence - 1 - n} received), the form acks take on the wire. Owned by the
 * receiving thread; no allocation.
 */
public final class AckTracker {
    private boolean any;
    private int ackSequence;
    private int ackBits;

    /** Records a received sequence; old, duplicate and far-future values are all handled. */
    public void onReceived(int sequence) {
        sequence &= Sequences.MASK;
        if (!any) {
            any = true;
            ackSequence = sequence;
            ackBits = 0;
            return;
        }
        if (Sequences.sequenceGreaterThan(sequence, ackSequence)) {
            int shift = Sequences.difference(sequence, ackSequence);
            // The old newest becomes bit (shift - 1); everything older slides along with it.
            ackBits = shift >= 33 ? 0 : shift == 32 ? 1 << 31 : (ackBits << shift) | (1 << (shift - 1));
            ackSequence = sequence;
        } else if (sequence != ackSequence) {
            int back = Sequences.difference(ackSequence, sequence);
            if (back <= 32) {
                ackBits |= 1 << (back - 1);
            }
        }
    }

    public boolean hasReceived() {
        return any;
    }

    public int ackSequence() {
        return ackSequence;
    }

    public int ackBits() {
        return ackBits;
    }

    public void reset() {
        any = false;
        ackSequence = 0;
        ackBits = 0;
    }

    /** True when {@code (ackSequence, ackBits)} acknowledges {@code sequence}. */
    public static boolean acknowledges(int ackSequence, int ackBits, int sequence) {
        int back = Sequences.difference(ackSequence & Sequences.MASK, sequence & Sequences.MASK);
        if (back == 0) {
            return true;
        }
        return back > 0 && back <= 32 && (ackBits & (1 << (back - 1))) != 0;
    }
}
