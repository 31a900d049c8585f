package io.tickforge.server.tick;

/**
 * The session figures a {@link TickEvent} carries besides timing. Read on the tick thread right
 * after a tick, only while the event is enabled.
 */
public interface TickEventFields {
    int sessionId();

    /** Players in the world after the tick. */
    int playersNow();

    /** Snapshot bytes handed to the network during the last tick. */
    long snapshotBytesLastTick();

    TickEventFields NONE = new TickEventFields() {
        @Override
        public int sessionId() {
            return 0;
        }

        @Override
        public int playersNow() {
            return 0;
        }

        @Override
        public long snapshotBytesLastTick() {
            return 0;
        }
    };
}
