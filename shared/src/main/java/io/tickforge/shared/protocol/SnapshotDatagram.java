package io.tickforge.shared.protocol;

/**
 * Server to client over UDP: one encoded snapshot packet (see the snapshot codec for the layout of
 * {@code bytes}). The server reuses one instance and points it at its encode buffer before each
 * send, so the tick thread does not allocate. Decoding ({@link KryoSerialization#read}) yields one
 * reused instance (and buffer) per reading serialization, owned by the client's network thread:
 * copy {@code bytes[0..length)} before handing it to another thread.
 *
 * <p>Layout: {@code varint length (1..Protocol.MAX_SNAPSHOT_BYTES)}, then {@code length} bytes.
 */
public final class SnapshotDatagram {
    /**
     * Bytes the datagram adds around the encoded packet: Kryo class id (1 byte, ids below 126)
     * plus the payload length as a positive varint (2 bytes for 128..16383). The snapshot codec's
     * payload budget is the packet budget minus this.
     */
    public static final int FRAMING_BYTES = 3;
    /** Smallest packet budget: room for a snapshot header and a few entities. */
    public static final int MIN_BUDGET_BYTES = 128;
    /**
     * Largest packet budget: {@link #FRAMING_BYTES} counts a 2-byte length varint, which holds
     * payloads up to 16383 bytes; a larger payload would add a framing byte and overshoot.
     */
    public static final int MAX_BUDGET_BYTES = 16_383 + FRAMING_BYTES;

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
