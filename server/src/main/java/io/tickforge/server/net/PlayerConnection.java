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
    /** KryoNet finished its (TCP-only) registration: our listener's connected() ran. */
    volatile boolean udpRegistered;
    volatile boolean overLimit;
    /** The player's slot in {@link #session} (its player and entity id there), once placed. */
    volatile int slot = -1;
    /** The session this connection joined (set with {@link #slot}); null before. */
    volatile io.tickforge.server.session.SessionGateway session;
    /** The connection's UDP binding and keys, from Welcome on (null before). */
    volatile UdpPeer udpPeer;
    volatile String playerName;
    volatile KryoPlayerLink link;
    /** When the last TCP message (keep-alives included) was read, on the network's clock (ns). */
    volatile long lastTcpReadNs;
    /** What the Hello proved (set before Welcome); its token keys are this connection's datagram keys in signed mode. */
    volatile JoinGrant grant;
    /**
     * The close that was requested ends the player's slot at once (a kick, a protocol error, a
     * shutdown, the client's own Bye): no hold for a reconnect. See ReconnectGrace.noteFarewell.
     */
    volatile boolean endsSlot;
    /** A TCP write was refused because the write buffer was full (set by the writing thread). */
    volatile boolean writeBufferFull;

    // Update thread only.
    long closeDeadlineNs;
    /** The remote address this connection counts against in the ConnectionTable (null: none). */
    java.net.InetAddress address;
    /** Counted as a pre-auth connection (admitted, no Hello handled yet). */
    boolean preAuth;
    /** Holds a share of the ConnectionTable's limits (admitted, not yet released). */
    boolean admitted;
    final TokenBucket tcpMessages;
    final TokenBucket chat;
    final TokenBucket statsRequests;
    int chatStrikes;

    PlayerConnection(long acceptedAtNs, NetworkConfig config) {
        this.acceptedAtNs = acceptedAtNs;
        this.tcpMessages = new TokenBucket(config.tcpMessagesPerSecond, config.tcpMessageBurst);
        this.chat = new TokenBucket(config.chatPerSecond, config.chatBurst);
        this.statsRequests = new TokenBucket(config.chatPerSecond, config.chatBurst);
    }
}
