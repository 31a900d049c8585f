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
        /** All bytes read, TCP and UDP (framing included). */
        BYTES_IN,
        /** All bytes written, TCP and UDP. */
        BYTES_OUT,
        /** Of {@link #BYTES_IN}, the UDP datagrams' bytes (the rest is TCP). */
        UDP_BYTES_IN,
        /** Of {@link #BYTES_OUT}, the UDP datagrams' bytes (the rest is TCP). */
        UDP_BYTES_OUT,
        /** Times the UDP receive thread woke and read at least one datagram (datagrams per wake-up: see --udp-batch-us). */
        UDP_RECEIVE_WAKEUPS,
        CONNECTIONS_ACCEPTED,
        CONNECTIONS_OVER_LIMIT,
        /** Sockets refused because their address already holds maxConnectionsPerIp connections. */
        CONNECTIONS_OVER_IP_LIMIT,
        /** Sockets refused because their address already has maxPreAuthPerIp connections waiting for their Hello. */
        CONNECTIONS_OVER_PRE_AUTH_LIMIT,
        /** Oldest silent connections closed to make room when maxPreAuthConnections were waiting for their Hello. */
        PRE_AUTH_EVICTIONS,
        CONNECTIONS_CLOSED,
        /** Connections that sent no TCP message, keep-alives included, for idleTimeoutMs (vanished peers): Bye(TIMED_OUT), closed. */
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
        /** No room: the session is full ("any" with one session), or every session is full and no new one may start. */
        REJECTED_SERVER_FULL,
        /** The Hello named a session this server does not run (ended, or never ran). */
        REJECTED_NO_SUCH_SESSION,
        /** The Hello named a session with no free slot. */
        REJECTED_SESSION_FULL,
        /** The Hello named a game this server does not host. */
        REJECTED_UNKNOWN_GAME,
        REJECTED_BAD_NAME,
        REJECTED_BAD_TOKEN,
        /** Hello while the server drains (match over or shutting down). */
        REJECTED_DRAINING,
        /** Hellos over their address's handshake rate: Rejected(TOO_MANY_ATTEMPTS). */
        REJECTED_RATE_LIMITED,
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
        /** Signed-token mode: the token's player (account) id is already playing or has its slot held. */
        REJECTED_PLAYER_ALREADY_CONNECTED,
        /** Joined players whose connection dropped (no kick, no Bye): slot held for --reconnect-grace. */
        SLOTS_HELD,
        /** Reconnect Hellos that got their held (or still open) slot back. */
        RECONNECTS_ACCEPTED,
        /** Reconnect Hellos refused: no such slot, wrong secret, or the grace over (Rejected(RECONNECT_REFUSED)). */
        RECONNECTS_REFUSED,
        /** Held slots whose grace ended without a reconnect (or that a drain ended): one leave each. */
        RECONNECT_GRACE_EXPIRED,
        HANDSHAKE_TIMEOUTS,
        /** Second Hello, message before Hello, wrong message for the transport or direction. */
        PROTOCOL_ERRORS,
        /** A TCP frame that did not decode (unknown type, bad field, trailing bytes). */
        TCP_MALFORMED,
        /** A TCP frame length that is not positive or exceeds the object buffer. */
        TCP_BAD_FRAME_LENGTH,
        /** Datagrams shorter than a sealed header and tag, or of a kind no client sends. */
        UDP_GARBAGE,
        UDP_OVERSIZED,
        /** Sealed-looking datagrams naming no live connection (udpId unknown). */
        UDP_UNKNOWN_SOURCE,
        /** Authentic datagrams of a connection that is not (or no longer) playing. */
        UDP_NOT_JOINED,
        /** Datagrams whose AEAD tag did not verify: wrong key, forged or altered bytes. */
        UDP_BAD_KEY,
        UDP_UNEXPECTED_TYPE,
        /** Datagrams whose sequence was already accepted or is older than the replay window. */
        UDP_REPLAYED,
        /** Authentic datagrams over a peer's udpDatagramsPerSecond: dropped (a peer far over it is kicked, FLOOD_KICKS). */
        UDP_FLOODED,
        /** Authentic input payloads that did not decode. */
        UDP_MALFORMED,
        /** KryoNet RegisterUDP datagrams (or RegisterUDP frames over TCP): KryoNet's UDP is off, they bind nothing. */
        UDP_FORGED_REGISTRATIONS,
        /** A connection's UDP address bound by its first authentic datagram. */
        UDP_BOUND,
        /** A bound address moved to a new one by a newer authentic datagram (NAT rebinding). */
        UDP_REBOUND,
        /** Authentic datagrams from a new address within udpRebindIntervalMs of the last move: dropped. */
        UDP_REBIND_LIMITED,
        INPUTS_ACCEPTED,
        INPUTS_REFUSED_BY_SESSION,
        CHAT_RELAYED,
        CHAT_TOO_LONG,
        CHAT_INVALID,
        CHAT_FLOODED,
        /** Valid lines over the server-wide chatRelayPerSecond: dropped, not held against the sender. */
        CHAT_RELAY_LIMITED,
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
        /** Snapshots not sent because the connection has not proved an address yet. */
        SNAPSHOTS_UNBOUND,
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
