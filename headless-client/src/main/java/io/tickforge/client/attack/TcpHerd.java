package io.tickforge.client.attack;

import io.tickforge.shared.protocol.Welcome;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Many non-blocking TCP connections from one local address, driven by one thread and one
 * selector: opens them at a paced rate up to a number held at once, sends each its opening bytes
 * (all at once, or trickled a byte at a time), reads and decodes whatever the server answers,
 * keeps joined connections alive, optionally streams chat lines through them, and closes its side
 * after a hold time. What the server does (refuse, reset, close, kick) is counted, never fatal.
 * Every connection is closed when the run ends.
 */
final class TcpHerd {
    private static final long KEEP_ALIVE_NS = TimeUnit.SECONDS.toNanos(4);
    private static final long TIMER_SCAN_NS = TimeUnit.MILLISECONDS.toNanos(5);
    /** Chat lines queued per connection at most; beyond this the line is not sent (and not counted). */
    private static final int MAX_BACKLOG_BYTES = 16 * 1024;

    private final AttackConfig config;
    private final AttackTally tally;
    private final WireFrames frames;
    private final InetSocketAddress target;
    private final InetSocketAddress source;
    private final int holdAtOnce;
    private final Pacer opens;
    private final IntFunction<byte[]> opening;
    private final boolean trickle;
    private final long holdNs;
    private final boolean stopWhenAllClosed;
    private final Pacer lines;
    private final Supplier<Object> line;
    private final byte[] keepAlive;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(WireFrames.MAX_FRAME_BYTES);
    private final ArrayList<Conn> open = new ArrayList<>();
    private int nextIndex;
    private int chatCursor;

    /**
     * @param holdAtOnce        connections open at once, at most
     * @param opens             paces connection opens (rate and total)
     * @param opening           bytes connection n sends once established (null or empty: silent)
     * @param trickle           send the opening bytes one byte per {@code trickleIntervalMs}, cycling
     * @param holdNs            our side closes a connection this long after it opened (Long.MAX_VALUE: never)
     * @param stopWhenAllClosed end the run early once the opens are used up and none is left open
     * @param lines             paces chat lines through joined connections (null: none)
     * @param line              the next chat message (with {@code lines})
     */
    TcpHerd(AttackConfig config, AttackTally tally, WireFrames frames, int holdAtOnce, Pacer opens,
            IntFunction<byte[]> opening, boolean trickle, long holdNs, boolean stopWhenAllClosed, Pacer lines,
            Supplier<Object> line) {
        this.config = config;
        this.tally = tally;
        this.frames = frames;
        this.target = new InetSocketAddress(config.target(), config.tcpPort());
        this.source = new InetSocketAddress(config.source(), 0);
        this.holdAtOnce = holdAtOnce;
        this.opens = opens;
        this.opening = opening;
        this.trickle = trickle;
        this.holdNs = holdNs;
        this.stopWhenAllClosed = stopWhenAllClosed;
        this.lines = lines;
        this.line = line;
        this.keepAlive = frames.keepAlive();
    }

