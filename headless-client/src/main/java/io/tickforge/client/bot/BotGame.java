package io.tickforge.client.bot;

import io.tickforge.client.GameClientConfig;
import io.tickforge.client.predict.PlayerMovement;
import io.tickforge.shared.schema.EntitySchema;
import io.tickforge.shared.schema.InputSchema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The bots of one game, the client-side counterpart of the server's {@code GameProvider}: found by
 * {@link java.util.ServiceLoader} (list the subclass in
 * {@code META-INF/services/io.tickforge.client.bot.BotGame}; it needs a public no-argument
 * constructor that passes its constants to this one), listed by {@code tickforge-bots --list-games}
 * and chosen by {@code --game NAME} ({@link BotGames}). A subclass is only its constants:
 * <pre>{@code
 * public final class TagBotGame extends BotGame {
 *     public TagBotGame() { super("tag", TagSchemas.ENTITY, TagSchemas.INPUT, NamedBehaviour.of("tagger", seed -> new TagBot())); }
 * }
 * }</pre>
 * Immutable, checked when constructed; any thread. The behaviours it creates are owned by the
 * threads driving the bots.
 */
public abstract class BotGame {
    private final String name;
    private final EntitySchema entitySchema;
    private final InputSchema inputSchema;
    private final PlayerMovement.Factory movement;
    private final List<NamedBehaviour> behaviours;

    /**
     * A game whose own player the bots do not predict ({@link GameClientConfig#HOLD_STILL}: it is
     * where the server last put it).
     *
     * @see #BotGame(String, EntitySchema, InputSchema, PlayerMovement.Factory, NamedBehaviour...)
     */
    protected BotGame(String name, EntitySchema entitySchema, InputSchema inputSchema, NamedBehaviour... behaviours) {
        this(name, entitySchema, inputSchema, GameClientConfig.HOLD_STILL, behaviours);
    }

    /**
     * @param name         the game's name, the same as the server's {@code --game NAME}: lower-case
     *                     letters, digits and '-', starting with a letter
     * @param entitySchema the entity schema the bots read (the server's must be the same: checked in
     *                     the handshake)
     * @param inputSchema  the input schema the bots send (the server's must be the same)
     * @param movement     the own player's movement for prediction, per tick rate: the game's own
     *                     step, the server's
     * @param behaviours   the game's behaviours, at least one, in the order {@code --list-games}
     *                     shows them; the first is the default ({@code --behaviours} naming none).
     *                     No two answer to the same name. Every game also gets the generic
     *                     {@code idle} ({@link IdleBehaviour}) unless one of these answers to it
     * @throws IllegalArgumentException when one of them breaks these rules
     */
    protected BotGame(String name, EntitySchema entitySchema, InputSchema inputSchema, PlayerMovement.Factory movement,
                      NamedBehaviour... behaviours) {
        if (!NamedBehaviour.isValidName(name)) {
            throw new IllegalArgumentException("bot game " + getClass().getName() + " has an invalid name '" + name
                    + "' (lower-case letters, digits and '-', starting with a letter)");
        }
        this.name = name;
        this.entitySchema = Objects.requireNonNull(entitySchema, "entitySchema");
        this.inputSchema = Objects.requireNonNull(inputSchema, "inputSchema");
        this.movement = Objects.requireNonNull(movement, "movement");
        this.behaviours = List.of(behaviours);
        if (this.behaviours.isEmpty()) {
            throw new IllegalArgumentException("bot game '" + name + "' has no behaviours");
        }
        final Set<String> seen = new HashSet<>();
        for (NamedBehaviour b : this.behaviours) {
            final List<String> names = new ArrayList<>(b.aliases());
            names.add(0, b.name());
            for (String n : names) {
                if (!seen.add(n)) {
                    throw new IllegalArgumentException("bot game '" + name + "' has two behaviours named '" + n + "'");
                }
            }
        }
    }

    /** The game's name, as the server's {@code --game NAME}. */
    public final String name() {
        return name;
    }

    /** The entity schema the bots read. */
    public final EntitySchema entitySchema() {
        return entitySchema;
    }

    /** The input schema the bots send. */
    public final InputSchema inputSchema() {
        return inputSchema;
    }

    /** The own player's movement for prediction, per tick rate (for {@code GameClientConfig.Builder.movement}). */
    public final PlayerMovement.Factory movement() {
        return movement;
    }

    /** The game's own behaviours, in order (without the {@code idle} every game gets). */
    public final List<NamedBehaviour> behaviours() {
        return behaviours;
    }

    /** The behaviour bots play when none is named: the first. */
    public final String defaultBehaviour() {
        return behaviours.get(0).name();
    }

    @Override
    public String toString() {
        return getClass().getName() + "[" + name + "]";
    }
}
