package io.tickforge.client.attack;

import java.util.Locale;

/**
 * The attacks {@link Attacker} knows, one per row of the attack table in docs/SECURITY.md, each
 * with the server counters it is expected to move. Immutable; any thread.
 */
public enum AttackMode {
    TCP_GARBAGE("connections that send random bytes (half with a plausible frame length, half pure noise)",
            "tcp_malformed, tcp_bad_frame_length"),
    TCP_OVERSIZED_LENGTHS("connections whose first frame length is far over the object buffer (1 GiB, 2^31-1, 64 KiB+1, negative, 0)",
            "tcp_bad_frame_length"),
    CONN_FLOOD("up to --sockets silent sockets from one address (default 4000), re-opened as the server closes them",
            "connections_over_pre_auth_limit, pre_auth_evictions, handshake_timeouts"),
    SLOWLORIS("connections that trickle a Hello one byte per --trickle-interval",
            "connections_over_pre_auth_limit, handshake_timeouts"),
    HELLO_FUZZ("one Hello per connection, each malformed: wrong version, bad name, wrong token, truncated, random body",
            "rejected_rate_limited, rejected_version, rejected_bad_name, rejected_bad_token, tcp_malformed"),
    SLOT_FILLING("valid joins (the static token) from one address, held with keep-alives, trying to take every slot",
            "joined, rejected_rate_limited, connections_over_ip_limit, rejected_server_full"),
    UDP_GARBAGE("random datagrams of 1..1400 bytes, some oversized, some shaped like sealed datagrams with unknown ids",
            "udp_garbage, udp_oversized, udp_unknown_source"),
    UDP_WRONG_KEY("datagrams sealed with wrong keys under live udpIds (learnt by joining as players), fresh sequences",
            "udp_bad_key"),
    FORGED_REGISTRATION("KryoNet RegisterUDP datagrams for connection ids around the attacker's own",
            "udp_forged_registrations"),
    REPLAYED_INPUTS("the attacker joins, seals real inputs, then replays the captured datagrams from another port",
            "udp_replayed (udp_rebound must stay 0)"),
    CHAT_FLOOD("joined connections sending chat lines far over the chat rate, re-joining when kicked",
            "chat_flooded, flood_kicks, chat_relay_limited");

    private final String description;
    private final String expectedCounters;

    AttackMode(String description, String expectedCounters) {
        this.description = description;
        this.expectedCounters = expectedCounters;
    }

    /** The command-line name: {@code tcp-garbage}, {@code conn-flood}, ... */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String description() {
        return description;
    }

    /** Server counters (NetworkCounters names, lower case) this attack should move. */
    public String expectedCounters() {
        return expectedCounters;
    }

    public boolean isUdp() {
        return this == UDP_GARBAGE || this == UDP_WRONG_KEY || this == FORGED_REGISTRATION || this == REPLAYED_INPUTS;
    }

    public static AttackMode fromCliName(String name) {
        for (AttackMode m : values()) {
            if (m.cliName().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown attack '" + name + "'; one of " + cliNames());
    }

    public static String cliNames() {
        StringBuilder sb = new StringBuilder();
        for (AttackMode m : values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(m.cliName());
        }
        return sb.toString();
    }
}
