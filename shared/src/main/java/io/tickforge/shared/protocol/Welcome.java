package io.tickforge.shared.protocol;

/**
 * Server to client over TCP: the handshake succeeded. Every later {@link InputPacket} must carry
 * {@link #udpKey}. Immutable once sent; any thread.
 */
public final class Welcome {
    /** The player's slot, also its entity id. */
    public int playerId;
    public int sessionId;
    public int tickRateHz;
    /** The last tick the session completed when the handshake was accepted. */
    public long serverTick;
    /** Random per connection (SecureRandom), never 0. */
    public int udpKey;
    /** Largest snapshot datagram the server sends, in bytes (class id + length + payload). */
    public int packetBudgetBytes;

    public Welcome() {
    }

    public Welcome(int playerId, int sessionId, int tickRateHz, long serverTick, int udpKey, int packetBudgetBytes) {
        this.playerId = playerId;
        this.sessionId = sessionId;
        this.tickRateHz = tickRateHz;
        this.serverTick = serverTick;
        this.udpKey = udpKey;
        this.packetBudgetBytes = packetBudgetBytes;
    }
}
