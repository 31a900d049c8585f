package io.tickforge.server.session;

/**
 * Told when a player joins or leaves the session, on the tick thread at the tick boundary that
 * applies the change (rare: once per player lifetime). Implementations hand the event to their own
 * thread and return at once; they must never block or throw.
 */
public interface RosterListener {
    RosterListener NONE = new RosterListener() {
        @Override
        public void joined(int slot, String name) {
        }

        @Override
        public void left(int slot, String name) {
        }
    };

    void joined(int slot, String name);

    void left(int slot, String name);
}
