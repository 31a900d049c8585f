package io.tickforge.server.net;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may join right now, decided per {@code Hello}: the join token (the configured one, which a
 * fleet manager may replace at run time, e.g. with the token of an Agones allocation) and the drain
 * switch (match over or shutting down: nobody new). Players already joined are not affected.
 * Any thread; lock-free (two volatile fields).
 */
public final class JoinGate {
    private volatile String token;
    private volatile boolean draining;

    /** {@code token}: what a Hello must carry; null = no token needed. */
    public JoinGate(String token) {
        this.token = token;
    }

    /** Replaces the token Hellos must carry from now on; null = none. */
    public void setToken(String token) {
        this.token = token;
    }

    /** From now on every Hello is refused (Rejected DRAINING). There is no way back. */
    public void startDraining() {
        draining = true;
    }

    public boolean isDraining() {
        return draining;
    }

    /** True when no token is needed or {@code offered} equals it (compared in constant time). */
    public boolean admits(String offered) {
        final String expected = token;
        if (expected == null) {
            return true;
        }
        if (offered == null) {
            return false;
        }
        return MessageDigest.isEqual(offered.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
