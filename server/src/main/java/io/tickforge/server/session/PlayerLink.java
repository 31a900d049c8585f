package io.tickforge.server.session;

/**
 * The session's handle on one connected player, implemented by the network layer. Thread-safe:
 * the tick thread sends snapshots, the network thread sends control messages.
 */
public interface PlayerLink {
    /** The transport's connection id, for logs. */
    int connectionId();

    /**
     * Sends one already-encoded snapshot packet over UDP. Never blocks; returns false when the
     * datagram could not be sent (the failure is counted by the link, not logged per packet).
     */
    boolean sendSnapshot(byte[] bytes, int length);

    /**
     * Sends {@code bytes[offset, offset+length)} as one snapshot datagram. Callable from any thread
     * without locks (a replication worker or sender thread); the bytes may be reused once it returns.
     */
    default boolean sendSnapshot(byte[] bytes, int offset, int length) {
        if (offset == 0) {
            return sendSnapshot(bytes, length);
        }
        return sendSnapshot(java.util.Arrays.copyOfRange(bytes, offset, offset + length), length);
    }

    /** Sends a control message over TCP. */
    void sendReliable(Object message);

    /** Tells the player why ({@code Bye}) and closes the connection. */
    void disconnect(io.tickforge.shared.protocol.ByeReason reason, String text);

    /**
     * Refuses the player after all ({@code Rejected(reason, text)}, e.g. the game's join attempt
     * said no) and closes the connection; its slot ends, it is never held for a reconnect. Any
     * thread. The default, for links without the handshake's messages, is a kick with the text.
     */
    default void reject(io.tickforge.shared.protocol.RejectReason reason, String text) {
        disconnect(io.tickforge.shared.protocol.ByeReason.KICKED, reason + ": " + text);
    }
}
