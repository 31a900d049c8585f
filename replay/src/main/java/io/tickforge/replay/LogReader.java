package io.tickforge.replay;

import io.tickforge.server.replaylog.ReplayLogFormat;
import io.tickforge.shared.world.EntityIds;
import io.tickforge.shared.world.InputLayout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Walks a replay log's frames ({@code ReplayLogFormat}), checking each one's length and CRC32C.
 * Every byte is treated as hostile. A frame cut short at the very end of the file (a length that
 * reaches past it, or a bad checksum on the file's last frame) is what a killed recorder leaves: it
 * is ignored and reported by {@link #tornTail()}. A bad checksum or length with more log after it,
 * an unknown frame type or an impossible length is a {@link CorruptLogException} naming the frame's
 * byte offset. The file is read whole into memory (logs up to 2 GB). Not thread-safe.
 */
public final class LogReader {
    /** One frame: valid until the next {@link #next()}. */
    public static final class Frame {
        int type;
        long offset;
        final Payload payload = new Payload();

        /** {@code ReplayLogFormat.FRAME_*}. */
        public int type() {
            return type;
        }

        /** The frame's byte offset in the file (its length field). */
        public long offset() {
            return offset;
        }
    }

    private final ByteBuffer file;
    private final LogHeader header;
    private final Frame frame = new Frame();
    private final CRC32C crc = new CRC32C();
    private int position;
    private String tornTail;

    private LogReader(ByteBuffer file) throws CorruptLogException {
        this.file = file;
        if (file.limit() < ReplayLogFormat.FILE_HEADER_BYTES) {
            throw new CorruptLogException(0, "the file has " + file.limit() + " bytes, too few for a replay log header");
        }
        for (int i = 0; i < ReplayLogFormat.MAGIC.length; i++) {
            if (file.get(i) != ReplayLogFormat.MAGIC[i]) {
                throw new CorruptLogException(0, "not a Tickforge replay log (bad magic)");
            }
        }
        final int version = file.getInt(4);
        if (version != ReplayLogFormat.VERSION) {
            throw new CorruptLogException(4, "log format version " + version + "; this replayer reads version "
                    + ReplayLogFormat.VERSION);
        }
        position = ReplayLogFormat.FILE_HEADER_BYTES;
        final Frame first = next();
        if (first == null || first.type != ReplayLogFormat.FRAME_HEADER) {
            throw new CorruptLogException(ReplayLogFormat.FILE_HEADER_BYTES, "the first frame is not a complete HEADER frame"
                    + (tornTail != null ? " (" + tornTail + ")" : ""));
        }
        header = readHeader(first.payload);
    }

    /** Reads {@code path} whole and its HEADER frame. */
    public static LogReader open(Path path) throws IOException, CorruptLogException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            final long size = channel.size();
            if (size > Integer.MAX_VALUE - 8) {
                throw new IOException(path + " is " + size + " bytes; the replayer reads logs up to 2 GB");
            }
            final ByteBuffer bytes = ByteBuffer.allocate((int) size);
            while (bytes.hasRemaining() && channel.read(bytes) >= 0) {
                // read it all
            }
            bytes.flip();
            return new LogReader(bytes.order(ByteOrder.BIG_ENDIAN));
        }
    }

    /** A log held in memory (tests). */
    public static LogReader of(byte[] bytes) throws CorruptLogException {
        return new LogReader(ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN));
    }

    public LogHeader header() {
        return header;
    }

    /** Why the last frame was ignored (cut short by a crash), or null while none was. */
    public String tornTail() {
        return tornTail;
    }

    /** File size in bytes. */
    public long size() {
        return file.limit();
    }

    /**
     * The next complete frame, or null at the end of the log (a torn last frame included: see
     * {@link #tornTail()}).
     *
     * @throws CorruptLogException for a damaged frame that is not the last
     */
    public Frame next() throws CorruptLogException {
        final int at = position;
        final int left = file.limit() - at;
        if (left == 0) {
            return null;
        }
        if (left < ReplayLogFormat.FRAME_HEADER_BYTES) {
            tornTail = "the last " + left + " byte(s) at offset " + at + " are a frame header cut short";
            position = file.limit();
            return null;
        }
        final long length = file.getInt(at) & 0xFFFFFFFFL;
        final int storedCrc = file.getInt(at + 4);
        final int type = file.get(at + 8) & 0xFF;
        if (length > ReplayLogFormat.MAX_PAYLOAD_BYTES) {
            throw new CorruptLogException(at, "a frame length of " + length + " bytes (at most "
                    + ReplayLogFormat.MAX_PAYLOAD_BYTES + ")");
        }
        if (type < ReplayLogFormat.FRAME_HEADER || type > ReplayLogFormat.FRAME_END) {
            throw new CorruptLogException(at, "unknown frame type " + type);
        }
        final int payloadAt = at + ReplayLogFormat.FRAME_HEADER_BYTES;
        if (length > file.limit() - payloadAt) {
            if (validFrameAfter(at)) {
                throw new CorruptLogException(at, "a " + ReplayLogFormat.frameName(type) + " frame whose length (" + length
                        + " bytes) reaches past the end of the file, with complete frames after it");
            }
            tornTail = "the last frame (" + ReplayLogFormat.frameName(type) + " at offset " + at + ") claims " + length
                    + " bytes but the file ends after " + (file.limit() - payloadAt);
            position = file.limit();
            return null;
        }
        crc.reset();
        crc.update(type);
        crc.update(file.array(), file.arrayOffset() + payloadAt, (int) length);
        final int end = payloadAt + (int) length;
        if ((int) crc.getValue() != storedCrc) {
            if (end == file.limit() || !validFrameAfter(at)) {
                tornTail = "the last frame (" + ReplayLogFormat.frameName(type) + " at offset " + at
                        + ") fails its checksum";
                position = file.limit();
                return null;
            }
            throw new CorruptLogException(at, "the " + ReplayLogFormat.frameName(type)
                    + " frame fails its CRC32C checksum (" + (file.limit() - end) + " bytes of log follow it)");
        }
        position = end;
        frame.type = type;
        frame.offset = at;
        frame.payload.reset(file, payloadAt, (int) length, payloadAt);
        return frame;
    }

    /**
     * Whether a complete frame with a valid checksum starts anywhere after {@code at}: a damaged
     * frame followed by good ones is corruption; a damaged frame with nothing valid after it is
     * the torn end a killed recorder leaves (it may have written part of several frames).
     */
    private boolean validFrameAfter(int at) {
        final int limit = file.limit();
        for (int q = at + 1; q + ReplayLogFormat.FRAME_HEADER_BYTES <= limit; q++) {
            final long length = file.getInt(q) & 0xFFFFFFFFL;
            final int type = file.get(q + 8) & 0xFF;
            if (type < ReplayLogFormat.FRAME_HEADER || type > ReplayLogFormat.FRAME_END
                    || length > limit - q - ReplayLogFormat.FRAME_HEADER_BYTES) {
                continue;
            }
            crc.reset();
            crc.update(type);
            crc.update(file.array(), file.arrayOffset() + q + ReplayLogFormat.FRAME_HEADER_BYTES, (int) length);
            if ((int) crc.getValue() == file.getInt(q + 4)) {
                return true;
            }
        }
        return false;
    }

    private static LogHeader readHeader(Payload p) throws CorruptLogException {
        final int version = p.u16();
        if (version != ReplayLogFormat.VERSION) {
            throw new CorruptLogException(p.offset() - 2, "HEADER of format version " + version);
        }
        final String game = p.str();
        final int optionCount = p.u16();
        final Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < optionCount; i++) {
            final long at = p.offset();
            if (options.put(p.str(), p.str()) != null) {
                throw new CorruptLogException(at, "a game option named twice");
            }
        }
        final long at = p.offset();
        final int sessionId = p.i32();
        final int tickRateHz = p.i32();
        final int maxPlayers = p.i32();
        final int lagTicks = p.i32();
        final int maxEntities = p.i32();
        final int hashEvery = p.i32();
        final int worldEvery = p.i32();
        if (tickRateHz < 1 || tickRateHz > 10_000 || maxPlayers < 1 || maxPlayers > EntityIds.MAX_PLAYERS || lagTicks < 0
                || lagTicks > 1 << 16 || maxEntities < 0 || maxEntities > 1 << 24 || hashEvery < 1 || worldEvery < 0) {
            throw new CorruptLogException(at, "impossible session settings: " + tickRateHz + " Hz, " + maxPlayers
                    + " players, " + lagTicks + " rewind ticks, " + maxEntities + " entities, hash every " + hashEvery
                    + ", world every " + worldEvery);
        }
        final String entitySchema = p.str();
        final long entityHash = p.i64();
        final int entityLanes = p.i32();
        final String inputSchema = p.str();
        final long inputHash = p.i64();
        final int inputLanes = p.i32();
        if (entityLanes < 2 || entityLanes > 256 || inputLanes < 1 || inputLanes > InputLayout.MAX_LANES) {
            throw new CorruptLogException(at, "impossible lane counts: " + entityLanes + " entity, " + inputLanes + " input");
        }
        final long seed = p.i64();
        final long recordedAt = p.i64();
        p.end("HEADER");
        return new LogHeader(version, game, java.util.Collections.unmodifiableMap(options), sessionId, tickRateHz,
                maxPlayers, lagTicks, maxEntities, hashEvery, worldEvery, entitySchema, entityHash, entityLanes,
                inputSchema, inputHash, inputLanes, seed, recordedAt);
    }
}
