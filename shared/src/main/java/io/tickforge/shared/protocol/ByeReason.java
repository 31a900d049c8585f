package io.tickforge.shared.protocol;

/** Why the server is closing a connection; sent in {@code Bye} before the close. */
public enum ByeReason {
    SERVER_SHUTDOWN,
    KICKED,
    HANDSHAKE_TIMEOUT,
    PROTOCOL_ERROR,
    FLOODING,
    TIMED_OUT,
    CLIENT_LEFT
}
