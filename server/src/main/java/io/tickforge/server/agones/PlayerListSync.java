package io.tickforge.server.agones;

import io.tickforge.server.session.RosterListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Keeps the GameServer's {@code players} List (Agones Counters and Lists, beta) equal to who is in
 * the session: one value {@code <name>#<slot>} per player (names alone may repeat). The tick thread
 * only queues the change ({@link RosterListener}); {@link #flush} sends the queued changes in order
 * on the Agones thread. The List must be declared in the GameServer spec
 * ({@code spec.lists.players.capacity}, see deploy/agones/gameserver.yaml).
 */
public final class PlayerListSync implements RosterListener {
    private static final Logger LOG = LoggerFactory.getLogger(PlayerListSync.class);

    /** The GameServer List that holds the players. */
    public static final String LIST = "players";

    private record Change(boolean join, String value) {
    }

    private final AgonesSdk sdk;
    private final ConcurrentLinkedQueue<Change> pending = new ConcurrentLinkedQueue<>();
    // Agones thread only.
    private long failures;

    public PlayerListSync(AgonesSdk sdk) {
        if (sdk == null) {
            throw new IllegalArgumentException("sdk is required");
        }
        this.sdk = sdk;
    }

    static String value(int slot, String name) {
        return name + "#" + slot;
    }

    @Override
    public void joined(int slot, String name) {
        pending.add(new Change(true, value(slot, name)));
    }

    @Override
    public void left(int slot, String name) {
        pending.add(new Change(false, value(slot, name)));
    }

    /** Sends every queued change, oldest first; a failed one is logged and dropped. Agones thread. */
    public void flush() {
        Change change;
        while ((change = pending.poll()) != null) {
            try {
                if (change.join()) {
                    sdk.addListValue(LIST, change.value());
                } else {
                    sdk.removeListValue(LIST, change.value());
                }
            } catch (IOException e) {
                failures++;
                if (failures == 1) {
                    LOG.warn("cannot update the Agones '{}' list ({}); is spec.lists.{} declared in the GameServer?"
                            + " Later failures are counted", LIST, e.getMessage(), LIST);
                } else if (failures % 100 == 0) {
                    LOG.warn("Agones '{}' list updates failed {} times: {}", LIST, failures, e.getMessage());
                }
            }
        }
    }

    public long failures() {
        return failures;
    }
}
