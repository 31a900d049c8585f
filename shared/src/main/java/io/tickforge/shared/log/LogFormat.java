package io.tickforge.shared.log;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.LoggerFactory;

import java.net.URL;
import java.util.Locale;

/**
 * {@code --log-format}: {@code text} (the default, Logback's logback.xml in the runnable jar) or
 * {@code json} (one JSON object per line through logstash-logback-encoder, for log shippers).
 * Shared by the server's and the bots' command lines; each runnable jar ships its own
 * {@value #JSON_CONFIG}. Logback is an optional dependency, so only this class touches it. Main
 * thread, before anything else logs.
 */
public final class LogFormat {
    public static final String TEXT = "text";
    public static final String JSON = "json";
    /** Not named logback*.xml, so Logback never loads it by itself. */
    public static final String JSON_CONFIG = "tickforge-logback-json.xml";

    private LogFormat() {
    }

    /** The normalized format, or an IllegalArgumentException naming the choices. */
    public static String parse(String value) {
        String v = value == null ? TEXT : value.trim().toLowerCase(Locale.ROOT);
        if (!v.equals(TEXT) && !v.equals(JSON)) {
            throw new IllegalArgumentException("--log-format must be text or json, not '" + value + "'");
        }
        return v;
    }

    /**
     * Switches the logging to {@code format}; for text nothing changes. Fails with an
     * IllegalStateException when JSON was asked for but Logback (or its JSON encoder) is not what
     * SLF4J logs through, e.g. when this class runs embedded in another application.
     */
    public static void apply(String format) {
        if (!JSON.equals(format)) {
            return;
        }
        URL config = LogFormat.class.getClassLoader().getResource(JSON_CONFIG);
        try {
            if (config == null || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
                throw new IllegalStateException("--log-format json needs Logback as the SLF4J backend");
            }
            Class.forName("net.logstash.logback.encoder.LogstashEncoder", false, LogFormat.class.getClassLoader());
            context.reset();
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(config);
        } catch (LinkageError | ClassNotFoundException e) {
            throw new IllegalStateException("--log-format json needs Logback and logstash-logback-encoder on the class path");
        } catch (JoranException e) {
            throw new IllegalStateException("--log-format json: cannot load " + JSON_CONFIG + ": " + e.getMessage(), e);
        }
    }
}
