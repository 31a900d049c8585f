package io.tickforge.client.net;

import io.tickforge.shared.netsim.NetworkConditions;
import io.tickforge.shared.netsim.NetworkSimulator;
import io.tickforge.shared.protocol.InputPacket;

/**
 * One client's simulated network path (loss, latency, jitter, duplication, reordering), both
 * directions, in process: the shared {@link NetworkSimulator} delays copies of what the client
 * sends (input packets, RTT pings) before they reach the socket, and what it receives (snapshot
 * datagrams, ping replies) before the client sees them. Real bytes still cross the loopback; the
 * simulator only decides when and whether the client acts on them, exactly as if the network had.
 * Owned by the thread driving the client; preallocated, no allocation per packet.
 *
 * <p>Outbound input packets are queued in a compact local layout (never on the wire):
 * {@code newestTick:8 ackSequence:2 ackBits:4 count:1 (bit 7: hasAcks) then count x (moveX:1 moveY:1 aim:2 buttons:1)}.
 */
public final class SimulatedLink {
    public static final int KIND_INPUT = 1;
    public static final int KIND_PING = 2;
    public static final int KIND_SNAPSHOT = 3;
    public static final int KIND_PING_REPLY = 4;

    private static final int INPUT_HEADER_BYTES = 15;
    private static final int INPUT_BYTES_PER_ENTRY = 5;
    private static final int MAX_DATAGRAM_BYTES = 16 * 1024 + 64;

    private final NetworkSimulator up;
    private final NetworkSimulator down;
    private final byte[] scratch = new byte[MAX_DATAGRAM_BYTES];
    private final byte[] delivered = new byte[MAX_DATAGRAM_BYTES];
    private int deliveredKind;
    private int deliveredLength;

    public SimulatedLink(NetworkConditions uplink, NetworkConditions downlink, long seed) {
        // 256 packets in flight per direction covers 1 s of 60 Hz traffic with duplicates and pings.
        up = new NetworkSimulator(uplink, 256, INPUT_HEADER_BYTES + InputPacket.MAX_INPUTS * INPUT_BYTES_PER_ENTRY, seed);
        down = new NetworkSimulator(downlink, 256, MAX_DATAGRAM_BYTES, seed ^ 0x5DEECE66DL);
    }

    /** Queues a copy of {@code p} (only the fields the client fills; the key is added on delivery). */
    public void sendInput(InputPacket p, long nowNs) {
        final byte[] b = scratch;
        putLong(b, 0, p.newestTick);
        putShort(b, 8, p.ackSequence);
        putInt(b, 10, p.ackBits);
        b[14] = (byte) (p.count | (p.hasAcks ? InputPacket.HEADER_HAS_ACKS : 0));
        int o = INPUT_HEADER_BYTES;
        for (int k = 0; k < p.count; k++) {
            b[o] = p.moveX[k];
            b[o + 1] = p.moveY[k];
            putShort(b, o + 2, p.aim[k]);
            b[o + 4] = p.buttons[k];
            o += INPUT_BYTES_PER_ENTRY;
        }
        up.send(KIND_INPUT, b, 0, o, nowNs);
    }

    public void sendPing(int pingId, long nowNs) {
        putInt(scratch, 0, pingId);
        up.send(KIND_PING, scratch, 0, 4, nowNs);
    }

    /** Pops the next due outbound item; returns its kind, or 0 when none is due. */
    public int pollOutbound(long nowNs, InputPacket into) {
        final int len = up.receive(nowNs, delivered);
        if (len < 0) {
            return 0;
        }
        final int kind = up.lastDestination();
        if (kind == KIND_INPUT) {
            final byte[] b = delivered;
            into.newestTick = getLong(b, 0);
            into.ackSequence = getShort(b, 8) & 0xFFFF;
            into.ackBits = getInt(b, 10);
            into.count = b[14] & InputPacket.HEADER_COUNT_MASK;
            into.hasAcks = (b[14] & InputPacket.HEADER_HAS_ACKS) != 0;
            int o = INPUT_HEADER_BYTES;
            for (int k = 0; k < into.count; k++) {
                into.moveX[k] = b[o];
                into.moveY[k] = b[o + 1];
                into.aim[k] = (short) getShort(b, o + 2);
                into.buttons[k] = b[o + 4];
                o += INPUT_BYTES_PER_ENTRY;
            }
        } else {
            deliveredLength = len;
        }
        return kind;
    }

    /** The ping id of the item {@link #pollOutbound} or {@link #pollInbound} just returned. */
    public int deliveredPingId() {
        return getInt(delivered, 0);
    }

    public void receiveSnapshot(byte[] bytes, int length, long nowNs) {
        down.send(KIND_SNAPSHOT, bytes, 0, length, nowNs);
    }

    public void receivePingReply(int pingId, long nowNs) {
        putInt(scratch, 0, pingId);
        down.send(KIND_PING_REPLY, scratch, 0, 4, nowNs);
    }

    /** Pops the next due inbound item into {@link #deliveredBytes()}; returns its kind or 0. */
    public int pollInbound(long nowNs) {
        final int len = down.receive(nowNs, delivered);
        if (len < 0) {
            return 0;
        }
        deliveredLength = len;
        deliveredKind = down.lastDestination();
        return deliveredKind;
    }

    public byte[] deliveredBytes() {
        return delivered;
    }

    public int deliveredLength() {
        return deliveredLength;
    }

    public NetworkSimulator uplink() {
        return up;
    }

    public NetworkSimulator downlink() {
        return down;
    }

    private static void putLong(byte[] b, int o, long v) {
        for (int i = 0; i < 8; i++) {
            b[o + i] = (byte) (v >>> (56 - 8 * i));
        }
    }

    private static long getLong(byte[] b, int o) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[o + i] & 0xFF);
        }
        return v;
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

    private static void putShort(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 8);
        b[o + 1] = (byte) v;
    }

    private static int getShort(byte[] b, int o) {
        return (short) ((b[o] & 0xFF) << 8 | (b[o + 1] & 0xFF));
    }
}
