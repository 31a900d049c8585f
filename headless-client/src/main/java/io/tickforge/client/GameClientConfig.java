package io.tickforge.client;

import io.tickforge.shared.netsim.NetworkConditions;
import io.tickforge.shared.protocol.InputPacket;

/**
 * Settings of one {@link GameClient}. Immutable; any thread. Build with {@link #builder}.
 * Milliseconds, bytes and counts as named.
 */
public final class GameClientConfig {
    public final String host;
    public final int tcpPort;
    public final int udpPort;
    public final String playerName;
    public final String joinToken;
    /** Sealed connect token for signed-token servers (from a backend's client token); null = none. */
    public final byte[] connectToken;
    /**
     * The connect token's datagram keys (client to server, server to client; the token's own 32-byte
     * keys, from which both sides derive the datagram keys); null when unknown.
     */
    public final byte[] tokenClientToServerKey;
    public final byte[] tokenServerToClientKey;
    /** Simulated conditions client to server; null = none (the real network only). */
    public final NetworkConditions uplink;
    /** Simulated conditions server to client; null = none. */
    public final NetworkConditions downlink;
    public final long seed;
    /** Inputs per packet (the newest and the ones before it), 1..InputPacket.MAX_INPUTS. */
    public final int redundancy;
    public final int pingIntervalMs;
    public final int connectTimeoutMs;
    /**
     * On losing the TCP connection while joined (no kick, no shutdown), reconnect with the secret
     * from Welcome within the server's grace, keeping the player id. Default true.
     */
    public final boolean reconnect;
    /**
     * Joined, with reconnection possible, and no snapshot for this long (ms; 0 = never): treat the
     * connection as dead (a NAT change can leave TCP looking open) and reconnect. Default 5000.
     */
    public final int snapshotSilenceMs;
    /** Snapshot packets the decoder keeps; must be at least the server's replication history. */
    public final int decoderHistory;
    public final int interpolationFrames;
    public final int interpolationEntities;
    public final int writeBufferBytes;
    public final int objectBufferBytes;
    /**
     * The entity and input schemas this client was built for (the arena's by default): their
     * hashes go in the Hello, and a Welcome naming others closes the connection with both hashes.
     */
    public final io.tickforge.shared.schema.EntitySchema entitySchema;
    public final io.tickforge.shared.schema.InputSchema inputSchema;
    /**
     * The own player's movement for prediction, made per join (tick rate, compiled schemas): it
     * must be the game's own movement (the server's code), or every prediction is corrected.
     * Default: {@link io.tickforge.client.predict.ArenaPlayerMovement} when the entity schema is the
     * arena's; for any other game {@link #HOLD_STILL} (no prediction: the own player is where the
     * server last put it) until the game's movement is given.
     */
    public final io.tickforge.client.predict.PlayerMovement.Factory movement;
    /** The game named in the Hello; null (default): the server's own game. */
    public final String game;
    /**
     * The session to join ({@code Hello.sessionId}): {@link io.tickforge.shared.protocol.Hello#ANY_SESSION}
     * (default) for any open session of the game, else a session id from an earlier {@code Welcome}.
     * A reconnect always names the session the client was in.
     */
    public final int sessionId;

    /** No prediction: the own player stays where the server last put it (the default for a game that names no movement). */
    public static final io.tickforge.client.predict.PlayerMovement.Factory HOLD_STILL =
            io.tickforge.client.predict.PlayerMovement.HOLD_STILL;

    private GameClientConfig(Builder b) {
        this.host = b.host;
        this.tcpPort = b.tcpPort;
        this.udpPort = b.udpPort;
        this.playerName = b.playerName;
        this.joinToken = b.joinToken;
        this.connectToken = b.connectToken == null ? null : b.connectToken.clone();
        this.tokenClientToServerKey = b.tokenClientToServerKey == null ? null : b.tokenClientToServerKey.clone();
        this.tokenServerToClientKey = b.tokenServerToClientKey == null ? null : b.tokenServerToClientKey.clone();
        this.uplink = b.uplink;
        this.downlink = b.downlink;
        this.seed = b.seed;
        this.redundancy = b.redundancy;
        this.pingIntervalMs = b.pingIntervalMs;
        this.connectTimeoutMs = b.connectTimeoutMs;
        this.reconnect = b.reconnect;
        this.snapshotSilenceMs = b.snapshotSilenceMs;
        this.decoderHistory = b.decoderHistory;
        this.interpolationFrames = b.interpolationFrames;
        this.interpolationEntities = b.interpolationEntities;
        this.writeBufferBytes = b.writeBufferBytes;
        this.objectBufferBytes = b.objectBufferBytes;
        this.entitySchema = b.entitySchema;
        this.inputSchema = b.inputSchema;
        this.game = b.game;
        this.sessionId = b.sessionId;
        this.movement = b.movement != null ? b.movement
                : b.entitySchema.equals(io.tickforge.shared.game.ArenaSchemas.ENTITY)
                ? io.tickforge.client.predict.ArenaPlayerMovement.FACTORY
                : HOLD_STILL;
    }

    public static Builder builder(String host, int tcpPort, int udpPort) {
        return new Builder(host, tcpPort, udpPort);
    }

    public boolean simulated() {
        return uplink != null || downlink != null;
    }

