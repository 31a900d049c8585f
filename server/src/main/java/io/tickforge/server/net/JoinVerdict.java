package io.tickforge.server.net;

import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.shared.protocol.RejectReason;

/**
 * A {@link JoinAuthenticator}'s answer: a grant, or the reason, counter and text of a rejection.
 * Immutable; any thread.
 */
public final class JoinVerdict {
    private final JoinGrant grant;
    private final RejectReason reason;
    private final Counter counter;
    private final String text;

    private JoinVerdict(JoinGrant grant, RejectReason reason, Counter counter, String text) {
        this.grant = grant;
        this.reason = reason;
        this.counter = counter;
        this.text = text;
    }

    public static JoinVerdict accept(JoinGrant grant) {
        if (grant == null) {
            throw new IllegalArgumentException("grant is required");
        }
        return new JoinVerdict(grant, null, null, null);
    }

    /** {@code text} goes to the client in {@code Rejected}: say why, never echo secrets. */
    public static JoinVerdict reject(Counter counter, RejectReason reason, String text) {
        if (counter == null || reason == null || text == null) {
            throw new IllegalArgumentException("counter, reason and text are required");
        }
        return new JoinVerdict(null, reason, counter, text);
    }

    public boolean accepted() {
        return grant != null;
    }

    /** The grant; null when rejected. */
    public JoinGrant grant() {
        return grant;
    }

    public RejectReason reason() {
        return reason;
    }

    public Counter counter() {
        return counter;
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return accepted() ? "accept " + grant : "reject " + reason + " (" + text + ")";
    }
}