    /** Runs until {@code endNs} (or, with stopWhenAllClosed, until nothing is left to do). */
    void run(long endNs) throws IOException {
        try (Selector selector = Selector.open()) {
            long nextScanNs = 0;
            while (!Thread.currentThread().isInterrupted()) {
                long now = System.nanoTime();
                if (now - endNs >= 0) {
                    break;
                }
                final long due = Math.min(opens.permits(now), holdAtOnce - open.size());
                for (long i = 0; i < due; i++) {
                    openOne(selector, now);
                }
                if (due > 0) {
                    opens.take(due);
                    tally.max(AttackTally.CONNECTIONS, "maxOpenAtOnce", open.size());
                }
                if (stopWhenAllClosed && opens.exhausted() && open.isEmpty()) {
                    break;
                }
                selector.select(1);
                now = System.nanoTime();
                final Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    final SelectionKey key = it.next();
                    it.remove();
                    handle(key, (Conn) key.attachment(), now);
                }
                if (now - nextScanNs >= 0) {
                    nextScanNs = now + TIMER_SCAN_NS;
                    timers(now);
                }
                if (lines != null) {
                    chat(now);
                }
            }
        } finally {
            tally.add(AttackTally.CONNECTIONS, "openAtEnd", open.size());
            for (Conn c : open) {
                closeQuietly(c);
            }
            open.clear();
        }
    }

    private void openOne(Selector selector, long now) {
        tally.increment(AttackTally.CONNECTIONS, "attempted");
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.bind(source);
            final Conn c = new Conn(ch, nextIndex++, now);
            final boolean connected = ch.connect(target);
            c.key = ch.register(selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, c);
            open.add(c);
            if (connected) {
                established(c, now);
            }
        } catch (IOException | RuntimeException e) {
            // Out of ports or descriptors, refused at once: counted, the run goes on.
            tally.error("open", e);
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
        }
    }

    private void handle(SelectionKey key, Conn c, long now) {
        if (c.closed) {
            return;
        }
        try {
            if (key.isConnectable()) {
                if (c.channel.finishConnect()) {
                    key.interestOps(SelectionKey.OP_READ);
                    established(c, now);
                }
                return;
            }
            if (key.isWritable()) {
                flush(c);
            }
            if (key.isReadable()) {
                read(c, now);
            }
        } catch (IOException e) {
            // Refused (the backlog was full), reset (the server closed a socket it refused), ...
            tally.error(c.established ? "io" : "connect", e);
            close(c, null);
        } catch (java.nio.channels.CancelledKeyException e) {
            close(c, null);
        }
    }

    private void established(Conn c, long now) throws IOException {
        c.established = true;
        tally.increment(AttackTally.CONNECTIONS, "established");
        final byte[] bytes = opening == null ? null : opening.apply(c.index);
        if (bytes == null || bytes.length == 0) {
            return;
        }
        if (trickle) {
            c.trickle = bytes;
            c.nextTrickleNs = now;
        } else {
            queue(c, bytes);
        }
    }

    private void queue(Conn c, byte[] bytes) throws IOException {
        if (c.out == null || !c.out.hasRemaining()) {
            c.out = ByteBuffer.wrap(bytes);
        } else {
            final ByteBuffer merged = ByteBuffer.allocate(c.out.remaining() + bytes.length);
            merged.put(c.out).put(bytes).flip();
            c.out = merged;
        }
        flush(c);
    }

    private void flush(Conn c) throws IOException {
        if (c.out == null) {
            return;
        }
        final int n = c.channel.write(c.out);
        if (n > 0) {
            tally.add(AttackTally.SENT, "tcpBytes", n);
        }
        if (c.out.hasRemaining()) {
            c.key.interestOps(c.key.interestOps() | SelectionKey.OP_WRITE);
        } else {
            c.out = null;
            if (c.key.isValid()) {
                c.key.interestOps(c.key.interestOps() & ~SelectionKey.OP_WRITE);
            }
        }
    }

    private void read(Conn c, long now) throws IOException {
        while (true) {
            readBuffer.clear();
            final int n = c.channel.read(readBuffer);
            if (n < 0) {
                close(c, "closedByServer");
                return;
            }
            if (n == 0) {
                return;
            }
            tally.add(AttackTally.RECEIVED, "tcpBytes", n);
            readBuffer.flip();
            if (!assemble(c, now)) {
                close(c, "closedByUsOnBadFrame");
                return;
            }
        }
    }

    /** Appends what was read to the connection's frame buffer and decodes every whole frame. */
    private boolean assemble(Conn c, long now) throws IOException {
        if (c.in == null) {
            c.in = ByteBuffer.allocate(Math.max(64, readBuffer.remaining()));
        }
        if (c.in.remaining() < readBuffer.remaining()) {
            final ByteBuffer bigger = ByteBuffer.allocate(Math.min(WireFrames.MAX_FRAME_BYTES + 4,
                    Math.max(c.in.capacity() * 2, c.in.position() + readBuffer.remaining())));
            if (bigger.capacity() < c.in.position() + readBuffer.remaining()) {
                tally.increment(AttackTally.MESSAGES, "badFrameFromServer");
                return false;
            }
            c.in.flip();
            bigger.put(c.in);
            c.in = bigger;
        }
        c.in.put(readBuffer);
        while (c.in.position() >= 4) {
            final int length = c.in.getInt(0);
            if (length <= 0 || length > WireFrames.MAX_FRAME_BYTES) {
                tally.increment(AttackTally.MESSAGES, "badFrameFromServer");
                return false;
            }
            if (c.in.position() < 4 + length) {
                break;
            }
            Object m;
            try {
                m = frames.decode(c.in.array(), 4, length);
            } catch (RuntimeException e) {
                tally.increment(AttackTally.MESSAGES, "undecodableFromServer");
                return false;
            }
            tally.increment(AttackTally.MESSAGES, WireFrames.describe(m));
            if (m instanceof Welcome) {
                c.joined = true;
                c.nextKeepAliveNs = now + KEEP_ALIVE_NS;
            }
            c.in.flip().position(4 + length);
            c.in.compact();
        }
        return true;
    }

    private void timers(long now) {
        for (int i = open.size() - 1; i >= 0; i--) {
            final Conn c = open.get(i);
            if (c.closed) {
                removeAt(i);
                continue;
            }
            try {
                if (holdNs != Long.MAX_VALUE && now - c.openedNs >= holdNs) {
                    close(c, "closedByUs");
                    removeAt(i);
                    continue;
                }
                if (c.trickle != null && now - c.nextTrickleNs >= 0 && c.out == null) {
                    queue(c, new byte[] {c.trickle[c.tricklePos]});
                    c.tricklePos = (c.tricklePos + 1) % c.trickle.length;
                    c.nextTrickleNs = now + TimeUnit.MILLISECONDS.toNanos(config.trickleIntervalMs());
                }
                if (c.joined && now - c.nextKeepAliveNs >= 0) {
                    queue(c, keepAlive);
                    c.nextKeepAliveNs = now + KEEP_ALIVE_NS;
                }
            } catch (IOException e) {
                tally.error("io", e);
                close(c, null);
                removeAt(i);
            }
        }
    }

    private void chat(long now) {
        long due = Math.min(lines.permits(now), 1000);
        int joined = 0;
        for (Conn c : open) {
            if (c.joined && !c.closed) {
                joined++;
            }
        }
        if (joined == 0) {
            return;
        }
        long sent = 0;
        for (int tries = 0; sent < due && tries < due + open.size(); tries++) {
            chatCursor = (chatCursor + 1) % open.size();
            final Conn c = open.get(chatCursor);
            if (!c.joined || c.closed || (c.out != null && c.out.remaining() > MAX_BACKLOG_BYTES)) {
                continue;
            }
            try {
                queue(c, frames.frame(line.get()));
                sent++;
            } catch (IOException e) {
                tally.error("io", e);
                close(c, null);
            }
        }
        lines.take(sent);
        tally.add(AttackTally.SENT, "chatLines", sent);
    }

    private void removeAt(int i) {
        final int last = open.size() - 1;
        open.set(i, open.get(last));
        open.remove(last);
    }

    private void close(Conn c, String countAs) {
        if (c.closed) {
            return;
        }
        if (countAs != null) {
            tally.increment(AttackTally.CONNECTIONS, countAs);
        }
        closeQuietly(c);
    }

    private static void closeQuietly(Conn c) {
        c.closed = true;
        if (c.key != null) {
            c.key.cancel();
        }
        try {
            c.channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** One connection's state; herd thread only. */
    private static final class Conn {
        final SocketChannel channel;
        final int index;
        final long openedNs;
        SelectionKey key;
        boolean established;
        boolean joined;
        boolean closed;
        ByteBuffer out;
        ByteBuffer in;
        byte[] trickle;
        int tricklePos;
        long nextTrickleNs;
        long nextKeepAliveNs;

        Conn(SocketChannel channel, int index, long openedNs) {
            this.channel = channel;
            this.index = index;
            this.openedNs = openedNs;
        }
    }
}
