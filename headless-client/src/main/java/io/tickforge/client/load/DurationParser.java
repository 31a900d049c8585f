package io.tickforge.client.load;

import java.util.Locale;

/** Parses "10", "10s", "1.5s", "500ms", "2m" into seconds. Stateless; any thread. */
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
            } else {
                value = Double.parseDouble(t);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (e.g. 30, 30s, 500ms, 2m)");
        }
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("duration must be a finite number >= 0: '" + text + "'");
        }
        return value;
    }
}
