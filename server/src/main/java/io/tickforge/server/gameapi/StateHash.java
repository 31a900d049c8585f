package io.tickforge.server.gameapi;

/**
 * A small helper for {@link Game#stateHash()}: folds ints and longs into a 64-bit hash with
 * integer arithmetic only (the same on every JVM). Allocation-free; static, any thread.
 *
 * <pre>
 * long h = StateHash.SEED;
 * h = StateHash.mix(h, kills);      // an int[] or long[] (in index order)
 * h = StateHash.mix(h, shotsFired); // a long
 * return h;
 * </pre>
 */
public final class StateHash {
    /** Where a hash starts. */
    public static final long SEED = 0x2545F4914F6CDD1DL;

    private StateHash() {
    }

    /** Folds {@code v} into {@code h}. */
    public static long mix(long h, long v) {
        long z = h ^ v;
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Folds every element of {@code values}, in index order, and its length. */
    public static long mix(long h, int[] values) {
        h = mix(h, values.length);
        for (int v : values) {
            h = mix(h, v);
        }
        return h;
    }

    public static long mix(long h, long[] values) {
        h = mix(h, values.length);
        for (long v : values) {
            h = mix(h, v);
        }
        return h;
    }

    public static long mix(long h, boolean[] values) {
        h = mix(h, values.length);
        for (boolean v : values) {
            h = mix(h, v ? 1 : 0);
        }
        return h;
    }
}
