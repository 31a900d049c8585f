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
 * The core client (what a game embeds) depends on nothing from the applications built on it:
 * {@code bot}, {@code load}, {@code cli}, {@code attack} and the games' bots ({@code game}) depend on
 * the core, never the reverse.
 * Checked twice, without ArchUnit: in the sources (imports and fully qualified names) and in the
 * compiled classes (a class file names every class it uses in its constant pool, as
 * {@code io/tickforge/client/bot/...}).
 */
class PackageDependencyTest {
    /** Core packages, relative to io/tickforge/client; "" is io.tickforge.client itself (not its subpackages). */
    private static final List<String> CORE = List.of("", "sync", "predict", "interp", "net", "metrics");
    private static final List<String> APPLICATIONS = List.of("bot", "load", "cli", "attack", "game");

    @Test
    void coreSourcesReferToNoApplicationPackage() throws IOException {
        final List<String> offenders = new ArrayList<>();
        final int scanned = scan(Path.of("src/main/java/io/tickforge/client"), ".java", ".", offenders);
        assertTrue(scanned >= 15, "scanned only " + scanned + " core source files: wrong directory?");
        assertTrue(offenders.isEmpty(), "core sources refer to application packages:\n" + String.join("\n", offenders));
    }

    @Test
    void coreClassesReferToNoApplicationPackage() throws IOException {
        final List<String> offenders = new ArrayList<>();
        final int scanned = scan(Path.of("target/classes/io/tickforge/client"), ".class", "/", offenders);
        assertTrue(scanned >= 15, "scanned only " + scanned + " core class files: not compiled?");
        assertTrue(offenders.isEmpty(), "core classes refer to application packages:\n" + String.join("\n", offenders));
    }

    /** Files ending in {@code suffix} directly in each core package; returns how many were read. */
    private static int scan(Path root, String suffix, String separator, List<String> offenders) throws IOException {
        int scanned = 0;
        for (String pkg : CORE) {
            final Path dir = pkg.isEmpty() ? root : root.resolve(pkg);
            if (!Files.isDirectory(dir)) {
                offenders.add("missing core package directory " + dir.toAbsolutePath());
                continue;
            }
            final List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
            }
            for (Path file : files) {
                scanned++;
                // ISO-8859-1 maps every byte to one char: class files and sources alike.
                final String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String app : APPLICATIONS) {
                    final String name = "io" + separator + "tickforge" + separator + "client" + separator + app;
                    if (text.contains(name + separator) || text.contains(name + ";")) {
                        offenders.add(root.relativize(file) + " -> io.tickforge.client." + app);
                    }
                }
            }
        }
        return scanned;
    }
}
