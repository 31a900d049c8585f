package io.tickforge.client.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickforge.client.attack.AttackConfig;
import io.tickforge.client.attack.AttackMode;
import io.tickforge.client.attack.Attacker;
import io.tickforge.server.net.NetworkCounters;
import io.tickforge.server.net.NetworkCounters.Counter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each attack of {@link Attacker} (scripts/attack.sh), a few hundred packets or a few dozen
 * connections against the real server in this JVM, moves the server counter it is meant to move,
 * ends by itself, and gets nothing back over UDP. Count-bounded, not timed: no assertion on
 * rates. Every mode attacks from its own loopback address so the per-address limits one mode
 * exhausts never meet the next.
 */
class AttackerLoopbackTest {
    private static InProcessServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new InProcessServer(60, 64, 10);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @EnumSource(AttackMode.class)
    @Timeout(30)
    void eachAttackMovesItsCounterAndEndsByItself(AttackMode mode) throws Exception {
        final NetworkCounters counters = server.network.counters();
        final Map<Counter, Long> before = new EnumMap<>(counters.snapshot());
        final InetAddress source = InetAddress.getByName("127.0.0." + (10 + mode.ordinal()));
        final InetAddress probe = mode == AttackMode.CONN_FLOOD ? InetAddress.getByName("127.0.0.99") : null;
        final AttackConfig config = new AttackConfig(mode, InetAddress.getByName("127.0.0.1"), server.tcpPort(),
                server.udpPort(), source, 1500, rate(mode), maxCount(mode), sockets(mode), 2, 100, null, probe, 200, 7);

        final JsonNode report = Attacker.run(config);

        assertTrue(report.get("completed").asBoolean(), report.toString());
        assertEquals(0, report.path("received").path("udpBytes").asLong(), "no datagram ever answers an attacker: " + report);
        final Predicate<Map<Counter, Long>> expected = switch (mode) {
            case TCP_GARBAGE -> d -> d.get(Counter.TCP_MALFORMED) + d.get(Counter.TCP_BAD_FRAME_LENGTH) > 0;
            case TCP_OVERSIZED_LENGTHS -> d -> d.get(Counter.TCP_BAD_FRAME_LENGTH) > 0;
            case CONN_FLOOD, SLOWLORIS -> d -> d.get(Counter.CONNECTIONS_OVER_PRE_AUTH_LIMIT) > 0;
            case HELLO_FUZZ -> d -> d.get(Counter.REJECTED_VERSION) > 0 && d.get(Counter.REJECTED_BAD_NAME) > 0
                    && d.get(Counter.TCP_MALFORMED) > 0;
            case SLOT_FILLING -> d -> d.get(Counter.JOINED) > 0;
            case UDP_GARBAGE -> d -> d.get(Counter.UDP_GARBAGE) > 0 && d.get(Counter.UDP_OVERSIZED) > 0
                    && d.get(Counter.UDP_UNKNOWN_SOURCE) > 0;
            case UDP_WRONG_KEY -> d -> d.get(Counter.UDP_BAD_KEY) > 0;
            case FORGED_REGISTRATION -> d -> d.get(Counter.UDP_FORGED_REGISTRATIONS) > 0;
            case REPLAYED_INPUTS -> d -> d.get(Counter.UDP_REPLAYED) > 0;
            case CHAT_FLOOD -> d -> d.get(Counter.CHAT_FLOODED) > 0;
        };
        // The server handles the last packets on its own threads: look until they are counted.
        Map<Counter, Long> delta = delta(before, counters);
        for (int i = 0; i < 200 && !expected.test(delta); i++) {
            Thread.sleep(10);
            delta = delta(before, counters);
        }
        assertTrue(expected.test(delta), mode.cliName() + " moved " + delta + "; attacker: " + report);
        assertEquals(0, delta.get(Counter.UDP_REBOUND), "no player address moved");
        assertEquals(0, delta.get(Counter.LISTENER_ERRORS) + delta.get(Counter.UPDATE_LOOP_ERRORS), delta.toString());
        if (probe != null) {
            assertTrue(report.get("joinProbe").get("welcomed").asLong() > 0,
                    "a player from another address joined during the flood: " + report.get("joinProbe"));
        }
    }

    private static int rate(AttackMode mode) {
        return switch (mode) {
            case UDP_GARBAGE, UDP_WRONG_KEY, FORGED_REGISTRATION, REPLAYED_INPUTS -> 2_000;
            case CHAT_FLOOD -> 500;
            default -> 200;
        };
    }

    private static long maxCount(AttackMode mode) {
        return switch (mode) {
            case UDP_GARBAGE, UDP_WRONG_KEY, FORGED_REGISTRATION, REPLAYED_INPUTS, CHAT_FLOOD -> 300;
            case CONN_FLOOD -> 60;
            default -> 40;
        };
    }

    private static int sockets(AttackMode mode) {
        return switch (mode) {
            case CONN_FLOOD -> 40;
            case SLOWLORIS -> 20;
            default -> 16;
        };
    }

    private static Map<Counter, Long> delta(Map<Counter, Long> before, NetworkCounters counters) {
        final Map<Counter, Long> d = new EnumMap<>(Counter.class);
        counters.snapshot().forEach((c, v) -> d.put(c, v - before.get(c)));
        return d;
    }
}
