package io.tickforge.benchmarks.input;

import io.tickforge.server.game.ArenaEngineSettings;
import io.tickforge.server.input.InputBuffer;
import io.tickforge.server.input.InputCounters;
import io.tickforge.server.input.InputQueue;
import io.tickforge.shared.game.ArenaRules;
import io.tickforge.shared.protocol.InputPacket;
import io.tickforge.shared.protocol.KryoSerialization;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The input path from datagram bytes to the input applied in a tick (state per JMH benchmark
 * thread; nanoseconds per packet), for {@value #PLAYERS}
 * players sending one packet each per tick (3 redundant inputs, acks), all figures per packet:
 * <ul>
 *   <li>{@code decode}: {@link KryoSerialization#read} of one UDP datagram (the Protocol read path
 *       KryoNet's update thread runs: message id, {@code InputPacketSerializer} into the reused
 *       instance);</li>
 *   <li>{@code queueAndBuffer}: one tick's worth of already decoded packets offered to the
 *       {@link InputQueue} (the network thread's copy into preallocated cells), drained on the
 *       "tick thread" into each player's {@link InputBuffer} (three offers per packet: one new, two
 *       duplicates), then {@link InputBuffer#take} for every player, as GameSession does;</li>
 *   <li>{@code decodeQueueAndBuffer}: both, from bytes to the applied input.</li>
 * </ul>
 * Single thread, so the queue's CAS and release stores are uncontended here; in the server
 * producer and consumer are different threads. The session's per-player admission counter and
 * the ack hand-off to replication are not included (see TickBenchmark for the whole tick).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar InputPipelineBenchmark -prof gc
 * java -jar benchmarks/target/benchmarks.jar InputPipelineBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class InputPipelineBenchmark {
    static final int PLAYERS = 64;
    private static final int REDUNDANCY = 3;

    private KryoSerialization serialization;
    private byte[][] datagrams;
    private ByteBuffer[] buffers;
    private InputPacket outgoing;
    private InputQueue queue;
    private InputCounters counters;
    private InputBuffer[] inputBuffers;
    private InputQueue.Handler handler;
    private long tick;
    private long checksum;

    @Setup(Level.Trial)
    public void setUp() {
        serialization = new KryoSerialization();
        outgoing = new InputPacket();
        datagrams = new byte[PLAYERS][];
        buffers = new ByteBuffer[PLAYERS];
        byte[] scratch = new byte[256];
        for (int p = 0; p < PLAYERS; p++) {
            fill(outgoing, p, 1000);
            int n = serialization.encode(outgoing, scratch);
            datagrams[p] = java.util.Arrays.copyOf(scratch, n);
            buffers[p] = ByteBuffer.wrap(datagrams[p]);
        }
        queue = new InputQueue(Math.max(64, PLAYERS * 8));
        counters = new InputCounters();
        inputBuffers = new InputBuffer[PLAYERS];
        for (int p = 0; p < PLAYERS; p++) {
            inputBuffers[p] = new InputBuffer(counters, ArenaEngineSettings.INPUT_LIMITS);
        }
        handler = this::onInput;
        tick = 0;
    }

    /** What a bot's packet for {@code tick} holds: inputs for tick+1, tick, tick-1, acks. */
    private static void fill(InputPacket packet, int player, long tick) {
        packet.hasAcks = true;
        packet.ackSequence = (int) (tick - 6) & 0xFFFF;
        packet.ackBits = -1;
        packet.newestTick = tick + 1;
        packet.count = REDUNDANCY;
        for (int k = 0; k < REDUNDANCY; k++) {
            packet.set(k, (player * 7 + k) % 255 - 127, (player * 13 + k) % 255 - 127,
                    (int) (tick * 97 + player * 1000) & 0xFFFF, k == 0 ? ArenaRules.BUTTON_FIRE : 0);
        }
    }

    private void onInput(int slot, InputPacket p) {
        final InputBuffer b = inputBuffers[slot];
        final long newest = p.newestTick;
        final int lanes = p.lanesPerInput;
        for (int k = 0; k < p.count; k++) {
            b.offer(newest - k, p.lanes, k * lanes, p.renderLag);
        }
    }

    @Benchmark
    public long decode() {
        final ByteBuffer b = buffers[(int) (tick++ & (PLAYERS - 1))];
        b.clear();
        InputPacket p = (InputPacket) serialization.read(null, b);
        return p.newestTick + p.ackSequence;
    }

    @Benchmark
    @OperationsPerInvocation(PLAYERS)
    public int queueAndBuffer() {
        final long t = tick;
        for (int p = 0; p < PLAYERS; p++) {
            fill(outgoing, p, t);
            queue.offer(p, outgoing);
        }
        return drainAndTake(t);
    }

    @Benchmark
    @OperationsPerInvocation(PLAYERS)
    public int decodeQueueAndBuffer() {
        final long t = tick;
        for (int p = 0; p < PLAYERS; p++) {
            // The datagram bytes are fixed; the decoded tick is moved on so the buffer takes it as new.
            ByteBuffer b = buffers[p];
            b.clear();
            InputPacket packet = (InputPacket) serialization.read(null, b);
            packet.newestTick = t + 1;
            queue.offer(p, packet);
        }
        return drainAndTake(t);
    }

    private int drainAndTake(long t) {
        int drained = queue.drain(handler, Integer.MAX_VALUE);
        int applied = 0;
        for (int p = 0; p < PLAYERS; p++) {
            InputBuffer b = inputBuffers[p];
            if (b.take(t)) {
                applied++;
            }
            checksum += b.moveX();
        }
        tick = t + 1;
        if (drained != PLAYERS || applied != PLAYERS) {
            throw new IllegalStateException("tick " + t + ": drained " + drained + ", applied " + applied);
        }
        return applied;
    }

    @TearDown(Level.Trial)
    public void report() {
        System.out.println(String.format(Locale.ROOT,
                "%n[input] datagram %d bytes; accepted %d, applied %d, duplicate %d, late %d, missing %d",
                datagrams[0].length, counters.accepted, counters.applied, counters.duplicate, counters.late,
                counters.missingRepeated));
    }
}
