package io.tickforge.shared.protocol;

/**
 * Chat over TCP. Client to server: only {@link #text} (the server ignores the sender fields and
 * fills them from the connection). Server to clients: the relayed line with its sender.
 */
public final class Chat {
    /** Sender's player id, or -1 when sent by a client (or by the server itself). */
    public int fromPlayerId = -1;
    /** Sender's name; null when sent by a client. */
    public String fromName;
    public String text;

    public Chat() {
    }

    /** A client's outgoing line. */
    public Chat(String text) {
        this.text = text;
    }

    /** A relayed line. */
    public Chat(int fromPlayerId, String fromName, String text) {
        this.fromPlayerId = fromPlayerId;
        this.fromName = fromName;
        this.text = text;
    }
}
