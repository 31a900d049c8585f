package io.tickforge.shared.protocol;

/** Client to server over TCP, the first message after connecting. Immutable once sent; any thread. */
public final class Hello {
    public int protocolVersion;
    public String playerName;
    /** The static LAN token ({@code --join-token}); null when the server needs none. */
    public String joinToken;
    /**
     * A sealed connect token minted by a backend (io.tickforge.shared.token, docs/SECURITY.md);
     * null unless the server runs in signed-token mode. Opaque to the client.
     */
    public byte[] connectToken;

    public Hello() {
    }

    public Hello(int protocolVersion, String playerName, String joinToken) {
        this.protocolVersion = protocolVersion;
        this.playerName = playerName;
        this.joinToken = joinToken;
    }

    public Hello(int protocolVersion, String playerName, String joinToken, byte[] connectToken) {
        this(protocolVersion, playerName, joinToken);
        this.connectToken = connectToken;
    }
}
