package io.tickforge.server.admin;

/**
 * Where the admin HTTP endpoint listens and who may use it. Immutable; any thread.
 *
 * @param bindAddress address to bind (default 127.0.0.1: reachable from this machine only)
 * @param port        TCP port, 0 for an ephemeral one
 * @param bearerToken when not null, every data request must carry {@code Authorization: Bearer <token>}
 */
public record AdminConfig(String bindAddress, int port, String bearerToken) {
    public static final String DEFAULT_BIND = "127.0.0.1";

    public AdminConfig {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("--admin-bind must be an address");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--admin-port must be in 0..65535: " + port);
        }
        if (bearerToken != null && (bearerToken.isBlank() || bearerToken.chars().anyMatch(c -> c <= ' ' || c > '~'))) {
            throw new IllegalArgumentException("--admin-token must be printable ASCII without spaces");
        }
    }
}
