package io.tickforge.shared.protocol;

/**
 * Server to client over TCP: the handshake succeeded. Carries what the client needs for UDP
 * (docs/NETWORKING.md, "UDP"): the connection's datagram id and the two per-direction AEAD keys.
 * Every datagram either way is sealed with one of these keys; the server sends snapshots only to
 * an address that has proved {@link #clientKey}. Immutable once sent; any thread.
 */
public final class Welcome {
    static final byte[] NO_KEY = new byte[0];

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

    public Welcome() {
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
}
