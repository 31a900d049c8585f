package io.tickforge.client.attack;

import java.net.InetAddress;

/**
 * One bounded attack run. Immutable; main thread builds it, the attack thread reads it. The
 * attacker refuses any target or source that is not a loopback address, and every rate and count
 * has a hard ceiling: it is a test tool for one machine, never a traffic generator for a network.
 *
 * @param rate       what the mode paces, per second: datagrams (UDP modes), connection opens (TCP
 *                   modes) or chat lines (chat-flood)
 * @param maxCount   total datagrams, opens or lines, whichever the mode paces; the run ends early
 *                   when reached
 * @param sockets    connections held open at once (conn-flood, slowloris, slot-filling)
 * @param joins      players the attacker joins as (udp-wrong-key, replayed-inputs, chat-flood)
 * @param probe      address a legitimate join is tried from every {@code probeIntervalMs}
 *                   while the attack runs (null: no probe)
 */
public record AttackConfig(AttackMode mode, InetAddress target, int tcpPort, int udpPort, InetAddress source,
                           long durationMs, int rate, long maxCount, int sockets, int joins, int trickleIntervalMs,
                           String joinToken, InetAddress probe, int probeIntervalMs, long seed) {
    public static final int MAX_UDP_RATE = 50_000;
    public static final int MAX_TCP_OPEN_RATE = 5_000;
    public static final int MAX_CHAT_RATE = 20_000;
    public static final int MAX_SOCKETS = 10_000;
    public static final long MAX_DURATION_MS = 600_000;
    public static final long MAX_COUNT = 10_000_000;

    public AttackConfig {
        if (mode == null) {
            throw new IllegalArgumentException("an attack mode is required");
        }
        requireLoopback(target, "target");
        requireLoopback(source, "source address");
        if (probe != null) {
            requireLoopback(probe, "probe address");
        }
        if (tcpPort < 1 || tcpPort > 65535 || udpPort < 1 || udpPort > 65535) {
            throw new IllegalArgumentException("ports must be 1..65535: tcp " + tcpPort + ", udp " + udpPort);
        }
        if (durationMs < 1 || durationMs > MAX_DURATION_MS) {
            throw new IllegalArgumentException("duration must be 1 ms .. " + MAX_DURATION_MS / 1000 + " s: " + durationMs + " ms");
        }
        final int ceiling = mode.isUdp() ? MAX_UDP_RATE : mode == AttackMode.CHAT_FLOOD ? MAX_CHAT_RATE : MAX_TCP_OPEN_RATE;
        if (rate < 1 || rate > ceiling) {
            throw new IllegalArgumentException("--rate for " + mode.cliName() + " must be 1.." + ceiling + ": " + rate);
        }
        if (maxCount < 1 || maxCount > MAX_COUNT) {
            throw new IllegalArgumentException("--max-count must be 1.." + MAX_COUNT + ": " + maxCount);
        }
        if (sockets < 1 || sockets > MAX_SOCKETS) {
            throw new IllegalArgumentException("--sockets must be 1.." + MAX_SOCKETS + ": " + sockets);
        }
        if (joins < 1 || joins > 64) {
            throw new IllegalArgumentException("--joins must be 1..64: " + joins);
        }
        if (trickleIntervalMs < 1 || trickleIntervalMs > 60_000) {
            throw new IllegalArgumentException("--trickle-interval must be 1 ms .. 60 s: " + trickleIntervalMs + " ms");
        }
        if (probeIntervalMs < 100 || probeIntervalMs > 60_000) {
            throw new IllegalArgumentException("--probe-interval must be 100 ms .. 60 s: " + probeIntervalMs + " ms");
        }
    }

    /** The mode's default pace: high, but well inside the ceilings. */
    public static int defaultRate(AttackMode mode) {
        return switch (mode) {
            case UDP_GARBAGE, UDP_WRONG_KEY, FORGED_REGISTRATION, REPLAYED_INPUTS -> 20_000;
            case TCP_GARBAGE, TCP_OVERSIZED_LENGTHS, HELLO_FUZZ -> 500;
            case CONN_FLOOD -> 1_000;
            case SLOWLORIS, SLOT_FILLING -> 100;
            case CHAT_FLOOD -> 2_000;
        };
    }

    /** Connections held at once by default (only the herd modes use it). */
    public static int defaultSockets(AttackMode mode) {
        return switch (mode) {
            case CONN_FLOOD -> 4_000;
            case SLOWLORIS -> 500;
            case SLOT_FILLING -> 300;
            default -> 64;
        };
    }

    private static void requireLoopback(InetAddress a, String what) {
        if (a == null || !a.isLoopbackAddress()) {
            throw new IllegalArgumentException(what + " must be a loopback address (127.0.0.0/8 or ::1), got " + a
                    + ": this tool attacks only the machine it runs on");
        }
    }
}
