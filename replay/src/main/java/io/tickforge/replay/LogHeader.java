package io.tickforge.replay;

import java.util.Map;

/**
 * The session a log recorded (its HEADER frame, {@code ReplayLogFormat.FRAME_HEADER}). Immutable;
 * any thread.
 */
public record LogHeader(int version, String game, Map<String, String> options, int sessionId, int tickRateHz,
                        int maxPlayers, int lagCompensationTicks, int maxEntities, int hashEveryTicks,
                        int worldEveryHashes, String entitySchema, long entitySchemaHash, int entityLanes,
                        String inputSchema, long inputSchemaHash, int inputLanes, long seed, long recordedAtEpochMs) {
}
