package io.tickforge.benchmarks.input;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every benchmarked tick of inputs is decoded, queued, buffered and applied for every player. */
class InputPipelineBenchmarkTest {
    @Test
    @Timeout(30)
    void everyPlayersInputIsAppliedEveryTick() {
        InputPipelineBenchmark b = new InputPipelineBenchmark();
        b.setUp();
        for (int t = 0; t < 200; t++) {
            // drainAndTake throws unless all 64 packets were drained and 64 inputs applied.
            assertEquals(InputPipelineBenchmark.PLAYERS, t % 2 == 0 ? b.queueAndBuffer() : b.decodeQueueAndBuffer());
        }
    }

    @Test
    void decodeReadsTheEncodedDatagram() {
        InputPipelineBenchmark b = new InputPipelineBenchmark();
        b.setUp();
        // Datagrams were encoded at tick 1000: newestTick 1001, ackSequence 994.
        assertEquals(1001 + 994, b.decode());
    }
}
