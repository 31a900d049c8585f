package io.tickforge.client.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real GC logs (the first lines of each), written by
 * {@code -Xlog:gc,gc+phases,safepoint:file=...:time,uptime,level,tags} on JDK 17 and JDK 25
 * (the Shenandoah one: its first two cycles and a later degenerated collection).
 */
class GcLogSummaryTest {
    private static final double ALL_FROM = Double.NEGATIVE_INFINITY;
    private static final double ALL_TO = Double.POSITIVE_INFINITY;

    private static List<String> log(String name) throws IOException {
        try (InputStream in = GcLogSummaryTest.class.getResourceAsStream("/gc/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static double epoch(String time) {
        OffsetDateTime t = OffsetDateTime.parse(time);
        return t.toEpochSecond() + t.getNano() / 1e9;
    }

    @Test
    void serialPausesInAndOutOfTheWindow() throws IOException {
        // Window 05:53:24.300 .. 05:53:24.412 holds GC(1) 8.338 ms, GC(2) 2.567 ms, GC(3) 0.980 ms,
        // but not GC(0) (78.891 ms at 24.106) nor GC(4) (24.417).
        GcLogSummary.Summary s = GcLogSummary.summarize(log("jdk17-serial.log"),
                epoch("2026-12-02T05:53:24.300Z"), epoch("2026-12-02T05:53:24.412Z"));
        assertEquals("Serial", s.collector());
        assertEquals(3, s.gcInWindow().count());
        assertEquals(8.338, s.gcInWindow().longest().ms(), 1e-9);
        assertEquals(8.338 + 2.567 + 0.980, s.gcInWindow().totalMs(), 1e-9);
        assertTrue(s.gcInWindow().longest().what().startsWith("GC(1) Pause Young (Allocation Failure)"));
        assertEquals(5, s.gcWholeLog().count());
        assertEquals(78.891, s.gcWholeLog().longest().ms(), 1e-9);
        assertEquals(1.709, s.firstGcPause().uptimeS(), 1e-9);
        // Safepoints, request to end: 8 512 258 ns is GC(1)'s, a little over the GC's own 8.338 ms.
        assertEquals(3, s.safepointsInWindow().count());
        assertEquals(8.512258, s.safepointsInWindow().longest().ms(), 1e-9);
        assertEquals("GenCollectForAllocation", s.safepointsInWindow().longest().what());
        assertEquals(6, s.safepointsWholeLog().count(), "the non-GC 'Cleanup' safepoint counts too");
        assertEquals(85.539682, s.safepointsWholeLog().longest().ms(), 1e-9);
    }

    @Test
    void g1PhaseLinesAreNotPauses() throws IOException {
        GcLogSummary.Summary s = GcLogSummary.summarize(log("jdk17-g1.log"), ALL_FROM, ALL_TO);
        assertEquals("G1", s.collector());
        assertEquals(3, s.gcWholeLog().count(), "3 'Pause Young' lines; 'Evacuate Collection Set: 13.2ms' is not one");
        assertEquals(13.997, s.gcWholeLog().longest().ms(), 1e-9);
        assertEquals(13.997 + 7.415 + 8.117, s.gcInWindow().totalMs(), 1e-9, "an open window is the whole log");
    }

    @Test
    void zgcPausesComeFromThePhaseLinesAndTheSafepointsTellTheWholeStop() throws IOException {
        GcLogSummary.Summary s = GcLogSummary.summarize(log("jdk17-zgc.log"), ALL_FROM, ALL_TO);
        assertEquals("ZGC", s.collector());
        assertEquals(4, s.gcWholeLog().count(), "mark start, mark end, relocate start, next mark start");
        assertEquals(0.015, s.gcWholeLog().longest().ms(), 1e-9);
        assertTrue(s.gcWholeLog().longest().what().contains("Pause Relocate Start"));
        // The ZMarkStart safepoint took 4.2 ms end to end against the GC's own 0.009 ms, and a
        // non-GC safepoint (class loader data cleanup) stopped the JVM for 113 ms.
        assertEquals(112.930625, s.safepointsWholeLog().longest().ms(), 1e-9);
        assertEquals("CleanClassLoaderDataMetaspaces", s.safepointsWholeLog().longest().what());
    }

    @Test
    void shenandoahPausesIncludeADegeneratedCollection() throws IOException {
        // JDK 17's Shenandoah: four short pauses per cycle, and when the application outruns the
        // concurrent cycle (a 32 MB heap here) a "Pause Degenerated GC", stop-the-world, which
        // must count like any other pause.
        GcLogSummary.Summary s = GcLogSummary.summarize(log("jdk17-shenandoah.log"), ALL_FROM, ALL_TO);
        assertEquals("Shenandoah", s.collector());
        assertEquals(9, s.gcWholeLog().count(), "4 pauses in each of GC(0) and GC(1), then the degenerated GC(18)");
        assertEquals(10.494, s.gcWholeLog().longest().ms(), 1e-9);
        assertTrue(s.gcWholeLog().longest().what().startsWith("GC(18) Pause Degenerated GC"));
        assertEquals(0.010 + 0.031 + 0.005 + 0.008 + 0.008 + 0.029 + 0.005 + 0.009 + 10.494,
                s.gcWholeLog().totalMs(), 1e-9);
        assertEquals(10, s.safepointsWholeLog().count());
        assertEquals(10.581503, s.safepointsWholeLog().longest().ms(), 1e-9);
        assertEquals("ShenandoahDegeneratedGC", s.safepointsWholeLog().longest().what());
    }

    @Test
    void generationalZgcOnJdk25IsNamedAsSuch() throws IOException {
        GcLogSummary.Summary s = GcLogSummary.summarize(log("jdk25-zgc.log"), ALL_FROM, ALL_TO);
        assertEquals("ZGC (generational)", s.collector());
        assertEquals(3, s.gcWholeLog().count());
        assertEquals(0.050, s.gcWholeLog().longest().ms(), 1e-9);
        assertTrue(s.gcWholeLog().longest().what().startsWith("GC(0) Y: Pause Mark Start (Major)"));
        assertEquals(3.277358, s.safepointsWholeLog().longest().ms(), 1e-9);
    }

    @Test
    void jsonAndLineCarryTheGoal() throws IOException {
        double from = epoch("2026-12-02T05:53:24.300Z");
        double to = epoch("2026-12-02T05:53:24.412Z");
        GcLogSummary.Summary s = GcLogSummary.summarize(log("jdk17-serial.log"), from, to);
        var json = GcLogSummary.toJson(s, from, to, 5.0);
        assertEquals("Serial", json.at("/collector").asText());
        assertEquals(3, json.at("/gcPauses/count").asInt());
        assertEquals(8.338, json.at("/gcPauses/longestMs").asDouble(), 1e-9);
        assertEquals(78.891, json.at("/wholeLog/gcPauses/longestMs").asDouble(), 1e-9);
        assertEquals(from, json.at("/window/fromEpochS").asDouble(), 1e-6);
        assertFalse(json.at("/goalMet").asBoolean(), "8.338 ms > 5 ms");
        String line = GcLogSummary.line(s, 5.0);
        assertTrue(line.startsWith("gc: Serial | measured window: 3 GC pauses, longest 8.338 ms (GC(1) Pause Young"), line);
        assertTrue(line.contains("(goal: no GC pause over 5 ms: MISSED)"), line);
        assertTrue(line.contains("| whole run: 5 GC pauses, longest 78.891 ms"), line);

        GcLogSummary.Summary quiet = GcLogSummary.summarize(log("jdk17-serial.log"), 0, 1);
        assertTrue(GcLogSummary.toJson(quiet, 0, 1, 5.0).at("/goalMet").asBoolean(), "no pause in the window");
        assertTrue(GcLogSummary.toJson(quiet, 0, 1, 5.0).at("/gcPauses/longestMs").isNull());
        assertTrue(GcLogSummary.line(quiet, 5.0).contains("measured window: no GC pause, no safepoint (goal"));
    }

    @Test
    void linesWithoutWallTimeCountOnlyForTheWholeLogAndGarbageIsIgnored() {
        GcLogSummary.Summary s = GcLogSummary.summarize(List.of(
                "[0.010s][info][gc] Using Parallel",
                "[1.000s][info][gc] GC(0) Pause Full (System.gc()) 10M->2M(64M) 12.5ms",
                "not a log line",
                "[1.5s][info][gc] GC(1) Pause Young but no duration",
                ""), 0, Double.MAX_VALUE);
        assertEquals("Parallel", s.collector());
        assertEquals(1, s.gcWholeLog().count());
        assertEquals(12.5, s.gcWholeLog().longest().ms(), 1e-9);
        assertEquals(0, s.gcInWindow().count(), "no wall time, no place in the window");
        assertNull(s.safepointsWholeLog().longest());
    }

    @Test
    void commandLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("server-gc.log");
        Files.write(file, log("jdk17-g1.log"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, GcLogSummary.run(new String[] {file.toString(), "--goal-ms", "5"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err)));
        JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals("G1", json.at("/collector").asText());
        assertTrue(json.at("/window").isNull());
        assertFalse(json.at("/goalMet").asBoolean());
        assertEquals(2, GcLogSummary.run(new String[0], new PrintStream(out), new PrintStream(err)));
        assertEquals(2, GcLogSummary.run(new String[] {file.toString(), "--from", "soon"}, new PrintStream(out), new PrintStream(err)));
        assertEquals(2, GcLogSummary.run(new String[] {file.toString(), "--to"}, new PrintStream(out), new PrintStream(err)));
        assertEquals(1, GcLogSummary.run(new String[] {dir.resolve("none.log").toString()}, new PrintStream(out), new PrintStream(err)));
    }
}
