package io.tickforge.server.admin;

import io.tickforge.server.tick.TickEvent;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The io.tickforge.Tick JFR event: off unless enabled, one per tick with the tick's figures when on. */
class TickEventRecordingTest {

    private static List<RecordedEvent> tickEvents(Path file) throws Exception {
        return RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals(TickEvent.NAME)).collect(Collectors.toList());
    }

    @Test
    void theShippedSettingsRecordOneEventPerTick(@TempDir Path dir) throws Exception {
        ManualSession s = new ManualSession(60, 4, 20, 200, 1_000_000_000L);
        s.join("alice");
        s.join("bob");
        s.tick();
        Path file = dir.resolve("ticks.jfr");
        try (Recording recording = new Recording(JfrRecording.settings())) {
            recording.start();
            for (int i = 0; i < 30; i++) {
                s.tick();
            }
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = tickEvents(file);
        assertEquals(30, events.size());
        for (int i = 0; i < events.size(); i++) {
            RecordedEvent e = events.get(i);
            assertEquals(i + 1, e.getLong("tick"), "ticks 1..30, in order");
            assertEquals(1, e.getInt("session"));
            assertEquals(2, e.getInt("players"));
            assertEquals(2 * 200, e.getLong("bytesOut"), "two 200-byte snapshots per tick");
            assertEquals(0, e.getLong("latenessNs"), "manual clock: every tick starts at its deadline");
            assertTrue(e.getLong("durationNs") >= 0);
            assertTrue(e.getLong("inputsNs") >= 0 && e.getLong("simulationNs") >= 0 && e.getLong("replicationNs") >= 0);
        }
    }

    @Test
    void aRecordingWithoutTheSettingsHasNoTickEvents(@TempDir Path dir) throws Exception {
        ManualSession s = new ManualSession(60, 4, 20, 200, 1_000_000_000L);
        s.join("alice");
        Path file = dir.resolve("default.jfr");
        try (Recording recording = new Recording(jdk.jfr.Configuration.getConfiguration("default"))) {
            recording.start();
            for (int i = 0; i < 30; i++) {
                s.tick();
            }
            recording.stop();
            recording.dump(file);
        }
        assertEquals(0, tickEvents(file).size(), "@Enabled(false): only our settings turn it on");
    }

    @Test
    void jfrOptionWritesTheFileOnClose(@TempDir Path dir) throws Exception {
        ManualSession s = new ManualSession(60, 4, 20, 200, 1_000_000_000L);
        Path file = dir.resolve("option.jfr");
        JfrRecording recording = JfrRecording.start(file);
        for (int i = 0; i < 10; i++) {
            s.tick();
        }
        recording.close();
        assertEquals(10, tickEvents(file).size());
        assertTrue(RecordingFile.readAllEvents(file).stream().anyMatch(e -> e.getEventType().getName().equals("jdk.CPULoad")
                || e.getEventType().getName().equals("jdk.GarbageCollection") || e.getEventType().getName().equals("jdk.JVMInformation")),
                "the JDK's default events are recorded too");
    }
}
