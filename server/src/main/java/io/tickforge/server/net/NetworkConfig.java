package io.tickforge.server.net;

import java.util.Objects;

/**
 * Ports, buffer sizes and limits of the network layer. Immutable once built, so any thread may
 * read it. Build with {@link #builder()}; every limit has a default and is validated in
 * {@link Builder#build()}. Units are in the names (ms, bytes, chars, per second).
 */
public final class NetworkConfig {
    public final String bindAddress;
    /** 0 = ephemeral; {@link ServerNetwork#tcpPort()} gives the bound port. */
    public final int tcpPort;
    /** 0 = ephemeral; {@link ServerNetwork#udpPort()} gives the bound port. */
    public final int udpPort;
    /** No {@code Hello} within this time after accept: {@code Bye(HANDSHAKE_TIMEOUT)} and close. */
    public final int handshakeTimeoutMs;
    /** Per-connection TCP write buffer; a client that lets it fill is closed by KryoNet. */
    public final int writeBufferBytes;
    /**
     * KryoNet object buffer: the largest TCP frame we accept, and the size of the one shared UDP
     * receive buffer (a datagram that fills it was truncated by the JDK and is dropped as oversized).
     */
    public final int objectBufferBytes;
    /** Largest UDP datagram accepted from a client; larger ones are dropped as oversized. */
    public final int maxInputDatagramBytes;
    public final int maxNameChars;
    /** Characters allowed in names besides ASCII letters and digits. */
    public final String extraNameChars;
    /** Null = no token needed. Compared in constant time. */
    public final String joinToken;
    public final int maxChatChars;
    public final double chatPerSecond;
    public final int chatBurst;
    /** Net chat drops (drops minus accepted lines, floored at 0) that earn {@code Bye(FLOODING)}. */
    public final int chatFloodStrikes;
    /** Any TCP messages (control, pings, keep-alives) per second per connection, and the burst above it. */
    public final double tcpMessagesPerSecond;
    public final int tcpMessageBurst;
    /** KryoNet TCP keep-alive interval and read timeout for joined connections. */
    public final int keepAliveMs;
    public final int idleTimeoutMs;
    /**
     * How long a connection we are closing stays open after its {@code Bye}: its bytes are flushed and
     * whatever it still sends is read and discarded, so the close is a FIN, not an RST that could
     * destroy the {@code Bye} before the peer reads it.
     */
    public final int closeLingerMs;
    /** How often the update thread checks handshake deadlines and lingering closes. */
    public final int housekeepingIntervalMs;
    /** Most connections (joined or not) at once; extra sockets are closed on accept. */
    public final int maxConnections;
    /** Interval of the one-line drop summary in the log (0 = never). */
    public final int dropSummaryIntervalMs;
    /** Least time between two moves of one connection's UDP address (NAT rebinding), ms. */
    public final int udpRebindIntervalMs;
    /** Connections one remote address may hold at once (accepted sockets, joined or not). */
    public final int maxConnectionsPerIp;
    /** Connections that have not had a Hello handled yet, from all addresses together (oldest evicted beyond). */
    public final int maxPreAuthConnections;
    /** Connections one address may have waiting for their Hello at once. */
    public final int maxPreAuthPerIp;
    /** Handshake attempts (Hellos, so token guesses and joins too) one address may make per second... */
    public final double handshakesPerIpPerSecond;
    /** ... with this burst. */
    public final int handshakeBurstPerIp;
    /** Authentic datagrams one player may send per second (the excess is dropped; far over it, kicked). */
    public final double udpDatagramsPerSecond;
    /** Chat lines relayed per second by the whole server (each goes to every player): bounds the fan-out. */
    public final double chatRelayPerSecond;
    /**
     * How long a connection's bound UDP address must have sent nothing authentic before a new
     * address may take over, ms (NAT rebinding ends the old mapping; a racing replay does not).
     */
    public final int udpRebindSilenceMs;
    /**
     * After the UDP receive thread has handled a batch of datagrams, it waits this long (µs) before
     * the next one, so datagrams arriving meanwhile are read in one wake-up instead of one each (0 =
     * wake for every datagram). Inputs are applied at tick boundaries, so a wait well below the tick
     * interval delays few of them by a tick; it trades that for fewer wake-ups on the tick's core.
     */
    public final int udpBatchMicros;
    /**
     * How long a joined player's slot is held after its connection drops (reset, timeout) for a
     * reconnect with the secret from its Welcome, ms; 0 = no holding, the player leaves at once.
     */
    public final int reconnectGraceMs;

