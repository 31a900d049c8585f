package io.tickforge.server.net;

/**
 * What an accepted {@code Hello} proved, kept on the connection. Immutable; any thread.
 *
 * @param playerId          the backend's account id from a connect token (0 in static or open mode)
 * @param sessionId         the backend's match id from a connect token (0 otherwise)
 * @param userData          the token's user data (empty otherwise); do not mutate
 * @param clientToServerKey 32-byte key from the token for authenticating the client's datagrams; null
 *                          in static or open mode, where the server makes up the connection's keys itself
 * @param serverToClientKey 32-byte key for the server's datagrams; null in static or open mode
 */
public record JoinGrant(long playerId, long sessionId, byte[] userData, byte[] clientToServerKey,
                        byte[] serverToClientKey) {
    /** Static-token or open mode: nothing is known about the player beyond the Hello. */
    public static final JoinGrant ANONYMOUS = new JoinGrant(0, 0, new byte[0], null, null);

    public boolean hasTokenKeys() {
        return clientToServerKey != null;
    }

    @Override
    public String toString() {
        return "JoinGrant[player " + Long.toUnsignedString(playerId) + ", session " + Long.toUnsignedString(sessionId)
                + ", " + userData.length + " B user data, keys " + (hasTokenKeys() ? "from token" : "none") + "]";
    }
}
