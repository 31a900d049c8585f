package io.tickforge.client.bot;

import io.tickforge.client.predict.PlayerMovement;
import io.tickforge.shared.schema.EntitySchema;
import io.tickforge.shared.schema.InputSchema;
import io.tickforge.shared.world.EntityLayout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The games the bots can play, found by {@link ServiceLoader} ({@link BotGame}), by name: each
 * game's schemas, movement, layout and behaviours, checked once when loaded. Every game also gets
 * the generic {@code idle} ({@link IdleBehaviour}) unless it names its own. Behaviour names are
 * matched ignoring case and surrounding blanks. Immutable once loaded; any thread.
 */
public final class BotGames {
    /** The game bots play when none is named, as the server's default. */
    public static final String DEFAULT_GAME = "arena";

    /** One game, checked: its behaviours by name (the game's own order, then {@code idle}) and aliases. */
    private record Entry(BotGame game, EntityLayout layout, Map<String, NamedBehaviour> behaviours,
                         Map<String, String> canonical, String defaultBehaviour) {
    }

    private static volatile BotGames installed;

    private final Map<String, Entry> games;

    private BotGames(Map<String, Entry> games) {
        this.games = games;
    }

    /**
     * The games on this class's class path, loaded on first use and kept.
     *
     * @throws IllegalStateException when one cannot be loaded or is invalid (again on the next call)
     */
    public static BotGames installed() {
        BotGames g = installed;
        if (g == null) {
            synchronized (BotGames.class) {
                g = installed;
                if (g == null) {
                    g = load(BotGames.class.getClassLoader());
                    installed = g;
                }
            }
        }
        return g;
    }

