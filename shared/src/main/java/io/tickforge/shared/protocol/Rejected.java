package io.tickforge.shared.protocol;

/** Server to client over TCP: the handshake failed; the server closes the connection after it. */
public final class Rejected {
    public RejectReason reason;
    /** Human-readable detail, never null on the wire (empty allowed). */
    public String text;

    public Rejected() {
    }

    public Rejected(RejectReason reason, String text) {
        this.reason = reason;
        this.text = text;
    }
}
