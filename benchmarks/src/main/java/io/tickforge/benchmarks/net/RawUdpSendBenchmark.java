package io.tickforge.benchmarks.net;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor under the server's per-client-tick cost (microseconds per batch): a plain
 * {@link DatagramChannel} sending {@code datagrams} datagrams of {@code sizeBytes} bytes each on
 * loopback, what the operating system charges for the snapshot sends of one tick with one
 * datagram per client and nothing else (no game, no replication, no serialization, no KryoNet).
 * Score / {@code datagrams} is the cost of one datagram; issue 13 asks for the server's whole
 * cost per client-tick (a {@code TickBenchmark} tick / players, or the server's measured
 * {@code cpuMicrosPerClientTick} end to end) as a ratio to that figure. Sizes: 200 B is a typical
 * steady-state delta of a client seeing a few dozen entities, 1200 B the default packet budget
 * (keyframes, crowded views).
 *
 * <p>Sending side as the server's: one unconnected, non-blocking channel bound to 127.0.0.1 that
 * addresses each datagram with {@code send(buffer, target)}, from a direct buffer (no copy into a
 * temporary direct buffer). Unlike the server it always sends to the same target, so the JDK's
 * cached target address is reused; the server's targets change per client (a small extra cost).
 *
 * <p>Receiving side: a bound channel drained by its own daemon thread with blocking
 * {@code receive}, as a client on its own core would. Chosen over receiving inside the measured
 * operation because that would add the receive syscalls to the sender's time (the server never
 * pays for its clients' receives); the drainer keeps the receive buffer from filling, so
 * datagrams are neither dropped (which would make sending look cheaper) nor refused. Sent,
 * received and refused counts (a non-blocking send that returned 0) are printed at tear-down as
 * {@code [raw-udp]}; a large gap between sent and received means the drainer fell behind (a busy
 * machine) and the run should be repeated. On a 2-core machine the drainer takes the second core.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar RawUdpSendBenchmark
 * java -jar benchmarks/target/benchmarks.jar RawUdpSendBenchmark -p datagrams=64,256 -p sizeBytes=200,1200 -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class RawUdpSendBenchmark {
    /** Asked of the receiver's SO_RCVBUF; the kernel caps it at net.core.rmem_max (often 208 KB). */
    static final int RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;
    /** Largest UDP payload over IPv4. */
    private static final int MAX_DATAGRAM_BYTES = 65_507;

    /** Datagrams per operation: one tick's snapshot sends at this many clients. */
    @Param({"64", "256"})
    public int datagrams;

    /** Payload bytes per datagram. */
    @Param({"200", "1200"})
    public int sizeBytes;

    private DatagramChannel sender;
    private DatagramChannel receiver;
    private InetSocketAddress target;
    private ByteBuffer payload;
    private Thread drainer;
    private final AtomicLong received = new AtomicLong();
    private volatile Throwable drainError;
    private long sent;
    private long refused;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        if (datagrams < 1 || sizeBytes < 1 || sizeBytes > MAX_DATAGRAM_BYTES) {
            throw new IllegalArgumentException("datagrams must be >= 1 and sizeBytes 1.." + MAX_DATAGRAM_BYTES
                    + ": " + datagrams + ", " + sizeBytes);
        }
        final InetAddress loopback = InetAddress.getLoopbackAddress();
        receiver = DatagramChannel.open();
        receiver.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER_BYTES);
        receiver.bind(new InetSocketAddress(loopback, 0));
        receiver.configureBlocking(true);
        target = (InetSocketAddress) receiver.getLocalAddress();
        sender = DatagramChannel.open();
        sender.bind(new InetSocketAddress(loopback, 0));
        sender.configureBlocking(false);
        payload = ByteBuffer.allocateDirect(sizeBytes);
        for (int i = 0; i < sizeBytes; i++) {
            payload.put(i, (byte) (i * 31));
        }
        sent = 0;
        refused = 0;
        received.set(0);
        drainer = new Thread(this::drain, "raw-udp-drainer");
        drainer.setDaemon(true);
        drainer.start();
    }

    /** One tick's worth of sends; returns the bytes the channel accepted. */
    @Benchmark
    public int sendBatch() throws IOException {
        int bytes = 0;
        for (int i = 0; i < datagrams; i++) {
            payload.clear();
            final int n = sender.send(payload, target);
            if (n == 0) {
                refused++;
            }
            bytes += n;
        }
        sent += datagrams;
        return bytes;
    }

    private void drain() {
        final ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM_BYTES);
        long count = 0;
        try {
            while (true) {
                buffer.clear();
                receiver.receive(buffer);
                received.lazySet(++count);
            }
        } catch (ClosedChannelException closed) {
            // Tear-down closed the receiver (AsynchronousCloseException while blocked): done.
        } catch (IOException | RuntimeException e) {
            drainError = e;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException, InterruptedException {
        // Let the drainer catch up with what is already in the receive buffer (bounded wait).
        final long accepted = sent - refused;
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (received.get() < accepted && System.nanoTime() < deadlineNs && drainError == null) {
            Thread.sleep(1);
        }
        final int rcvbuf = receiver.getOption(StandardSocketOptions.SO_RCVBUF);
        sender.close();
        receiver.close();
        drainer.join(TimeUnit.SECONDS.toMillis(2));
        System.out.println(String.format(Locale.ROOT,
                "%n[raw-udp] datagrams=%d sizeBytes=%d: sent %d, refused %d, received %d (%.3f%% lost), receive buffer %d B",
                datagrams, sizeBytes, sent, refused, received.get(),
                accepted == 0 ? 0.0 : 100.0 * (accepted - received.get()) / accepted, rcvbuf));
        if (drainError != null) {
            throw new IllegalStateException("the drainer failed", drainError);
        }
    }

    /** Datagrams the sender's channel accepted so far (tests). */
    long accepted() {
        return sent - refused;
    }

    /** Datagrams the drainer received so far; any thread. */
    long received() {
        return received.get();
    }
}
