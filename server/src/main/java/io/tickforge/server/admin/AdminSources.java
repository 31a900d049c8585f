package io.tickforge.server.admin;

import io.tickforge.server.net.NetworkCounters;
import io.tickforge.server.session.GameSession;

/**
 * What the admin endpoint reads, all of it published for other threads: the session's published
 * figures and tick-thread feeds, and the network counters (LongAdders).
 *
 * @param session the hosted session
 * @param network its network layer's counters
 * @param version build version for {@code tickforge_build_info}
 */
public record AdminSources(GameSession session, NetworkCounters network, String version) {
    public AdminSources {
        if (session == null || network == null || version == null) {
            throw new IllegalArgumentException("session, network counters and version are required");
        }
    }
}
