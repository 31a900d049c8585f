package io.tickforge.benchmarks.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchChartTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TICK = "io.tickforge.benchmarks.tick.TickBenchmark.tick";

    /** A real JMH result: TickBenchmark -p players=16,64 -p npcs=0,1000 -f 1 -wi 1 -w 200ms -i 3 -r 200ms -rf json. */
    private static JsonNode fixture() throws Exception {
        try (InputStream in = BenchChartTest.class.getResourceAsStream("/jmh/tick-smoke.json")) {
            return MAPPER.readTree(in);
        }
    }

    private static ObjectNode result(ArrayNode into, String benchmark, double score, Object error, String... params) {
        ObjectNode e = into.addObject();
        e.put("benchmark", benchmark);
        ObjectNode p = e.putObject("params");
        for (int i = 0; i < params.length; i += 2) {
            p.put(params[i], params[i + 1]);
        }
        ObjectNode m = e.putObject("primaryMetric");
        m.put("score", score);
        if (error instanceof Double d) {
            m.put("scoreError", d);
        } else {
            m.put("scoreError", (String) error);
        }
        m.put("scoreUnit", "us/op");
        return e;
    }

    private static Document parseSvg(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> elements(Document doc, String tag) {
        NodeList nodes = doc.getElementsByTagName(tag);
        List<Element> list = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            list.add((Element) nodes.item(i));
        }
        return list;
    }

    @Test
    void theFixtureBecomesOneLinePerNpcCountWithItsScores() throws Exception {
        JsonNode json = fixture();
        BenchChart.Chart chart = BenchChart.chart(List.of(json), new BenchChart.Options());
        assertEquals(2, chart.series().size());
        assertEquals("npcs=0", chart.series().get(0).label());
        assertEquals("npcs=1000", chart.series().get(1).label());
        assertEquals("us/op", chart.yLabel());
        for (BenchChart.Series s : chart.series()) {
            assertEquals(List.of(16.0, 64.0), s.points().stream().map(BenchChart.Point::x).toList(), s.label());
        }
        // Every point is the fixture's score for its (npcs, players).
        for (JsonNode e : json) {
            int series = e.at("/params/npcs").asText().equals("0") ? 0 : 1;
            int index = e.at("/params/players").asText().equals("16") ? 0 : 1;
            BenchChart.Point p = chart.series().get(series).points().get(index);
            assertEquals(e.at("/primaryMetric/score").asDouble(), p.y(), 0.0);
            assertEquals(e.at("/primaryMetric/scoreError").asDouble(), p.error(), 0.0);
        }

        Document svg = parseSvg(BenchChart.svg(chart, true, false));
        List<Element> lines = elements(svg, "polyline");
        assertEquals(2, lines.size());
        for (Element line : lines) {
            assertEquals(2, line.getAttribute("points").trim().split(" ").length);
        }
        assertEquals(4, elements(svg, "circle").size());
        long bars = elements(svg, "path").stream().filter(e -> e.getAttribute("class").equals("error-bar")).count();
        assertEquals(4, bars, "3 iterations each: JMH gave every point an error");
        List<String> legend = elements(svg, "text").stream().filter(e -> e.getAttribute("class").equals("legend"))
                .map(Element::getTextContent).toList();
        assertEquals(List.of("npcs=0", "npcs=1000"), legend);
    }

    @Test
    void seriesAreEveryOtherParamInNumericOrderAndPointsAscend() {
        ArrayNode json = MAPPER.createArrayNode();
        // Written out of order on purpose; a second benchmark without 'players' is ignored.
        result(json, TICK, 900, 10.0, "players", "256", "npcs", "1000", "replicationThreads", "1");
        result(json, TICK, 300, 5.0, "players", "64", "npcs", "1000", "replicationThreads", "1");
        result(json, TICK, 100, "NaN", "players", "64", "npcs", "1000", "replicationThreads", "0");
        result(json, TICK, 50, 1.0, "players", "64", "npcs", "200", "replicationThreads", "0");
        result(json, "io.tickforge.benchmarks.net.RawUdpSendBenchmark.sendBatch", 400, 3.0, "datagrams", "64");
        BenchChart.Chart chart = BenchChart.chart(List.of(json), new BenchChart.Options());
        assertEquals(List.of("npcs=200, replicationThreads=0", "npcs=1000, replicationThreads=0",
                        "npcs=1000, replicationThreads=1"),
                chart.series().stream().map(BenchChart.Series::label).toList(), "200 before 1000: numbers, not text");
        BenchChart.Series threaded = chart.series().get(2);
        assertEquals(List.of(new BenchChart.Point(64, 300, 5), new BenchChart.Point(256, 900, 10)), threaded.points());
        assertTrue(Double.isNaN(chart.series().get(1).points().get(0).error()), "JMH's \"NaN\" means no error bar");
    }

    @Test
    void perXDividesScoreAndErrorByX() {
        ArrayNode json = MAPPER.createArrayNode();
        result(json, TICK, 640, 64.0, "players", "64", "npcs", "0");
        result(json, TICK, 5120, 256.0, "players", "256", "npcs", "0");
        BenchChart.Options options = new BenchChart.Options();
        options.perX = true;
        BenchChart.Chart chart = BenchChart.chart(List.of(json), options);
        assertEquals(List.of(new BenchChart.Point(64, 10, 1), new BenchChart.Point(256, 20, 1)), chart.series().get(0).points());
        assertEquals("us/op per player", chart.yLabel());
    }

    @Test
    void axesMapDataToThePlotArea() {
        List<BenchChart.Series> series = List.of(new BenchChart.Series("a", List.of(
                new BenchChart.Point(16, 30, Double.NaN), new BenchChart.Point(512, 870, 20))));
        BenchChart.Axis y = BenchChart.yAxis(series, false);
        // Highest value with its error is 890: steps of 200 (890 / 5 = 178, next nice step), top at 1000.
        assertEquals(List.of(0.0, 200.0, 400.0, 600.0, 800.0, 1000.0), y.ticks);
        assertEquals(BenchChart.PLOT_BOTTOM, y.px(0), 1e-9);
        assertEquals(BenchChart.PLOT_TOP, y.px(1000), 1e-9);
        assertEquals((BenchChart.PLOT_TOP + BenchChart.PLOT_BOTTOM) / 2.0, y.px(500), 1e-9);

        BenchChart.Axis logX = BenchChart.xAxis(series, true);
        assertEquals(List.of(16.0, 512.0), logX.ticks);
        // Log scale: 128 is 3 of the 5 doublings from 16 to 512, with equal margins either side.
        double span = logX.px(512) - logX.px(16);
        assertEquals(0.6, (logX.px(128) - logX.px(16)) / span, 1e-9);
        assertEquals(logX.px(16) - BenchChart.PLOT_LEFT, BenchChart.PLOT_RIGHT - logX.px(512), 1e-6);

        BenchChart.Axis logY = BenchChart.yAxis(series, true);
        assertEquals(10.0, logY.min, 0.0);
        assertEquals(1000.0, logY.max, 0.0);
        assertEquals(List.of(10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0), logY.ticks);
        // A noisy run's error bar (30 +- 3000) is clipped at twice the highest score, not scaled to.
        BenchChart.Axis clipped = BenchChart.yAxis(List.of(new BenchChart.Series("noisy", List.of(
                new BenchChart.Point(16, 30, 3000), new BenchChart.Point(64, 100, 1)))), false);
        assertEquals(200.0, clipped.max, 0.0);
        assertEquals(50.0, BenchChart.niceStep(41), 0.0);
        assertEquals(0.2, BenchChart.niceStep(0.15), 1e-12);
    }

    @Test
    void unchartableInputIsAClearError() {
        ArrayNode json = MAPPER.createArrayNode();
        result(json, TICK, 1, 0.1, "players", "16", "npcs", "0");
        result(json, TICK, 2, 0.1, "players", "16", "npcs", "0");
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> BenchChart.chart(List.of(json), new BenchChart.Options()));
        assertTrue(twice.getMessage().contains("two results for npcs=0 at players=16"), twice.getMessage());

        BenchChart.Options byDatagrams = new BenchChart.Options();
        byDatagrams.xParam = "datagrams";
        IllegalArgumentException noX = assertThrows(IllegalArgumentException.class,
                () -> BenchChart.chart(List.of(json), byDatagrams));
        assertTrue(noX.getMessage().contains("no result has the @Param 'datagrams'"), noX.getMessage());

        ArrayNode two = MAPPER.createArrayNode();
        result(two, TICK, 1, 0.1, "players", "16");
        result(two, "x.Other.run", 1, 0.1, "players", "16");
        IllegalArgumentException ambiguous = assertThrows(IllegalArgumentException.class,
                () -> BenchChart.chart(List.of(two), new BenchChart.Options()));
        assertTrue(ambiguous.getMessage().contains("--benchmark"), ambiguous.getMessage());
        BenchChart.Options both = new BenchChart.Options();
        both.benchmark = "tick|Other";
        assertEquals(List.of("Other.run", "TickBenchmark.tick"),
                BenchChart.chart(List.of(two), both).series().stream().map(BenchChart.Series::label).toList());

        assertThrows(IllegalArgumentException.class,
                () -> BenchChart.chart(List.of(MAPPER.createObjectNode()), new BenchChart.Options()), "not an array");
    }

    @Test
    void commandLineWritesTheSvgAndRefusesBadUsage(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("tick.json");
        try (InputStream in = BenchChartTest.class.getResourceAsStream("/jmh/tick-smoke.json")) {
            Files.copy(in, input);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, BenchChart.run(new String[] {input.toString(), "--log-x", "--title", "a < b"},
                new PrintStream(out), new PrintStream(err)), err.toString());
        Path svg = dir.resolve("tick.svg");
        assertTrue(out.toString().contains("2 series, 4 points"), out.toString());
        Document doc = parseSvg(Files.readString(svg));
        assertTrue(elements(doc, "text").stream().anyMatch(e -> e.getTextContent().equals("a < b")), "title escaped");

        assertEquals(2, BenchChart.run(new String[] {input.toString(), "--frobnicate"},
                new PrintStream(out), new PrintStream(err)));
        assertEquals(2, BenchChart.run(new String[0], new PrintStream(out), new PrintStream(err)));
        assertEquals(2, BenchChart.run(new String[] {input.toString(), "-o"}, new PrintStream(out), new PrintStream(err)));
        assertEquals(1, BenchChart.run(new String[] {dir.resolve("missing.json").toString()},
                new PrintStream(out), new PrintStream(err)));
        assertEquals(1, BenchChart.run(new String[] {input.toString(), "--x", "datagrams"},
                new PrintStream(out), new PrintStream(err)));
        assertTrue(err.toString().contains("no result has the @Param 'datagrams'"), err.toString());
    }
}
