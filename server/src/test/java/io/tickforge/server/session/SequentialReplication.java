package io.tickforge.server.session;

/**
 * Base of the tests' fake replications: keeps the set of clients added and not removed, and
 * writes their packets one after the other on the calling thread through {@link #writePacket},
 * reporting a failure of one client to the sink as the real replication does. Its counters count
 * each packet written as two changed entities, one coding shared and one computed, nothing deferred.
 */
public abstract class SequentialReplication implements Replication {
    private final boolean[] active = new boolean[1024];
    private final byte[] packet = new byte[1200];
    private long packets;

    @Override
    public void addClient(int slot) {
        active[slot] = true;
    }

    @Override
    public void removeClient(int slot) {
        active[slot] = false;
    }

    @Override
    public void writePackets(PacketSink sink) {
        for (int s = 0; s < active.length; s++) {
            if (active[s]) {
                try {
                    final int length = writePacket(s, sink.lastAppliedInputTick(s), packet);
                    packets++;
                    sink.send(s, packet, length);
                } catch (RuntimeException e) {
                    sink.failed(s, e);
                }
            }
        }
    }

    @Override
    public void readCounters(ReplicationCounters into) {
        into.known = true;
        into.packets = packets;
        into.codedChanges = 2 * packets;
        into.sharedCodings = packets;
        into.codings = packets;
        into.deferredPackets = 0;
        into.arenaGrowths = 3;
        into.allocatingArenaGrowths = 1;
    }
}
