package io.tickforge.server.net;

import io.tickforge.shared.protocol.Hello;
import io.tickforge.shared.protocol.RejectReason;

import java.net.InetSocketAddress;

/**
 * Decides whether a {@code Hello} may join, after its version and name were checked and before a
 * slot is reserved. {@link ServerNetwork} calls it from one place, on its network thread only, so
 * implementations need no locking. Modes: {@link #OPEN} (no token), {@link StaticTokenAuthenticator}
 * (one shared LAN string, {@code --join-token}), {@link SignedTokenAuthenticator} (backend-minted
 * connect tokens, {@code --token-secret}); see docs/SECURITY.md.
 */
public interface JoinAuthenticator {
    /** Anyone may join. */
    JoinAuthenticator OPEN = (hello, remote) -> JoinVerdict.accept(JoinGrant.ANONYMOUS);

    /**
     * @param hello  the decoded message (hostile content, already length-capped)
     * @param remote the TCP peer address; null if the connection closed meanwhile
     */
    JoinVerdict authenticate(Hello hello, InetSocketAddress remote);

    /**
     * The join gate's current token (the static {@code --join-token}, or one a fleet manager set
     * at run time, e.g. from an Agones allocation), compared in constant time; none set: open.
     */
    static JoinAuthenticator gate(JoinGate gate) {
        return (hello, remote) -> gate.admits(hello.joinToken) ? JoinVerdict.accept(JoinGrant.ANONYMOUS)
                : JoinVerdict.reject(NetworkCounters.Counter.REJECTED_BAD_TOKEN, RejectReason.BAD_TOKEN,
                "wrong or missing join token");
    }

    /** What {@link NetworkConfig} alone asks for: static token when set, otherwise open. */
    static JoinAuthenticator fromConfig(NetworkConfig config) {
        return config.joinToken == null ? OPEN : new StaticTokenAuthenticator(config.joinToken);
    }
}
