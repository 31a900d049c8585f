package io.tickforge.shared.protocol;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reasons travel as their ordinal (one byte): the order is wire contract, new ones go last. */
class ReasonOrderTest {
    @Test
    void rejectReasonsKeepTheirWireOrder() {
        assertEquals(List.of("VERSION_MISMATCH", "SERVER_FULL", "BAD_NAME", "BAD_TOKEN", "DRAINING", "TOO_MANY_ATTEMPTS",
                        "TOKEN_EXPIRED", "TOKEN_INVALID", "TOKEN_WRONG_SERVER", "TOKEN_REUSED",
                        "RECONNECT_REFUSED", "PLAYER_ALREADY_CONNECTED", "GAME_REJECTED", "SCHEMA_MISMATCH",
                        "NO_SUCH_SESSION", "SESSION_FULL", "UNKNOWN_GAME"),
                Arrays.stream(RejectReason.values()).map(Enum::name).toList());
    }

    @Test
    void byeReasonsKeepTheirWireOrder() {
        assertEquals(List.of("SERVER_SHUTDOWN", "KICKED", "HANDSHAKE_TIMEOUT", "PROTOCOL_ERROR", "FLOODING",
                        "TIMED_OUT", "CLIENT_LEFT"),
                Arrays.stream(ByeReason.values()).map(Enum::name).toList());
    }

    @Test
    void drainingIsOneByteOnTheWire() {
        // varint class id (1) + reason ordinal 4 (1) + text: varint length 5 (1) + "later" (5).
        byte[] bytes = new byte[64];
        assertEquals(1 + 1 + (1 + 5), new KryoSerialization().encode(new Rejected(RejectReason.DRAINING, "later"), bytes));
        assertEquals(4, bytes[1]);
    }
}
