package io.tickforge.server.net;

import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.shared.protocol.Hello;
import io.tickforge.shared.protocol.RejectReason;
import io.tickforge.shared.token.ConnectTokenFormat;
import io.tickforge.shared.token.ConnectTokenOpener;
import io.tickforge.shared.token.TokenClaims;
import io.tickforge.shared.token.TokenSecret;

import java.net.InetSocketAddress;
import java.util.function.LongSupplier;

/**
 * Signed-token mode ({@code --token-secret}): a {@code Hello} must carry a connect token sealed
 * with the shared secret by a backend (io.tickforge.shared.token), not expired by this server's
 * clock, minted for this server's public address, and not already presented from another address.
 * Checks run cheapest first; only a token that verifies costs a table entry. Network thread only
 * (one Cipher, one table); the clock is injected (epoch milliseconds) for socketless tests.
 */
public final class SignedTokenAuthenticator implements JoinAuthenticator {
    /** Tokens remembered at once; ~150 B each, so the table stays under ~3 MB. */
    public static final int DEFAULT_TABLE_CAPACITY = 16_384;

    private final ConnectTokenOpener opener;
    private final String publicAddress;
    private final LongSupplier nowEpochMs;
    private final UsedTokenTable used;

    /**
     * @param publicAddress host:port that clients are told to connect to; tokens must name exactly it
     */
    public SignedTokenAuthenticator(TokenSecret secret, String publicAddress, LongSupplier nowEpochMs, int tableCapacity) {
        if (secret == null || nowEpochMs == null) {
            throw new IllegalArgumentException("secret and clock are required");
        }
        this.opener = new ConnectTokenOpener(secret);
        this.publicAddress = ConnectTokenFormat.checkServerAddress(publicAddress);
        this.nowEpochMs = nowEpochMs;
        this.used = new UsedTokenTable(tableCapacity);
    }

    public SignedTokenAuthenticator(TokenSecret secret, String publicAddress) {
        this(secret, publicAddress, System::currentTimeMillis, DEFAULT_TABLE_CAPACITY);
    }

    public String publicAddress() {
        return publicAddress;
    }

    @Override
    public JoinVerdict authenticate(Hello hello, InetSocketAddress remote) {
        if (hello.connectToken == null) {
            return invalid("this server admits players with a connect token from the backend only");
        }
        if (remote == null) {
            return invalid("connection has no remote address");
        }
        long nowS = Math.floorDiv(nowEpochMs.getAsLong(), 1000L);
        ConnectTokenOpener.Result result = opener.open(hello.connectToken, nowS);
        switch (result.outcome()) {
            case OPENED -> {
            }
            case EXPIRED -> {
                return JoinVerdict.reject(Counter.REJECTED_TOKEN_EXPIRED, RejectReason.TOKEN_EXPIRED,
                        "connect token " + result.detail() + "; ask the backend for a new one");
            }
            case MALFORMED, FORGED -> {
                return invalid("connect token " + (result.outcome() == ConnectTokenOpener.Outcome.FORGED
                        ? "not signed by this server's backend" : "malformed: " + result.detail()));
            }
        }
        ConnectTokenOpener.Opened opened = result.opened();
        TokenClaims claims = opened.claims();
        if (!ConnectTokenFormat.sameServer(claims.serverAddress(), publicAddress)) {
            return JoinVerdict.reject(Counter.REJECTED_TOKEN_WRONG_SERVER, RejectReason.TOKEN_WRONG_SERVER,
                    "connect token is for " + claims.serverAddress() + ", this server is " + publicAddress);
        }
        switch (used.claim(opened.tokenId(), remote, claims.expiresAtEpochS(), nowS)) {
            case FIRST_USE, SAME_ADDRESS -> {
                return JoinVerdict.accept(new JoinGrant(claims.playerId(), claims.sessionId(), claims.userData(),
                        opened.clientToServerKey(), opened.serverToClientKey()));
            }
            case OTHER_ADDRESS -> {
                return JoinVerdict.reject(Counter.REJECTED_TOKEN_REUSED, RejectReason.TOKEN_REUSED,
                        "connect token already used from another address; ask the backend for a new one");
            }
            default -> {
                return JoinVerdict.reject(Counter.REJECTED_TOKEN_TABLE_FULL, RejectReason.SERVER_FULL,
                        "too many recent connect tokens; retry shortly");
            }
        }
    }

    /** Tokens currently remembered (for tests and status). */
    int rememberedTokens() {
        return used.size();
    }

    private static JoinVerdict invalid(String text) {
        return JoinVerdict.reject(Counter.REJECTED_TOKEN_INVALID, RejectReason.TOKEN_INVALID, text);
    }
}
