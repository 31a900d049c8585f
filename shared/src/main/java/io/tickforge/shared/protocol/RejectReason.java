package io.tickforge.shared.protocol;

/**
 * Why the server refused a {@link Hello}; sent in {@link Rejected} before the close. Wire: one
 * byte (ordinal), so new values go at the end (the order is pinned by SerializerRoundTripTest).
 */
public enum RejectReason {
    VERSION_MISMATCH,
    SERVER_FULL,
    BAD_NAME,
    /** Static mode: wrong or missing {@code joinToken}. */
    BAD_TOKEN,
    /** Signed mode: the connect token's expiry has passed (by the server's clock). */
    TOKEN_EXPIRED,
    /** Signed mode: missing, malformed, or not sealed with this server's token secret (forged or altered). */
    TOKEN_INVALID,
    /** Signed mode: a valid token minted for another server address. */
    TOKEN_WRONG_SERVER,
    /** Signed mode: a valid token already presented from another address (each token admits one connection). */
    TOKEN_REUSED
}
