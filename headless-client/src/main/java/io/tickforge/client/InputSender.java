package io.tickforge.client;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import io.tickforge.client.net.PacketPath;
import io.tickforge.client.predict.Predictor;
import io.tickforge.client.sync.ClockSync;
import io.tickforge.shared.protocol.InputPacket;
import io.tickforge.shared.protocol.Protocol;
import io.tickforge.shared.snapshot.SnapshotDecoder;
import io.tickforge.shared.world.InputLayout;

/**
 * The input loop: one input per server tick as the clock estimate crosses it (the estimate drives
 * production, not a local timer), sampled from the {@link InputSource}, applied to the predictor
 * at once, kept in a ring and sent as one {@link InputPacket} with the newest few (redundancy) and
 * the snapshot acks, serialized once into a reused buffer. Each packet reports how far behind its
 * newest input's tick the client was rendering the others ({@link InputPacket#renderLag}, from the
 * interpolation's render time at the send), so the server can rewind its hit tests to what the
 * player saw (lag compensation). Driving thread only; ticks are server
 * ticks, times nanoseconds from {@link System#nanoTime()}; no allocation per tick.
 */
final class InputSender {
    /** More inputs due at once than this means we fell behind (a stall): skip ahead instead. */
    static final int MAX_INPUT_CATCH_UP = 8;

    private final GameClient owner;
    private final InputSource source;
    private final int redundancy;
    private final PacketPath path;
    private final InputPacket packet = new InputPacket();
    /** The client's input schema compiled into lanes: the packet's lanes and the wire's bytes. */
    private final InputLayout layout;
    private final Kryo kryo;
    private final Output packetBytes;
    private final PlayerInput sampled;
    private final PlayerInput[] ring = new PlayerInput[InputPacket.MAX_INPUTS];
    /** Scratch: a four-field input's named fields as lanes, for the predictor. */
    private final int[] fourFieldLanes = new int[4];

    private long nextInputTick = Long.MIN_VALUE;
    private long firstInputTick = Long.MIN_VALUE;
    private int contiguousInputs;
    private long skippedInputTicks;

    /** Of the four-field input shape (the arena's). */
    InputSender(GameClient owner, InputSource source, int redundancy, PacketPath path) {
        this(owner, source, redundancy, path, InputLayout.FIXED);
    }

    /**
     * @param owner  handed to the input source (it reads predicted and interpolated state from it)
     * @param layout the client's input schema compiled ({@code InputLayout.of(config.inputSchema)})
     */
    InputSender(GameClient owner, InputSource source, int redundancy, PacketPath path, InputLayout layout) {
        this.owner = owner;
        this.source = source;
        this.redundancy = redundancy;
        this.path = path;
        this.layout = layout;
        this.kryo = Protocol.newKryo(layout);
        this.packetBytes = new Output(InputPacket.maxWireBytes(layout));
        this.packet.lanesPerInput = layout.lanes;
        this.sampled = new PlayerInput(layout.lanes);
        for (int i = 0; i < ring.length; i++) {
            ring[i] = new PlayerInput(layout.lanes);
        }
    }

    /** A new input stream (after a reconnect): numbering starts over at the next target tick. */
    void restart() {
        nextInputTick = Long.MIN_VALUE;
        firstInputTick = Long.MIN_VALUE;
        contiguousInputs = 0;
    }

