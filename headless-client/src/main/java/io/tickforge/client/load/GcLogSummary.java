package io.tickforge.client.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Summarises a HotSpot unified GC log for a load run: which collector ran, and the stop-the-world
 * pauses inside a time window (the load run's measured window) and over the whole log. Reads the
 * log {@code scripts/load.sh} asks the server JVM for:
 * <pre>
 * -Xlog:gc,gc+phases,safepoint:file=server-gc.log:time,uptime,level,tags
 * </pre>
 * Two kinds of pause are counted, because they answer different questions:
 * <ul>
 *   <li>GC pauses: the collector's own "Pause ..." lines ({@code [gc]} for Serial, Parallel and G1
 *       young/full/remark/cleanup, {@code [gc,phases]} for ZGC's mark start/end and relocate start,
 *       generational or not); the figure the "no GC pause over 5 ms" goal is about.</li>
 *   <li>Safepoints: every stop-the-world operation ({@code [safepoint]}, GC or not: deoptimisation,
 *       class unloading, ...), measured from the request to the end ({@code Total}), so including
 *       the time to reach the safepoint, which the GC's own figure leaves out. A tick cannot start
 *       during one.</li>
 * </ul>
 * Lines need the {@code time} decoration (wall time with offset) to be placed in the window; lines
 * without it are counted only in the whole-log figures. Main thread; a command-line tool.
 *
 * <pre>
 * java -cp tickforge-bots.jar io.tickforge.client.load.GcLogSummary server-gc.log [--from EPOCH_S] [--to EPOCH_S] [--goal-ms 5]
 * </pre>
 * prints a JSON object (see {@link #toJson}).
 */
public final class GcLogSummary {
    private static final Pattern DECORATED = Pattern.compile("^((?:\\[[^\\]]*\\])+)\\s?(.*)$");
    private static final Pattern DECORATION = Pattern.compile("\\[([^\\]]*)\\]");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ", Locale.ROOT);
    private static final Pattern GC_PAUSE = Pattern.compile("Pause.*?\\s(\\d+(?:\\.\\d+)?)ms\\s*$");
    private static final Pattern SAFEPOINT = Pattern.compile("^Safepoint \"([^\"]+)\".*?Total: (\\d+) ns");
    private static final Pattern USING = Pattern.compile("^Using (.+)$");
    private static final Pattern GENERATIONAL_ZGC = Pattern.compile("^GC\\(\\d+\\) [YO]: ");

    /** One stop-the-world event; {@code epochS} is NaN when the line had no wall-time decoration. */
    public record Pause(double epochS, double uptimeS, double ms, String what) {
    }

    /** Pauses of one kind over a span of the log. */
    public static final class Tally {
        int count;
        double totalMs;
        Pause longest;

        void add(Pause p) {
            count++;
            totalMs += p.ms();
            if (longest == null || p.ms() > longest.ms()) {
                longest = p;
            }
        }

        public int count() {
            return count;
        }

        public double totalMs() {
            return totalMs;
        }

        /** The longest pause, or null if none. */
        public Pause longest() {
            return longest;
        }
    }

    /** The collector and the pause tallies in the window and over the whole log. */
    public static final class Summary {
        String collector = "unknown";
        boolean generationalZgc;
        final Tally gcInWindow = new Tally();
        final Tally gcWholeLog = new Tally();
        final Tally safepointsInWindow = new Tally();
        final Tally safepointsWholeLog = new Tally();
        Pause firstGcPause;

        /** As the JVM names it ("Serial", "Parallel", "G1", "ZGC", "ZGC (generational)", ...). */
        public String collector() {
            return generationalZgc ? "ZGC (generational)" : collector;
        }

        public Tally gcInWindow() {
            return gcInWindow;
        }

        public Tally gcWholeLog() {
            return gcWholeLog;
        }

        public Tally safepointsInWindow() {
            return safepointsInWindow;
        }

        public Tally safepointsWholeLog() {
            return safepointsWholeLog;
        }

        /** The first GC pause of the log, or null. */
        public Pause firstGcPause() {
            return firstGcPause;
        }
    }

    private GcLogSummary() {
    }

    /** Reads the lines; a pause counts in the window when its wall time lies in [fromEpochS, toEpochS]. */
    public static Summary summarize(List<String> lines, double fromEpochS, double toEpochS) {
        final Summary s = new Summary();
        for (String line : lines) {
            final Matcher m = DECORATED.matcher(line);
            if (!m.matches()) {
                continue;
            }
            double epochS = Double.NaN;
            double uptimeS = Double.NaN;
            String tags = "";
            final Matcher d = DECORATION.matcher(m.group(1));
            while (d.find()) {
                final String value = d.group(1).trim();
                if (value.length() > 10 && value.charAt(4) == '-' && value.charAt(10) == 'T') {
                    epochS = epochSeconds(value);
                } else if (value.endsWith("s") && isNumber(value.substring(0, value.length() - 1))) {
                    uptimeS = Double.parseDouble(value.substring(0, value.length() - 1));
                } else if (!value.equals("info") && !value.equals("debug") && !value.equals("warning")
                        && !value.equals("trace") && !value.equals("error")) {
                    tags = value.replace(" ", "");
                }
            }
            final String message = m.group(2);
            final boolean inWindow = !Double.isNaN(epochS) && epochS >= fromEpochS && epochS <= toEpochS;
            if (tags.equals("gc") || tags.equals("gc,phases")) {
                final Matcher using = USING.matcher(message);
                if (tags.equals("gc") && using.matches()) {
                    final String name = using.group(1).trim();
                    s.collector = name.equals("The Z Garbage Collector") ? "ZGC" : name;
                    continue;
                }
                if (GENERATIONAL_ZGC.matcher(message).find()) {
                    s.generationalZgc = true;
                }
                final Matcher pause = GC_PAUSE.matcher(message);
                if (pause.find()) {
                    final Pause p = new Pause(epochS, uptimeS, Double.parseDouble(pause.group(1)), message.trim());
                    s.gcWholeLog.add(p);
                    if (s.firstGcPause == null) {
                        s.firstGcPause = p;
                    }
                    if (inWindow) {
                        s.gcInWindow.add(p);
                    }
                }
            } else if (tags.equals("safepoint")) {
                final Matcher sp = SAFEPOINT.matcher(message);
                if (sp.find()) {
                    final Pause p = new Pause(epochS, uptimeS, Long.parseLong(sp.group(2)) / 1e6, sp.group(1));
                    s.safepointsWholeLog.add(p);
                    if (inWindow) {
                        s.safepointsInWindow.add(p);
                    }
                }
            }
        }
        return s;
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static double epochSeconds(String time) {
        try {
            final OffsetDateTime t = OffsetDateTime.parse(time, TIME);
            return t.toEpochSecond() + t.getNano() / 1e9;
        } catch (DateTimeParseException e) {
            return Double.NaN;
        }
    }

    /**
     * {@code collector}, {@code window} (from/to epoch seconds, or null for the whole log),
     * {@code gcPauses} and {@code safepoints} in the window ({@code count}, {@code totalMs},
     * {@code longestMs}, {@code longest}: what and when), the same over the {@code wholeLog}, the
     * first GC pause's uptime, and {@code goalMs} / {@code goalMet} (longest GC pause in the window
     * at most the goal) when a goal is given.
     */
    public static ObjectNode toJson(Summary s, double fromEpochS, double toEpochS, Double goalMs) {
        final ObjectMapper mapper = new ObjectMapper();
        final ObjectNode root = mapper.createObjectNode();
        root.put("collector", s.collector());
        if (Double.isInfinite(fromEpochS) && Double.isInfinite(toEpochS)) {
            root.putNull("window");
        } else {
            final ObjectNode w = root.putObject("window");
            w.put("fromEpochS", fromEpochS);
            w.put("toEpochS", toEpochS);
        }
        tally(root.putObject("gcPauses"), s.gcInWindow);
        tally(root.putObject("safepoints"), s.safepointsInWindow);
        final ObjectNode whole = root.putObject("wholeLog");
        tally(whole.putObject("gcPauses"), s.gcWholeLog);
        tally(whole.putObject("safepoints"), s.safepointsWholeLog);
        if (s.firstGcPause == null) {
            whole.putNull("firstGcPauseUptimeS");
        } else {
            whole.put("firstGcPauseUptimeS", s.firstGcPause.uptimeS());
        }
        if (goalMs != null) {
            root.put("goalMs", goalMs);
            root.put("goalMet", s.gcInWindow.longest == null || s.gcInWindow.longest.ms() <= goalMs);
        }
        return root;
    }

    private static void tally(ObjectNode node, Tally t) {
        node.put("count", t.count);
        node.put("totalMs", Math.round(t.totalMs * 1000) / 1000.0);
        if (t.longest == null) {
            node.putNull("longestMs");
            node.putNull("longest");
        } else {
            node.put("longestMs", t.longest.ms());
            node.put("longest", t.longest.what() + " at uptime " + t.longest.uptimeS() + " s");
        }
    }

    /** One line for the machine log and the console. */
    public static String line(Summary s, Double goalMs) {
        final StringBuilder b = new StringBuilder("gc: ").append(s.collector()).append(" | measured window: ");
        b.append(describe(s.gcInWindow, "GC pause")).append(", ").append(describe(s.safepointsInWindow, "safepoint"));
        if (goalMs != null) {
            final boolean met = s.gcInWindow.longest == null || s.gcInWindow.longest.ms() <= goalMs;
            b.append(String.format(Locale.ROOT, " (goal: no GC pause over %s ms: %s)", trim(goalMs), met ? "met" : "MISSED"));
        }
        b.append(" | whole run: ").append(describe(s.gcWholeLog, "GC pause"));
        if (s.firstGcPause != null) {
            b.append(String.format(Locale.ROOT, ", first at %.1f s", s.firstGcPause.uptimeS()));
        }
        return b.toString();
    }

    private static String describe(Tally t, String what) {
        if (t.longest == null) {
            return "no " + what;
        }
        return String.format(Locale.ROOT, "%d %s%s, longest %s ms (%s)", t.count, what, t.count == 1 ? "" : "s",
                trim(t.longest.ms()), t.longest.what());
    }

    private static String trim(double v) {
        return String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** 0 = summary printed, 1 = the log cannot be read, 2 = usage error. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Path file = null;
        double from = Double.NEGATIVE_INFINITY;
        double to = Double.POSITIVE_INFINITY;
        Double goal = null;
        boolean lineOnly = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--from" -> from = Double.parseDouble(value(args, ++i));
                    case "--to" -> to = Double.parseDouble(value(args, ++i));
                    case "--goal-ms" -> goal = Double.parseDouble(value(args, ++i));
                    case "--line" -> lineOnly = true;
                    default -> {
                        if (args[i].startsWith("-") || file != null) {
                            throw new IllegalArgumentException("unexpected argument: " + args[i]);
                        }
                        file = Path.of(args[i]);
                    }
                }
            }
            if (file == null) {
                throw new IllegalArgumentException("no GC log given");
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println("usage: GcLogSummary GC_LOG [--from EPOCH_S] [--to EPOCH_S] [--goal-ms MS] [--line]");
            return 2;
        }
        try {
            final Summary s = summarize(Files.readAllLines(file, StandardCharsets.UTF_8), from, to);
            if (lineOnly) {
                out.println(line(s, goal));
            } else {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(toJson(s, from, to, goal)));
            }
            return 0;
        } catch (IOException e) {
            err.println("cannot read " + file + ": " + e.getMessage());
            return 1;
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
