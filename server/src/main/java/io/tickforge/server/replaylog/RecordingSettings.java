package io.tickforge.server.replaylog;

import java.nio.file.Path;

/**
 * How sessions record their logs ({@code --record DIR}). Immutable; any thread.
 *
 * @param directory        where each session creates its own log file
 * @param hashEveryTicks   a world hash every this many ticks (1..; default {@value #DEFAULT_HASH_EVERY_TICKS})
 * @param worldEveryHashes the whole world every this many hash points, for the replayer's entity
 *                         diff (0 = never; default {@value #DEFAULT_WORLD_EVERY_HASHES})
 * @param ringBytes        the ring between the tick thread and the writer, a power of two
 *                         (default {@value #DEFAULT_RING_BYTES}); when it is full the log gets a gap
 */
public record RecordingSettings(Path directory, int hashEveryTicks, int worldEveryHashes, int ringBytes) {
    public static final int DEFAULT_HASH_EVERY_TICKS = 60;
    public static final int DEFAULT_WORLD_EVERY_HASHES = 10;
    public static final int DEFAULT_RING_BYTES = 4 << 20;
    public static final int MIN_RING_BYTES = 64 << 10;
    public static final int MAX_RING_BYTES = 1 << 30;

    public RecordingSettings {
        if (directory == null) {
            throw new IllegalArgumentException("the recording directory is required");
        }
        if (hashEveryTicks < 1) {
            throw new IllegalArgumentException("hashEveryTicks must be >= 1: " + hashEveryTicks);
        }
        if (worldEveryHashes < 0) {
            throw new IllegalArgumentException("worldEveryHashes must be >= 0: " + worldEveryHashes);
        }
        if (ringBytes < MIN_RING_BYTES || ringBytes > MAX_RING_BYTES || Integer.bitCount(ringBytes) != 1) {
            throw new IllegalArgumentException("ringBytes must be a power of two in " + MIN_RING_BYTES + ".."
                    + MAX_RING_BYTES + ": " + ringBytes);
        }
    }

    /** Defaults for everything but the directory. */
    public static RecordingSettings of(Path directory) {
        return new RecordingSettings(directory, DEFAULT_HASH_EVERY_TICKS, DEFAULT_WORLD_EVERY_HASHES, DEFAULT_RING_BYTES);
    }

    public RecordingSettings withHashEveryTicks(int ticks) {
        return new RecordingSettings(directory, ticks, worldEveryHashes, ringBytes);
    }

    public RecordingSettings withWorldEveryHashes(int hashes) {
        return new RecordingSettings(directory, hashEveryTicks, hashes, ringBytes);
    }

    public RecordingSettings withRingBytes(int bytes) {
        return new RecordingSettings(directory, hashEveryTicks, worldEveryHashes, bytes);
    }
}
