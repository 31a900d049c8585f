package io.tickforge.benchmarks.snapshot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The codec benchmarks measure real, decodable packets with the stated number of changes. */
class SnapshotBenchmarksTest {
    @ParameterizedTest
    @CsvSource({"16,0.05,1", "16,1.0,16", "128,0.25,32", "1024,0.05,51", "1024,1.0,1024"})
    @Timeout(60)
    void chainDecodesExactlyAndChangesTheStatedShare(int visible, double share, int expectedChanged) {
        SnapshotChain chain = new SnapshotChain(visible, share, 40, 8);
        chain.verify();     // throws unless every packet is accepted and the last view equals the world
        assertEquals(expectedChanged, chain.changing, "round(share * visible), at least 1");
        for (int k = 0; k < 8; k++) {
            // Moving entities always differ from a 6-tick-old baseline; standing ones never do.
            assertEquals(expectedChanged, chain.keptDelta[k].changedCount);
            assertEquals(0, chain.keptDelta[k].addedCount + chain.keptDelta[k].removedCount);
        }
        assertEquals(expectedChanged, chain.meanChangedEntries(), 1e-9);
    }

    @Test
    @Timeout(60)
    void encodeReproducesTheChainsPackets() {
        SnapshotEncodeBenchmark b = new SnapshotEncodeBenchmark();
        b.visible = 128;
        b.changed = 0.25;
        b.setUp();
        // encode() cycles through the last 16 packets of a 16 + 6 + 64 = 86 packet chain.
        SnapshotChain chain = b.chain;
        for (int k = 0; k < 16; k++) {
            assertEquals(chain.size[chain.length - 16 + k], b.encode(), "packet " + k);
        }
    }

    @Test
    @Timeout(60)
    void replicateStaysOnDeltasWithinTheBudget() {
        SnapshotEncodeBenchmark b = new SnapshotEncodeBenchmark();
        b.visible = 1024;
        b.changed = 1.0;
        b.setUp();
        for (int i = 0; i < 100; i++) {
            int n = b.replicate();
            assertTrue(n > 0 && n <= 1197, "payload within the 1200-byte budget minus 3 bytes framing: " + n);
        }
    }

    @Test
    @Timeout(60)
    void decodeKeepsAcceptingAcrossChainRestarts() {
        SnapshotDecodeBenchmark b = new SnapshotDecodeBenchmark();
        b.visible = 16;
        b.changed = 0.25;
        b.setUp();
        for (int i = 0; i < 2 * SnapshotDecodeBenchmark.CHAIN + 3; i++) {
            assertEquals(16, b.decode(), "every decode is accepted (it throws otherwise) and the view holds all 16");
        }
    }
}
