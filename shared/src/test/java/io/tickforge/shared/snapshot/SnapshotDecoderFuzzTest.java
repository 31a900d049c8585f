package io.tickforge.shared.snapshot;

import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz target for the client's snapshot decoder, fed a stream of datagram payloads as one hostile
 * server (or an on-path forger) would send them: {@code u16 length, payload} repeated, each payload
 * decoded at its offset in the fuzzer's array. The decoder must never throw, and every view it
 * accepts must be well formed. Corpus: SnapshotDecoderFuzzTestInputs/ (a real encoder stream among it).
 */
class SnapshotDecoderFuzzTest {
    @FuzzTest(maxDuration = "90s", maxExecutions = 250_000)
    void datagrams(byte[] data) {
        SnapshotDecoder decoder = new SnapshotDecoder(8, 4);
        int at = 0;
        while (at + 2 <= data.length) {
            int length = Math.min(((data[at] & 0xFF) << 8) | (data[at + 1] & 0xFF), data.length - at - 2);
            at += 2;
            SnapshotDecoder.Result result = decoder.decode(data, at, length);
            assertNotNull(result);
            at += length;
            if (result == SnapshotDecoder.Result.ACCEPTED) {
                SnapshotView view = decoder.view();
                assertTrue(view.count() >= 0);
                for (int i = 1; i < view.count(); i++) {
                    assertTrue(view.entityId(i - 1) < view.entityId(i), "entity ids ascend in an accepted view");
                }
            }
        }
        decoder.decode(data, data.length, 1); // out-of-range slice: counted as malformed, never thrown
    }
}
