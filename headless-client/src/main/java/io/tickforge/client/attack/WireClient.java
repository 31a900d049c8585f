package io.tickforge.client.attack;

import io.tickforge.shared.protocol.Hello;
import io.tickforge.shared.protocol.Protocol;
import io.tickforge.shared.protocol.Welcome;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A raw, blocking TCP client speaking the server's framing from a chosen local address: enough to
 * join as a player (Hello, then Welcome), send keep-alives and drain what the server sends,
 * without KryoNet's client. Every byte read is counted into the tally ({@code received.tcpBytes})
 * and every decoded message by type. One thread.
 */
final class WireClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final WireFrames frames;
    private final AttackTally tally;
    private final byte[] body = new byte[WireFrames.MAX_FRAME_BYTES];
    private final byte[] keepAlive;
    private int kryoConnectionId = -1;

    WireClient(InetAddress source, InetAddress target, int tcpPort, int timeoutMs, WireFrames frames, AttackTally tally)
            throws IOException {
        this.frames = frames;
        this.tally = tally;
        final Socket s = new Socket();
        try {
            s.bind(new InetSocketAddress(source, 0));
            s.connect(new InetSocketAddress(target, tcpPort), timeoutMs);
            s.setSoTimeout(timeoutMs);
            s.setTcpNoDelay(true);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        socket = s;
        in = new DataInputStream(new CountingInput(s.getInputStream(), tally));
        out = s.getOutputStream();
        keepAlive = frames.keepAlive();
    }

    /** Sends a Hello; returns the Welcome, or null with the refusal counted (Rejected, Bye, close, timeout). */
    Welcome join(String name, String joinToken) throws IOException {
        send(new Hello(Protocol.VERSION, name, joinToken));
        while (true) {
            final Object m = read();
            if (m instanceof Welcome w) {
                return w;
            }
            if (m == null || !(m instanceof com.esotericsoftware.kryonet.FrameworkMessage)) {
                return null; // Rejected, Bye or something else: counted by read()
            }
        }
    }

    /** KryoNet's id for this connection (from its RegisterTCP), or -1 before it arrived. */
    int kryoConnectionId() {
        return kryoConnectionId;
    }

    void send(Object message) throws IOException {
        final byte[] f = frames.frame(message);
        out.write(f);
        out.flush();
        tally.add(AttackTally.SENT, "tcpBytes", f.length);
        tally.increment(AttackTally.SENT, "tcpFrames");
    }

    void sendKeepAlive() throws IOException {
        out.write(keepAlive);
        out.flush();
        tally.add(AttackTally.SENT, "tcpBytes", keepAlive.length);
    }

    /**
     * Reads one message (blocking up to the socket timeout). Returns null at end of stream or
     * timeout; a frame that does not decode is counted and ends the stream (null).
     */
    Object read() throws IOException {
        final int length;
        try {
            length = in.readInt();
        } catch (EOFException | SocketTimeoutException e) {
            tally.increment(AttackTally.CONNECTIONS, e instanceof EOFException ? "closedByServer" : "readTimeouts");
            return null;
        }
        if (length <= 0 || length > WireFrames.MAX_FRAME_BYTES) {
            tally.increment(AttackTally.MESSAGES, "badFrameFromServer");
            return null;
        }
        in.readFully(body, 0, length);
        try {
            final Object m = frames.decode(body, 0, length);
            tally.increment(AttackTally.MESSAGES, WireFrames.describe(m));
            if (m instanceof com.esotericsoftware.kryonet.FrameworkMessage.RegisterTCP r) {
                kryoConnectionId = r.connectionID;
            }
            return m;
        } catch (RuntimeException e) {
            tally.increment(AttackTally.MESSAGES, "undecodableFromServer");
            return null;
        }
    }

    /** Reads and counts whatever is already waiting, without blocking. False once the server closed. */
    boolean drain() {
        try {
            while (in.available() >= 4) {
                if (read() == null) {
                    return false;
                }
            }
            return !socket.isClosed();
        } catch (IOException e) {
            tally.error("drain", e);
            return false;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing: nothing to do
        }
    }

    /** Counts bytes as they are read. */
    private static final class CountingInput extends InputStream {
        private final InputStream in;
        private final AttackTally tally;

        CountingInput(InputStream in, AttackTally tally) {
            this.in = in;
            this.tally = tally;
        }

        @Override
        public int read() throws IOException {
            final int b = in.read();
            if (b >= 0) {
                tally.add(AttackTally.RECEIVED, "tcpBytes", 1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            final int n = in.read(b, off, len);
            if (n > 0) {
                tally.add(AttackTally.RECEIVED, "tcpBytes", n);
            }
            return n;
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }
    }
}
