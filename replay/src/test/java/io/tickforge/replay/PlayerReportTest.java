package io.tickforge.replay;

import io.tickforge.server.gameapi.GameCatalog;
import io.tickforge.server.replaylog.RecordingSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --bots-report}: the per player figures recomputed from a recorded session (the lossy
 * fixture of {@link RecordedSessions}: six bots joining every 9 ticks, 15% of packets lost, a fifth
 * late, bot2 leaving half way, bot3 dropping and reconnecting) agree with what the fixture did.
 */
class PlayerReportTest {
    private static final int TICKS = 600;

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void figuresFollowTheRecordedSession() throws Exception {
        final RecordedSessions.Recorded rec = RecordedSessions.record("arena", Map.of("npcs", "20"), TICKS, 11L,
                RecordingSettings.of(dir));
        final Replayer replayer = new Replayer(LogReader.open(rec.log()), GameCatalog.load());
        replayer.enablePlayerReport();
        assertEquals(Replayer.Outcome.VERIFIED, replayer.run(Long.MAX_VALUE).outcome());
        final List<PlayerReport.Stay> stays = replayer.playerReport().stays();

        assertEquals(6, stays.size(), "six bots joined once each (a reconnect keeps its stay)");
        long filled = 0;
        for (int b = 0; b < stays.size(); b++) {
            final PlayerReport.Stay s = stays.get(b);
            assertEquals("bot" + b, s.name);
            // The fixture joins bot b at tick 9b; the session applies it at that tick's boundary.
            assertTrue(s.joinedTick >= 9L * b && s.joinedTick <= 9L * b + 1, s.name + " joined at " + s.joinedTick);
            final long until = s.leftTick < 0 ? TICKS : s.leftTick;
            assertEquals(until - s.joinedTick, s.ticks, s.name + ": one input per tick in the game");
            assertEquals(s.ticks, s.received + s.filled, s.name);
            assertEquals(s.ticks, s.ticksSeen, s.name + ": its entity is in every world while it plays");
            assertTrue(s.received > s.ticks / 2, s.name + ": most inputs arrive (redundant copies): " + s.received);
            assertTrue(s.maxLag <= 19, s.name + ": the fixture reports render lags of 0..19 ticks, got " + s.maxLag);
            assertTrue(s.distanceUnits > 0, s.name + " moved");
            filled += s.filled;
        }
        assertTrue(filled > 0, "a fixture that loses 15% of its packets has ticks the session filled in");
        assertEquals(TICKS / 2, stays.get(2).leftTick, 1.0, "bot2 leaves half way");
        assertEquals(-1, stays.get(0).leftTick, "the others play to the end of the log");

        final StringWriter out = new StringWriter();
        assertEquals(ReplayMain.EXIT_VERIFIED, ReplayMain.run(new String[]{rec.log().toString(), "--bots-report"},
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true)));
        final String text = out.toString();
        assertTrue(text.contains("players (--bots-report): 6 stay(s)"), text);
        for (int b = 0; b < 6; b++) {
            assertTrue(text.contains(" bot" + b + " "), text);
        }
    }
}
