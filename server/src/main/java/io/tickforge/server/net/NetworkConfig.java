package io.tickforge.server.net;

/**
 * CONTRACT STUB, completed by the networking work (issue 2): ports, buffer sizes and limits.
 * Immutable once built.
 */
public final class NetworkConfig {
    public final String bindAddress;
    public final int tcpPort;
    public final int udpPort;

    public NetworkConfig(String bindAddress, int tcpPort, int udpPort) {
        this.bindAddress = bindAddress;
        this.tcpPort = tcpPort;
        this.udpPort = udpPort;
    }
}
