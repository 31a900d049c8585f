package io.tickforge.client.net;

import com.esotericsoftware.minlog.Log;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Routes KryoNet's minlog output to SLF4J (logger "kryonet"): KryoNet would otherwise print an
 * INFO line per connect to stdout, hundreds of them in a load run. INFO becomes DEBUG, WARN and
 * ERROR stay WARN. Process-wide (minlog is static); the load runner installs it once. An embedding
 * game may skip it and keep its own minlog setup.
 */
public final class MinlogToSlf4j {
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();
    private static final Logger LOG = LoggerFactory.getLogger("kryonet");

    private MinlogToSlf4j() {
    }

    public static void install() {
        if (!INSTALLED.compareAndSet(false, true)) {
            return;
        }
        Log.setLogger(new Log.Logger() {
            @Override
            public void log(int level, String category, String message, Throwable ex) {
                if (level >= Log.LEVEL_WARN) {
                    LOG.warn("[{}] {}{}", category, message, ex == null ? "" : ": " + ex);
                } else if (level == Log.LEVEL_INFO) {
                    LOG.debug("[{}] {}", category, message);
                } else {
                    LOG.trace("[{}] {}", category, message, ex);
                }
            }
        });
    }
}
