package io.tickforge.shared.token;

/**
 * What a backend says about one player's admission: who, which match, until when, to which
 * server, plus opaque user data the server hands to the game. Immutable (user data copied); any thread.
 *
 * @param playerId        the backend's account id (u64, any value)
 * @param sessionId       the backend's match id (u64, any value; carried, not checked by the server)
 * @param expiresAtEpochS Unix seconds; the token is refused once the server's clock reaches it
 * @param serverAddress   host:port the client connects to; the server refuses tokens for another address
 * @param userData        0..256 bytes for the game (e.g. a cosmetic loadout id)
 */
public record TokenClaims(long playerId, long sessionId, long expiresAtEpochS, String serverAddress, byte[] userData) {
    public TokenClaims {
        ConnectTokenFormat.checkServerAddress(serverAddress);
        if (expiresAtEpochS <= 0) {
            throw new IllegalArgumentException("expiresAtEpochS must be positive, got " + expiresAtEpochS);
        }
        userData = userData == null ? new byte[0] : userData.clone();
        if (userData.length > ConnectTokenFormat.MAX_USER_DATA_BYTES) {
            throw new IllegalArgumentException("userData is " + userData.length + " bytes, at most "
                    + ConnectTokenFormat.MAX_USER_DATA_BYTES);
        }
    }

    @Override
    public byte[] userData() {
        return userData.clone();
    }
}
