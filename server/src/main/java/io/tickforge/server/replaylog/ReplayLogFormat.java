package io.tickforge.server.replaylog;

import io.tickforge.shared.world.WorldSnapshot;

/**
 * The session log's byte layout (docs/REPLAY.md), shared by the recorder and the replayer.
 * Constants and pure functions only; any thread.
 *
 * <pre>
 * file   := MAGIC (4 bytes "TFRL") VERSION (u32, big-endian) frame*
 * frame  := length (u32: payload bytes) crc (u32: CRC32C of type and payload) type (u8) payload
 * </pre>
 * All fixed-width integers are big-endian; "varint" is an unsigned LEB128 of up to 10 bytes and
 * "zigzag" a signed value zigzag-mapped onto one. Frame types and their payloads are listed with
 * each {@code FRAME_*} constant.
 */
public final class ReplayLogFormat {
    /** The file's first four bytes. */
    public static final byte[] MAGIC = {'T', 'F', 'R', 'L'};
    /** The only format version this build reads and writes. */
    public static final int VERSION = 1;
    /** Magic and version. */
    public static final int FILE_HEADER_BYTES = 8;
    /** length, crc, type. */
    public static final int FRAME_HEADER_BYTES = 9;
    /** No frame is larger: a longer length field is corruption, not a frame. */
    public static final int MAX_PAYLOAD_BYTES = 16 << 20;

    /**
     * The session: version (u16), game name (str), options (u16 count, then key str, value str),
     * sessionId, tickRateHz, maxPlayers, lagCompensationTicks, maxEntities, hashEveryTicks,
     * worldEveryHashes (i32 each), entity schema name (str), hash (i64), lanes (i32), input schema
     * name (str), hash (i64), lanes (i32), seed (i64, 0: the game SPI takes none), recorded-at
     * (i64 epoch ms, information only). A str is a u16 byte length and UTF-8. Always the first frame.
     */
    public static final int FRAME_HEADER = 1;
    /**
     * One tick as the session applied it: tick (i64), control events (u8 count, then per event
     * kind (u8, {@code CONTROL_*}), slot (varint), and for joins the name (u8 length, UTF-8)), then
     * the inputs: a varint count (the joined players), then per entry in ascending slot order its
     * slot (varint), a head (varint: {@link #INPUT_RECEIVED}, {@link #INPUT_LAG}, and bit
     * {@code INPUT_LANE_SHIFT + k} when lane {@code k} follows), the render lag
     * {@code tick - renderTick} (zigzag) if {@link #INPUT_LAG}, and the value (zigzag) of each lane
     * that follows, ascending. What does not follow is the slot's previous value in the log: the
     * recorder writes a lane when it changed, and every lane and the lag in a player's first entry
     * after its join. With more than {@link #MAX_MASKED_LANES} lanes, every lane always follows
     * (the head has no lane bits).
     */
    public static final int FRAME_TICK = 2;
    /**
     * The world after a tick: tick (i64), entity count (varint), world hash (i64,
     * {@link #worldHash}), the game's hidden-state hash (i64, {@code Game.stateHash}).
     */
    public static final int FRAME_HASH = 3;
    /**
     * The whole world after a tick (for the replayer's entity diff): tick (i64), entity count
     * (varint), lanes (varint), then per entity its id (varint) and one zigzag per lane.
     */
    public static final int FRAME_WORLD = 4;
    /**
     * The recorder lost frames (its ring was full): first tick missing (i64), ticks lost so far
     * (i64). Nothing after it but {@link #FRAME_END}; a replay stops here.
     */
    public static final int FRAME_GAP = 5;
    /** The recording closed cleanly: last tick recorded (i64), ticks recorded (i64), ticks lost (i64). */
    public static final int FRAME_END = 6;

    /** A join the game accepted ({@code joinAttempt}, then {@code join}). */
    public static final int CONTROL_JOIN = 1;
    /** A join the game refused at {@code joinAttempt}. */
    public static final int CONTROL_JOIN_REJECTED = 2;
    /** A joined player's leave. */
    public static final int CONTROL_LEAVE = 3;

    /** Input head bit: the player's own input for this tick arrived ({@code PlayerInputs.received}). */
    public static final long INPUT_RECEIVED = 1;
    /** Input head bit: the render lag follows (else it is the slot's previous one). */
    public static final long INPUT_LAG = 1 << 1;
    /** Input head: bit {@code INPUT_LANE_SHIFT + k} says lane {@code k} follows. */
    public static final int INPUT_LANE_SHIFT = 2;
    /** Input schemas with more lanes write every lane of every entry. */
    public static final int MAX_MASKED_LANES = 64 - INPUT_LANE_SHIFT;

    /** Longest player name kept (UTF-8 bytes); the network allows 32 ASCII characters. */
    public static final int MAX_NAME_BYTES = 255;

    private ReplayLogFormat() {
    }

    /** A readable name of a frame type, for messages. */
    public static String frameName(int type) {
        return switch (type) {
            case FRAME_HEADER -> "HEADER";
            case FRAME_TICK -> "TICK";
            case FRAME_HASH -> "HASH";
            case FRAME_WORLD -> "WORLD";
            case FRAME_GAP -> "GAP";
            case FRAME_END -> "END";
            default -> "type " + type;
        };
    }

    /**
     * A 64-bit hash of what a game wrote into {@code world}: its tick, entity count, and every
     * entity's id and lanes in order. Allocation-free; deterministic across JVMs (integer
     * arithmetic only). Not cryptographic: it detects divergence, not tampering.
     */
    public static long worldHash(WorldSnapshot world) {
        long h = mix(0x9E3779B97F4A7C15L ^ world.tick);
        h = mix(h ^ world.count);
        final int[][] lanes = world.lanes;
        for (int i = 0; i < world.count; i++) {
            h = mix(h ^ world.entityId[i]);
            for (int[] lane : lanes) {
                h = mix(h ^ (lane[i] & 0xFFFFFFFFL));
            }
        }
        return h;
    }

    /** A bijective 64-bit mixer (SplitMix64's finaliser) over the running value plus a constant. */
    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