    /**
     * Every {@link BotGame} {@code loader} sees.
     *
     * @throws IllegalStateException when one cannot be loaded (its constructor refused its
     *                               constants, see {@link BotGame}) or two share a name
     */
    public static BotGames load(ClassLoader loader) {
        final List<BotGame> found = new ArrayList<>();
        try {
            for (BotGame g : ServiceLoader.load(BotGame.class, loader)) {
                found.add(g);
            }
        } catch (ServiceConfigurationError e) {
            final Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot load a bot game: " + e.getMessage()
                    + (cause != e ? " (" + cause.getMessage() + ")" : ""), e);
        }
        return of(found);
    }

    /**
     * A catalog of exactly these games (tests, embedding), sorted by name.
     *
     * @throws IllegalStateException when two games share a name
     */
    public static BotGames of(List<BotGame> found) {
        final TreeMap<String, Entry> byName = new TreeMap<>();
        for (BotGame g : found) {
            final Entry previous = byName.put(g.name(), entry(g));
            if (previous != null) {
                throw new IllegalStateException("two bot games are named '" + g.name() + "': "
                        + previous.game().getClass().getName() + " and " + g.getClass().getName());
            }
        }
        return new BotGames(Collections.unmodifiableMap(byName));
    }

    private static Entry entry(BotGame g) {
        final Map<String, NamedBehaviour> behaviours = new LinkedHashMap<>();
        final Map<String, String> canonical = new LinkedHashMap<>();
        final List<NamedBehaviour> all = new ArrayList<>(g.behaviours());
        all.add(IdleBehaviour.NAMED);
        for (NamedBehaviour b : all) {
            final List<String> names = new ArrayList<>(b.aliases());
            names.add(0, b.name());
            if (b == IdleBehaviour.NAMED && names.stream().anyMatch(canonical::containsKey)) {
                continue; // the game has its own idle
            }
            behaviours.put(b.name(), b);
            for (String n : names) {
                canonical.put(n, b.name());
            }
        }
        return new Entry(g, EntityLayout.of(g.entitySchema()), Collections.unmodifiableMap(behaviours),
                Collections.unmodifiableMap(canonical), g.defaultBehaviour());
    }

    /** The names of the games, sorted. */
    public List<String> names() {
        return List.copyOf(games.keySet());
    }

    /**
     * The game named {@code name}.
     *
     * @throws IllegalArgumentException naming the games the bots can play when there is none by that name
     */
    public BotGame find(String name) {
        return entry(name).game();
    }

    private Entry entry(String name) {
        final Entry e = name == null ? null : games.get(name);
        if (e == null) {
            throw new IllegalArgumentException("no bots for game '" + name + "'; the bots can play: "
                    + (games.isEmpty() ? "none (no BotGame on the class path)" : String.join(", ", names()))
                    + " (--list-games)");
        }
        return e;
    }

    /** The entity schema the bots of {@code game} were built for (the server must speak the same). */
    public EntitySchema entitySchema(String game) {
        return entry(game).game().entitySchema();
    }

    /** The input schema the bots of {@code game} send. */
    public InputSchema inputSchema(String game) {
        return entry(game).game().inputSchema();
    }

    /** The entity layout of {@code game}'s schema: what the bots' world snapshots hold. */
    public EntityLayout entityLayout(String game) {
        return entry(game).layout();
    }

    /** The own player's movement in {@code game}, per tick rate (for {@code GameClientConfig.Builder.movement}). */
    public PlayerMovement.Factory movement(String game) {
        return entry(game).game().movement();
    }

    /** Every behaviour name of {@code game} (without aliases): its own, in its order, then {@code idle}. */
    public List<String> behaviourNames(String game) {
        return List.copyOf(entry(game).behaviours().keySet());
    }

    /** The behaviour {@code game}'s bots play when none is named. */
    public String defaultBehaviour(String game) {
        return entry(game).defaultBehaviour();
    }

    /**
     * The behaviours named for {@code game} by their names (aliases resolved), or its default
     * behaviour when none is named.
     *
     * @throws IllegalArgumentException for a game without bots or a behaviour that game has not
     */
    public List<String> behaviours(String game, List<String> names) {
        final Entry e = entry(game);
        if (names == null || names.isEmpty()) {
            return List.of(e.defaultBehaviour());
        }
        final List<String> resolved = new ArrayList<>(names.size());
        for (String n : names) {
            resolved.add(behaviourName(e, n));
        }
        return List.copyOf(resolved);
    }

    private static String behaviourName(Entry e, String name) {
        final String found = name == null ? null : e.canonical().get(name.trim().toLowerCase(Locale.ROOT));
        if (found == null) {
            throw new IllegalArgumentException("game '" + e.game().name() + "' has no bot behaviour '" + name
                    + "'; it has: " + String.join(", ", e.behaviours().keySet()));
        }
        return found;
    }

    /**
     * A fresh {@code behaviour} of {@code game} (a name or an alias) whose randomness derives from {@code seed}.
     *
     * @throws IllegalArgumentException for a game without bots or a behaviour that game has not
     */
    public BotBehaviour create(String game, String behaviour, long seed) {
        final Entry e = entry(game);
        return e.behaviours().get(behaviourName(e, behaviour)).create().apply(seed);
    }

    /**
     * One line per game for {@code --list-games}: the name, then its behaviours in order, the
     * default marked and aliases in brackets
     * ({@code arena  wander (default), chase, strafe (alias strafe-and-shoot), flood, idle}).
     */
    public List<String> listing() {
        int width = 0;
        for (String name : games.keySet()) {
            width = Math.max(width, name.length());
        }
        final List<String> lines = new ArrayList<>();
        for (Entry e : games.values()) {
            final StringBuilder b = new StringBuilder(e.game().name());
            b.append(" ".repeat(width - e.game().name().length() + 2));
            String sep = "";
            for (NamedBehaviour n : e.behaviours().values()) {
                b.append(sep).append(n.name());
                if (n.name().equals(e.defaultBehaviour())) {
                    b.append(" (default)");
                }
                if (!n.aliases().isEmpty()) {
                    b.append(" (alias ").append(String.join(", ", n.aliases())).append(')');
                }
                sep = ", ";
            }
            lines.add(b.toString());
        }
        return lines;
    }
}
