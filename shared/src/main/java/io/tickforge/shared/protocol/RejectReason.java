package io.tickforge.shared.protocol;

/** Why the server refused a {@link Hello}; sent in {@link Rejected} before the close. Wire: one byte (ordinal). */
public enum RejectReason {
    VERSION_MISMATCH,
    SERVER_FULL,
    BAD_NAME,
    BAD_TOKEN,
    /** Too many handshakes from this address (per-address attempt rate, or connections per address). */
    TOO_MANY_ATTEMPTS
}
