package io.tickforge.client.bot;

import io.tickforge.client.predict.ArenaPlayerMovement;
import io.tickforge.client.predict.PlayerMovement;
import io.tickforge.client.predict.ZonePlayerMovement;
import io.tickforge.shared.game.ArenaSchemas;
import io.tickforge.shared.game.zone.ZoneSchemas;
import io.tickforge.shared.schema.EntitySchema;
import io.tickforge.shared.schema.InputSchema;
import io.tickforge.shared.world.EntityLayout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which bot behaviours play which game (the server's {@code --game NAME}): the bots must speak the
 * game's inputs and read its entities, so each game brings its own, and the schemas they were built
 * for (checked against the server's in the handshake), and its movement (the own player's
 * prediction). {@code arena}: every arena behaviour, {@code wander} by default, {@code ArenaSchemas},
 * {@code Movement}. {@code zone}: {@code capture} (default) and {@code idle}, {@code ZoneSchemas},
 * {@code ZoneMovement} on the plane (a jump does not change x and y, so the 2D predictor is exact).
 * Constants; any thread.
 */
public final class BotGames {
    /** The game bots play when none is named, as the server's default. */
    public static final String DEFAULT_GAME = "arena";

    private record Game(List<BotKind> behaviours, BotKind defaultBehaviour, EntitySchema entitySchema, InputSchema inputSchema,
                        EntityLayout entityLayout, PlayerMovement.Factory movement) {
        Game(List<BotKind> behaviours, BotKind defaultBehaviour, EntitySchema entitySchema, InputSchema inputSchema,
             PlayerMovement.Factory movement) {
            this(behaviours, defaultBehaviour, entitySchema, inputSchema, EntityLayout.of(entitySchema), movement);
        }
    }

    private static final Map<String, Game> GAMES;

    static {
        final Map<String, Game> games = new LinkedHashMap<>();
        games.put("arena", new Game(List.of(BotKind.WANDER, BotKind.CHASE, BotKind.STRAFE, BotKind.IDLE, BotKind.FLOOD),
                BotKind.WANDER, ArenaSchemas.ENTITY, ArenaSchemas.INPUT,
                ArenaPlayerMovement.FACTORY));
        games.put("zone", new Game(List.of(BotKind.CAPTURE, BotKind.IDLE), BotKind.CAPTURE, ZoneSchemas.ENTITY, ZoneSchemas.INPUT,
                ZonePlayerMovement.FACTORY));
        GAMES = games;
    }

    private BotGames() {
    }

    /** The entity schema the bots of {@code game} were built for (the server must speak the same). */
    public static EntitySchema entitySchema(String game) {
        return game(game).entitySchema();
    }

    /** The input schema the bots of {@code game} send. */
    public static InputSchema inputSchema(String game) {
        return game(game).inputSchema();
    }

    /** The entity layout of {@code game}'s schema: what the bots' world snapshots hold. */
    public static EntityLayout entityLayout(String game) {
        return game(game).entityLayout();
    }

    /** The own player's movement in {@code game} (for {@code GameClientConfig.Builder.movement}). */
    public static PlayerMovement.Factory movement(String game) {
        return game(game).movement();
    }

    private static Game game(String game) {
        final Game g = GAMES.get(game);
        if (g == null) {
            throw new IllegalArgumentException("no bots for game '" + game + "'; the bots can play: "
                    + String.join(", ", names()));
        }
        return g;
    }

    /** The games the bots can play, in a stable order. */
    public static List<String> names() {
        return List.copyOf(GAMES.keySet());
    }

    /**
     * The behaviours named for {@code game}, or its default behaviour when none is named.
     *
     * @throws IllegalArgumentException for a game without bots or a behaviour that game has not
     */
    public static List<BotKind> behaviours(String game, List<String> names) {
        final Game g = GAMES.get(game);
        if (g == null) {
            throw new IllegalArgumentException("no bots for game '" + game + "'; the bots can play: "
                    + String.join(", ", names()));
        }
        final List<BotKind> kinds = new ArrayList<>();
        if (names == null || names.isEmpty()) {
            kinds.add(g.defaultBehaviour());
            return kinds;
        }
        for (String name : names) {
            final BotKind kind = BotKind.parse(name);
            if (!g.behaviours().contains(kind)) {
                throw new IllegalArgumentException("game '" + game + "' has no bot behaviour '" + name + "'");
            }
            kinds.add(kind);
        }
        return kinds;
    }
}
