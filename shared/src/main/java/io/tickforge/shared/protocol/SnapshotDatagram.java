package io.tickforge.shared.protocol;

/**
 * One encoded snapshot packet (see the snapshot codec for the layout of {@code bytes}). On the
 * wire it travels as the payload of a sealed {@code SecureDatagram.KIND_SNAPSHOT} datagram; this
 * Kryo message stays registered (the id table is the wire contract) for tests and tools. The server reuses one instance and points it at its encode buffer before each
 * send, so the tick thread does not allocate. Decoding ({@link KryoSerialization#read}) yields one
 * reused instance (and buffer) per reading serialization, owned by the client's network thread:
 * copy {@code bytes[0..length)} before handing it to another thread.
 *
 * <p>Layout: {@code varint length (1..Protocol.MAX_SNAPSHOT_BYTES)}, then {@code length} bytes.
 */
public final class SnapshotDatagram {
    /**
     * Bytes the UDP datagram adds around the encoded packet: the sealed-datagram header and AEAD
     * tag ({@code SecureDatagram.OVERHEAD_BYTES} = 13 + 16). The snapshot codec's payload budget
     * is the packet budget minus this.
     */
    public static final int FRAMING_BYTES = io.tickforge.shared.transport.SecureDatagram.OVERHEAD_BYTES;
    /** Smallest packet budget: room for a snapshot header and a few entities. */
    public static final int MIN_BUDGET_BYTES = 128;
    /** Largest packet budget: the largest snapshot payload ({@code Protocol.MAX_SNAPSHOT_BYTES}) plus framing. */
    public static final int MAX_BUDGET_BYTES = Protocol.MAX_SNAPSHOT_BYTES + FRAMING_BYTES;

    public byte[] bytes;
    public int length;

    public SnapshotDatagram() {
        this(new byte[0], 0);
    }

    public SnapshotDatagram(byte[] bytes, int length) {
        this.bytes = bytes;
        this.length = length;
    }

    public SnapshotDatagram set(byte[] bytes, int length) {
        this.bytes = bytes;
        this.length = length;
        return this;
    }
}
