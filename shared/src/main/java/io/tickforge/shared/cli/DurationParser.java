package io.tickforge.shared.cli;

import java.util.Locale;

/**
 * The one duration syntax of both command lines (server and bots): "10", "10s", "1.5s", "500ms",
 * "2m", "1h" into seconds. Stateless; any thread.
 */
public final class DurationParser {
    private DurationParser() {
    }

    public static double seconds(String text) {
        final String t = text.trim().toLowerCase(Locale.ROOT);
        final double value;
        try {
            if (t.endsWith("ms")) {
                value = Double.parseDouble(t.substring(0, t.length() - 2)) / 1000.0;
            } else if (t.endsWith("s")) {
                value = Double.parseDouble(t.substring(0, t.length() - 1));
            } else if (t.endsWith("m")) {
                value = Double.parseDouble(t.substring(0, t.length() - 1)) * 60.0;
            } else if (t.endsWith("h")) {
                value = Double.parseDouble(t.substring(0, t.length() - 1)) * 3600.0;
            } else {
                value = Double.parseDouble(t);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (e.g. 30, 30s, 500ms, 2m, 1h)");
        }
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("duration must be a finite number >= 0: '" + text + "'");
        }
        return value;
    }

    /** As {@link #seconds}, but the result must be a whole number of seconds. */
    public static long wholeSeconds(String text) {
        final double s = seconds(text);
        if (s != Math.rint(s) || s > Long.MAX_VALUE) {
            throw new IllegalArgumentException("not a whole number of seconds: '" + text + "' (try 90, 90s, 2m)");
        }
        return (long) s;
    }
}
