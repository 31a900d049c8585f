package io.tickforge.replay;

import io.tickforge.server.gameapi.GameCatalog;
import io.tickforge.shared.world.EntityLayout;
import io.tickforge.shared.world.WorldSnapshot;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code java -jar tickforge-replay.jar LOG}: replays a session log recorded with
 * {@code --record} and verifies its world hashes (docs/REPLAY.md). Runs on the caller's thread.
 */
@Command(name = "tickforge-replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replays a Tickforge session log (server --record DIR) without sockets, at full speed, and"
                + " verifies every recorded world hash. On a mismatch it names the first tick whose hash differs and"
                + " lists the entities that differ at the next recorded whole world (docs/REPLAY.md).", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:verified: every hash up to where the log ends (or --until) matched",
                "1:divergence: a hash or a join decision differs, or this build cannot create the recorded game",
                "2:usage: bad arguments, or the file cannot be read",
                "3:corrupt log: bad magic or version, or a damaged frame before the end (its byte offset is named)"})
public final class ReplayMain implements Callable<Integer> {
    public static final int EXIT_VERIFIED = 0;
    public static final int EXIT_DIVERGED = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_CORRUPT = 3;

    @Parameters(index = "0", paramLabel = "LOG", description = "A log file written by the server's --record.")
    Path log;

    @Option(names = "--until", paramLabel = "TICK", description = "Stop after this tick (its hash checked).")
    Long until;

    @Option(names = "--dump", description = "Print the world where the replay stopped (with --until: at TICK),"
            + " one entity per line.")
    boolean dump;

    @Option(names = "--bots-report", description = "Also print per player figures recomputed from the replay, as the"
            + " session saw its players: ticks in the game, inputs received and filled in (late or lost), render lag,"
            + " distance and speed of the player's own entity (docs/REPLAY.md).")
    boolean botsReport;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line, printing to {@code out} and {@code err}; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        final CommandLine cli = new CommandLine(new ReplayMain());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            err.println(e.getMessage());
            err.println("usage: java -jar tickforge-replay.jar LOG [--until TICK] [--dump] [--bots-report] (--help)");
            return EXIT_USAGE;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (until != null && until < 0) {
            err.println("--until must be >= 0: " + until);
            return EXIT_USAGE;
        }
        try {
            final LogReader reader = LogReader.open(log);
            final LogHeader h = reader.header();
            out.printf("log %s: game %s %s, session %d, %d Hz, %d player slots, rewind %d ticks, hash every %d ticks,"
                            + " whole world every %d hashes%n", log, h.game(), h.options(), h.sessionId(), h.tickRateHz(),
                    h.maxPlayers(), h.lagCompensationTicks(), h.hashEveryTicks(), h.worldEveryHashes());
            final Replayer replayer;
            try {
                replayer = new Replayer(reader, GameCatalog.load());
            } catch (Replayer.SetupException e) {
                err.println("cannot replay: " + e.getMessage());
                return EXIT_DIVERGED;
            }
            if (botsReport) {
                replayer.enablePlayerReport();
            }
            // Timed from the first tick: reading the file and creating the game are not the replay's speed.
            final long started = System.nanoTime();
            final Replayer.Result r = replayer.run(until == null ? Long.MAX_VALUE : until);
            final double seconds = (System.nanoTime() - started) / 1e9;
            final double simulated = r.ticksReplayed() / (double) h.tickRateHz();
            out.printf("replayed ticks %d..%d (%d ticks, %.1f s of game time) in %.2f s (%.0fx real time); %d hashes verified%n",
                    r.firstTick(), r.lastTick(), r.ticksReplayed(), simulated, seconds,
                    seconds > 0 ? simulated / seconds : 0.0, r.hashesVerified());
            out.println(r.stop());
            if (r.gameErrors() > 0) {
                out.println("the game threw " + r.gameErrors() + " time(s) during the replay; first: " + r.firstGameError());
            }
            if (dump) {
                dump(out, replayer.world(), r.lastTick());
            }
            if (botsReport) {
                replayer.playerReport().print(out);
            }
            if (r.outcome() == Replayer.Outcome.DIVERGED) {
                out.println("DIVERGED at tick " + r.divergedAtTick() + ": " + r.divergence());
                if (r.diffTick() >= 0) {
                    out.println("entities that differ at tick " + r.diffTick() + " (the next recorded whole world):");
                    r.entityDiff().forEach(line -> out.println("  " + line));
                } else {
                    out.println("no whole world recorded at or after that tick: no entity diff (record with"
                            + " --record-world-every 1 to have one at every hash)");
                }
                return EXIT_DIVERGED;
            }
            out.println("VERIFIED" + (r.cleanEnd() ? "" : " (up to where the log ends)"));
            return EXIT_VERIFIED;
        } catch (CorruptLogException e) {
            err.println(e.getMessage());
            return EXIT_CORRUPT;
        } catch (IOException e) {
            err.println("cannot read " + log + ": " + e);
            return EXIT_USAGE;
        }
    }

    private static void dump(PrintWriter out, WorldSnapshot w, long lastTick) {
        if (w.tick != lastTick || lastTick < 0) {
            out.println("no world to print: the game wrote none at tick " + lastTick);
            return;
        }
        final EntityLayout layout = w.layout;
        final StringBuilder head = new StringBuilder("world at tick ").append(w.tick).append(", ").append(w.count)
                .append(" entities; columns: id");
        for (int k = 0; k < layout.values; k++) {
            head.append(" | ").append(layout.describeLane(k));
        }
        out.println(head);
        final StringBuilder line = new StringBuilder();
        for (int i = 0; i < w.count; i++) {
            line.setLength(0);
            line.append(w.entityId[i]);
            for (int k = 0; k < layout.values; k++) {
                line.append(' ').append(w.lanes[k][i]);
            }
            out.println(line);
        }
    }
}
