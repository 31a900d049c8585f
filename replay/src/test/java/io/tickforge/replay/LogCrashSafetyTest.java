package io.tickforge.replay;

import io.tickforge.server.gameapi.GameCatalog;
import io.tickforge.server.replaylog.RecordingSettings;
import io.tickforge.server.replaylog.ReplayLogFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crash safety: a log cut at any byte (what {@code kill -9} leaves) replays cleanly up to its last
 * complete frame and says so; a byte changed in the middle is a corrupt-log error naming the
 * damaged frame's offset (exit 3), never a silent success or an exception.
 */
@Timeout(120)
class LogCrashSafetyTest {
    @TempDir
    static Path dir;
    static byte[] log;
    static int headerEnd;

    @BeforeAll
    static void record() throws Exception {
        final RecordedSessions.Recorded rec = RecordedSessions.record("arena", Map.of("npcs", "20"), 300, 5,
                RecordingSettings.of(dir).withHashEveryTicks(10).withWorldEveryHashes(3));
        log = Files.readAllBytes(rec.log());
        headerEnd = ReplayLogFormat.FILE_HEADER_BYTES + ReplayLogFormat.FRAME_HEADER_BYTES
                + java.nio.ByteBuffer.wrap(log).getInt(ReplayLogFormat.FILE_HEADER_BYTES);
    }

    @Test
    void aLogCutAtRandomOffsetsReplaysUpToItsLastCompleteFrame() throws Exception {
        final Random random = new Random(1);
        for (int trial = 0; trial < 60; trial++) {
            final int cut = headerEnd + random.nextInt(log.length - headerEnd);
            final LogReader reader = LogReader.of(Arrays.copyOf(log, cut));
            final Replayer.Result r = new Replayer(reader, GameCatalog.load()).run(Long.MAX_VALUE);
            assertEquals(Replayer.Outcome.VERIFIED, r.outcome(), "cut at " + cut + ": " + r.divergence());
            assertTrue(!r.cleanEnd(), "cut at " + cut);
            assertTrue(r.stop().contains("torn last frame") || r.stop().contains("without an END frame"),
                    "cut at " + cut + ": " + r.stop());
        }
        final Path cut = dir.resolve("cut.tfr");
        Files.write(cut, Arrays.copyOf(log, log.length - 5));
        final StringWriter out = new StringWriter();
        assertEquals(ReplayMain.EXIT_VERIFIED, ReplayMain.run(new String[]{cut.toString()}, new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true)));
        assertTrue(out.toString().contains("ignored a torn last frame"), out.toString());
    }

    @Test
    void aGapStopsTheReplayThereWithAClearMessage() throws Exception {
        final Replayer.Result r = new Replayer(LogReader.of(LogSurgery.gapAt(log, 150)), GameCatalog.load()).run(Long.MAX_VALUE);
        assertEquals(Replayer.Outcome.VERIFIED, r.outcome());
        assertEquals(149, r.lastTick());
        assertTrue(r.stop().contains("the log has a gap") && r.stop().contains("tick 150"), r.stop());
    }

    @Test
    void aCutInsideTheHeaderIsCorrupt() {
        for (int cut = 0; cut < headerEnd; cut += 7) {
            final byte[] bytes = Arrays.copyOf(log, cut);
            assertThrows(CorruptLogException.class, () -> LogReader.of(bytes), "cut at " + cut);
        }
    }

    @Test
    void aChangedByteInTheMiddleIsAnErrorNamingItsFrame() throws Exception {
        final Random random = new Random(2);
        for (int trial = 0; trial < 60; trial++) {
            final int at = headerEnd + random.nextInt(log.length / 2);
            final byte[] bytes = log.clone();
            bytes[at] ^= (byte) (1 << random.nextInt(8));
            final CorruptLogException e = assertThrows(CorruptLogException.class, () -> {
                final LogReader reader = LogReader.of(bytes);
                new Replayer(reader, GameCatalog.load()).run(Long.MAX_VALUE);
            }, "byte " + at);
            assertTrue(e.offset() <= at && e.offset() > at - 64 * 1024, "byte " + at + " named offset " + e.offset());
            assertTrue(e.getMessage().contains("byte offset " + e.offset()), e.getMessage());
        }
        final byte[] bytes = log.clone();
        bytes[log.length / 2] ^= 0x04;
        final Path bad = dir.resolve("bad.tfr");
        Files.write(bad, bytes);
        final StringWriter err = new StringWriter();
        assertEquals(ReplayMain.EXIT_CORRUPT, ReplayMain.run(new String[]{bad.toString()},
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true)));
        assertTrue(err.toString().contains("corrupt log at byte offset"), err.toString());
    }

    /**
     * Hostile payloads behind valid checksums: random bytes of random frames changed and every
     * checksum recomputed. The replayer must end in a result or a corrupt-log error, never any
     * other exception.
     */
    @Test
    void changedPayloadsWithValidChecksumsAreResultsOrCorruptLogErrorsNeverCrashes() throws Exception {
        final Random random = new Random(3);
        final java.util.List<int[]> frames = new java.util.ArrayList<>();
        final java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(log);
        for (int at = ReplayLogFormat.FILE_HEADER_BYTES; at < log.length; ) {
            final int length = b.getInt(at);
            frames.add(new int[]{at, length});
            at += ReplayLogFormat.FRAME_HEADER_BYTES + length;
        }
        int corrupt = 0;
        for (int trial = 0; trial < 300; trial++) {
            final byte[] bytes = log.clone();
            final java.nio.ByteBuffer out = java.nio.ByteBuffer.wrap(bytes);
            for (int change = 0; change < 1 + random.nextInt(3); change++) {
                final int[] f = frames.get(random.nextInt(frames.size()));
                if (f[1] == 0) {
                    continue;
                }
                final int payload = f[0] + ReplayLogFormat.FRAME_HEADER_BYTES;
                bytes[payload + random.nextInt(f[1])] = (byte) random.nextInt(256);
                final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
                crc.update(bytes[f[0] + 8] & 0xFF);
                crc.update(bytes, payload, f[1]);
                out.putInt(f[0] + 4, (int) crc.getValue());
            }
            try {
                new Replayer(LogReader.of(bytes), GameCatalog.load()).run(Long.MAX_VALUE);
            } catch (CorruptLogException e) {
                corrupt++;
            } catch (Replayer.SetupException e) {
                // A header changed into another game, options or schema: refused before any tick.
            }
        }
        assertTrue(corrupt > 0, "some changes must be caught as corrupt");
    }

    @Test
    void notALogAndAnotherVersionAreCorruptAndUsageErrorsAreTwo() throws Exception {
        final byte[] other = log.clone();
        other[7] = 9;
        final CorruptLogException e = assertThrows(CorruptLogException.class, () -> LogReader.of(other));
        assertTrue(e.getMessage().contains("version 9"), e.getMessage());
        assertNotNull(assertThrows(CorruptLogException.class, () -> LogReader.of("hello, world".getBytes())));
        assertEquals(ReplayMain.EXIT_USAGE, ReplayMain.run(new String[]{}, new PrintWriter(new StringWriter(), true),
                new PrintWriter(new StringWriter(), true)));
        assertEquals(ReplayMain.EXIT_USAGE, ReplayMain.run(new String[]{dir.resolve("missing.tfr").toString()},
                new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true)));
    }
}
