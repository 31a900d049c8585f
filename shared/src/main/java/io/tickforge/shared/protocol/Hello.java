package io.tickforge.shared.protocol;

/** Client to server over TCP, the first message after connecting. Immutable once sent; any thread. */
public final class Hello {
    public int protocolVersion;
    public String playerName;
    /** Null when the server needs no token. */
    public String joinToken;

    public Hello() {
    }

    public Hello(int protocolVersion, String playerName, String joinToken) {
        this.protocolVersion = protocolVersion;
        this.playerName = playerName;
        this.joinToken = joinToken;
    }
}
