package io.tickforge.server.gameapi;

import java.util.Locale;

/**
 * One option a game declares ({@link GameProvider#options()}): its key, default, one-line
 * description and check. Values travel as text ({@code --game-option KEY=VALUE}, the config
 * file's {@code [game]} section) and are checked once, before the session starts, by
 * {@link GameOptions#resolve}. Immutable; any thread.
 */
public final class GameOption {
    /** What values an option takes. */
    public enum Type { INTEGER, BOOLEAN, TEXT }

    private final String key;
    private final Type type;
    private final String defaultValue;
    private final long min;
    private final long max;
    private final String description;

    private GameOption(String key, Type type, String defaultValue, long min, long max, String description) {
        if (key == null || !key.matches("[a-z][a-z0-9-]{0,31}")) {
            throw new IllegalArgumentException("option key must be lower-case letters, digits or '-', starting with a letter: " + key);
        }
        if (description == null || description.contains("\n")) {
            throw new IllegalArgumentException("option " + key + " needs a one-line description");
        }
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
        this.description = description;
        final String error = check(defaultValue);
        if (error != null) {
            throw new IllegalArgumentException("option " + key + ": bad default: " + error);
        }
    }

    /** A whole number in {@code min..max}. */
    public static GameOption integer(String key, long defaultValue, long min, long max, String description) {
        if (min > max) {
            throw new IllegalArgumentException("option " + key + ": min > max");
        }
        return new GameOption(key, Type.INTEGER, Long.toString(defaultValue), min, max, description);
    }

    /** {@code true} or {@code false}. */
    public static GameOption bool(String key, boolean defaultValue, String description) {
        return new GameOption(key, Type.BOOLEAN, Boolean.toString(defaultValue), 0, 0, description);
    }

    /** Any text up to 256 characters. */
    public static GameOption text(String key, String defaultValue, String description) {
        return new GameOption(key, Type.TEXT, defaultValue, 0, 256, description);
    }

    public String key() {
        return key;
    }

    public Type type() {
        return type;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** What values are allowed, for messages and listings: "integer 0..65536", "true|false", "text". */
    public String allowed() {
        return switch (type) {
            case INTEGER -> "integer " + min + ".." + max;
            case BOOLEAN -> "true|false";
            case TEXT -> "text of at most " + max + " characters";
        };
    }

    /** Null when {@code value} is valid, else why not (one line, without the key). */
    public String check(String value) {
        if (value == null) {
            return "no value";
        }
        switch (type) {
            case INTEGER -> {
                final long v;
                try {
                    v = Long.parseLong(value.trim());
                } catch (NumberFormatException e) {
                    return "'" + value + "' is not an " + allowed();
                }
                return v < min || v > max ? "'" + value + "' is not an " + allowed() : null;
            }
            case BOOLEAN -> {
                final String v = value.trim().toLowerCase(Locale.ROOT);
                return v.equals("true") || v.equals("false") ? null : "'" + value + "' is not true|false";
            }
            default -> {
                return value.length() > max ? "longer than " + max + " characters" : null;
            }
        }
    }

    @Override
    public String toString() {
        return key + " (" + allowed() + ", default " + defaultValue + "): " + description;
    }
}
