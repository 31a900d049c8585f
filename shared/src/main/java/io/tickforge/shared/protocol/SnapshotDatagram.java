package io.tickforge.shared.protocol;

/**
 * Server to client over UDP: one encoded snapshot packet (see the snapshot codec for the layout of
 * {@code bytes}). The server reuses one instance and points it at its encode buffer before each
 * send, so the tick thread does not allocate; the client's decode yields a fresh or reused
 * instance owned by the client's network thread.
 */
public final class SnapshotDatagram {
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
