package io.tickforge.server.net;

import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.server.session.SessionDirectory;
import io.tickforge.server.session.SessionGateway;
import io.tickforge.shared.protocol.Bye;
import io.tickforge.shared.protocol.ByeReason;
import io.tickforge.shared.protocol.Hello;
import io.tickforge.shared.protocol.Protocol;
import io.tickforge.shared.protocol.RejectReason;
import io.tickforge.shared.protocol.Rejected;
import io.tickforge.shared.protocol.Welcome;
import io.tickforge.shared.schema.Schema;
import io.tickforge.shared.transport.SecureDatagram;

import java.net.InetSocketAddress;
import java.util.function.BiConsumer;

/**
 * The handshake (network thread): one {@code Hello} per connection, checked in order (per-address
 * attempt rate, protocol version, the game, the entity and input schema hashes, name,
 * {@link JoinAuthenticator}, a session with a free slot from the {@link SessionDirectory}), then the
 * UDP peer with fresh keys, {@code Welcome} (naming the session), and the join queued for that session. Every refusal is counted
 * and answered with {@code Rejected(reason)} and a close; nothing is logged per event (the network's
 * periodic summary reports the counters).
 */
final class HelloHandler {
    private final NetworkConfig config;
    private final SessionDirectory directory;
    private final NetworkCounters counters;
    private final ConnectionTable table;
    private final UdpTransport udp;
    private final JoinAuthenticator authenticator;
    private final JoinGate gate;
    private final BiConsumer<PlayerConnection, Object> closer;
    private final BiConsumer<PlayerConnection, Object> sender;
    private final ServerNetwork network;
    private final ReconnectGrace grace;

    /**
     * @param closer  requests a close with a farewell message (ServerNetwork.requestClose)
     * @param sender  sends one message over TCP (Connection.sendTCP; tests record instead)
     * @param network owner of the links handed to the session (may be null in tests)
     * @param grace   slot owners and held slots: reconnects are claimed there
     */
    HelloHandler(NetworkConfig config, SessionGateway session, NetworkCounters counters, ConnectionTable table,
                 UdpTransport udp, JoinAuthenticator authenticator, JoinGate gate, BiConsumer<PlayerConnection, Object> closer,
                 BiConsumer<PlayerConnection, Object> sender, ServerNetwork network, ReconnectGrace grace) {
        this(config, SessionDirectory.single(session, null), counters, table, udp, authenticator, gate, closer, sender,
                network, grace);
    }

    /** As above, joins placed by {@code directory} (one session, or a {@code SessionHost}'s many). */
    HelloHandler(NetworkConfig config, SessionDirectory directory, NetworkCounters counters, ConnectionTable table,
                 UdpTransport udp, JoinAuthenticator authenticator, JoinGate gate, BiConsumer<PlayerConnection, Object> closer,
                 BiConsumer<PlayerConnection, Object> sender, ServerNetwork network, ReconnectGrace grace) {
        this.config = config;
        this.directory = directory;
        this.counters = counters;
        this.table = table;
        this.udp = udp;
        this.authenticator = authenticator;
        this.gate = gate == null ? new JoinGate(null) : gate;
        this.closer = closer;
        this.sender = sender;
        this.network = network;
        this.grace = grace;
    }

