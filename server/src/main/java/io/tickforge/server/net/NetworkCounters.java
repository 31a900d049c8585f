package io.tickforge.server.net;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything the network layer counts: one {@link LongAdder} per outcome, so the update thread,
 * the tick thread and readers never contend. Any thread; figures are monotonic since start.
 */
public final class NetworkCounters {
    /** One counter per outcome. Drops say why in their name. */
    public enum Counter {
        BYTES_IN,
        BYTES_OUT,
        CONNECTIONS_ACCEPTED,
        CONNECTIONS_OVER_LIMIT,
        CONNECTIONS_CLOSED,
        /** Registered connections KryoNet closed after idleTimeoutMs without any TCP message (vanished peers); inferred in disconnected(). */
        IDLE_TIMEOUTS,
        /**
         * TCP writes refused because the connection's write buffer (writeBufferBytes) was full: a peer
         * that stopped reading. KryoNet closes that connection.
         */
        TCP_WRITE_BUFFER_FULL,
        /** Closed before KryoNet finished the UDP registration (e.g. a raw socket sending bytes early). */
        CLOSED_BEFORE_REGISTRATION,
        JOINED,
        LEAVES,
        REJECTED_VERSION,
        REJECTED_SERVER_FULL,
        REJECTED_BAD_NAME,
        REJECTED_BAD_TOKEN,
        /** Signed-token mode: the connect token had expired. */
        REJECTED_TOKEN_EXPIRED,
        /** Signed-token mode: no token, a malformed one, or one not sealed with our secret (forged or altered). */
        REJECTED_TOKEN_INVALID,
        /** Signed-token mode: a genuine token minted for another server address. */
        REJECTED_TOKEN_WRONG_SERVER,
        /** Signed-token mode: a genuine token already presented from another address (replay). */
        REJECTED_TOKEN_REUSED,
        /** Signed-token mode: the used-token table was full of unexpired tokens (told SERVER_FULL). */
        REJECTED_TOKEN_TABLE_FULL,
        HANDSHAKE_TIMEOUTS,
        /** Second Hello, message before Hello, wrong message for the transport or direction. */
        PROTOCOL_ERRORS,
        /** A TCP frame that did not decode (unknown type, bad field, trailing bytes). */
        TCP_MALFORMED,
        /** A TCP frame length that is not positive or exceeds the object buffer. */
        TCP_BAD_FRAME_LENGTH,
        UDP_GARBAGE,
        UDP_OVERSIZED,
        UDP_UNKNOWN_SOURCE,
        UDP_NOT_JOINED,
        UDP_BAD_KEY,
        UDP_UNEXPECTED_TYPE,
        INPUTS_ACCEPTED,
        INPUTS_REFUSED_BY_SESSION,
        CHAT_RELAYED,
        CHAT_TOO_LONG,
        CHAT_INVALID,
        CHAT_FLOODED,
        FLOOD_KICKS,
        /** Connections closed for sending more TCP messages (of any kind) than tcpMessagesPerSecond allows. */
        TCP_FLOOD_KICKS,
        STATS_REQUESTS,
        /** StatsRequests over the per-connection rate (same bucket size as chat); dropped. */
        STATS_THROTTLED,
        /** An exception escaped our own handling of a message; logged rate-limited, never fatal. */
        LISTENER_ERRORS,
        UPDATE_LOOP_ERRORS,
        SNAPSHOTS_SENT,
        SNAPSHOTS_OVER_BUDGET,
        SNAPSHOTS_NOT_CONNECTED,
        SNAPSHOT_SEND_FAILURES,
        RELIABLE_SEND_FAILURES
    }

    private static final Counter[] ALL = Counter.values();
    private final LongAdder[] adders = new LongAdder[ALL.length];

    public NetworkCounters() {
        for (int i = 0; i < adders.length; i++) {
            adders[i] = new LongAdder();
        }
    }

    public void increment(Counter counter) {
        adders[counter.ordinal()].increment();
    }

    public void add(Counter counter, long amount) {
        adders[counter.ordinal()].add(amount);
    }

    public long get(Counter counter) {
        return adders[counter.ordinal()].sum();
    }

    /** A point-in-time copy, for status pages and tests. Allocates. */
    public Map<Counter, Long> snapshot() {
        Map<Counter, Long> map = new EnumMap<>(Counter.class);
        for (Counter c : ALL) {
            map.put(c, get(c));
        }
        return map;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("NetworkCounters{");
        for (Counter c : ALL) {
            long v = get(c);
            if (v != 0) {
                sb.append(c.name().toLowerCase()).append('=').append(v).append(' ');
            }
        }
        return sb.append('}').toString();
    }
}
