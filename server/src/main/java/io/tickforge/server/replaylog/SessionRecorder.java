package io.tickforge.server.replaylog;

import io.tickforge.server.gameapi.GameDescriptor;
import io.tickforge.server.gameapi.PlayerInputs;
import io.tickforge.server.session.SessionConfig;
import io.tickforge.shared.world.WorldSnapshot;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32C;

/**
 * Records one session's replay log ({@code --record DIR}, docs/REPLAY.md): the session calls the
 * tick-thread methods ({@link #join}, {@link #leave}, {@link #inputs}, {@link #world}) with what it
 * applied to the game; they encode frames into preallocated arrays and hand them to a
 * single-producer ring ({@link OneToOneRingBuffer}): no allocation per tick (a join allocates its
 * name's bytes), no lock, no I/O on the tick thread. This recorder's own writer thread drains the
 * ring, adds each frame's length and CRC32C, writes to the file whenever the ring runs dry (so at
 * least every few milliseconds under load) and forces it to disk once a second.
 *
 * <p>Never blocking the tick: when the ring is full the frame is dropped, the recording stops
 * there, the ticks that follow are counted as lost (logged once per second by the writer) and the
 * log gets a {@link ReplayLogFormat#FRAME_GAP} frame, where a replay stops.
 *
 * <p>Threads: the tick-thread methods from the session's tick thread only (one producer);
 * {@link #close()} once, after the tick thread ended; the counters from any thread.
 */
