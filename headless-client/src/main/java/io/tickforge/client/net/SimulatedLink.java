package io.tickforge.client.net;

import io.tickforge.shared.netsim.NetworkConditions;
import io.tickforge.shared.netsim.NetworkSimulator;

/**
 * A simulated network (loss, latency, jitter, duplication, reordering) as a decorator of a
 * client's {@link PacketPath}, both directions, in process: the shared {@link NetworkSimulator}
 * holds copies of what the client sends (serialized input packets, RTT pings) before they reach
 * the inner path, and of what the inner path receives (snapshot payloads, ping replies) before
 * they reach the client's {@link PacketPath.Receiver}. Real bytes still cross the loopback; the
 * simulator only decides when and whether they go on, exactly as if the network had. Both
 * directions move on {@link #release}. Owned by the thread driving the client; preallocated, no
 * allocation per packet.
 */
public final class SimulatedLink implements PacketPath, PacketPath.Receiver {
    private static final int KIND_INPUT = 1;
    private static final int KIND_PING = 2;
    private static final int KIND_SNAPSHOT = 3;
    private static final int KIND_PING_REPLY = 4;

    /** A serialized InputPacket: header 1, acks 6, tick varint up to 9, 8 inputs of 5 bytes = 56. */
    static final int MAX_INPUT_BYTES = 64;
    private static final int MAX_DATAGRAM_BYTES = 16 * 1024 + 64;

    private final NetworkSimulator up;
    private final NetworkSimulator down;
    private final PacketPath inner;
    private final PacketPath.Receiver client;
    private final byte[] scratch = new byte[4];
    private final byte[] delivered = new byte[MAX_DATAGRAM_BYTES];

    /**
     * @param inner  where released outgoing traffic goes (the real path)
     * @param client where released incoming traffic goes; the inner path must deliver into this link
     */
    public SimulatedLink(NetworkConditions uplink, NetworkConditions downlink, long seed,
                         PacketPath inner, PacketPath.Receiver client) {
        // 256 packets in flight per direction covers 1 s of 60 Hz traffic with duplicates and pings.
        up = new NetworkSimulator(uplink, 256, MAX_INPUT_BYTES, seed);
        down = new NetworkSimulator(downlink, 256, MAX_DATAGRAM_BYTES, seed ^ 0x5DEECE66DL);
        this.inner = inner;
        this.client = client;
    }

    @Override
    public void sendInput(byte[] bytes, int length, long nowNs) {
        up.send(KIND_INPUT, bytes, 0, length, nowNs);
    }

    @Override
    public void sendPing(int id, long nowNs) {
        putInt(scratch, 0, id);
        up.send(KIND_PING, scratch, 0, 4, nowNs);
    }

    @Override
    public void onSnapshot(byte[] bytes, int length, long nowNs) {
        down.send(KIND_SNAPSHOT, bytes, 0, length, nowNs);
    }

    @Override
    public void onPingReply(int id, long nowNs) {
        putInt(scratch, 0, id);
        down.send(KIND_PING_REPLY, scratch, 0, 4, nowNs);
    }

    /** Delivers what is due by {@code nowNs}: incoming to the client first, then outgoing to the inner path. */
    @Override
    public int release(long nowNs) {
        int work = 0;
        int len;
        while ((len = down.receive(nowNs, delivered)) >= 0) {
            work++;
            if (down.lastDestination() == KIND_SNAPSHOT) {
                client.onSnapshot(delivered, len, nowNs);
            } else {
                client.onPingReply(getInt(delivered, 0), nowNs);
            }
        }
        while ((len = up.receive(nowNs, delivered)) >= 0) {
            work++;
            if (up.lastDestination() == KIND_INPUT) {
                inner.sendInput(delivered, len, nowNs);
            } else {
                inner.sendPing(getInt(delivered, 0), nowNs);
            }
        }
        return work + inner.release(nowNs);
    }

    public NetworkSimulator uplink() {
        return up;
    }

    public NetworkSimulator downlink() {
        return down;
    }

    private static void putInt(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 24);
        b[o + 1] = (byte) (v >>> 16);
        b[o + 2] = (byte) (v >>> 8);
        b[o + 3] = (byte) v;
    }

    private static int getInt(byte[] b, int o) {
        return (b[o] & 0xFF) << 24 | (b[o + 1] & 0xFF) << 16 | (b[o + 2] & 0xFF) << 8 | (b[o + 3] & 0xFF);
    }
}
