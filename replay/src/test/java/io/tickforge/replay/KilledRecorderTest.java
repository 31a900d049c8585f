package io.tickforge.replay;

import io.tickforge.server.cli.ServerMain;
import io.tickforge.server.gameapi.GameCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kill -9} of a recording server: the real server in its own JVM ({@code ServerMain
 * --record}, ephemeral loopback ports) is killed without warning once its log has grown, and the
 * log replays cleanly up to its last complete frame, saying the recorder did not close.
 */
class KilledRecorderTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void aLogOfAKilledServerReplaysUpToItsLastCompleteFrame() throws Exception {
        final String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        final Path recordings = dir.resolve("rec");
        final Process server = new ProcessBuilder(List.of(java.toString(), "-cp", classpath, ServerMain.class.getName(),
                "--bind", "127.0.0.1", "--tcp-port", "0", "--udp-port", "0", "--npcs", "50",
                "--record", recordings.toString(), "--record-hash-every", "6", "--record-world-every", "5"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.out").toFile()).start();
        Path log = null;
        try {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (System.nanoTime() < deadline) {
                log = newestLog(recordings);
                // A couple of seconds of ticks: several writes of the writer thread.
                if (log != null && Files.size(log) > 12_000) {
                    break;
                }
                Thread.sleep(100);
            }
            assertTrue(log != null && Files.size(log) > 12_000, "the server recorded: " + Files.readString(dir.resolve("server.out")));
        } finally {
            server.destroyForcibly(); // SIGKILL: no shutdown hook, no END frame
            assertTrue(server.waitFor(20, TimeUnit.SECONDS));
        }
        assertEquals(137, server.exitValue(), "killed by SIGKILL");
        final Replayer.Result r = new Replayer(LogReader.open(log), GameCatalog.load()).run(Long.MAX_VALUE);
        assertEquals(Replayer.Outcome.VERIFIED, r.outcome(), r.divergence());
        assertFalse(r.cleanEnd());
        assertTrue(r.stop().contains("without an END frame") || r.stop().contains("torn last frame"), r.stop());
        assertTrue(r.ticksReplayed() > 60 && r.hashesVerified() > 10, r.ticksReplayed() + " ticks, " + r.hashesVerified() + " hashes");
    }

    private static Path newestLog(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tfr")).findFirst().orElse(null);
        }
    }
}
