package io.tickforge.server.admin;

import io.tickforge.server.tick.TickEvent;
import jdk.jfr.Configuration;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code --jfr FILE}: a flight recording with the JDK's "default" settings plus the shipped
 * {@code tickforge.jfc} (which enables {@link TickEvent}), written to FILE when stopped. Main thread.
 */
public final class JfrRecording implements AutoCloseable {
    /** Classpath resource of the shipped settings. */
    public static final String SETTINGS_RESOURCE = "tickforge.jfc";

    private final Recording recording;
    private final Path file;

    private JfrRecording(Recording recording, Path file) {
        this.recording = recording;
        this.file = file;
    }

    /** The shipped settings merged over the JDK's default ones. */
    public static Map<String, String> settings() throws IOException {
        final Map<String, String> settings = new HashMap<>();
        try {
            settings.putAll(Configuration.getConfiguration("default").getSettings());
        } catch (ParseException e) {
            throw new IOException("cannot read the JDK's default JFR settings: " + e.getMessage(), e);
        }
        try (InputStream in = JfrRecording.class.getClassLoader().getResourceAsStream(SETTINGS_RESOURCE)) {
            if (in == null) {
                throw new IOException(SETTINGS_RESOURCE + " is missing from the jar");
            }
            settings.putAll(Configuration.create(new InputStreamReader(in, StandardCharsets.UTF_8)).getSettings());
        } catch (ParseException e) {
            throw new IOException("bad " + SETTINGS_RESOURCE + ": " + e.getMessage(), e);
        }
        return settings;
    }

    /** Starts recording now; the file is written by {@link #close()}. */
    public static JfrRecording start(Path file) throws IOException {
        if (!FlightRecorder.isAvailable()) {
            throw new IOException("JFR is not available in this JVM");
        }
        FlightRecorder.register(TickEvent.class);
        final Recording recording = new Recording(settings());
        recording.setName("tickforge");
        recording.setToDisk(true);
        recording.setDestination(file);
        recording.start();
        return new JfrRecording(recording, file);
    }

    public Path file() {
        return file;
    }

    /** Stops the recording and writes the file. */
    @Override
    public void close() {
        recording.stop();
        recording.close();
    }
}
