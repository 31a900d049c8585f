package io.tickforge.server.net;

import com.esotericsoftware.minlog.Log;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Routes KryoNet's and Kryo's minlog output to SLF4J. KryoNet logs ERROR with a stack trace for
 * every connection it closes on a bad frame, so a hostile client could otherwise fill the log:
 * ERROR/WARN become rate-limited WARN lines (we count the causes ourselves), INFO becomes DEBUG.
 * Process-wide (minlog is static); installed once.
 */
final class MinlogBridge {
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();
    private static final Logger LOG = LoggerFactory.getLogger("kryonet");
    private static final RateLimitedLog WARNINGS = new RateLimitedLog(LOG, 10_000);

    private MinlogBridge() {
    }

    static void install() {
        if (!INSTALLED.compareAndSet(false, true)) {
            return;
        }
        Log.setLogger(new Log.Logger() {
            @Override
            public void log(int level, String category, String message, Throwable ex) {
                if (level >= Log.LEVEL_WARN) {
                    String cause = ex == null ? "" : ": " + ex + (ex.getCause() == null ? "" : " / " + ex.getCause());
                    WARNINGS.warn("[" + category + "] " + message + cause, null);
                } else if (level == Log.LEVEL_INFO) {
                    LOG.debug("[{}] {}", category, message);
                } else {
                    LOG.trace("[{}] {}", category, message, ex);
                }
            }
        });
    }
}
