package io.tickforge.server.net;

import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.server.session.SessionGateway;
import io.tickforge.shared.protocol.Bye;
import io.tickforge.shared.protocol.ByeReason;
import io.tickforge.shared.protocol.Rejected;
import io.tickforge.shared.protocol.Welcome;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.objects.ObjectIterator;

import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * Who owns each joined slot, and the slots held for a reconnect ({@code --reconnect-grace}). When a
 * joined player's TCP connection drops (reset, FIN without {@code Bye}, idle timeout) the slot is
 * held: the session detaches the player (it stays in the world, idle, no snapshots) and a
 * {@code Hello} carrying the slot's secret within the grace re-attaches a new connection to it
 * ({@link #claim}). A kick, the client's own {@code Bye}, a drain or a grace of 0 end the slot at
 * once, as before. Expiry is driven by the clock passed in ({@link #expire}, from the network's
 * housekeeping), so tests advance a number.
 *
 * <p>Threads: the network's update thread (joins, closes, housekeeping); a close may also run on
 * the thread that shuts the network down. Every method is synchronized: they run a few times per
 * player lifetime and once per housekeeping interval, never per tick or per datagram. Secrets are
 * never logged, and compared in constant time.
 */
final class ReconnectGrace {
    /** What a reconnect {@code Hello} got. */
    enum Outcome { ACCEPTED, UNKNOWN, WRONG_SECRET, EXPIRED }

    /** The result of {@link #claim}: on ACCEPTED the slot's entry and the live connection it replaced (or null). */
    record Claim(Outcome outcome, Entry entry, PlayerConnection replaced) {
    }

    /** One joined slot. Guarded by the table's lock. */
    static final class Entry {
        /** The session the slot belongs to (its joins, detaches and leaves go there). */
        final SessionGateway session;
        final int slot;
        final byte[] secret;
        final String name;
        final JoinGrant grant;
        /** Generation of token-derived datagram keys: +1 per reconnect (Welcome.keyEpoch). */
        int keyEpoch;
        /** The connection playing this slot; null while held. */
        PlayerConnection live;
        /** While held: when the grace ends, on the network's clock. */
        long heldUntilNs;

        Entry(SessionGateway session, int slot, byte[] secret, String name, JoinGrant grant, PlayerConnection live) {
            this.session = session;
            this.slot = slot;
            this.secret = secret;
            this.name = name;
            this.grant = grant;
            this.live = live;
        }

        boolean held() {
            return live == null;
        }
    }

    private final SessionGateway session;
    private final NetworkCounters counters;
    private final UdpTransport udp;
    private final JoinGate gate;
    private final SecureRandom random;
    private final long graceNs;
    private final int graceMs;
    /** By {@link #key}: a slot number is per session, so the session's id is part of the key. */
    private final Long2ObjectOpenHashMap<Entry> slots = new Long2ObjectOpenHashMap<>();
    private int held;

    /**
     * @param graceMs how long a dropped player's slot is held, ms; 0 = never (the leave is immediate)
     * @param gate    while it drains, nothing is held and held slots end at the next {@link #expire}
     */
    ReconnectGrace(SessionGateway session, NetworkCounters counters, UdpTransport udp, JoinGate gate,
                   SecureRandom random, int graceMs) {
        if (session == null || counters == null || udp == null || gate == null || random == null || graceMs < 0) {
            throw new IllegalArgumentException("session, counters, udp, gate and random are required; graceMs >= 0");
        }
        this.session = session;
        this.counters = counters;
        this.udp = udp;
        this.gate = gate;
        this.random = random;
        this.graceMs = graceMs;
        this.graceNs = graceMs * 1_000_000L;
    }

    int graceMs() {
        return graceMs;
    }

    /** A fresh secret for a new slot ({@link Welcome#RECONNECT_SECRET_BYTES} from SecureRandom); null when the grace is 0. */
    byte[] newSecret() {
        if (graceNs == 0) {
            return null;
        }
        byte[] secret = new byte[Welcome.RECONNECT_SECRET_BYTES];
        random.nextBytes(secret);
        return secret;
    }

    /**
     * Whether a farewell ends the slot at once (no hold): every {@code Bye} the server sends but
     * {@code TIMED_OUT} (a kick for abuse, a protocol error, a shutdown), a {@code Rejected} (the
     * game refused the join after the Welcome), and the client's own {@code Bye} (null farewell: it
     * is leaving). Called by whoever requests the close, first call only.
     */
    static void noteFarewell(PlayerConnection c, Object farewell) {
        if (farewell == null || farewell instanceof Rejected
                || farewell instanceof Bye bye && bye.reason != ByeReason.TIMED_OUT) {
            c.endsSlot = true;
        }
    }

    /** Session {@code s}'s slot {@code slot} as a map key. */
    private static long key(SessionGateway s, int slot) {
        return (long) s.sessionId() << 32 | (slot & 0xFFFFFFFFL);
    }

    /** The connection's session (null before placement, and in tests that drive slots by hand: the default one). */
    private SessionGateway sessionOf(PlayerConnection c) {
        SessionGateway s = c.session;
        return s != null ? s : session;
    }

    /** A connection joined {@code slot} of its session (Welcome sent). */
    synchronized void joined(PlayerConnection c, int slot, byte[] secret, String name, JoinGrant grant) {
        SessionGateway s = sessionOf(c);
        Entry previous = slots.put(key(s, slot), new Entry(s, slot, secret, name, grant, c));
        if (previous != null && previous.held()) {
            held--; // cannot happen (a held slot is never handed out again), but keep the count true
        }
    }

    /**
     * The connection closed (KryoNet's disconnected, or the handshake found it closed). Marks it
     * CLOSED and voids its UDP peer; if it was playing its slot, the slot is held (session: detach)
     * or ends (session: leave), exactly once however the close came about.
     */
    void onClosed(PlayerConnection c, long nowNs) {
        int previous = c.state.getAndSet(PlayerConnection.CLOSED);
        UdpPeer peer = c.udpPeer;
        if (peer != null) {
            udp.unregister(peer);
        }
        if (previous == PlayerConnection.JOINED) {
            lost(c, nowNs);
        }
    }

    /** A playing connection is gone: hold its slot or end it. Safe to call for a connection that no longer owns its slot. */
    synchronized void lost(PlayerConnection c, long nowNs) {
        Entry e = slots.get(key(sessionOf(c), c.slot));
        if (e == null || e.live != c) {
            return; // replaced by a reconnect, or already ended
        }
        if (graceNs > 0 && !c.endsSlot && !gate.isDraining()) {
            e.live = null;
            e.heldUntilNs = nowNs + graceNs;
            held++;
            counters.increment(Counter.SLOTS_HELD);
            e.session.enqueueDetach(e.slot);
        } else {
            slots.remove(key(e.session, e.slot));
            counters.increment(Counter.LEAVES);
            e.session.enqueueLeave(e.slot);
        }
    }

    /**
     * A reconnect {@code Hello} for {@code slot} with {@code secret} on connection {@code c}: on
     * success {@code c} owns the slot from now on (a still-open previous connection is returned to
     * be closed; it no longer owns anything) and the key epoch has moved on.
     */
    synchronized Claim claim(int slot, byte[] secret, PlayerConnection c, long nowNs) {
        return claim(session, slot, secret, c, nowNs);
    }

    /** As {@link #claim(int, byte[], PlayerConnection, long)}, for {@code slot} of {@code s}. */
    synchronized Claim claim(SessionGateway s, int slot, byte[] secret, PlayerConnection c, long nowNs) {
        Entry e = slots.get(key(s, slot));
        if (e == null || e.secret == null) {
            return new Claim(Outcome.UNKNOWN, null, null);
        }
        if (secret == null || !MessageDigest.isEqual(e.secret, secret)) { // constant time for equal lengths
            return new Claim(Outcome.WRONG_SECRET, null, null);
        }
        if (e.held() && nowNs - e.heldUntilNs >= 0) {
            return new Claim(Outcome.EXPIRED, null, null); // the next expire() ends it
        }
        PlayerConnection replaced = e.live;
        if (e.held()) {
            held--;
        }
        e.live = c;
        e.keyEpoch++;
        return new Claim(Outcome.ACCEPTED, e, replaced);
    }

    /** Ends every held slot whose grace is over (or all of them while draining): one leave each. Returns how many. */
    synchronized int expire(long nowNs) {
        if (held == 0) {
            return 0;
        }
        final boolean all = gate.isDraining();
        int ended = 0;
        for (ObjectIterator<Entry> it = slots.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.held() && (all || nowNs - e.heldUntilNs >= 0)) {
                it.remove();
                held--;
                ended++;
                counters.increment(Counter.RECONNECT_GRACE_EXPIRED);
                counters.increment(Counter.LEAVES);
                e.session.enqueueLeave(e.slot);
            }
        }
        return ended;
    }

    /** Signed-token mode: whether this account (a token's player id, not 0) is playing here or has a slot held. */
    synchronized boolean hasAccount(long accountId) {
        for (Entry e : slots.values()) {
            if (e.grant != null && e.grant.playerId() == accountId) {
                return true;
            }
        }
        return false;
    }

    /** Slots held for a reconnect right now. */
    synchronized int heldCount() {
        return held;
    }

    /** Slots with an owner or held. */
    synchronized int size() {
        return slots.size();
    }
}