    /** Defaults for everything but the address and ports. */
    public NetworkConfig(String bindAddress, int tcpPort, int udpPort) {
        this(builder().bindAddress(bindAddress).tcpPort(tcpPort).udpPort(udpPort));
    }

    private NetworkConfig(Builder b) {
        this.bindAddress = Objects.requireNonNull(b.bindAddress, "bindAddress");
        this.tcpPort = checkPort(b.tcpPort, "tcpPort");
        this.udpPort = checkPort(b.udpPort, "udpPort");
        this.handshakeTimeoutMs = checkRange(b.handshakeTimeoutMs, 50, 600_000, "handshakeTimeoutMs");
        this.writeBufferBytes = checkRange(b.writeBufferBytes, 4096, 64 << 20, "writeBufferBytes");
        this.objectBufferBytes = checkRange(b.objectBufferBytes, 1024, 1 << 20, "objectBufferBytes");
        this.maxInputDatagramBytes = checkRange(b.maxInputDatagramBytes, 64, b.objectBufferBytes - 1, "maxInputDatagramBytes");
        if (b.writeBufferBytes < b.objectBufferBytes) {
            throw new IllegalArgumentException("writeBufferBytes " + b.writeBufferBytes + " < objectBufferBytes " + b.objectBufferBytes);
        }
        this.maxNameChars = checkRange(b.maxNameChars, 1, 24, "maxNameChars");
        this.extraNameChars = Objects.requireNonNull(b.extraNameChars, "extraNameChars");
        for (int i = 0; i < extraNameChars.length(); i++) {
            char c = extraNameChars.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("extraNameChars must be printable ASCII, got U+" + Integer.toHexString(c));
            }
        }
        if (b.joinToken != null && (b.joinToken.isEmpty() || b.joinToken.length() > 128)) {
            throw new IllegalArgumentException("joinToken must be 1..128 chars when set");
        }
        this.joinToken = b.joinToken;
        this.maxChatChars = checkRange(b.maxChatChars, 1, 500, "maxChatChars");
        if (!(b.chatPerSecond > 0 && b.chatPerSecond <= 1000)) {
            throw new IllegalArgumentException("chatPerSecond " + b.chatPerSecond + " outside (0, 1000]");
        }
        this.chatPerSecond = b.chatPerSecond;
        this.chatBurst = checkRange(b.chatBurst, 1, 1000, "chatBurst");
        this.chatFloodStrikes = checkRange(b.chatFloodStrikes, 1, 1_000_000, "chatFloodStrikes");
        if (!(b.tcpMessagesPerSecond >= 1 && b.tcpMessagesPerSecond <= 1_000_000)) {
            throw new IllegalArgumentException("tcpMessagesPerSecond " + b.tcpMessagesPerSecond + " outside [1, 1e6]");
        }
        this.tcpMessagesPerSecond = b.tcpMessagesPerSecond;
        this.tcpMessageBurst = checkRange(b.tcpMessageBurst, 1, 1_000_000, "tcpMessageBurst");
        this.keepAliveMs = checkRange(b.keepAliveMs, 100, 600_000, "keepAliveMs");
        this.idleTimeoutMs = checkRange(b.idleTimeoutMs, b.keepAliveMs + 1, 3_600_000, "idleTimeoutMs");
        this.closeLingerMs = checkRange(b.closeLingerMs, 0, 10_000, "closeLingerMs");
        this.housekeepingIntervalMs = checkRange(b.housekeepingIntervalMs, 5, 1000, "housekeepingIntervalMs");
        this.maxConnections = checkRange(b.maxConnections, 1, 100_000, "maxConnections");
        this.dropSummaryIntervalMs = checkRange(b.dropSummaryIntervalMs, 0, 3_600_000, "dropSummaryIntervalMs");
        this.udpRebindIntervalMs = checkRange(b.udpRebindIntervalMs, 0, 600_000, "udpRebindIntervalMs");
        this.maxConnectionsPerIp = checkRange(b.maxConnectionsPerIp, 1, 100_000, "maxConnectionsPerIp");
        this.maxPreAuthConnections = checkRange(b.maxPreAuthConnections, 1, 100_000, "maxPreAuthConnections");
        this.maxPreAuthPerIp = checkRange(b.maxPreAuthPerIp, 1, 100_000, "maxPreAuthPerIp");
        if (!(b.handshakesPerIpPerSecond > 0 && b.handshakesPerIpPerSecond <= 1_000_000)) {
            throw new IllegalArgumentException("handshakesPerIpPerSecond " + b.handshakesPerIpPerSecond + " outside (0, 1e6]");
        }
        this.handshakesPerIpPerSecond = b.handshakesPerIpPerSecond;
        this.handshakeBurstPerIp = checkRange(b.handshakeBurstPerIp, 1, 1_000_000, "handshakeBurstPerIp");
        if (!(b.chatRelayPerSecond >= 1 && b.chatRelayPerSecond <= 100_000)) {
            throw new IllegalArgumentException("chatRelayPerSecond " + b.chatRelayPerSecond + " outside [1, 1e5]");
        }
        this.chatRelayPerSecond = b.chatRelayPerSecond;
        if (!(b.udpDatagramsPerSecond >= 1 && b.udpDatagramsPerSecond <= 1_000_000)) {
            throw new IllegalArgumentException("udpDatagramsPerSecond " + b.udpDatagramsPerSecond + " outside [1, 1e6]");
        }
        this.udpDatagramsPerSecond = b.udpDatagramsPerSecond;
        this.udpRebindSilenceMs = checkRange(b.udpRebindSilenceMs, 0, 600_000, "udpRebindSilenceMs");
        this.udpBatchMicros = checkRange(b.udpBatchMicros, 0, 10_000, "udpBatchMicros");
        this.reconnectGraceMs = checkRange(b.reconnectGraceMs, 0, 3_600_000, "reconnectGraceMs");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** True when {@code name} is 1..maxNameChars of ASCII letters, digits and {@link #extraNameChars}, not blank-edged. */
    public boolean isValidName(String name) {
        if (name == null || name.isEmpty() || name.length() > maxNameChars) {
            return false;
        }
        if (name.charAt(0) == ' ' || name.charAt(name.length() - 1) == ' ') {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || extraNameChars.indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static int checkPort(int port, String name) {
        return checkRange(port, 0, 65535, name);
    }

    private static int checkRange(int value, int min, int max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " " + value + " outside " + min + ".." + max);
        }
        return value;
    }

    /** Mutable builder with the defaults; not thread-safe. */
    public static final class Builder {
        private String bindAddress = "0.0.0.0";
        private int tcpPort = 7777;
        private int udpPort = 7778;
        private int handshakeTimeoutMs = 5000;
        // TCP carries control messages only (snapshots are sealed UDP datagrams), so KryoNet's
        // per-connection buffers, allocated at accept before a byte is read, stay small.
        private int writeBufferBytes = 8 * 1024;
        private int objectBufferBytes = 2048;
        private int maxInputDatagramBytes = 256;
        private int maxNameChars = 24;
        private String extraNameChars = "_-. ";
        private String joinToken;
        private int maxChatChars = 200;
        private double chatPerSecond = 5.0;
        private int chatBurst = 3;
        private int chatFloodStrikes = 20;
        private double tcpMessagesPerSecond = 100;
        private int tcpMessageBurst = 200;
        private int keepAliveMs = 8000;
        private int idleTimeoutMs = 12000;
        private int closeLingerMs = 250;
        private int housekeepingIntervalMs = 50;
        private int maxConnections = 1100;
        private int dropSummaryIntervalMs = 10_000;
        private int udpRebindIntervalMs = 1000;
        private int maxConnectionsPerIp = 64;
        private int maxPreAuthConnections = 256;
        private int maxPreAuthPerIp = 8;
        private double handshakesPerIpPerSecond = 20;
        private int handshakeBurstPerIp = 64;
        private double chatRelayPerSecond = 20;
        // A client sends one input datagram per tick (a few at 240 Hz or with copies): 600/s is far above.
        private double udpDatagramsPerSecond = 600;
        private int udpRebindSilenceMs = 300;
        private int udpBatchMicros = 1000;
        private int reconnectGraceMs = 10_000;

        public Builder bindAddress(String v) { bindAddress = v; return this; }
        public Builder tcpPort(int v) { tcpPort = v; return this; }
        public Builder udpPort(int v) { udpPort = v; return this; }
        public Builder handshakeTimeoutMs(int v) { handshakeTimeoutMs = v; return this; }
        public Builder writeBufferBytes(int v) { writeBufferBytes = v; return this; }
        public Builder objectBufferBytes(int v) { objectBufferBytes = v; return this; }
        public Builder maxInputDatagramBytes(int v) { maxInputDatagramBytes = v; return this; }
        public Builder maxNameChars(int v) { maxNameChars = v; return this; }
        public Builder extraNameChars(String v) { extraNameChars = v; return this; }
        public Builder joinToken(String v) { joinToken = v; return this; }
        public Builder maxChatChars(int v) { maxChatChars = v; return this; }
        public Builder chatPerSecond(double v) { chatPerSecond = v; return this; }
        public Builder chatBurst(int v) { chatBurst = v; return this; }
        public Builder chatFloodStrikes(int v) { chatFloodStrikes = v; return this; }
        public Builder tcpMessagesPerSecond(double v) { tcpMessagesPerSecond = v; return this; }
        public Builder tcpMessageBurst(int v) { tcpMessageBurst = v; return this; }
        public Builder keepAliveMs(int v) { keepAliveMs = v; return this; }
        public Builder idleTimeoutMs(int v) { idleTimeoutMs = v; return this; }
        public Builder closeLingerMs(int v) { closeLingerMs = v; return this; }
        public Builder housekeepingIntervalMs(int v) { housekeepingIntervalMs = v; return this; }
        public Builder maxConnections(int v) { maxConnections = v; return this; }
        public Builder dropSummaryIntervalMs(int v) { dropSummaryIntervalMs = v; return this; }
        public Builder udpRebindIntervalMs(int v) { udpRebindIntervalMs = v; return this; }
        public Builder maxConnectionsPerIp(int v) { maxConnectionsPerIp = v; return this; }
        public Builder maxPreAuthConnections(int v) { maxPreAuthConnections = v; return this; }
        public Builder maxPreAuthPerIp(int v) { maxPreAuthPerIp = v; return this; }
        public Builder handshakesPerIpPerSecond(double v) { handshakesPerIpPerSecond = v; return this; }
        public Builder handshakeBurstPerIp(int v) { handshakeBurstPerIp = v; return this; }
        public Builder chatRelayPerSecond(double v) { chatRelayPerSecond = v; return this; }
        public Builder udpDatagramsPerSecond(double v) { udpDatagramsPerSecond = v; return this; }
        public Builder udpRebindSilenceMs(int v) { udpRebindSilenceMs = v; return this; }
        public Builder udpBatchMicros(int v) { udpBatchMicros = v; return this; }
        public Builder reconnectGraceMs(int v) { reconnectGraceMs = v; return this; }

        public NetworkConfig build() {
            return new NetworkConfig(this);
        }
    }
}
