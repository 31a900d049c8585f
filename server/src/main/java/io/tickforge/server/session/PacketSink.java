package io.tickforge.server.session;

/**
 * Where {@link Replication#writePackets} hands each client's finished snapshot packet. Called from
 * the tick thread or from a replication worker, at most once per client per tick and never for the
 * same client from two threads at once; implementations must be safe to call for different
 * clients from different threads. The packet buffer is only valid during the call.
 */
public interface PacketSink {
    /** The last input tick the server applied for this client (-1: none yet), read while writing its packet. */
    long lastAppliedInputTick(int slot);

    /** One client's encoded packet, {@code length} bytes of {@code packet} from index 0. */
    void send(int slot, byte[] packet, int length);

    /** Writing this client's packet failed (a bug, never a network condition); the other clients go on. */
    void failed(int slot, RuntimeException error);
}
