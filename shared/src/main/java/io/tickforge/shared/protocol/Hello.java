package io.tickforge.shared.protocol;

import io.tickforge.shared.game.ArenaSchemas;

/** Client to server over TCP, the first message after connecting. Immutable once sent; any thread. */
public final class Hello {
    public int protocolVersion;
    public String playerName;
    /** The static LAN token ({@code --join-token}); null when the server needs none. */
    public String joinToken;
    /**
     * A sealed connect token minted by a backend (io.tickforge.shared.token, docs/SECURITY.md);
     * null unless the server runs in signed-token mode. Opaque to the client.
     */
    public byte[] connectToken;
    /**
     * Reconnection (protocol 3+): the player id ({@code Welcome.playerId}) whose held slot this
     * connection wants back; meaningful only with {@link #reconnectSecret}.
     */
    public int reconnectPlayerId;
    /**
     * Reconnection: the secret from that player's {@code Welcome} ({@link Welcome#RECONNECT_SECRET_BYTES}
     * bytes), or null for a fresh join. With it, the server re-attaches this connection to the held
     * slot instead of reserving a new one (docs/NETWORKING.md, "Reconnection").
     */
    public byte[] reconnectSecret;
    /**
     * Protocol 4+: the hash ({@code Schema.hash()}) of the entity schema this client was built for.
     * The constructors fill in the arena's ({@link ArenaSchemas}), the game every client so far
     * plays; a client of another game names its own with {@link #withSchemas}. The server refuses
     * a mismatch with {@code Rejected(SCHEMA_MISMATCH)}.
     */
    public long entitySchemaHash = ArenaSchemas.ENTITY.hash();
    /** Protocol 4+: the hash of the input schema this client was built for (the arena's by default). */
    public long inputSchemaHash = ArenaSchemas.INPUT.hash();
    /**
     * Protocol 5+: the game to play (a name from the server's catalog, at most
     * {@link Protocol#MAX_GAME_NAME_BYTES} UTF-8 bytes), or null/empty for the server's own game
     * ({@code --game}). A server hosts one game: another name is refused with
     * {@code Rejected(UNKNOWN_GAME)}.
     */
    public String game;
    /**
     * Protocol 5+: the session to join ({@code Welcome.sessionId} of an earlier join, e.g. a friend's
     * room, and always the session of a reconnect), or {@link #ANY_SESSION}: an open session of the
     * game, created when none has room and the server's {@code --max-sessions} allows.
     */
    public int sessionId = ANY_SESSION;

    /** {@link #sessionId}: any open session of the game. Session ids themselves are 1..2^31-1. */
    public static final int ANY_SESSION = 0;

    public Hello() {
    }

    /** Names the schemas this client was built for. Returns this. */
    public Hello withSchemas(long entityHash, long inputHash) {
        this.entitySchemaHash = entityHash;
        this.inputSchemaHash = inputHash;
        return this;
    }

    public Hello(int protocolVersion, String playerName, String joinToken) {
        this.protocolVersion = protocolVersion;
        this.playerName = playerName;
        this.joinToken = joinToken;
    }

    public Hello(int protocolVersion, String playerName, String joinToken, byte[] connectToken) {
        this(protocolVersion, playerName, joinToken);
        this.connectToken = connectToken;
    }

    /** Names the game ({@code null}: the server's) and the session ({@link #ANY_SESSION}: any). Returns this. */
    public Hello withSession(String game, int sessionId) {
        this.game = game;
        this.sessionId = sessionId;
        return this;
    }

    /** A reconnect: the same player id and the secret its {@code Welcome} carried. */
    public static Hello reconnect(String playerName, String joinToken, int playerId, byte[] secret) {
        Hello hello = new Hello(Protocol.VERSION, playerName, joinToken);
        hello.reconnectPlayerId = playerId;
        hello.reconnectSecret = secret;
        return hello;
    }

    public boolean isReconnect() {
        return reconnectSecret != null;
    }
}
