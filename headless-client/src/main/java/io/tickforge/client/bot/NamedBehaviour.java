package io.tickforge.client.bot;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * One bot behaviour of a {@link BotGame}: its command-line name ({@code --behaviours NAME}, the
 * name in the bots' reports), other names it also answers to, and a factory that creates a fresh
 * behaviour from a seed: the same seed must give the same behaviour (load runs are reproducible;
 * bot <i>i</i> of a run seeded <i>s</i> gets {@link BotSeeds#botSeed BotSeeds.botSeed(s, i)}).
 * Immutable; the factory is called on the main thread.
 *
 * @param name    lower-case letters, digits and '-', starting with a letter
 * @param create  a fresh behaviour per call, whose randomness derives from the seed only
 * @param aliases further names, same rule, e.g. {@code strafe-and-shoot} for {@code strafe}
 */
public record NamedBehaviour(String name, LongFunction<BotBehaviour> create, List<String> aliases) {
    public NamedBehaviour {
        Objects.requireNonNull(create, "create");
        aliases = List.copyOf(aliases);
        for (String n : names(name, aliases)) {
            if (!isValidName(n)) {
                throw new IllegalArgumentException("invalid bot behaviour name '" + n
                        + "' (lower-case letters, digits and '-', starting with a letter)");
            }
        }
    }

    /** A behaviour named {@code name} (and {@code aliases}) created by {@code create}. */
    public static NamedBehaviour of(String name, LongFunction<BotBehaviour> create, String... aliases) {
        return new NamedBehaviour(name, create, List.of(aliases));
    }

    /** Whether {@code name} is a valid behaviour or game name. */
    public static boolean isValidName(String name) {
        return name != null && name.matches("[a-z][a-z0-9-]{0,31}");
    }

    private static List<String> names(String name, List<String> aliases) {
        final List<String> all = new ArrayList<>();
        all.add(name);
        all.addAll(aliases);
        return all;
    }
}
