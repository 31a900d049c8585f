package io.tickforge.server.cli;

import io.tickforge.server.net.ServerNetwork;
import io.tickforge.server.session.GameSession;
import io.tickforge.shared.protocol.ByeReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * The first step of every stop (signal, --duration, Agones match end): refuse new players
 * (Rejected DRAINING), tell every player Bye, and wait up to --drain-timeout for the session to
 * see them leave; stopping the network and the tick thread comes after. Main thread.
 */
final class Drain {
    private static final Logger LOG = LoggerFactory.getLogger(Drain.class);

    private Drain() {
    }

    static void run(ServerNetwork network, GameSession session, long timeoutS) {
        run(network, session::playerCount, timeoutS);
    }

    /** As above, {@code players} counting the players of every session (sessions on demand). */
    static void run(ServerNetwork network, java.util.function.IntSupplier players, long timeoutS) {
        network.joinGate().startDraining();
        LOG.info("draining: refusing new players, telling {} player(s) Bye({}), waiting up to {} s for them to leave",
                players.getAsInt(), ByeReason.SERVER_SHUTDOWN, timeoutS);
        network.disconnectAll(ByeReason.SERVER_SHUTDOWN, "server draining: match over or shutting down");
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
        while (players.getAsInt() > 0 && System.nanoTime() - deadlineNs < 0) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (players.getAsInt() > 0) {
            LOG.warn("--drain-timeout {} s reached with {} player(s) still in; closing their connections", timeoutS,
                    players.getAsInt());
        }
    }
}
