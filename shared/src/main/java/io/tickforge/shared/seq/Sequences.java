package io.tickforge.shared.seq;

/**
 * Wrap-safe arithmetic on 16-bit packet sequence numbers. Every comparison of wire sequences in
 * Tickforge goes through {@link #sequenceGreaterThan}, so 65535 -> 0 is "newer", not "older".
 * Stateless; any thread.
 */
public final class Sequences {
    public static final int MASK = 0xFFFF;
    private static final int HALF = 1 << 15;

    private Sequences() {
    }

    /** True when {@code s1} is newer than {@code s2} (both 16-bit, half-range rule). */
    public static boolean sequenceGreaterThan(int s1, int s2) {
        s1 &= MASK;
        s2 &= MASK;
        return (s1 > s2 && s1 - s2 <= HALF) || (s1 < s2 && s2 - s1 > HALF);
    }

    public static boolean sequenceLessThan(int s1, int s2) {
        return sequenceGreaterThan(s2, s1);
    }

    /** Signed distance {@code newer - older} in -32768..32767 (positive when newer is ahead). */
    public static int difference(int newer, int older) {
        return (short) ((newer - older) & MASK);
    }

    public static int next(int sequence) {
        return (sequence + 1) & MASK;
    }

    public static int minus(int sequence, int n) {
        return (sequence - n) & MASK;
    }
}
