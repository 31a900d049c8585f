package io.tickforge.server.net;

import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.shared.protocol.Hello;
import io.tickforge.shared.protocol.RejectReason;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * LAN mode ({@code --join-token}): every player presents the same string, compared in constant
 * time. Anyone who learns it can join, as often as they like; use signed tokens on the internet.
 * Stateless after construction; any thread.
 */
public final class StaticTokenAuthenticator implements JoinAuthenticator {
    private final byte[] token;

    public StaticTokenAuthenticator(String token) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("token must not be empty");
        }
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public JoinVerdict authenticate(Hello hello, InetSocketAddress remote) {
        if (hello.joinToken != null && MessageDigest.isEqual(hello.joinToken.getBytes(StandardCharsets.UTF_8), token)) {
            return JoinVerdict.accept(JoinGrant.ANONYMOUS);
        }
        return JoinVerdict.reject(Counter.REJECTED_BAD_TOKEN, RejectReason.BAD_TOKEN, "wrong or missing join token");
    }
}
