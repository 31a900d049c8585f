package io.tickforge.shared.protocol;

/**
 * Why the server refused a {@link Hello}; sent in {@link Rejected} before the close. Wire: one byte
 * (ordinal), so new reasons go at the end (the order is pinned by a test).
 */
public enum RejectReason {
    VERSION_MISMATCH,
    SERVER_FULL,
    BAD_NAME,
    BAD_TOKEN,
    /** The server takes no new players: its match is over or it is shutting down. Try another server. */
    DRAINING,
    /** Too many handshakes from this address (per-address attempt rate, or connections per address). */
    TOO_MANY_ATTEMPTS,
    /** Signed mode: the connect token's expiry has passed (by the server's clock). */
    TOKEN_EXPIRED,
    /** Signed mode: missing, malformed, or not sealed with this server's token secret (forged or altered). */
    TOKEN_INVALID,
    /** Signed mode: a valid token minted for another server address. */
    TOKEN_WRONG_SERVER,
    /** Signed mode: a valid token already presented from another address (each token admits one connection). */
    TOKEN_REUSED,
    /**
     * A reconnect the server cannot honour: no slot held for that player id, a wrong secret, the
     * grace over, or the player was kicked. Join again from scratch (a new token in signed mode).
     */
    RECONNECT_REFUSED,
    /** Signed mode: the token's player (account) id is already playing here, or its slot is held for a reconnect. */
    PLAYER_ALREADY_CONNECTED,
    /**
     * The hosted game refused the player at its join attempt (the text says why: a full team, a
     * match in progress, ...). Sent after the Welcome, at the tick boundary where the join would
     * have been applied; the connection closes and the slot ends (no reconnect). Added within
     * protocol version 3: older clients do not know this ordinal, and only a game that rejects
     * joins sends it (the arena never does).
     */
    GAME_REJECTED,
    /**
     * Protocol 4+: the client was built for other entity or input schemas than the session's
     * (the hashes in its {@code Hello} differ from the game's); the text names both sides' hashes
     * and the session's schema names. Use a client built for this game.
     */
    SCHEMA_MISMATCH,
    /**
     * Protocol 5+: the {@code Hello} named a session this server does not run (never did, or it has
     * ended), or one that runs another game than the Hello's (the text names both games). Join
     * "any" session instead, or ask whoever gave you the id for a new one.
     */
    NO_SUCH_SESSION,
    /** Protocol 5+: the named session has no free player slot (SERVER_FULL: "any" found no room and no new session may start). */
    SESSION_FULL,
    /** Protocol 5+: the {@code Hello} named a game this server does not host (the text names the ones it does). */
    UNKNOWN_GAME
}
