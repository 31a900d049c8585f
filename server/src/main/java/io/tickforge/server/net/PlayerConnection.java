package io.tickforge.server.net;

import com.esotericsoftware.kryonet.Connection;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One KryoNet connection plus its handshake and limit state (KryoNet's intended way to keep
 * per-connection data without a lookup). Created and mostly used on the update thread; the
 * fields read by other threads (state, slot, key, close flag) are atomic or volatile.
 */
final class PlayerConnection extends Connection {
    static final int AWAITING_HELLO = 0;
    /** Slot reserved, Welcome being sent, join being queued. */
    static final int JOINING = 1;
    static final int JOINED = 2;
    static final int CLOSED = 3;

    final long acceptedAtNs;
    /** AWAITING_HELLO -> JOINING -> JOINED, any -> CLOSED exactly once (getAndSet in disconnected). */
    final AtomicInteger state = new AtomicInteger(AWAITING_HELLO);
    final AtomicBoolean closeRequested = new AtomicBoolean();
    /** KryoNet finished its UDP registration (our listener's connected() ran). */
    volatile boolean udpRegistered;
    volatile boolean overLimit;
    volatile int slot = -1;
    volatile int udpKey;
    volatile String playerName;
    volatile KryoPlayerLink link;
    /** What the Hello proved (set before Welcome); its token keys are this connection's datagram keys in signed mode. */
    volatile JoinGrant grant;
    /** Wall clock (ms, KryoNet's clock for its idle timeout) of the last TCP message read. */
    volatile long lastTcpReadMs;
    /** A TCP write was refused because the write buffer was full (set by the writing thread). */
    volatile boolean writeBufferFull;

    // Update thread only.
    long closeDeadlineNs;
    double chatTokens;
    long chatRefilledAtNs;
    int chatStrikes;
    double statsTokens;
    double tcpTokens;
    long tcpRefilledAtNs;
    long statsRefilledAtNs;

    PlayerConnection(long acceptedAtNs) {
        this.acceptedAtNs = acceptedAtNs;
    }
}
