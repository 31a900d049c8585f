package io.tickforge.server.gameapi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The games on the class path, found by {@link ServiceLoader} ({@link GameProvider}), by name.
 * Immutable once loaded; any thread.
 */
public final class GameCatalog {
    /** The game the server and the bots host when none is named. */
    public static final String DEFAULT_GAME = "arena";

    private final List<GameProvider> games;

    private GameCatalog(List<GameProvider> games) {
        this.games = games;
    }

    /** Every {@link GameProvider} the class loader of this class sees. */
    public static GameCatalog load() {
        return load(GameCatalog.class.getClassLoader());
    }

    /**
     * Every {@link GameProvider} {@code loader} sees.
     *
     * @throws IllegalStateException when a provider cannot be loaded, has an invalid name or two share a name
     */
    public static GameCatalog load(ClassLoader loader) {
        final List<GameProvider> found = new ArrayList<>();
        try {
            for (GameProvider p : ServiceLoader.load(GameProvider.class, loader)) {
                found.add(p);
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("cannot load a game: " + e.getMessage(), e);
        }
        return of(found);
    }

    /** A catalog of exactly these games (tests, embedding). */
    public static GameCatalog of(List<GameProvider> providers) {
        final TreeMap<String, GameProvider> byName = new TreeMap<>();
        for (GameProvider p : providers) {
            if (!GameProvider.isValidName(p.name())) {
                throw new IllegalStateException("game " + p.getClass().getName() + " has an invalid name '" + p.name()
                        + "' (lower-case letters, digits and '-', starting with a letter)");
            }
            final GameProvider previous = byName.put(p.name(), p);
            if (previous != null) {
                throw new IllegalStateException("two games are named '" + p.name() + "': " + previous.getClass().getName()
                        + " and " + p.getClass().getName());
            }
        }
        return new GameCatalog(Collections.unmodifiableList(new ArrayList<>(byName.values())));
    }

    /** The games, sorted by name. */
    public List<GameProvider> games() {
        return games;
    }

    /** The names, sorted. */
    public List<String> names() {
        return games.stream().map(GameProvider::name).toList();
    }

    /**
     * The game named {@code name}.
     *
     * @throws IllegalArgumentException naming the available games when there is none by that name
     */
    public GameProvider find(String name) {
        for (GameProvider p : games) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown game '" + name + "'; available: "
                + (games.isEmpty() ? "none (no GameProvider on the class path)" : String.join(", ", names()))
                + " (--list-games)");
    }

    /**
     * One line per game for {@code --list-games}: the name, then the description, then its options
     * with their defaults ({@code ; options: npcs=1000 (integer 0..65536)}).
     */
    public List<String> listing() {
        int width = 0;
        for (GameProvider p : games) {
            width = Math.max(width, p.name().length());
        }
        final List<String> lines = new ArrayList<>();
        for (GameProvider p : games) {
            final StringBuilder b = new StringBuilder(p.name());
            b.append(" ".repeat(width - p.name().length() + 2)).append(p.description().replace('\n', ' '));
            String sep = "; options: ";
            for (GameOption o : p.options()) {
                b.append(sep).append(o.key()).append('=').append(o.defaultValue()).append(" (").append(o.allowed()).append(')');
                sep = ", ";
            }
            lines.add(b.toString());
        }
        return lines;
    }
}
