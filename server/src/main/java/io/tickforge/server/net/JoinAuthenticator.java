package io.tickforge.server.net;

import io.tickforge.shared.protocol.Hello;
import io.tickforge.shared.protocol.RejectReason;
import io.tickforge.shared.protocol.Rejected;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Decides whether a {@link Hello} may join, by its credentials only (version, name, slots and
 * per-address limits are checked around it by {@link HelloHandler}). The one call site of join
 * authentication; a signed-token mode plugs in here. Called on the network thread; must not block.
 */
@FunctionalInterface
interface JoinAuthenticator {
    /** Null to accept, else the {@code Rejected} to send (counted as REJECTED_BAD_TOKEN). */
    Rejected authenticate(Hello hello, InetSocketAddress remote);

    /** Everyone may join (no token configured). */
    JoinAuthenticator OPEN = (hello, remote) -> null;

    /** The join gate's current token (the static {@code --join-token}, or one a fleet manager set). */
    static JoinAuthenticator gate(JoinGate gate) {
        return (hello, remote) -> gate.admits(hello.joinToken)
                ? null : new Rejected(RejectReason.BAD_TOKEN, "wrong or missing join token");
    }

    /** The shared static {@code --join-token} (LAN mode), compared in constant time. */
    static JoinAuthenticator staticToken(String token) {
        if (token == null) {
            return OPEN;
        }
        byte[] expected = token.getBytes(StandardCharsets.UTF_8);
        return (hello, remote) -> hello.joinToken != null
                && MessageDigest.isEqual(hello.joinToken.getBytes(StandardCharsets.UTF_8), expected)
                ? null : new Rejected(RejectReason.BAD_TOKEN, "wrong or missing join token");
    }
}