    /**
     * Samples, predicts and sends the inputs of every tick due at {@code nowNs}; returns how many.
     * {@code acks} says which snapshot packets arrived.
     */
    int produce(long nowNs, ClockSync clock, Predictor predictor, SnapshotDecoder acks) {
        final long target = clock.inputTargetTick(nowNs);
        if (nextInputTick == Long.MIN_VALUE) {
            nextInputTick = target;
            firstInputTick = target;
        } else if (target - nextInputTick >= MAX_INPUT_CATCH_UP) {
            // We stalled (GC, overloaded machine) or the clock snapped forward: the server has
            // already run those ticks with repeats of our last input; resume at the target.
            skippedInputTicks += target - nextInputTick;
            nextInputTick = target;
            contiguousInputs = 0;
        }
        int produced = 0;
        final boolean fourField = layout.fourField();
        while (nextInputTick <= target) {
            final PlayerInput in = sampled;
            source.sample(nextInputTick, owner, in);
            ring[(int) (nextInputTick % ring.length)].copyFrom(in);
            if (fourField) {
                // The four-field shape travels as the named fields (see send): so does the prediction.
                final int[] f = fourFieldLanes;
                f[0] = in.moveX;
                f[1] = in.moveY;
                f[2] = in.aimUnits;
                f[3] = in.buttons;
                predictor.applyLocalInput(nextInputTick, f, 0);
            } else {
                predictor.applyLocalInput(nextInputTick, in.lanes, 0);
            }
            nextInputTick++;
            contiguousInputs++;
            produced++;
        }
        if (produced > 0) {
            send(nowNs, acks, owner == null ? Double.NaN : owner.renderTick(nowNs));
        }
        return produced;
    }

    /**
     * The render lag of the input for {@code inputTick} made while rendering {@code renderTick}:
     * {@code inputTick - round(renderTick)} within 0..{@link InputPacket#MAX_RENDER_LAG}; 0 when
     * nothing is rendered yet (NaN).
     */
    static int renderLag(long inputTick, double renderTick) {
        if (Double.isNaN(renderTick)) {
            return 0;
        }
        final double lag = inputTick - Math.rint(renderTick);
        return (int) Math.max(0, Math.min(InputPacket.MAX_RENDER_LAG, lag));
    }

    private void send(long nowNs, SnapshotDecoder acks, double renderTick) {
        final InputPacket p = packet;
        // Before the first snapshot there is nothing to acknowledge: the packet says so (hasAcks)
        // rather than naming a sequence the server might take for a lost packet.
        p.hasAcks = acks.hasAcks();
        p.ackSequence = p.hasAcks ? acks.ackSequence() : 0;
        p.ackBits = p.hasAcks ? acks.ackBits() : 0;
        final long newest = nextInputTick - 1;
        p.newestTick = newest;
        p.renderLag = renderLag(newest, renderTick);
        final int count = Math.min(redundancy, contiguousInputs);
        p.count = count;
        final boolean fourField = layout.fourField();
        final int lanes = layout.lanes;
        for (int k = 0; k < count; k++) {
            final PlayerInput in = ring[(int) ((newest - k) % ring.length)];
            if (fourField) {
                p.set(k, in.moveX, in.moveY, in.aimUnits, in.buttons);
            } else {
                System.arraycopy(in.lanes, 0, p.lanes, k * lanes, lanes);
            }
        }
        final Output out = packetBytes;
        out.reset();
        kryo.writeObject(out, p);
        final int copies = Math.max(1, source.packetsPerTick());
        for (int c = 0; c < copies; c++) {
            path.sendInput(out.getBuffer(), out.position(), nowNs);
        }
    }

    /**
     * Nanoseconds from {@code nowNs} until the next input falls due; {@code fallbackNs} before the
     * first input.
     */
    long nanosUntilNextInput(long nowNs, ClockSync clock, long fallbackNs) {
        if (nextInputTick == Long.MIN_VALUE) {
            return fallbackNs;
        }
        // produce sends tick N once ceil(estimate + lead) >= N, i.e. once estimate + lead > N - 1.
        final double ticksAhead = (nextInputTick - 1) - (clock.estimatedServerTick(nowNs) + clock.inputLeadTicks());
        return Math.max(0L, (long) (ticksAhead * clock.periodNs()));
    }

    /** The client's input schema compiled. */
    InputLayout layout() {
        return layout;
    }

    /** The first tick of the current input stream (Long.MIN_VALUE before it starts). */
    long firstInputTick() {
        return firstInputTick;
    }

    long skippedInputTicks() {
        return skippedInputTicks;
    }
}
