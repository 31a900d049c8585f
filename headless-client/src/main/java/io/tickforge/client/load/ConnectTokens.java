package io.tickforge.client.load;

import io.tickforge.shared.token.ClientToken;
import io.tickforge.shared.token.ConnectTokenMinter;
import io.tickforge.shared.token.TokenClaims;
import io.tickforge.shared.token.TokenSecret;

import java.security.SecureRandom;
import java.util.function.LongSupplier;

/**
 * Where each bot's sealed connect token comes from when the server runs in signed-token mode:
 * a backend-minted client token file (one player), or local minting with the shared secret (tests
 * and load runs on a trusted machine). Thread-safe; called once per bot at launch.
 */
public interface ConnectTokens {
    /** The client token (sealed part and datagram keys) for bot {@code bot} (0-based). */
    ClientToken tokenFor(int bot);

    /** How many bots this source can serve. */
    int capacity();

    /** One token from a backend: admits exactly one connection. */
    static ConnectTokens of(ClientToken token) {
        return new ConnectTokens() {
            @Override
            public ClientToken tokenFor(int bot) {
                if (bot != 0) {
                    throw new IllegalArgumentException("a connect token admits one player; bot " + bot + " has none");
                }
                return token;
            }

            @Override
            public int capacity() {
                return 1;
            }
        };
    }

    /**
     * Mints a fresh token per bot: player id {@code firstPlayerId + bot}, valid {@code lifetimeS}
     * from launch, for {@code serverAddress} (which must equal the server's --public-address).
     */
    static ConnectTokens minting(TokenSecret secret, String serverAddress, long firstPlayerId, long lifetimeS,
                                 LongSupplier nowEpochMs) {
        ConnectTokenMinter minter = new ConnectTokenMinter(secret, new SecureRandom());
        return new ConnectTokens() {
            @Override
            public ClientToken tokenFor(int bot) {
                long expiresAt = nowEpochMs.getAsLong() / 1000 + lifetimeS;
                return minter.mint(new TokenClaims(firstPlayerId + bot, 0, expiresAt, serverAddress, null));
            }

            @Override
            public int capacity() {
                return Integer.MAX_VALUE;
            }
        };
    }
}
