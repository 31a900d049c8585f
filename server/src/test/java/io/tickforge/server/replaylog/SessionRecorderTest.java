package io.tickforge.server.replaylog;

import io.tickforge.server.game.ArenaGame;
import io.tickforge.server.gameapi.PlayerInputs;
import io.tickforge.server.session.SessionConfig;
import io.tickforge.shared.world.WorldSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recorder on its own: frames have valid lengths and checksums and end with END; a full ring
 * never blocks the tick thread, ends the recording with a GAP frame and counts what it lost.
 */
@Timeout(30)
class SessionRecorderTest {
    private static final int PLAYERS = 8;

    @TempDir
    Path dir;

    /** Every slot joined, inputs changing every tick (no lane repeats), fresh, no lag. */
    private static final class Inputs implements PlayerInputs {
        long tick;

        @Override
        public int size() {
            return PLAYERS;
        }

        @Override
        public int slot(int i) {
            return i;
        }

        @Override
        public int moveX(int i) {
            return (int) ((tick + i) % 100);
        }

        @Override
        public int moveY(int i) {
            return -(int) ((tick * 3 + i) % 100);
        }

        @Override
        public int aimUnits(int i) {
            return (int) ((tick * 977 + i) & 0xFFFF);
        }

        @Override
        public int buttons(int i) {
            return (int) (tick & 1);
        }

        @Override
        public boolean received(int i) {
            return true;
        }

        @Override
        public long renderTick(int i) {
            return tick;
        }
    }

    private SessionRecorder open(int hashEvery, int ringBytes, boolean startWriter) throws Exception {
        final SessionConfig config = SessionConfig.of(3, 60, PLAYERS, 10);
        final ArenaGame game = new ArenaGame(PLAYERS, 10, 60);
        return SessionRecorder.open(RecordingSettings.of(dir).withHashEveryTicks(hashEvery).withWorldEveryHashes(0)
                .withRingBytes(ringBytes), "arena", Map.of("npcs", "10"), config, game.describe(), startWriter);
    }

    private static void tick(SessionRecorder recorder, ArenaGame game, WorldSnapshot snapshot, Inputs inputs, long t) {
        if (t == 0) {
            for (int s = 0; s < PLAYERS; s++) {
                recorder.join(t, s, "p" + s, true);
            }
        }
        inputs.tick = t;
        recorder.inputs(t, inputs);
        snapshot.clear(t);
        game.writeSnapshot(snapshot);
        snapshot.tick = t;
        recorder.world(snapshot, game);
    }

    /** Frame types in file order, checking every length and checksum. */
    private static List<Integer> frames(Path log) throws Exception {
        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(log));
        assertEquals('T', b.get(0));
        assertEquals(ReplayLogFormat.VERSION, b.getInt(4));
        final List<Integer> types = new ArrayList<>();
        int at = ReplayLogFormat.FILE_HEADER_BYTES;
        final CRC32C crc = new CRC32C();
        while (at < b.limit()) {
            final int length = b.getInt(at);
            final int type = b.get(at + 8) & 0xFF;
            crc.reset();
            crc.update(type);
            crc.update(b.array(), at + ReplayLogFormat.FRAME_HEADER_BYTES, length);
            assertEquals(b.getInt(at + 4), (int) crc.getValue(), "frame at " + at);
            types.add(type);
            at += ReplayLogFormat.FRAME_HEADER_BYTES + length;
        }
        assertEquals(b.limit(), at);
        return types;
    }

    @Test
    void framesAreCompleteAndEndWithEnd() throws Exception {
        final ArenaGame game = new ArenaGame(PLAYERS, 10, 60);
        final WorldSnapshot snapshot = new WorldSnapshot(game.describe().entityLayout(), game.describe().maxEntities());
        final Inputs inputs = new Inputs();
        // The loop runs far faster than 60 Hz and the writer thread may not be scheduled at all on a busy
        // machine, so the ring must hold the whole recording (about 200 kB) for no tick to be lost.
        final SessionRecorder recorder = open(10, RecordingSettings.DEFAULT_RING_BYTES, true);
        for (long t = 0; t < 1000; t++) {
            tick(recorder, game, snapshot, inputs, t);
        }
        recorder.close();
        final List<Integer> types = frames(recorder.path());
        assertEquals(ReplayLogFormat.FRAME_HEADER, types.get(0));
        assertEquals(ReplayLogFormat.FRAME_END, types.get(types.size() - 1));
        assertEquals(1000, types.stream().filter(t -> t == ReplayLogFormat.FRAME_TICK).count());
        assertEquals(100, types.stream().filter(t -> t == ReplayLogFormat.FRAME_HASH).count());
        assertEquals(1000, recorder.ticksRecorded());
        assertEquals(0, recorder.ticksLost());
        assertEquals(Files.size(recorder.path()), recorder.bytesWritten());
    }

    @Test
    void aFullRingNeverBlocksEndsTheRecordingWithAGapAndCountsTheLoss() throws Exception {
        final ArenaGame game = new ArenaGame(PLAYERS, 10, 60);
        final WorldSnapshot snapshot = new WorldSnapshot(game.describe().entityLayout(), game.describe().maxEntities());
        final Inputs inputs = new Inputs();
        final SessionRecorder recorder = open(1, RecordingSettings.MIN_RING_BYTES, false);
        // Nobody drains the ring: it fills, and the tick thread goes on regardless.
        final int ticks = 20_000;
        for (long t = 0; t < ticks; t++) {
            tick(recorder, game, snapshot, inputs, t);
        }
        assertTrue(recorder.firstLostTick() > 0, "the ring filled");
        assertEquals(ticks, recorder.ticksRecorded() + recorder.ticksLost(), "every tick recorded or counted lost");
        recorder.startWriter();
        recorder.close();
        final List<Integer> types = frames(recorder.path());
        assertEquals(ReplayLogFormat.FRAME_END, types.get(types.size() - 1));
        assertEquals(ReplayLogFormat.FRAME_GAP, types.get(types.size() - 2));
        assertEquals(recorder.ticksRecorded(), types.stream().filter(t -> t == ReplayLogFormat.FRAME_TICK).count());
    }
}