    void onHello(PlayerConnection c, Hello hello, long nowNs) {
        if (c.state.get() != PlayerConnection.AWAITING_HELLO) {
            counters.increment(Counter.PROTOCOL_ERRORS);
            closer.accept(c, new Bye(ByeReason.PROTOCOL_ERROR, "second Hello"));
            return;
        }
        table.leavePreAuth(c);
        if (!table.tryHello(c, nowNs)) {
            reject(c, Counter.REJECTED_RATE_LIMITED, RejectReason.TOO_MANY_ATTEMPTS,
                    "too many handshakes from your address, retry later");
            return;
        }
        if (hello.protocolVersion != Protocol.VERSION) {
            reject(c, Counter.REJECTED_VERSION, RejectReason.VERSION_MISMATCH,
                    "server speaks protocol " + Protocol.VERSION + ", client " + hello.protocolVersion);
            return;
        }
        // The Hello's game (none named: the default game): its schemas, its sessions.
        final SessionGateway game = directory.shape(hello.game);
        if (game == null) {
            final String unknownGame = directory.refuseGame(hello.game);
            reject(c, Counter.REJECTED_UNKNOWN_GAME, RejectReason.UNKNOWN_GAME,
                    unknownGame != null ? unknownGame : "this server does not host that game");
            return;
        }
        final long entityHash = game.entitySchema().hash();
        final long inputHash = game.inputSchema().hash();
        if (hello.entitySchemaHash != entityHash || hello.inputSchemaHash != inputHash) {
            // Counted with the version mismatches: both are a client built for something else.
            reject(c, Counter.REJECTED_VERSION, RejectReason.SCHEMA_MISMATCH, schemaMismatch(game, hello));
            return;
        }
        if (!config.isValidName(hello.playerName)) {
            reject(c, Counter.REJECTED_BAD_NAME, RejectReason.BAD_NAME, "name must be 1.." + config.maxNameChars
                    + " ASCII letters, digits or '" + config.extraNameChars + "', no leading or trailing space");
            return;
        }
        if (gate.isDraining()) {
            reject(c, Counter.REJECTED_DRAINING, RejectReason.DRAINING,
                    "this server takes no new players (match over or shutting down); join another server");
            return;
        }
        if (hello.isReconnect()) {
            reconnect(c, hello, nowNs);
            return;
        }
        // The single call site of join authentication (static token today; signed tokens plug in here).
        JoinVerdict verdict = authenticator.authenticate(hello, remote(c));
        if (!verdict.accepted()) {
            reject(c, verdict.counter(), verdict.reason(), verdict.text());
            return;
        }
        if (verdict.grant().hasTokenKeys() && grace.hasAccount(verdict.grant().playerId())) {
            // One slot per account: a second token for the same player (or a replay while it plays) is refused.
            reject(c, Counter.REJECTED_PLAYER_ALREADY_CONNECTED, RejectReason.PLAYER_ALREADY_CONNECTED,
                    "this player is already in the session (or its slot is held for a reconnect)");
            return;
        }
        c.grant = verdict.grant();
        if (!c.state.compareAndSet(PlayerConnection.AWAITING_HELLO, PlayerConnection.JOINING)) {
            return; // closed meanwhile
        }
        final SessionDirectory.Placement placement = directory.place(hello.game, hello.sessionId);
        if (!placement.placed()) {
            reject(c, switch (placement.reason()) {
                case NO_SUCH_SESSION -> Counter.REJECTED_NO_SUCH_SESSION;
                case SESSION_FULL -> Counter.REJECTED_SESSION_FULL;
                case UNKNOWN_GAME -> Counter.REJECTED_UNKNOWN_GAME;
                default -> Counter.REJECTED_SERVER_FULL;
            }, placement.reason(), placement.text());
            return;
        }
        final SessionGateway session = placement.session();
        final int slot = placement.slot();
        c.session = session;
        int budget = session.packetBudgetBytes();
        // Signed-token mode: the datagram keys come from the connect token (the client has them from
        // its token; Welcome carries none). Otherwise fresh random keys, sent in Welcome over TCP.
        final JoinGrant grant = c.grant;
        final boolean tokenKeys = grant != null && grant.hasTokenKeys();
        // Bound to its session here: its input datagrams are decoded by that session's input layout.
        UdpPeer peer = tokenKeys
                ? udp.register(slot, SecureDatagram.datagramKey(grant.clientToServerKey(), SecureDatagram.CLIENT_TO_SERVER),
                        SecureDatagram.datagramKey(grant.serverToClientKey(), SecureDatagram.SERVER_TO_CLIENT),
                        session.inputLayout())
                : udp.register(slot, session.inputLayout());
        KryoPlayerLink link = new KryoPlayerLink(c, network, counters, budget, udp, peer);
        c.slot = slot;
        c.udpPeer = peer;
        peer.owner = c;
        peer.bindSession(session);
        c.playerName = hello.playerName;
        c.link = link;
        byte[] secret = grace.newSecret();
        sender.accept(c, new Welcome(slot, session.sessionId(), session.tickRateHz(), session.currentTick(), peer.udpId,
                tokenKeys ? null : peer.rawClientKey, tokenKeys ? null : peer.rawServerKey, budget)
                .withReconnect(secret, grace.graceMs(), 0)
                .withSchemas(session.entitySchema().hash(), session.inputSchema().hash()));
        if (c.state.get() == PlayerConnection.CLOSED) {
            // Closed while sending; disconnected() saw JOINING and left the slot to us.
            udp.unregister(peer);
            session.releaseSlot(slot);
            return;
        }
        grace.joined(c, slot, secret, hello.playerName, grant);
        session.enqueueJoin(slot, hello.playerName, link);
        peer.acceptingInputs = true;
        if (c.state.compareAndSet(PlayerConnection.JOINING, PlayerConnection.JOINED)) {
            counters.increment(Counter.JOINED);
        } else {
            // Closed between the check and the join: the session applies the join, then the hold or leave.
            grace.lost(c, nowNs);
        }
    }

