package io.tickforge.shared.log;

import com.esotericsoftware.minlog.Log;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one route from KryoNet's (and Kryo's) minlog to SLF4J, logger "kryonet", for server and
 * clients. KryoNet logs an ERROR with a stack trace for every connection it closes on a bad frame
 * and an INFO line per connect, so a hostile peer or a load run could otherwise fill the log:
 * WARN/ERROR go through one {@link DistinctErrorLog} (first occurrence of each kind with its
 * stack, then counted; {@link #logRepeats()} reports the counts), INFO becomes DEBUG, the rest
 * TRACE. Process-wide (minlog is static); installed once. An embedding game may skip it.
 */
public final class MinlogBridge {
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();
    private static final Logger LOG = LoggerFactory.getLogger("kryonet");
    private static final DistinctErrorLog WARNINGS = new DistinctErrorLog(LOG);

    private MinlogBridge() {
    }

    public static void install() {
        if (!INSTALLED.compareAndSet(false, true)) {
            return;
        }
        Log.setLogger(new Log.Logger() {
            @Override
            public void log(int level, String category, String message, Throwable ex) {
                if (level >= Log.LEVEL_WARN) {
                    // Keyed by category and cause, not by the message (it names the connection).
                    WARNINGS.record("[" + category + "] KryoNet " + (level >= Log.LEVEL_ERROR ? "error" : "warning"),
                            message, ex);
                } else if (level == Log.LEVEL_INFO) {
                    LOG.debug("[{}] {}", category, message);
                } else {
                    LOG.trace("[{}] {}", category, message, ex);
                }
            }
        });
    }

    /** One line with the KryoNet warnings repeated since the last call (housekeeping loops call it). */
    public static void logRepeats() {
        WARNINGS.logRepeats();
    }
}
