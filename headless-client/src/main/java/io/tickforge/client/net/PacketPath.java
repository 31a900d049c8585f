package io.tickforge.client.net;

/**
 * The client's path for its timed traffic, on already-serialized bytes: input datagram payloads
 * and RTT pings go out through it, snapshot payloads and ping replies come in through its
 * {@link Receiver}. {@link SocketPath} is the real one (sealed UDP datagrams, KryoNet pings over
 * TCP); {@link SimulatedLink} decorates a path with a simulated network, on both directions.
 * Driving thread only; times in nanoseconds from {@link System#nanoTime()}.
 */
public interface PacketPath {
    /** Sends one serialized {@code InputPacket} (the payload of a sealed input datagram); {@code bytes} is the caller's. */
    void sendInput(byte[] bytes, int length, long nowNs);

    /** Sends RTT ping {@code id}. */
    void sendPing(int id, long nowNs);

    /** Hands on what this path held back and is due by {@code nowNs}; returns how many items moved (the real path holds nothing: 0). */
    int release(long nowNs);

    /** Where incoming traffic goes: the client, or a decorator on its way there. Driving thread only. */
    interface Receiver {
        /** One authentic snapshot payload; {@code bytes} is valid only during the call. */
        void onSnapshot(byte[] bytes, int length, long nowNs);

        void onPingReply(int id, long nowNs);
    }
}
