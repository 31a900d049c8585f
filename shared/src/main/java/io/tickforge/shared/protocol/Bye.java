package io.tickforge.shared.protocol;

/** Either direction over TCP: the sender is about to close the connection, and why. */
public final class Bye {
    public ByeReason reason;
    /** Optional detail, may be null. */
    public String text;

    public Bye() {
    }

    public Bye(ByeReason reason, String text) {
        this.reason = reason;
        this.text = text;
    }
}
