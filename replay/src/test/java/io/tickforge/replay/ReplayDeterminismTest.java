package io.tickforge.replay;

import io.tickforge.server.gameapi.GameCatalog;
import io.tickforge.server.replaylog.RecordingSettings;
import io.tickforge.shared.world.InputLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 part 2: a session recorded through the real {@code GameSession} (lossy, late and
 * repeated inputs, joins, a leave, a drop and reconnect, lag compensation on) replays with every
 * world hash matching; one input bit flipped in the log (its frame's checksum made valid again) is
 * reported at exactly the tick where the world first diverges, with the entity that differs.
 */
class ReplayDeterminismTest {
    private static final int TICKS = 900;

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void arenaSessionReplaysWithEveryHashMatching() throws Exception {
        final RecordedSessions.Recorded rec = RecordedSessions.record("arena", Map.of("npcs", "200"), TICKS, 42,
                RecordingSettings.of(dir).withHashEveryTicks(1).withWorldEveryHashes(60));
        assertEquals(TICKS, rec.ticksRecorded());
        assertEquals(0, rec.ticksLost());
        final Replayer.Result r = new Replayer(LogReader.open(rec.log()), GameCatalog.load()).run(Long.MAX_VALUE);
        assertEquals(Replayer.Outcome.VERIFIED, r.outcome(), r.divergence() + " " + r.entityDiff());
        assertEquals(TICKS, r.ticksReplayed());
        assertEquals(TICKS, r.hashesVerified());
        assertTrue(r.cleanEnd(), r.stop());
        assertEquals(0, r.gameErrors(), r.firstGameError());

        final StringWriter out = new StringWriter();
        assertEquals(ReplayMain.EXIT_VERIFIED, ReplayMain.run(new String[]{rec.log().toString()},
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true)), out.toString());
        assertTrue(out.toString().contains("VERIFIED"), out.toString());
    }

    @Test
    @Timeout(60)
    void aFlippedInputBitIsReportedAtTheTickTheWorldDiverges() throws Exception {
        final RecordedSessions.Recorded rec = RecordedSessions.record("arena", Map.of("npcs", "50"), 600, 7,
                RecordingSettings.of(dir).withHashEveryTicks(1).withWorldEveryHashes(1));
        final InputLayout layout = GameCatalog.load().find("arena").create(new io.tickforge.server.gameapi.GameSetup(1,
                60, 8, io.tickforge.server.gameapi.GameOptions.resolve(GameCatalog.load().find("arena"), Map.of())))
                .describe().inputLimits().layout();
        // Lane 0: movement on x. At tick 100 every bot is alive (nobody can have taken enough hits).
        final LogSurgery.Flip flip = LogSurgery.flipInputBit(Files.readAllBytes(rec.log()), 100, 0, layout);
        final Path flipped = dir.resolve("flipped.tfr");
        Files.write(flipped, flip.log());

        final Replayer.Result r = new Replayer(LogReader.open(flipped), GameCatalog.load()).run(Long.MAX_VALUE);
        assertEquals(Replayer.Outcome.DIVERGED, r.outcome());
        assertEquals(flip.tick(), r.divergedAtTick(), r.divergence());
        assertEquals(flip.tick(), r.diffTick());
        assertFalse(r.entityDiff().isEmpty());
        assertTrue(r.entityDiff().get(0).startsWith("entity " + flip.slot() + " "), r.entityDiff().toString());

        final StringWriter out = new StringWriter();
        assertEquals(ReplayMain.EXIT_DIVERGED, ReplayMain.run(new String[]{flipped.toString()},
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true)));
        assertTrue(out.toString().contains("DIVERGED at tick " + flip.tick()), out.toString());
    }

    @Test
    @Timeout(60)
    void zoneSessionReplaysAndAFlippedBitDiverges() throws Exception {
        final RecordedSessions.Recorded rec = RecordedSessions.record("zone", Map.of(), 600, 11,
                RecordingSettings.of(dir).withHashEveryTicks(1).withWorldEveryHashes(1));
        final Replayer.Result r = new Replayer(LogReader.open(rec.log()), GameCatalog.load()).run(Long.MAX_VALUE);
        assertEquals(Replayer.Outcome.VERIFIED, r.outcome(), r.divergence() + " " + r.entityDiff());
        assertEquals(600, r.hashesVerified());

        final InputLayout layout = GameCatalog.load().find("zone").create(new io.tickforge.server.gameapi.GameSetup(1,
                60, 8, io.tickforge.server.gameapi.GameOptions.resolve(GameCatalog.load().find("zone"), Map.of())))
                .describe().inputLimits().layout();
        final LogSurgery.Flip flip = LogSurgery.flipInputBit(Files.readAllBytes(rec.log()), 100, 0, layout);
        final Path flipped = dir.resolve("flipped.tfr");
        Files.write(flipped, flip.log());
        final Replayer.Result d = new Replayer(LogReader.open(flipped), GameCatalog.load()).run(Long.MAX_VALUE);
        assertEquals(Replayer.Outcome.DIVERGED, d.outcome());
        assertEquals(flip.tick(), d.divergedAtTick(), d.divergence());
    }

    @Test
    @Timeout(60)
    void untilDumpPrintsTheWorldAtThatTick() throws Exception {
        final RecordedSessions.Recorded rec = RecordedSessions.record("arena", Map.of("npcs", "4"), 200, 3,
                RecordingSettings.of(dir));
        final StringWriter out = new StringWriter();
        assertEquals(ReplayMain.EXIT_VERIFIED, ReplayMain.run(new String[]{rec.log().toString(), "--until", "120", "--dump"},
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true)), out.toString());
        assertTrue(out.toString().contains("world at tick 120,"), out.toString());
        assertTrue(out.toString().contains("stopped before tick 121"), out.toString());
    }
}
