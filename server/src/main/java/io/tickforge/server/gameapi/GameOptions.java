package io.tickforge.server.gameapi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A game's options after {@link #resolve}: every declared key with its given or default value,
 * each checked. Immutable; any thread. Read them in {@link GameProvider#create}.
 */
public final class GameOptions {
    private final String game;
    private final Map<String, GameOption> declared;
    private final Map<String, String> values;

    private GameOptions(String game, Map<String, GameOption> declared, Map<String, String> values) {
        this.game = game;
        this.declared = declared;
        this.values = values;
    }

    /**
     * Checks {@code given} (key to text value) against the declarations of {@code game}, in key
     * order, and fills in the defaults.
     *
     * @throws IllegalArgumentException for the first unknown key or invalid value, naming the game,
     *                                  the key and what is allowed (one line, for the command line)
     */
    public static GameOptions resolve(String game, List<GameOption> declarations, Map<String, String> given) {
        final Map<String, GameOption> declared = new LinkedHashMap<>();
        for (GameOption option : declarations) {
            if (declared.put(option.key(), option) != null) {
                throw new IllegalArgumentException("game '" + game + "' declares option '" + option.key() + "' twice");
            }
        }
        for (Map.Entry<String, String> e : new TreeMap<>(given).entrySet()) {
            final GameOption option = declared.get(e.getKey());
            if (option == null) {
                throw new IllegalArgumentException("game '" + game + "' has no option '" + e.getKey() + "' ("
                        + (declared.isEmpty() ? "it takes none" : "its options: " + String.join(", ", declared.keySet())) + ")");
            }
            final String error = option.check(e.getValue());
            if (error != null) {
                throw new IllegalArgumentException("game '" + game + "' option " + e.getKey() + ": " + error);
            }
        }
        final Map<String, String> values = new LinkedHashMap<>();
        for (GameOption option : declared.values()) {
            final String v = given.get(option.key());
            values.put(option.key(), v != null ? v.trim() : option.defaultValue());
        }
        return new GameOptions(game, Collections.unmodifiableMap(declared), Collections.unmodifiableMap(values));
    }

    /** {@link #resolve} with the provider's name and declarations. */
    public static GameOptions resolve(GameProvider provider, Map<String, String> given) {
        return resolve(provider.name(), provider.options(), given);
    }

    /** The value of an {@link GameOption.Type#INTEGER} option that fits an int. */
    public int intValue(String key) {
        return Math.toIntExact(longValue(key));
    }

    public long longValue(String key) {
        return Long.parseLong(value(key, GameOption.Type.INTEGER));
    }

    public boolean boolValue(String key) {
        return Boolean.parseBoolean(value(key, GameOption.Type.BOOLEAN).toLowerCase(Locale.ROOT));
    }

    public String text(String key) {
        return value(key, GameOption.Type.TEXT);
    }

    /** Every option with its value, in declaration order (for the start-up log line). */
    public Map<String, String> asMap() {
        return values;
    }

    private String value(String key, GameOption.Type type) {
        final GameOption option = declared.get(key);
        if (option == null || option.type() != type) {
            throw new IllegalArgumentException("game '" + game + "' declares no " + type.name().toLowerCase(Locale.ROOT)
                    + " option '" + key + "'");
        }
        return values.get(key);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
