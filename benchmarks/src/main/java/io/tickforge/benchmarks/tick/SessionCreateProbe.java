package io.tickforge.benchmarks.tick;

import io.tickforge.server.game.ArenaGame;
import io.tickforge.server.replication.DeltaReplication;
import io.tickforge.server.replication.ReplicationConfig;
import io.tickforge.server.session.GameSession;
import io.tickforge.server.session.SessionConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What starting one more session on demand costs the thread that creates it (the network thread,
 * with {@code --max-sessions}): constructs arena sessions as the server's session factory does (the
 * game, its replication with no workers, the session; not started, not recording) and prints the
 * mean time of each part over the warm ones (the first few load classes and compile). Keeps every
 * session, as a host full of live sessions would. Main thread only.
 *
 * <pre>
 * taskset -c 0 java -Xms2g -Xmx2g -cp benchmarks/target/benchmarks.jar io.tickforge.benchmarks.tick.SessionCreateProbe [sessions 60] [players 8] [npcs 100]
 * </pre>
 */
public final class SessionCreateProbe {
    /** Sessions not counted: class loading and the first compilations. */
    static final int COLD = 20;

    private SessionCreateProbe() {
    }

    /** Mean milliseconds over the warm sessions: {game, replication, session}. */
    static double[] run(int sessions, int players, int npcs) {
        if (sessions <= COLD || players < 1 || npcs < 0) {
            throw new IllegalArgumentException("sessions > " + COLD + ", players >= 1, npcs >= 0: " + sessions + ", "
                    + players + ", " + npcs);
        }
        final List<GameSession> kept = new ArrayList<>(sessions);
        final double[] ms = new double[3];
        for (int i = 0; i < sessions; i++) {
            final long t0 = System.nanoTime();
            final ArenaGame game = new ArenaGame(players, npcs, 60);
            final long t1 = System.nanoTime();
            final DeltaReplication replication = new DeltaReplication(ReplicationConfig.defaults(players,
                    game.describe().worldSizeM()).withReplicationThreads(0).withEntityLayout(game.describe().entityLayout()));
            final long t2 = System.nanoTime();
            kept.add(new GameSession(SessionConfig.of(i + 1, 60, players, npcs), game, replication));
            final long t3 = System.nanoTime();
            if (i >= COLD) {
                ms[0] += (t1 - t0) / 1e6;
                ms[1] += (t2 - t1) / 1e6;
                ms[2] += (t3 - t2) / 1e6;
            }
        }
        for (int k = 0; k < ms.length; k++) {
            ms[k] /= sessions - COLD;
        }
        return ms;
    }

    public static void main(String[] args) {
        final int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        final int players = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        final int npcs = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        final double[] ms = run(sessions, players, npcs);
        System.out.printf(Locale.ROOT, "%d arena sessions of %d players, %d NPCs; mean of the last %d: game %.2f ms,"
                        + " replication %.2f ms, session %.2f ms, total %.2f ms%n", sessions, players, npcs, sessions - COLD,
                ms[0], ms[1], ms[2], ms[0] + ms[1] + ms[2]);
    }
}