public final class SessionRecorder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionRecorder.class);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    /** Control events one tick frame holds: as many as the session applies per tick. */
    private static final int MAX_CONTROL_EVENTS = io.tickforge.server.session.GameSession.MAX_CONTROL_EVENTS_PER_TICK;
    private static final long FORCE_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);
    private static final long WRITE_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long IDLE_PARK_NS = TimeUnit.MILLISECONDS.toNanos(2);

    private final Path path;
    private final FileChannel channel;
    private final int sessionId;
    private final int hashEveryTicks;
    private final int worldEveryHashes;
    private final int inputLanes;
    private final OneToOneRingBuffer ring;

    // Tick thread only.
    private final FrameBytes tickFrame;
    private final UnsafeBuffer tickView;
    private final FrameBytes hashFrame = new FrameBytes(64);
    private final UnsafeBuffer hashView = new UnsafeBuffer(hashFrame.array());
    /** Null when a whole world could not fit one ring message (then no WORLD frames). */
    private final FrameBytes worldFrame;
    private final UnsafeBuffer worldView;
    private final int[] previousLanes;
    private final long[] previousLag;
    private final boolean[] hasPrevious;
    private long openTick = Long.MIN_VALUE;
    private boolean openPublished;
    private int controlCountAt;
    private int controlCount;
    private int hashesSinceWorld;
    /** Bytes of TICK frames (headers included) handed to the writer. */
    private long tickFrameBytes;

    // Written by the tick thread, read by any.
    private volatile boolean lost;
    private volatile long firstLostTick = -1;
    private volatile long ticksLost;
    private volatile long ticksRecorded;
    private volatile long lastTick = -1;
    private volatile long worldsSkipped;

    // Writer thread (and close).
    private final Thread writer;
    private final CRC32C crc = new CRC32C();
    private final ByteBuffer staging;
    private volatile boolean closing;
    private volatile long bytesWritten;
    private volatile boolean ioFailed;

    private SessionRecorder(Path path, FileChannel channel, RecordingSettings settings, SessionConfig config,
                            GameDescriptor descriptor) {
        this.path = path;
        this.channel = channel;
        this.sessionId = config.sessionId();
        this.hashEveryTicks = settings.hashEveryTicks();
        this.worldEveryHashes = settings.worldEveryHashes();
        this.inputLanes = descriptor.inputLimits().layout().lanes;
        this.ring = new OneToOneRingBuffer(new UnsafeBuffer(
                ByteBuffer.allocateDirect(settings.ringBytes() + RingBufferDescriptor.TRAILER_LENGTH)));
        final int maxPlayers = config.maxPlayers();
        final long tickBytes = 8 + 1 + (long) MAX_CONTROL_EVENTS * (1 + FrameBytes.MAX_VARINT_BYTES + 1 + ReplayLogFormat.MAX_NAME_BYTES)
                + FrameBytes.MAX_VARINT_BYTES
                + (long) maxPlayers * (3L * FrameBytes.MAX_VARINT_BYTES + (long) inputLanes * FrameBytes.MAX_VARINT_BYTES);
        if (tickBytes > ring.maxMsgLength()) {
            throw new IllegalArgumentException("a tick of " + maxPlayers + " players may take " + tickBytes
                    + " bytes, more than one message of a " + settings.ringBytes() + "-byte ring holds ("
                    + ring.maxMsgLength() + "): raise the ring size");
        }
        this.tickFrame = new FrameBytes((int) tickBytes);
        this.tickView = new UnsafeBuffer(tickFrame.array());
        final int values = descriptor.entityLayout().values;
        final long worldBytes = 8 + 2L * FrameBytes.MAX_VARINT_BYTES
                + (long) descriptor.maxEntities() * (FrameBytes.MAX_VARINT_BYTES + (long) values * FrameBytes.MAX_VARINT_BYTES);
        if (worldEveryHashes > 0 && worldBytes <= ring.maxMsgLength()) {
            worldFrame = new FrameBytes((int) worldBytes);
            worldView = new UnsafeBuffer(worldFrame.array());
        } else {
            if (worldEveryHashes > 0) {
                LOG.warn("recording session {}: a whole world of {} entities may take {} bytes, more than one ring message"
                        + " ({}): no WORLD frames (the replayer reports divergences without an entity diff)",
                        sessionId, descriptor.maxEntities(), worldBytes, ring.maxMsgLength());
            }
            worldFrame = null;
            worldView = null;
        }
        this.previousLanes = new int[maxPlayers * inputLanes];
        this.previousLag = new long[maxPlayers];
        this.hasPrevious = new boolean[maxPlayers];
        this.staging = ByteBuffer.allocate(Math.max(1 << 20, ring.maxMsgLength() + ReplayLogFormat.FRAME_HEADER_BYTES));
        this.writer = new Thread(this::runWriter, "replay-log-writer-" + sessionId);
        this.writer.setDaemon(true);
    }

    /**
     * Creates this session's log in {@code settings.directory()} (created if missing), named
     * {@code session-ID-yyyyMMddTHHmmssZ.tfr} (a suffix if taken), writes its header and starts the
     * writer thread.
     *
     * @param gameName the game's name in the catalog (the replayer creates it by that name)
     * @param options  the game's resolved options (all of them, defaults included)
     * @throws IOException when the directory or the file cannot be created or written
     */
    public static SessionRecorder open(RecordingSettings settings, String gameName, Map<String, String> options,
                                       SessionConfig config, GameDescriptor descriptor) throws IOException {
        return open(settings, gameName, options, config, descriptor, true);
    }

    /** As the public {@code open}; without {@code startWriter} a test starts it ({@link #startWriter}) when it wants the ring drained. */
    static SessionRecorder open(RecordingSettings settings, String gameName, Map<String, String> options,
                                SessionConfig config, GameDescriptor descriptor, boolean startWriter) throws IOException {
        Files.createDirectories(settings.directory());
        final long now = System.currentTimeMillis();
        final String stem = "session-" + config.sessionId() + "-" + FILE_TIME.format(Instant.ofEpochMilli(now));
        FileChannel channel = null;
        Path file = null;
        for (int attempt = 0; channel == null; attempt++) {
            file = settings.directory().resolve(stem + (attempt == 0 ? "" : "-" + attempt) + ".tfr");
            try {
                channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
        final SessionRecorder recorder;
        try {
            recorder = new SessionRecorder(file, channel, settings, config, descriptor);
            recorder.writeFileHeader(gameName, options, config, descriptor, now);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (startWriter) {
            recorder.writer.start();
        }
        LOG.info("recording session {} to {} (hash every {} ticks, whole world every {} hashes)", config.sessionId(),
                file, settings.hashEveryTicks(), settings.worldEveryHashes());
        return recorder;
    }

    private void writeFileHeader(String gameName, Map<String, String> options, SessionConfig config,
                                 GameDescriptor descriptor, long nowMs) throws IOException {
        final FrameBytes h = new FrameBytes(1 << 16);
        h.u16(ReplayLogFormat.VERSION).str(gameName).u16(options.size());
        for (Map.Entry<String, String> e : options.entrySet()) {
            h.str(e.getKey()).str(e.getValue());
        }
        h.i32(config.sessionId()).i32(config.tickRateHz()).i32(config.maxPlayers()).i32(config.lagCompensationTicks())
                .i32(descriptor.maxEntities()).i32(hashEveryTicks).i32(worldEveryHashes);
        h.str(descriptor.entitySchema().name()).i64(descriptor.entitySchema().hash()).i32(descriptor.entityLayout().values);
        h.str(descriptor.inputSchema().name()).i64(descriptor.inputSchema().hash()).i32(inputLanes);
        h.i64(0L).i64(nowMs);
        final ByteBuffer out = ByteBuffer.allocate(ReplayLogFormat.FILE_HEADER_BYTES + ReplayLogFormat.FRAME_HEADER_BYTES + h.position());
        out.put(ReplayLogFormat.MAGIC).putInt(ReplayLogFormat.VERSION);
        putFrame(out, ReplayLogFormat.FRAME_HEADER, h.array(), 0, h.position());
        out.flip();
        writeFully(out);
    }

    /** Tests: starts the writer thread of a recorder opened without it. */
    void startWriter() {
        writer.start();
    }

    /** The log file. */
    public Path path() {
        return path;
    }

    // ---------------------------------------------------------------- tick thread

    /** A join at tick boundary {@code tick}: the game accepted it ({@code join} followed) or refused it. */
    public void join(long tick, int slot, String name, boolean accepted) {
        if (lost || !control(tick)) {
            return;
        }
        if (accepted) {
            hasPrevious[slot] = false; // a new player: its first entry carries every lane
        }
        tickFrame.u8(accepted ? ReplayLogFormat.CONTROL_JOIN : ReplayLogFormat.CONTROL_JOIN_REJECTED).varint(slot)
                .shortBytes(name == null ? new byte[0] : name.getBytes(StandardCharsets.UTF_8));
    }

    /** A joined player's leave at tick boundary {@code tick}. */
    public void leave(long tick, int slot) {
        if (lost || !control(tick)) {
            return;
        }
        tickFrame.u8(ReplayLogFormat.CONTROL_LEAVE).varint(slot);
    }

    /**
     * The inputs the game is about to receive for {@code tick} (after this tick's joins and
     * leaves): publishes the tick's frame.
     */
    public void inputs(long tick, PlayerInputs inputs) {
        if (lost) {
            ticksLost++;
            return;
        }
        begin(tick);
        final FrameBytes f = tickFrame;
        final int n = inputs.size();
        f.varint(n);
        final int lanes = inputLanes;
        final boolean masked = lanes <= ReplayLogFormat.MAX_MASKED_LANES;
        for (int i = 0; i < n; i++) {
            final int slot = inputs.slot(i);
            final int base = slot * lanes;
            final boolean known = hasPrevious[slot];
            final long lag = tick - inputs.renderTick(i);
            long head = inputs.received(i) ? ReplayLogFormat.INPUT_RECEIVED : 0;
            if (!known || lag != previousLag[slot]) {
                head |= ReplayLogFormat.INPUT_LAG;
            }
            for (int k = 0; masked && k < lanes; k++) {
                if (!known || inputs.value(i, k) != previousLanes[base + k]) {
                    head |= 1L << (ReplayLogFormat.INPUT_LANE_SHIFT + k);
                }
            }
            f.varint(slot).varint(head);
            if ((head & ReplayLogFormat.INPUT_LAG) != 0) {
                f.zigzag(lag);
                previousLag[slot] = lag;
            }
            for (int k = 0; k < lanes; k++) {
                // Without lane bits (more lanes than the head holds) every lane follows.
                if (!masked || (head & (1L << (ReplayLogFormat.INPUT_LANE_SHIFT + k))) != 0) {
                    final int v = inputs.value(i, k);
                    previousLanes[base + k] = v;
                    f.zigzag(v);
                }
            }
            hasPrevious[slot] = true;
        }
        openPublished = true;
        if (!publish(ReplayLogFormat.FRAME_TICK, tickView, f, tick)) {
            ticksLost++;
            return;
        }
        ticksRecorded++;
        tickFrameBytes += ReplayLogFormat.FRAME_HEADER_BYTES + f.position();
        lastTick = tick;
    }

    /**
     * The world {@code game} wrote for its tick ({@code world.tick}): a hash every
     * {@code hashEveryTicks} ticks (with {@code Game.stateHash}), and the whole world every
     * {@code worldEveryHashes} hashes.
     */
    public void world(WorldSnapshot world, io.tickforge.server.gameapi.Game game) {
        final long tick = world.tick;
        if (lost || Math.floorMod(tick, (long) hashEveryTicks) != 0) {
            return;
        }
        hashFrame.reset().i64(tick).varint(world.count).i64(ReplayLogFormat.worldHash(world)).i64(game.stateHash());
        if (!publish(ReplayLogFormat.FRAME_HASH, hashView, hashFrame, tick) || worldEveryHashes == 0
                || ++hashesSinceWorld < worldEveryHashes) {
            return;
        }
        hashesSinceWorld = 0;
        if (worldFrame == null || world.layout.values * (long) world.count > Integer.MAX_VALUE) {
            worldsSkipped++;
            return;
        }
        final FrameBytes f = worldFrame.reset();
        f.i64(tick).varint(world.count).varint(world.layout.values);
        final int[][] lanes = world.lanes;
        for (int i = 0; i < world.count; i++) {
            f.varint(world.entityId[i]);
            for (int[] lane : lanes) {
                f.zigzag(lane[i]);
            }
        }
        if (f.position() > ring.maxMsgLength()) {
            worldsSkipped++;
            return;
        }
        publish(ReplayLogFormat.FRAME_WORLD, worldView, f, tick);
    }

    /** Opens the frame of {@code tick} if not yet (abandoning a frame a failed tick left unpublished). */
    private void begin(long tick) {
        if (openTick == tick) {
            return;
        }
        if (openTick != Long.MIN_VALUE && !openPublished) {
            // The previous tick failed before its inputs: what it may have remembered of the inputs
            // is unknown to the log, so every slot's next entry carries its lanes again.
            Arrays.fill(hasPrevious, false);
        }
        openTick = tick;
        openPublished = false;
        tickFrame.reset().i64(tick);
        controlCountAt = tickFrame.position();
        tickFrame.u8(0);
        controlCount = 0;
    }

    /** Opens room for one control event of {@code tick}; false (and the recording ends) when full. */
    private boolean control(long tick) {
        begin(tick);
        if (openPublished || controlCount == MAX_CONTROL_EVENTS) {
            markLost(tick);
            return false;
        }
        tickFrame.putU8(controlCountAt, ++controlCount);
        return true;
    }

    private boolean publish(int type, UnsafeBuffer view, FrameBytes frame, long tick) {
        if (ring.write(type, view, 0, frame.position())) {
            return true;
        }
        markLost(tick);
        return false;
    }

    private void markLost(long tick) {
        if (!lost) {
            firstLostTick = tick;
            lost = true;
        }
    }

    // ---------------------------------------------------------------- counters (any thread)

    /** Tick frames handed to the writer. */
    public long ticksRecorded() {
        return ticksRecorded;
    }

    /** Ticks not recorded because the ring was full (from the first lost one on). */
    public long ticksLost() {
        return ticksLost;
    }

    /** The first tick missing from the log, -1 while none is. */
    public long firstLostTick() {
        return firstLostTick;
    }

    /** WORLD frames left out because they did not fit one ring message. */
    public long worldsSkipped() {
        return worldsSkipped;
    }

    /**
     * Bytes of the TICK frames (joins, leaves, inputs; frame headers included) recorded: the part
     * of the log that grows with the players. Tick thread, or any thread after {@link #close()}.
     */
    public long tickFrameBytes() {
        return tickFrameBytes;
    }

    /** Bytes in the file so far (header included). */
    public long bytesWritten() {
        return bytesWritten;
    }

    // ---------------------------------------------------------------- writer thread

    private void runWriter() {
        long lastForceNs = System.nanoTime();
        long lastWriteNs = lastForceNs;
        long lastLossLogNs = lastForceNs;
        long lossLogged = 0;
        boolean unforced = false;
        boolean gapWritten = false;
        try {
            while (true) {
                final boolean stopping = closing;
                // Read before draining: the producer commits its last frame before it sets lost, so
                // a drain that follows seeing lost has every frame that precedes the gap.
                final boolean lostSeen = lost;
                final int read = ring.read(this::onMessage, 256);
                if (read > 0) {
                    continue;
                }
                final long now = System.nanoTime();
                if (lostSeen && !gapWritten) {
                    // Everything the tick thread committed before the loss is written; the gap marks the rest.
                    final FrameBytes g = new FrameBytes(16).i64(firstLostTick).i64(ticksLost);
                    stage(ReplayLogFormat.FRAME_GAP, g.array(), g.position());
                    gapWritten = true;
                }
                if (staging.position() > 0 && (stopping || now - lastWriteNs >= WRITE_INTERVAL_NS)) {
                    flushStaging();
                    lastWriteNs = now;
                    unforced = true;
                }
                if (stopping) {
                    break;
                }
                if (unforced && now - lastForceNs >= FORCE_INTERVAL_NS) {
                    channel.force(false);
                    lastForceNs = now;
                    unforced = false;
                }
                final long lostNow = ticksLost;
                if (lostNow != lossLogged && now - lastLossLogNs >= FORCE_INTERVAL_NS) {
                    LOG.warn("recording session {}: the ring was full at tick {}; {} ticks lost so far: the log {} has a gap"
                            + " there and replays stop at it", sessionId, firstLostTick, lostNow, path.getFileName());
                    lossLogged = lostNow;
                    lastLossLogNs = now;
                }
                LockSupport.parkNanos(IDLE_PARK_NS);
            }
            final FrameBytes end = new FrameBytes(32).i64(lastTick).i64(ticksRecorded).i64(ticksLost);
            stage(ReplayLogFormat.FRAME_END, end.array(), end.position());
            flushStaging();
            channel.force(false);
        } catch (IOException | RuntimeException e) {
            ioFailed = true;
            LOG.error("recording session {}: writing {} failed; the recording stops (the log keeps its complete frames): {}",
                    sessionId, path, e.toString());
        } finally {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.warn("recording session {}: closing {} failed: {}", sessionId, path, e.toString());
            }
        }
    }

    private void onMessage(int type, org.agrona.MutableDirectBuffer buffer, int index, int length) {
        try {
            if (staging.remaining() < ReplayLogFormat.FRAME_HEADER_BYTES + length) {
                flushStaging();
            }
            final int at = staging.position();
            final int payloadAt = at + ReplayLogFormat.FRAME_HEADER_BYTES;
            buffer.getBytes(index, staging.array(), payloadAt, length);
            crc.reset();
            crc.update(type);
            crc.update(staging.array(), payloadAt, length);
            staging.putInt(length).putInt((int) crc.getValue()).put((byte) type);
            staging.position(payloadAt + length);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void stage(int type, byte[] payload, int length) throws IOException {
        if (staging.remaining() < ReplayLogFormat.FRAME_HEADER_BYTES + length) {
            flushStaging();
        }
        putFrame(staging, type, payload, 0, length);
    }

    private void putFrame(ByteBuffer out, int type, byte[] payload, int offset, int length) {
        crc.reset();
        crc.update(type);
        crc.update(payload, offset, length);
        out.putInt(length).putInt((int) crc.getValue()).put((byte) type).put(payload, offset, length);
    }

    private void flushStaging() throws IOException {
        staging.flip();
        writeFully(staging);
        staging.clear();
    }

    private void writeFully(ByteBuffer b) throws IOException {
        long written = 0;
        while (b.hasRemaining()) {
            written += channel.write(b);
        }
        bytesWritten += written;
    }

    /**
     * Ends the recording: the writer drains the ring, appends the END frame, forces the file and
     * closes it. Call once the tick thread has ended (no more tick-thread calls). Waits up to 10 s.
     */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            LOG.warn("recording session {}: the writer did not finish within 10 s; {} may lack its END frame", sessionId, path);
        } else if (!ioFailed) {
            LOG.info("recording session {} closed: {} ticks, {} lost, {} bytes in {}", sessionId, ticksRecorded, ticksLost,
                    bytesWritten, path);
        }
    }
}
