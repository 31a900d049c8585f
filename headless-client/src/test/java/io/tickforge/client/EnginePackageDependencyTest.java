package io.tickforge.client;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client's engine knows no game, as the server's ({@code io.tickforge.server.EnginePackageDependencyTest}):
 * every client package but {@code game} (the bots' SPI in {@code bot}, the load runner, the command
 * line, the network, ...) refers to nothing of a game ({@code io.tickforge.shared.game} and below,
 * {@code io.tickforge.client.game} and below). The games' bots reach the engine only as
 * {@code BotGame}s found by ServiceLoader. Three known exceptions in the core: {@code GameClientConfig}
 * (the arena's schemas and movement are its defaults), {@code ArenaPlayerMovement} (that default
 * movement: the core may not refer to {@code client.game}) and {@code PlayerInput} (the four-field
 * shape's buttons are the arena's bits). Checked without ArchUnit, as {@link PackageDependencyTest}:
 * in the sources and in the compiled classes.
 */
class EnginePackageDependencyTest {
    /** Engine packages, relative to io/tickforge/client, with their subpackages; "" is io.tickforge.client itself only. */
    private static final List<String> ENGINE = List.of("", "bot", "load", "cli", "net", "sync", "interp", "metrics",
            "attack", "predict");
    private static final List<String> GAME = List.of("io.tickforge.shared.game", "io.tickforge.client.game");
    /** Files (by their type's name, after their package below io/tickforge/client, nested types included) allowed to refer to the arena, and why: see the class comment. */
    private static final List<String> KNOWN = List.of("GameClientConfig", "predict/ArenaPlayerMovement", "PlayerInput");

    @Test
    void engineSourcesReferToNoGame() throws IOException {
        final List<String> offenders = new ArrayList<>();
        final int scanned = scan(Path.of("src/main/java/io/tickforge/client"), ".java", ".", offenders);
        assertTrue(scanned >= 40, "scanned only " + scanned + " engine source files: wrong directory?");
        assertTrue(offenders.isEmpty(), "client engine sources refer to a game:\n" + String.join("\n", offenders));
    }

    @Test
    void engineClassesReferToNoGame() throws IOException {
        final List<String> offenders = new ArrayList<>();
        final int scanned = scan(Path.of("target/classes/io/tickforge/client"), ".class", "/", offenders);
        assertTrue(scanned >= 40, "scanned only " + scanned + " engine class files: not compiled?");
        assertTrue(offenders.isEmpty(), "client engine classes refer to a game:\n" + String.join("\n", offenders));
    }

    /** Files ending in {@code suffix} in each engine package; returns how many were read. */
    private static int scan(Path root, String suffix, String separator, List<String> offenders) throws IOException {
        int scanned = 0;
        for (String pkg : ENGINE) {
            final Path dir = pkg.isEmpty() ? root : root.resolve(pkg);
            if (!Files.isDirectory(dir)) {
                offenders.add("missing engine package directory " + dir.toAbsolutePath());
                continue;
            }
            final List<Path> files;
            try (Stream<Path> s = pkg.isEmpty() ? Files.list(dir) : Files.walk(dir)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
            }
            for (Path file : files) {
                scanned++;
                final String type = file.getFileName().toString().replace(suffix, "").replaceAll("\\$.*", "");
                if (KNOWN.contains(pkg.isEmpty() ? type : pkg + "/" + type)) {
                    continue;
                }
                // ISO-8859-1 maps every byte to one char: class files and sources alike.
                final String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String game : GAME) {
                    final String name = game.replace(".", separator);
                    if (text.contains(name + separator) || text.contains(name + ";")) {
                        offenders.add(root.relativize(file) + " -> " + game);
                    }
                }
            }
        }
        return scanned;
    }
}