    /** Mutable builder; validates in {@link #build}. */
    public static final class Builder {
        private final String host;
        private final int tcpPort;
        private final int udpPort;
        private String playerName = "player";
        private String joinToken;
        private byte[] connectToken;
        private byte[] tokenClientToServerKey;
        private byte[] tokenServerToClientKey;
        private NetworkConditions uplink;
        private NetworkConditions downlink;
        private long seed = 1;
        private int redundancy = 4;
        private int pingIntervalMs = 500;
        private int connectTimeoutMs = 5000;
        private boolean reconnect = true;
        private int snapshotSilenceMs = 5000;
        private int decoderHistory = io.tickforge.shared.snapshot.SnapshotDecoder.DEFAULT_HISTORY_LENGTH;
        private int interpolationFrames = 8;
        private int interpolationEntities = 512;
        private int writeBufferBytes = 16 * 1024;
        // Largest snapshot payload (16383) + framing, so no legal datagram can overflow the buffer.
        private int objectBufferBytes = 16 * 1024 + 64;
        private io.tickforge.shared.schema.EntitySchema entitySchema = io.tickforge.shared.game.ArenaSchemas.ENTITY;
        private String game;
        private int sessionId = io.tickforge.shared.protocol.Hello.ANY_SESSION;
        private io.tickforge.shared.schema.InputSchema inputSchema = io.tickforge.shared.game.ArenaSchemas.INPUT;
        /** Null until set: then the arena's for the arena's schema, else {@link #HOLD_STILL}. */
        private io.tickforge.client.predict.PlayerMovement.Factory movement;

        private Builder(String host, int tcpPort, int udpPort) {
            this.host = host;
            this.tcpPort = tcpPort;
            this.udpPort = udpPort;
        }

        public Builder playerName(String v) {
            playerName = v;
            return this;
        }

        public Builder joinToken(String v) {
            joinToken = v;
            return this;
        }

        /**
         * Only the sealed part of a {@link io.tickforge.shared.token.ClientToken}: enough to be told
         * why a server refuses it, but a server that accepts it sends no datagram keys, so the
         * client closes (use {@link #connectToken(io.tickforge.shared.token.ClientToken)}).
         */
        public Builder connectToken(byte[] sealed) {
            connectToken = sealed;
            tokenClientToServerKey = null;
            tokenServerToClientKey = null;
            return this;
        }

        /** A backend's client token: its sealed part goes in Hello, its keys seal the datagrams. */
        public Builder connectToken(io.tickforge.shared.token.ClientToken token) {
            connectToken = token == null ? null : token.sealed();
            tokenClientToServerKey = token == null ? null : token.clientToServerKey();
            tokenServerToClientKey = token == null ? null : token.serverToClientKey();
            return this;
        }

        /** The same simulated conditions in both directions (null for none). */
        public Builder network(NetworkConditions bothWays) {
            uplink = bothWays;
            downlink = bothWays;
            return this;
        }

        public Builder network(NetworkConditions up, NetworkConditions down) {
            uplink = up;
            downlink = down;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder redundancy(int v) {
            redundancy = v;
            return this;
        }

        public Builder pingIntervalMs(int v) {
            pingIntervalMs = v;
            return this;
        }

        public Builder snapshotSilenceMs(int v) {
            snapshotSilenceMs = v;
            return this;
        }

        public Builder reconnect(boolean v) {
            reconnect = v;
            return this;
        }

        public Builder connectTimeoutMs(int v) {
            connectTimeoutMs = v;
            return this;
        }

        public Builder decoderHistory(int v) {
            decoderHistory = v;
            return this;
        }

        public Builder interpolation(int frames, int entitiesPerFrame) {
            interpolationFrames = frames;
            interpolationEntities = entitiesPerFrame;
            return this;
        }

        /**
         * Which game and session to join: {@code game} null for the server's own,
         * {@code sessionId} {@link io.tickforge.shared.protocol.Hello#ANY_SESSION} (0) for any open one.
         */
        public Builder session(String game, int sessionId) {
            if (sessionId < 0) {
                throw new IllegalArgumentException("sessionId must be >= 0 (0: any): " + sessionId);
            }
            this.game = game;
            this.sessionId = sessionId;
            return this;
        }

        /** The schemas of the game this client plays (default: the arena's). */
        public Builder schemas(io.tickforge.shared.schema.EntitySchema entity, io.tickforge.shared.schema.InputSchema input) {
            this.entitySchema = java.util.Objects.requireNonNull(entity, "entity");
            this.inputSchema = java.util.Objects.requireNonNull(input, "input");
            return this;
        }

        /** The game's movement for the own player's prediction (default: see {@link GameClientConfig#movement}). */
        public Builder movement(io.tickforge.client.predict.PlayerMovement.Factory factory) {
            this.movement = java.util.Objects.requireNonNull(factory, "movement");
            return this;
        }

        public GameClientConfig build() {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must be set");
            }
            if (tcpPort < 1 || tcpPort > 65535 || udpPort < 1 || udpPort > 65535) {
                throw new IllegalArgumentException("ports must be 1..65535: " + tcpPort + "/" + udpPort);
            }
            if (redundancy < 1 || redundancy > InputPacket.MAX_INPUTS) {
                throw new IllegalArgumentException("redundancy must be 1.."
                        + InputPacket.MAX_INPUTS + ": " + redundancy);
            }
            if (snapshotSilenceMs < 0) {
                throw new IllegalArgumentException("snapshotSilenceMs must be >= 0");
            }
            if (pingIntervalMs < 10 || connectTimeoutMs < 100 || decoderHistory < 2 || interpolationFrames < 2
                    || interpolationEntities < 1) {
                throw new IllegalArgumentException("ping interval, timeout, history or interpolation out of range");
            }
            return new GameClientConfig(this);
        }
    }
}
