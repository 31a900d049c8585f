package io.tickforge.server.gameapi;

import io.tickforge.shared.protocol.Protocol;

import java.nio.charset.StandardCharsets;

/**
 * A game's answer to {@link Game#joinAttempt}: {@link #accept()} or {@link #reject(String)}.
 * Immutable; any thread. A rejected player gets {@code Rejected(GAME_REJECTED, reason)} over TCP
 * and is disconnected; it never joins the world.
 */
public final class JoinDecision {
    /** Longest reason, in UTF-8 bytes (the protocol's limit for a reason text). */
    public static final int MAX_REASON_BYTES = Protocol.MAX_REASON_TEXT_BYTES;

    private static final JoinDecision ACCEPT = new JoinDecision(null);

    private final String reason;

    private JoinDecision(String reason) {
        this.reason = reason;
    }

    /** Let the player in (the same instance every time: no allocation). */
    public static JoinDecision accept() {
        return ACCEPT;
    }

    /**
     * Keep the player out; {@code reason} is shown to it, so say why and what to do
     * ("match in progress, join the next one"). 1..{@value #MAX_REASON_BYTES} UTF-8 bytes.
     */
    public static JoinDecision reject(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a rejection needs a reason for the player");
        }
        if (reason.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            throw new IllegalArgumentException("a rejection reason is at most " + MAX_REASON_BYTES + " UTF-8 bytes");
        }
        return new JoinDecision(reason);
    }

    public boolean accepted() {
        return reason == null;
    }

    /** Why the player was rejected; null when accepted. */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return accepted() ? "accept" : "reject(" + reason + ")";
    }
}
