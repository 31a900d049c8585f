package io.tickforge.shared.protocol;

/**
 * Server to client over TCP: the handshake succeeded. Carries what the client needs for UDP
 * (docs/NETWORKING.md, "UDP"): the connection's datagram id and the two per-direction AEAD keys.
 * Every datagram either way is sealed with one of these keys; the server sends snapshots only to
 * an address that has proved {@link #clientKey}. Immutable once sent; any thread.
 */
public final class Welcome {
    static final byte[] NO_KEY = new byte[0];
    /** Length of a reconnect secret (random, SecureRandom). */
    public static final int RECONNECT_SECRET_BYTES = 16;

    /** The player's slot, also its entity id. */
    public int playerId;
    public int sessionId;
    public int tickRateHz;
    /** The last tick the session completed when the handshake was accepted. */
    public long serverTick;
    /** Names the connection in every datagram header: random (SecureRandom), never 0, unique. Not a secret. */
    public int udpId;
    /**
     * Client-to-server datagram key ({@code SecureDatagram.KEY_BYTES}, random per connection), or
     * empty when the client already holds the keys (a signed connect token carries them).
     */
    public byte[] clientKey = NO_KEY;
    /** Server-to-client datagram key; same length rule as {@link #clientKey}. */
    public byte[] serverKey = NO_KEY;
    /** Largest snapshot datagram the server sends, in bytes (class id + length + payload). */
    public int packetBudgetBytes;
    /**
     * Proof that this client owns its slot, for a reconnect within {@link #reconnectGraceMs}
     * ({@link #RECONNECT_SECRET_BYTES} random bytes, the same for the whole life of the slot), or
     * empty when the server holds no slots ({@code --reconnect-grace 0}). Never log it.
     */
    public byte[] reconnectSecret = NO_KEY;
    /** How long the server holds this slot after the connection drops, ms (0: no reconnection). */
    public int reconnectGraceMs;
    /**
     * Signed-token mode: which generation of datagram keys to derive from the connect token's keys
     * (0 at the first join, +1 per reconnect), so a reconnected connection never reuses a (key,
     * nonce) pair of the one before (docs/SECURITY.md, "Reconnection"). 0 otherwise.
     */
    public int keyEpoch;
    /**
     * Protocol 4+: the hash ({@code Schema.hash()}) of the session's entity schema. The client
     * compares it with the schema it was built for and closes on a mismatch rather than decode
     * entities it does not understand.
     */
    public long entitySchemaHash;
    /** Protocol 4+: the hash of the session's input schema; checked as {@link #entitySchemaHash}. */
    public long inputSchemaHash;

    public Welcome() {
    }

    /** Adds the session's schema hashes. Returns this. */
    public Welcome withSchemas(long entityHash, long inputHash) {
        this.entitySchemaHash = entityHash;
        this.inputSchemaHash = inputHash;
        return this;
    }

    public Welcome(int playerId, int sessionId, int tickRateHz, long serverTick, int udpId, byte[] clientKey,
                   byte[] serverKey, int packetBudgetBytes) {
        this.playerId = playerId;
        this.sessionId = sessionId;
        this.tickRateHz = tickRateHz;
        this.serverTick = serverTick;
        this.udpId = udpId;
        this.clientKey = clientKey == null ? NO_KEY : clientKey;
        this.serverKey = serverKey == null ? NO_KEY : serverKey;
        this.packetBudgetBytes = packetBudgetBytes;
    }

    /** Adds the reconnection fields (null secret: none). Returns this. */
    public Welcome withReconnect(byte[] secret, int graceMs, int keyEpoch) {
        this.reconnectSecret = secret == null ? NO_KEY : secret;
        this.reconnectGraceMs = graceMs;
        this.keyEpoch = keyEpoch;
        return this;
    }
}
