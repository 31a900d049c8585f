package io.tickforge.server;

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
 * The engine knows no game: {@code session}, {@code tick}, {@code input}, {@code replication} and
 * {@code net}, and the game SPI itself ({@code gameapi}), refer to nothing in the arena game
 * ({@code io.tickforge.shared.game}, {@code io.tickforge.server.game}). The session drives a game
 * only through the SPI; game values reach the engine as engine configuration ({@code TickRates},
 * {@code InputLimits}, {@code ReplicationConfig}) from the game's {@code GameDescriptor}. The
 * composition root that picks the arena by default ({@code cli}) is outside. Checked without
 * ArchUnit, as the client's {@code PackageDependencyTest}: in the sources (imports and fully
 * qualified names) and in the compiled classes (their constant pools name every class they use).
 */
class EnginePackageDependencyTest {
    /** Engine packages, relative to io/tickforge/server, with their subpackages. */
    private static final List<String> ENGINE = List.of("session", "gameapi", "tick", "input", "replication", "net");
    private static final List<String> GAME = List.of("io.tickforge.shared.game", "io.tickforge.server.game");

    @Test
    void engineSourcesReferToNoGamePackage() throws IOException {
        final List<String> offenders = new ArrayList<>();
        final int scanned = scan(Path.of("src/main/java/io/tickforge/server"), ".java", ".", offenders);
        assertTrue(scanned >= 30, "scanned only " + scanned + " engine source files: wrong directory?");
        assertTrue(offenders.isEmpty(), "engine sources refer to the game:\n" + String.join("\n", offenders));
    }

    @Test
    void engineClassesReferToNoGamePackage() throws IOException {
        final List<String> offenders = new ArrayList<>();
        final int scanned = scan(Path.of("target/classes/io/tickforge/server"), ".class", "/", offenders);
        assertTrue(scanned >= 30, "scanned only " + scanned + " engine class files: not compiled?");
        assertTrue(offenders.isEmpty(), "engine classes refer to the game:\n" + String.join("\n", offenders));
    }

    /** Files ending in {@code suffix} in each engine package and below; returns how many were read. */
    private static int scan(Path root, String suffix, String separator, List<String> offenders) throws IOException {
        int scanned = 0;
        for (String pkg : ENGINE) {
            final Path dir = root.resolve(pkg);
            if (!Files.isDirectory(dir)) {
                offenders.add("missing engine package directory " + dir.toAbsolutePath());
                continue;
            }
            final List<Path> files;
            try (Stream<Path> s = Files.walk(dir)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
            }
            for (Path file : files) {
                scanned++;
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
