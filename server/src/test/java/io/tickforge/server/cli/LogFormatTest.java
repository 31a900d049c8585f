package io.tickforge.server.cli;

import io.tickforge.shared.log.LogFormat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogFormatTest {
    @Test
    void formatsAreTextOrJson() {
        assertEquals("text", LogFormat.parse(null));
        assertEquals("json", LogFormat.parse(" JSON "));
        assertThrows(IllegalArgumentException.class, () -> LogFormat.parse("xml"));
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        String[] args = {"--log-format", "xml"};
        CommandLine cli = ServerMain.commandLine(args, Map.of());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(2, cli.execute(args));
        assertEquals("--log-format must be text or json, not 'xml'", err.toString().strip());
    }

    /** A fresh JVM (logging is configured once per process): every line it logs is one JSON object. */
    @Test
    @Timeout(60)
    void jsonLogsAreOneObjectPerLine() throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ServerMain.class.getName(),
                "--log-format", "json", "--tcp-port", "0", "--udp-port", "0", "--bind", "127.0.0.1", "--npcs", "0",
                "--duration", "1", "--drain-timeout", "0");
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), out);
        ObjectMapper json = new ObjectMapper();
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        assertTrue(lines.size() >= 3, out);
        for (String line : lines) {
            JsonNode event = json.readTree(line);
            assertTrue(event.hasNonNull("@timestamp") && event.hasNonNull("level") && event.hasNonNull("message")
                    && event.hasNonNull("logger_name"), line);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("session 1 up")), out);
    }
}