    /**
     * A Hello with a reconnect secret: the held (or still open) slot goes to this connection with a
     * fresh udpId and fresh datagram keys (the old address binding is void), the same player id,
     * entity and score; the session re-attaches it with fresh input and replication state. No
     * join authenticator is consulted: within the grace the secret alone proves the player (a
     * connect token, if sent, is ignored and not marked used).
     */
    private void reconnect(PlayerConnection c, Hello hello, long nowNs) {
        if (!c.state.compareAndSet(PlayerConnection.AWAITING_HELLO, PlayerConnection.JOINING)) {
            return; // closed meanwhile
        }
        final SessionGateway session = directory.find(hello.game, hello.sessionId);
        if (session == null) {
            reject(c, Counter.REJECTED_NO_SUCH_SESSION, RejectReason.NO_SUCH_SESSION, "no session " + hello.sessionId
                    + " of this game on this server (it has ended, never ran here, or runs another game); join again");
            return;
        }
        ReconnectGrace.Claim claim = grace.claim(session, hello.reconnectPlayerId, hello.reconnectSecret, c, nowNs);
        if (claim.outcome() != ReconnectGrace.Outcome.ACCEPTED) {
            reject(c, Counter.RECONNECTS_REFUSED, RejectReason.RECONNECT_REFUSED, switch (claim.outcome()) {
                case EXPIRED -> "the reconnect grace of " + grace.graceMs() + " ms is over; join again";
                default -> "no slot held for that player and secret (grace over, kicked, or wrong secret); join again";
            });
            return;
        }
        ReconnectGrace.Entry entry = claim.entry();
        final int slot = entry.slot;
        PlayerConnection replaced = claim.replaced();
        if (replaced != null) {
            // Its owner came back on a new connection (its side saw the old one die first): the old
            // one owns nothing any more; close it without a hold or a leave.
            UdpPeer old = replaced.udpPeer;
            if (old != null) {
                udp.unregister(old);
            }
            closer.accept(replaced, new Bye(ByeReason.KICKED, "replaced by a reconnect of the same player"));
        }
        final JoinGrant grant = entry.grant;
        final boolean tokenKeys = grant != null && grant.hasTokenKeys();
        final int epoch = entry.keyEpoch;
        UdpPeer peer = tokenKeys
                ? udp.register(slot, SecureDatagram.datagramKey(grant.clientToServerKey(), SecureDatagram.CLIENT_TO_SERVER, epoch),
                        SecureDatagram.datagramKey(grant.serverToClientKey(), SecureDatagram.SERVER_TO_CLIENT, epoch),
                        session.inputLayout())
                : udp.register(slot, session.inputLayout());
        int budget = session.packetBudgetBytes();
        KryoPlayerLink link = new KryoPlayerLink(c, network, counters, budget, udp, peer);
        c.grant = grant;
        c.session = session;
        c.slot = slot;
        c.udpPeer = peer;
        peer.owner = c;
        peer.bindSession(session);
        c.playerName = entry.name;
        c.link = link;
        sender.accept(c, new Welcome(slot, session.sessionId(), session.tickRateHz(), session.currentTick(), peer.udpId,
                tokenKeys ? null : peer.rawClientKey, tokenKeys ? null : peer.rawServerKey, budget)
                .withReconnect(entry.secret, grace.graceMs(), epoch)
                .withSchemas(session.entitySchema().hash(), session.inputSchema().hash()));
        session.enqueueReattach(slot, link);
        peer.acceptingInputs = true;
        counters.increment(Counter.RECONNECTS_ACCEPTED);
        if (!c.state.compareAndSet(PlayerConnection.JOINING, PlayerConnection.JOINED)) {
            // Closed while we were at it: held again (or ended), after the reattach in queue order.
            udp.unregister(peer);
            grace.lost(c, nowNs);
        }
    }

    /** e.g. {@code this session's game speaks entity schema arena#a716... and input schema arena#51b2...; your client was built for entity 0123... and input 51b2...}. */
    private static String schemaMismatch(SessionGateway session, Hello hello) {
        return "this session's game speaks entity schema " + session.entitySchema().name() + '#' + session.entitySchema().hashHex()
                + " and input schema " + session.inputSchema().name() + '#' + session.inputSchema().hashHex()
                + "; your client was built for entity " + Schema.hex(hello.entitySchemaHash) + " and input "
                + Schema.hex(hello.inputSchemaHash) + ": use a client built for this game";
    }

    private static InetSocketAddress remote(PlayerConnection c) {
        try {
            return c.getRemoteAddressTCP();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void reject(PlayerConnection c, Counter counter, RejectReason reason, String text) {
        counters.increment(counter);
        closer.accept(c, new Rejected(reason, text));
    }
}
