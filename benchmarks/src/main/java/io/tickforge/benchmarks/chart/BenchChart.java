package io.tickforge.benchmarks.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns JMH JSON results ({@code -rf json}) into an SVG line chart: the score against one
 * {@code @Param} (by default {@code players}), one line per combination of the other params (for
 * {@code TickBenchmark}: one per {@code npcs} x {@code replicationThreads}), with JMH's error
 * ({@code scoreError}, the 99.9% confidence half-width) as error bars. How the cost grows with
 * the players matters as much as the value at one point, hence {@code --per-x} (score divided by
 * x: a flat line is linear growth) and {@code --log-x}. Main thread; not a benchmark.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar TickBenchmark -prof gc -rf json -rff tick.json
 * java -cp benchmarks/target/benchmarks.jar io.tickforge.benchmarks.chart.BenchChart tick.json -o tick.svg --log-x
 * java -cp benchmarks/target/benchmarks.jar io.tickforge.benchmarks.chart.BenchChart tick.json -o tick-per-player.svg --per-x --log-x
 * </pre>
 * Several result files may be given (e.g. one run per {@code replicationThreads}); a (series, x)
 * pair found twice is an error rather than a silent pick.
 */
public final class BenchChart {
    static final int WIDTH = 900;
    static final int HEIGHT = 540;
    static final int PLOT_LEFT = 90;
    static final int PLOT_RIGHT = WIDTH - 250;
    static final int PLOT_TOP = 60;
    static final int PLOT_BOTTOM = HEIGHT - 70;
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
            "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"};
    private static final String USAGE = String.join("\n",
            "usage: BenchChart RESULTS.json... [-o OUT.svg] [--benchmark REGEX] [--x PARAM] [--per-x] [--log-x] [--log-y]",
            "                  [--title TEXT]",
            "  RESULTS.json      JMH output of -rf json (several files are merged)",
            "  -o OUT.svg        output file (default: the first input with .svg instead of .json)",
            "  --benchmark REGEX which benchmarks to plot (default: the only one that has the x param)",
            "  --x PARAM         the @Param on the x axis (default: players)",
            "  --per-x           plot score / x (cost per player: flat = linear growth)",
            "  --log-x, --log-y  logarithmic axes",
            "  --title TEXT      chart title (default: the benchmark name)");

    /** One measured point: x, score, and the score's error half-width (NaN when JMH had none). */
    public record Point(double x, double y, double error) {
    }

    /** One line of the chart, points in ascending x. */
    public record Series(String label, List<Point> points) {
    }

    /** Everything the SVG shows. */
    public record Chart(String title, String xLabel, String yLabel, List<Series> series) {
    }

    /** Command-line options. */
    static final class Options {
        final List<Path> inputs = new ArrayList<>();
        Path output;
        String benchmark;
        String xParam = "players";
        boolean perX;
        boolean logX;
        boolean logY;
        String title;
    }

    private BenchChart() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** 0 = chart written, 1 = the results cannot be charted, 2 = usage error. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (List.of(args).contains("-h") || List.of(args).contains("--help")) {
            out.println(USAGE);
            return 0;
        }
        final Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            final List<JsonNode> results = new ArrayList<>();
            final ObjectMapper mapper = new ObjectMapper();
            for (Path input : options.inputs) {
                results.add(mapper.readTree(input.toFile()));
            }
            final Chart chart = chart(results, options);
            final Path output = options.output != null ? options.output : defaultOutput(options.inputs.get(0));
            Files.writeString(output, svg(chart, options.logX, options.logY), StandardCharsets.UTF_8);
            int points = 0;
            for (Series s : chart.series()) {
                points += s.points().size();
            }
            out.println("wrote " + output + ": " + chart.series().size() + " series, " + points + " points");
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            err.println("cannot chart: " + e.getMessage());
            return 1;
        }
    }

    static Options parse(String[] args) {
        final Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            final String a = args[i];
            switch (a) {
                case "-o", "--output" -> o.output = Path.of(value(args, ++i, a));
                case "--benchmark" -> o.benchmark = value(args, ++i, a);
                case "--x" -> o.xParam = value(args, ++i, a);
                case "--title" -> o.title = value(args, ++i, a);
                case "--per-x" -> o.perX = true;
                case "--log-x" -> o.logX = true;
                case "--log-y" -> o.logY = true;
                default -> {
                    if (a.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option: " + a);
                    }
                    o.inputs.add(Path.of(a));
                }
            }
        }
        if (o.inputs.isEmpty()) {
            throw new IllegalArgumentException("no JMH result file given");
        }
        if (o.benchmark != null) {
            try {
                Pattern.compile(o.benchmark);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("--benchmark is not a regular expression: " + e.getMessage());
            }
        }
        return o;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static Path defaultOutput(Path input) {
        final String name = input.getFileName().toString();
        final String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        final Path parent = input.toAbsolutePath().getParent();
        return parent.resolve(base + ".svg");
    }

    /** Groups the results (each a JMH JSON array) into series; IllegalArgumentException if nothing fits. */
    static Chart chart(List<JsonNode> results, Options o) {
        final List<JsonNode> entries = new ArrayList<>();
        for (JsonNode result : results) {
            if (!result.isArray()) {
                throw new IllegalArgumentException("not JMH JSON output (expected an array of results)");
            }
            result.forEach(entries::add);
        }
        final TreeSet<String> withX = new TreeSet<>();
        for (JsonNode e : entries) {
            if (e.path("params").has(o.xParam)) {
                withX.add(e.path("benchmark").asText());
            }
        }
        final Pattern pattern;
        if (o.benchmark != null) {
            pattern = Pattern.compile(o.benchmark);
        } else if (withX.size() == 1) {
            pattern = Pattern.compile(Pattern.quote(withX.first()));
        } else if (withX.isEmpty()) {
            throw new IllegalArgumentException("no result has the @Param '" + o.xParam + "' (see --x)");
        } else {
            throw new IllegalArgumentException("several benchmarks have '" + o.xParam + "', choose with --benchmark: " + withX);
        }
        final TreeSet<String> chosen = new TreeSet<>();
        for (String b : withX) {
            if (pattern.matcher(b).find()) {
                chosen.add(b);
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("no benchmark with '" + o.xParam + "' matches '" + o.benchmark + "': " + withX);
        }

        String unit = null;
        // Series key: the benchmark (when several) and the other params, in name order.
        final Map<List<String>, Map<Double, Point>> grouped = new TreeMap<>(BenchChart::compareKeys);
        final Map<List<String>, String> labels = new LinkedHashMap<>();
        for (JsonNode e : entries) {
            final String benchmark = e.path("benchmark").asText();
            if (!chosen.contains(benchmark)) {
                continue;
            }
            final JsonNode params = e.path("params");
            final double x = number(params.path(o.xParam), o.xParam + " of " + benchmark);
            final JsonNode metric = e.path("primaryMetric");
            final String entryUnit = metric.path("scoreUnit").asText();
            if (unit == null) {
                unit = entryUnit;
            } else if (!unit.equals(entryUnit)) {
                throw new IllegalArgumentException("results in different units: " + unit + " and " + entryUnit
                        + " (run one mode and time unit per chart)");
            }
            double y = number(metric.path("score"), "score of " + benchmark);
            double error = errorOf(metric.path("scoreError"));
            if (o.perX) {
                if (x == 0) {
                    throw new IllegalArgumentException("--per-x with " + o.xParam + " = 0");
                }
                y /= x;
                error /= x;
            }
            final List<String> key = new ArrayList<>();
            final StringBuilder label = new StringBuilder();
            if (chosen.size() > 1) {
                final String shortName = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
                key.add(shortName);
                label.append(shortName);
            }
            final TreeMap<String, String> others = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
                final Map.Entry<String, JsonNode> p = it.next();
                if (!p.getKey().equals(o.xParam)) {
                    others.put(p.getKey(), p.getValue().asText());
                }
            }
            for (Map.Entry<String, String> p : others.entrySet()) {
                key.add(p.getKey() + "=" + p.getValue());
                label.append(label.length() == 0 ? "" : ", ").append(p.getKey()).append('=').append(p.getValue());
            }
            labels.put(key, label.length() == 0 ? benchmark : label.toString());
            final Point previous = grouped.computeIfAbsent(key, k -> new TreeMap<>()).put(x, new Point(x, y, error));
            if (previous != null) {
                throw new IllegalArgumentException("two results for " + labels.get(key) + " at " + o.xParam + "=" + fmt(x));
            }
        }
        final List<Series> series = new ArrayList<>();
        for (Map.Entry<List<String>, Map<Double, Point>> g : grouped.entrySet()) {
            series.add(new Series(labels.get(g.getKey()), List.copyOf(g.getValue().values())));
        }
        final List<String> shortNames = new ArrayList<>();
        for (String b : chosen) {
            shortNames.add(b.substring(b.lastIndexOf('.', b.lastIndexOf('.') - 1) + 1));
        }
        final String title = o.title != null ? o.title
                : String.join(", ", shortNames) + (o.perX ? " per " + singular(o.xParam) : "");
        final String yLabel = o.perX ? unit + " per " + singular(o.xParam) : unit;
        return new Chart(title, o.xParam + (o.logX ? " (log scale)" : ""), yLabel, series);
    }

    private static String singular(String name) {
        return name.endsWith("s") ? name.substring(0, name.length() - 1) : name;
    }

    /** Keys compare element by element, numerically where both sides end in a number ("npcs=1000"). */
    static int compareKeys(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            final String sa = a.get(i);
            final String sb = b.get(i);
            final int eqA = sa.indexOf('=');
            final int eqB = sb.indexOf('=');
            int c = 0;
            if (eqA >= 0 && eqB >= 0 && sa.substring(0, eqA).equals(sb.substring(0, eqB))) {
                final Double na = parseOrNull(sa.substring(eqA + 1));
                final Double nb = parseOrNull(sb.substring(eqB + 1));
                if (na != null && nb != null) {
                    c = Double.compare(na, nb);
                }
            }
            if (c == 0) {
                c = sa.compareTo(sb);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static Double parseOrNull(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static double number(JsonNode node, String what) {
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            final Double parsed = parseOrNull(node.asText());
            if (parsed != null && Double.isFinite(parsed)) {
                return parsed;
            }
        }
        throw new IllegalArgumentException(what + " is not a number: " + node);
    }

    /** JMH writes "NaN" (a string) when it cannot estimate an error, e.g. from one iteration. */
    private static double errorOf(JsonNode node) {
        if (node.isNumber()) {
            return node.doubleValue();
        }
        final Double parsed = node.isTextual() ? parseOrNull(node.asText()) : null;
        return parsed == null ? Double.NaN : parsed;
    }

    // ------------------------------------------------------------------ SVG

    /** A mapping from data values to pixels along one axis, with its tick values. */
    static final class Axis {
        final double min;
        final double max;
        final boolean log;
        final int fromPx;
        final int toPx;
        final List<Double> ticks;

        Axis(double min, double max, boolean log, int fromPx, int toPx, List<Double> ticks) {
            this.min = min;
            this.max = max;
            this.log = log;
            this.fromPx = fromPx;
            this.toPx = toPx;
            this.ticks = ticks;
        }

        double px(double v) {
            final double t = log ? (Math.log(v) - Math.log(min)) / (Math.log(max) - Math.log(min)) : (v - min) / (max - min);
            return fromPx + t * (toPx - fromPx);
        }
    }

    static Axis xAxis(List<Series> series, boolean log) {
        final TreeSet<Double> xs = new TreeSet<>();
        for (Series s : series) {
            for (Point p : s.points()) {
                xs.add(p.x());
            }
        }
        if (log && xs.first() <= 0) {
            throw new IllegalArgumentException("--log-x needs x > 0");
        }
        double min;
        double max;
        if (log) {
            // A margin of a quarter step in log space on each side.
            final double span = Math.max(Math.log(xs.last() / xs.first()), Math.log(2));
            min = xs.first() / Math.exp(span * 0.05);
            max = xs.last() * Math.exp(span * 0.05);
        } else {
            min = Math.min(0, xs.first());
            max = xs.last() > min ? xs.last() * 1.05 : min + 1;
        }
        // The x values themselves are the ticks: parameter sweeps have few, chosen values.
        return new Axis(min, max, log, PLOT_LEFT, PLOT_RIGHT, new ArrayList<>(xs));
    }

    static Axis yAxis(List<Series> series, boolean log) {
        double low = Double.POSITIVE_INFINITY;
        double high = 0;
        double highestScore = 0;
        for (Series s : series) {
            for (Point p : s.points()) {
                final double err = Double.isFinite(p.error()) ? p.error() : 0;
                high = Math.max(high, p.y() + err);
                highestScore = Math.max(highestScore, p.y());
                if (p.y() > 0) {
                    low = Math.min(low, p.y() - err > 0 ? p.y() - err : p.y());
                }
            }
        }
        // A wild error bar (a noisy run) is clipped at the top rather than flattening every line.
        high = Math.min(high, 2 * highestScore);
        if (log) {
            if (!Double.isFinite(low)) {
                throw new IllegalArgumentException("--log-y needs scores > 0");
            }
            final double min = Math.pow(10, Math.floor(Math.log10(low)));
            final double max = Math.pow(10, Math.ceil(Math.log10(high)));
            final List<Double> ticks = new ArrayList<>();
            for (double decade = min; decade < max * 1.0001; decade *= 10) {
                for (int m : new int[] {1, 2, 5}) {
                    final double t = decade * m;
                    if (t <= max * 1.0001) {
                        ticks.add(t);
                    }
                }
            }
            return new Axis(min, max == min ? min * 10 : max, true, PLOT_BOTTOM, PLOT_TOP, ticks);
        }
        final double step = niceStep(high > 0 ? high / 5 : 1);
        final double max = Math.max(step, Math.ceil(high / step) * step);
        final List<Double> ticks = new ArrayList<>();
        for (int i = 0; i * step <= max * 1.0001; i++) {
            ticks.add(i * step);
        }
        return new Axis(0, max, false, PLOT_BOTTOM, PLOT_TOP, ticks);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        final double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        final double n = raw / magnitude;
        final double m = n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10;
        return m * magnitude;
    }

    static String svg(Chart chart, boolean logX, boolean logY) {
        if (chart.series().isEmpty()) {
            throw new IllegalArgumentException("nothing to plot");
        }
        final Axis x = xAxis(chart.series(), logX);
        final Axis y = yAxis(chart.series(), logY);
        final StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"30\" font-size=\"16\" text-anchor=\"middle\">%s</text>%n",
                (PLOT_LEFT + PLOT_RIGHT) / 2, escape(chart.title())));

        s.append("<g class=\"grid\" stroke=\"#dddddd\">\n");
        for (double t : y.ticks) {
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>%n",
                    PLOT_LEFT, y.px(t), PLOT_RIGHT, y.px(t)));
        }
        s.append("</g>\n");
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"black\"/>%n",
                PLOT_LEFT, PLOT_TOP, PLOT_RIGHT - PLOT_LEFT, PLOT_BOTTOM - PLOT_TOP));
        s.append("<g class=\"x-ticks\" text-anchor=\"middle\">\n");
        for (double t : x.ticks) {
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\"/>"
                    + "<text x=\"%.1f\" y=\"%d\">%s</text>%n", x.px(t), PLOT_BOTTOM, x.px(t), PLOT_BOTTOM + 5,
                    x.px(t), PLOT_BOTTOM + 20, fmt(t)));
        }
        s.append("</g>\n");
        s.append("<g class=\"y-ticks\" text-anchor=\"end\">\n");
        for (double t : y.ticks) {
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\">%s</text>%n", PLOT_LEFT - 6, y.px(t) + 4, fmt(t)));
        }
        s.append("</g>\n");
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                (PLOT_LEFT + PLOT_RIGHT) / 2, PLOT_BOTTOM + 45, escape(chart.xLabel())));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 %d %d)\">%s</text>%n",
                24, (PLOT_TOP + PLOT_BOTTOM) / 2, 24, (PLOT_TOP + PLOT_BOTTOM) / 2,
                escape(chart.yLabel() + (logY ? " (log scale)" : ""))));

        for (int i = 0; i < chart.series().size(); i++) {
            final Series series = chart.series().get(i);
            final String colour = COLOURS[i % COLOURS.length];
            s.append(String.format(Locale.ROOT, "<g class=\"series\" stroke=\"%s\" fill=\"%s\">%n", colour, colour));
            s.append("<title>").append(escape(series.label())).append("</title>\n");
            final StringBuilder points = new StringBuilder();
            for (Point p : series.points()) {
                points.append(points.length() == 0 ? "" : " ")
                        .append(String.format(Locale.ROOT, "%.1f,%.1f", x.px(p.x()), y.px(p.y())));
            }
            s.append("<polyline fill=\"none\" stroke-width=\"2\" points=\"").append(points).append("\"/>\n");
            for (Point p : series.points()) {
                final double px = x.px(p.x());
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\"><title>%s: %s = %s, %s</title></circle>%n",
                        px, y.px(p.y()), escape(series.label()), fmt(p.x()), fmt(p.y()),
                        Double.isFinite(p.error()) ? "error " + fmt(p.error()) : "no error estimate"));
                if (Double.isFinite(p.error()) && p.error() > 0) {
                    final double lowPx = Math.min(PLOT_BOTTOM, y.log && p.y() - p.error() <= y.min ? PLOT_BOTTOM
                            : y.px(p.y() - p.error()));
                    final double highPx = Math.max(PLOT_TOP, y.px(p.y() + p.error()));
                    s.append(String.format(Locale.ROOT, "<path class=\"error-bar\" stroke-width=\"1.2\" fill=\"none\""
                                    + " d=\"M%.1f %.1fV%.1fM%.1f %.1fH%.1fM%.1f %.1fH%.1f\"/>%n",
                            px, lowPx, highPx, px - 5, lowPx, px + 5, px - 5, highPx, px + 5));
                }
            }
            s.append("</g>\n");
            final int legendY = PLOT_TOP + 10 + i * 20;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>"
                            + "<text class=\"legend\" x=\"%d\" y=\"%d\">%s</text>%n",
                    PLOT_RIGHT + 15, legendY, PLOT_RIGHT + 40, legendY, colour, PLOT_RIGHT + 46, legendY + 4,
                    escape(series.label())));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"#555555\">%s</text>%n",
                PLOT_LEFT, HEIGHT - 10, escape("Error bars: JMH scoreError (99.9% confidence half-width); none where JMH"
                        + " had too few iterations to estimate one.")));
        s.append("</svg>\n");
        return s.toString();
    }

    /** Up to 4 significant digits, no exponent, no trailing zeros. */
    static String fmt(double v) {
        if (v == 0) {
            return "0";
        }
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
