package io.tickforge.shared;

import io.tickforge.shared.protocol.KryoSerialization;
import io.tickforge.shared.snapshot.SnapshotDecoder;
import io.tickforge.shared.token.ClientToken;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The fuzzers' seeds must be valid inputs, or fuzzing starts blind. When a wire format changes this
 * fails: regenerate the seeds with {@link FuzzCorpusSeeds} (docs/SECURITY.md, "Fuzzing").
 */
class FuzzCorpusSeedsTest {
    @Test
    void everySeedMessageDecodesWhole() {
        for (Map.Entry<String, byte[]> e : FuzzCorpusSeeds.messages().entrySet()) {
            ByteBuffer buffer = ByteBuffer.wrap(e.getValue());
            assertNotNull(new KryoSerialization().read(null, buffer), e.getKey());
            assertEquals(e.getValue().length, buffer.position(), e.getKey());
        }
    }

    @Test
    void theSeedSnapshotStreamIsAcceptedPacketByPacket() {
        SnapshotDecoder decoder = new SnapshotDecoder(8, 4);
        for (byte[] packet : FuzzCorpusSeeds.snapshotPackets()) {
            assertEquals(SnapshotDecoder.Result.ACCEPTED, decoder.decode(packet, 0, packet.length));
        }
        assertEquals(2, decoder.view().count(), "entities 1024 and 2000 remain");
    }

    @Test
    void theSeedClientTokenDecodes() {
        byte[] seed = FuzzCorpusSeeds.tokens().get("client-token");
        assertEquals("play.example.com:7777", ClientToken.decode(Arrays.copyOfRange(seed, 1, seed.length)).serverAddress());
    }
}
