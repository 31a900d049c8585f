package io.tickforge.server.net;

import it.unimi.dsi.fastutil.objects.Object2ObjectOpenHashMap;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Every accepted connection and the per-address bookkeeping in front of the handshake: total
 * connections, connections per address, connections that have not yet sent a valid {@code Hello}
 * (pre-auth), and the handshake attempts each address may make (one {@link TokenBucket} per
 * address). Written by the network thread only; {@link #all()} is a copy-on-write array any thread
 * may read. Per-address state lives only while the address has a connection or an unspent penalty
 * ({@link #evictIdle}), so its size is bounded by {@code maxConnections} plus the recently active.
 */
final class ConnectionTable {
    /** Why a connection was refused on admission. */
    enum Admission { ADMITTED, OVER_TOTAL, OVER_PER_ADDRESS, OVER_PRE_AUTH_PER_ADDRESS }

    private static final PlayerConnection[] NONE = new PlayerConnection[0];

    private final int maxConnections;
    private final int maxPerAddress;
    private final int maxPreAuth;
    private final int maxPreAuthPerAddress;
    private final double hellosPerSecond;
    private final int helloBurst;
    private final Object2ObjectOpenHashMap<InetAddress, AddressState> addresses = new Object2ObjectOpenHashMap<>();

    private volatile PlayerConnection[] connections = NONE;
    private int preAuth;
    private int admitted;

    private static final class AddressState {
        int connections;
        int preAuth;
        final TokenBucket hellos;

        AddressState(double perSecond, int burst) {
            hellos = new TokenBucket(perSecond, burst);
        }
    }

    ConnectionTable(int maxConnections, int maxPerAddress, int maxPreAuth, int maxPreAuthPerAddress,
                    double hellosPerSecond, int helloBurst) {
        if (maxConnections < 1 || maxPerAddress < 1 || maxPreAuth < 1 || maxPreAuthPerAddress < 1) {
            throw new IllegalArgumentException("limits must be >= 1");
        }
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
        this.maxPreAuth = maxPreAuth;
        this.maxPreAuthPerAddress = maxPreAuthPerAddress;
        this.hellosPerSecond = hellosPerSecond;
        this.helloBurst = helloBurst;
        new TokenBucket(hellosPerSecond, helloBurst); // validates the rate arguments now
    }

    /** Every tracked connection (pending, joined, closing). Any thread. */
    PlayerConnection[] all() {
        return connections;
    }

    int preAuthCount() {
        return preAuth;
    }

    /** Connections holding a share of the limits (admitted, not yet released). */
    int admittedCount() {
        return admitted;
    }

    int addressCount() {
        return addresses.size();
    }

    /** Tracks a socket KryoNet just accepted (before it is initialised), so that every socket is seen. */
    void track(PlayerConnection c) {
        PlayerConnection[] all = connections;
        PlayerConnection[] grown = Arrays.copyOf(all, all.length + 1);
        grown[all.length] = c;
        connections = grown;
    }

    /**
     * Admits a tracked connection from {@code address}: checked against the total and its address's
     * shares (connections, pre-auth connections). A refused connection stays tracked (it is closed
     * and removed like any other) but holds no share. When the server-wide pre-auth cap is reached
     * the oldest pre-auth connection is handed to {@code evict} to make room (a real client sends its
     * Hello within a round trip; a socket that stays silent is the one to go), so silent sockets from
     * many addresses cannot lock new players out.
     */
    Admission admit(PlayerConnection c, InetAddress address, Consumer<PlayerConnection> evict) {
        if (admitted >= maxConnections) {
            return Admission.OVER_TOTAL;
        }
        AddressState s = null;
        if (address != null) {
            s = addresses.get(address);
            if (s == null) {
                s = new AddressState(hellosPerSecond, helloBurst);
                addresses.put(address, s);
            }
            if (s.connections >= maxPerAddress) {
                return Admission.OVER_PER_ADDRESS;
            }
            if (s.preAuth >= maxPreAuthPerAddress) {
                return Admission.OVER_PRE_AUTH_PER_ADDRESS;
            }
        }
        if (preAuth >= maxPreAuth) {
            for (PlayerConnection old : connections) { // oldest first (accept order)
                if (old.preAuth && old != c) {
                    leavePreAuth(old);
                    evict.accept(old);
                    break;
                }
            }
        }
        if (s != null) {
            s.connections++;
            s.preAuth++;
            c.address = address;
        }
        c.preAuth = true;
        c.admitted = true;
        preAuth++;
        admitted++;
        return Admission.ADMITTED;
    }

    /** One handshake attempt from the connection's address; false when the address is over its rate. */
    boolean tryHello(PlayerConnection c, long nowNs) {
        AddressState s = c.address == null ? null : addresses.get(c.address);
        return s == null || s.hellos.tryTake(nowNs);
    }

    /** The connection left the pre-auth state (its Hello was handled, whatever the outcome). */
    void leavePreAuth(PlayerConnection c) {
        if (c.preAuth) {
            c.preAuth = false;
            preAuth--;
            AddressState s = c.address == null ? null : addresses.get(c.address);
            if (s != null) {
                s.preAuth--;
            }
        }
    }

    /** The connection closed: gives back its shares. Idempotent. */
    void release(PlayerConnection c) {
        leavePreAuth(c);
        if (c.admitted) {
            c.admitted = false;
            admitted--;
        }
        InetAddress address = c.address;
        if (address != null) {
            c.address = null;
            AddressState s = addresses.get(address);
            if (s != null) {
                s.connections--;
            }
        }
    }

    /** Calls {@code expired} for each connection still waiting for Hello {@code timeoutNs} after its accept. */
    void forEachExpiredHandshake(long nowNs, long timeoutNs, Consumer<PlayerConnection> expired) {
        for (PlayerConnection c : connections) {
            if (c.state.get() == PlayerConnection.AWAITING_HELLO && !c.closeRequested.get()
                    && nowNs - c.acceptedAtNs >= timeoutNs) {
                expired.accept(c);
            }
        }
    }

    /**
     * Calls {@code idle} for each connection (pending or joined, no close requested) that has sent
     * nothing, not even a keep-alive, for {@code idleTimeoutNs}: a peer that vanished without a FIN.
     */
    void forEachIdle(long nowNs, long idleTimeoutNs, Consumer<PlayerConnection> idle) {
        for (PlayerConnection c : connections) {
            if (!c.closeRequested.get() && c.state.get() != PlayerConnection.CLOSED
                    && nowNs - c.lastTcpReadNs >= idleTimeoutNs) {
                idle.accept(c);
            }
        }
    }

    /** Drops connections whose socket is closed from the table (giving back their shares); returns how many. */
    int removeClosed() {
        PlayerConnection[] all = connections;
        int dead = 0;
        for (PlayerConnection c : all) {
            if (!c.isConnected()) {
                dead++;
            }
        }
        if (dead > 0) {
            PlayerConnection[] live = new PlayerConnection[all.length - dead];
            int n = 0;
            for (PlayerConnection c : all) {
                if (c.isConnected() && n < live.length) {
                    live[n++] = c;
                } else if (!c.isConnected()) {
                    release(c);
                }
            }
            connections = n == live.length ? live : Arrays.copyOf(live, n);
        }
        return dead;
    }

    /** Forgets addresses with no connection whose attempt bucket has refilled. */
    void evictIdle(long nowNs) {
        addresses.values().removeIf(s -> s.connections <= 0 && s.hellos.isFull(nowNs));
    }
}
