package io.tickforge.server.session;

import java.util.concurrent.atomic.LongAdder;

/**
 * One session's UDP traffic, counted by the network's UDP transport for the session's peers (the
 * datagram sockets are shared by every session of the process, so only the transport knows whose
 * datagram it handles). Totals since the session started, in bytes of whole sealed datagrams
 * (header, payload and tag; no IP or UDP header):
 * <ul>
 *   <li>received ({@link #udpBytesIn()}): every datagram whose tag verified under the key of one of
 *       the session's peers, counted right after the tag check, whatever became of it afterwards
 *       (an input, a bind or keepalive, or dropped for the flood limit, the rebind limit, a
 *       malformed payload or a full input queue). Datagrams that fail before the tag check (garbage,
 *       oversized, unknown udpId, replayed, bad tag) belong to no session: only the process-wide
 *       counters see them;</li>
 *   <li>sent ({@link #udpBytesOut()}): every snapshot datagram the socket accepted for one of the
 *       session's peers (a failed or refused send is not counted).</li>
 * </ul>
 * TCP (handshake, Bye, reliable messages) is not counted here.
 *
 * <p>Written by the UDP receive thread(s) and by every thread that sends the session's snapshots
 * (its tick thread and replication workers) at once: {@link LongAdder}s, no lock, no allocation
 * once the adders' cells exist. Read by any thread (status line, stats, admin endpoint).
 */
public final class SessionTraffic {
    private final LongAdder udpBytesIn = new LongAdder();
    private final LongAdder udpBytesOut = new LongAdder();

    /** One authentic datagram of {@code bytes} received for the session. Any thread. */
    public void udpReceived(int bytes) {
        udpBytesIn.add(bytes);
    }

    /** One sealed datagram of {@code bytes} sent to one of the session's peers. Any thread. */
    public void udpSent(int bytes) {
        udpBytesOut.add(bytes);
    }

    /** UDP bytes received for the session so far (see the class comment for what counts). */
    public long udpBytesIn() {
        return udpBytesIn.sum();
    }

    /** UDP bytes sent to the session's peers so far. */
    public long udpBytesOut() {
        return udpBytesOut.sum();
    }
}
