package io.tickforge.tutorial;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tutorial in docs/GAME-API.md cannot rot: every fenced {@code java} block under its heading is
 * one of this package's sources (package and imports left out), compared whitespace-normalised;
 * every source of the tutorial is shown exactly once; the ServiceLoader lines shown are the test
 * resources (the server's game and the bots'); and the line count the page claims is the count of the code it shows.
 */
class TutorialDocTest {
    static final Path DOC = Path.of("../docs/GAME-API.md");
    static final Path SOURCES = Path.of("src/test/java/io/tickforge/tutorial");
    /** The ServiceLoader files of the tutorial: the server's game and the bots' game. */
    static final List<Path> SERVICES = List.of(
            Path.of("src/test/resources/META-INF/services/io.tickforge.server.gameapi.GameProvider"),
            Path.of("src/test/resources/META-INF/services/io.tickforge.client.bot.BotGame"));
    static final String HEADING = "## Tutorial";
    private static final Pattern TYPE = Pattern.compile("^(?:public )?(?:final )?(?:class|interface|record|enum) (\\w+)",
            Pattern.MULTILINE);
    private static final Pattern CLAIM = Pattern.compile("(\\d+) lines of Java");

    record Block(String info, String text) {
    }

    /** The tutorial section: from its heading to the next heading of the same level. */
    static String section(String doc) {
        final int start = doc.indexOf("\n" + HEADING);
        assertTrue(start >= 0, "no '" + HEADING + "' heading in " + DOC);
        final int end = doc.indexOf("\n## ", start + 1);
        return end < 0 ? doc.substring(start) : doc.substring(start, end);
    }

    static List<Block> blocks(String section) {
        final List<Block> blocks = new ArrayList<>();
        final String[] lines = section.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("```") && lines[i].length() > 3) {
                final StringBuilder text = new StringBuilder();
                int j = i + 1;
                while (j < lines.length && !lines[j].startsWith("```")) {
                    text.append(lines[j++]).append('\n');
                }
                blocks.add(new Block(lines[i].substring(3).trim(), text.toString()));
                i = j;
            }
        }
        return blocks;
    }

    /** Lines trimmed, runs of blanks made one space, blank lines dropped. */
    static List<String> normalise(String code) {
        final List<String> out = new ArrayList<>();
        for (String line : code.split("\n")) {
            final String l = line.strip().replaceAll("\\s+", " ");
            if (!l.isEmpty()) {
                out.add(l);
            }
        }
        return out;
    }

    /** What the page shows of a source: all but its package and import lines. */
    static String shown(String source) {
        final StringBuilder out = new StringBuilder();
        for (String line : source.split("\n")) {
            if (!line.startsWith("package ") && !line.startsWith("import ")) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8).replace("\r\n", "\n");
    }

    /** The tutorial's sources: this package's classes except the tests. */
    static List<Path> tutorialSources() throws IOException {
        try (Stream<Path> files = Files.list(SOURCES)) {
            return files.filter(p -> p.toString().endsWith(".java") && !p.toString().endsWith("Test.java")).sorted().toList();
        }
    }

    /** Every way {@code doc} and the sources disagree; empty when the page shows the code exactly. */
    static List<String> differences(String doc) throws IOException {
        final List<String> problems = new ArrayList<>();
        final String section = section(doc);
        final List<Block> java = blocks(section).stream().filter(b -> b.info().equals("java")).toList();
        final List<Path> sources = tutorialSources();
        for (Block b : java) {
            final Matcher m = TYPE.matcher(b.text());
            if (!m.find() || sources.stream().noneMatch(p -> p.getFileName().toString().equals(m.group(1) + ".java"))) {
                problems.add("a java block of the tutorial is none of the sources in " + SOURCES + ":\n" + b.text());
            }
        }
        int lines = 0;
        for (Path p : sources) {
            final String type = p.getFileName().toString().replace(".java", "");
            final List<Block> showing = java.stream().filter(b -> {
                final Matcher m = TYPE.matcher(b.text());
                return m.find() && m.group(1).equals(type);
            }).toList();
            if (showing.size() != 1) {
                problems.add(type + " is shown " + showing.size() + " times (once expected)");
                continue;
            }
            final List<String> want = normalise(shown(read(p)));
            final List<String> got = normalise(showing.get(0).text());
            lines += got.size();
            for (int i = 0; i < Math.max(want.size(), got.size()); i++) {
                final String w = i < want.size() ? want.get(i) : "<end>";
                final String g = i < got.size() ? got.get(i) : "<end>";
                if (!w.equals(g)) {
                    problems.add(type + ": code line " + (i + 1) + " differs\n  source: " + w + "\n  doc:    " + g);
                    break;
                }
            }
        }
        for (Path file : SERVICES) {
            final String services = String.join("\n", normalise(read(file)));
            if (blocks(section).stream().noneMatch(b -> String.join("\n", normalise(b.text())).equals(services))) {
                problems.add("the ServiceLoader file is not shown as it is: " + file.getFileName() + ": " + services);
            }
        }
        final Matcher claim = CLAIM.matcher(section);
        if (!claim.find()) {
            problems.add("the tutorial does not say how many lines of Java it shows ('N lines of Java'): " + lines);
        } else if (Integer.parseInt(claim.group(1)) != lines) {
            problems.add("the tutorial claims " + claim.group(1) + " lines of Java; it shows " + lines);
        }
        if (lines >= 100) {
            problems.add("the tutorial's code is " + lines + " lines: not under 100");
        }
        return problems;
    }

    @Test
    void theTutorialShowsExactlyTheCodeTheTestsRun() throws IOException {
        final List<String> problems = differences(read(DOC));
        assertEquals(List.of(), problems, String.join("\n", problems));
        assertFalse(tutorialSources().isEmpty());
    }

    @Test
    void changingOneLineOfTheShownCodeIsCaught() throws IOException {
        final String doc = read(DOC);
        final String line = "this.speed = 8 * 256 / tickRateHz;";
        assertTrue(section(doc).contains(line), "the page shows TagGame's speed line");
        final List<String> problems = differences(doc.replace(line, "this.speed = 9 * 256 / tickRateHz;"));
        assertEquals(1, problems.size(), String.join("\n", problems));
        assertTrue(problems.get(0).startsWith("TagGame: code line "), problems.get(0));
        assertTrue(differences(doc.replace("io.tickforge.tutorial.TagProvider\n```", "io.tickforge.tutorial.TagGame\n```"))
                .stream().anyMatch(p -> p.startsWith("the ServiceLoader file")), "the services line is checked too");
        assertTrue(differences(doc.replace("io.tickforge.tutorial.TagBotGame\n```", "io.tickforge.tutorial.TagBot\n```"))
                .stream().anyMatch(p -> p.startsWith("the ServiceLoader file")), "the bots' services line is checked too");
    }
}
