package io.tickforge.client;

import io.tickforge.shared.world.EntityLayout;
import io.tickforge.client.interp.InterpolationBuffer;
import io.tickforge.client.metrics.ClientMetrics;
import io.tickforge.client.predict.Predictor;
import io.tickforge.client.sync.ClockSync;
import io.tickforge.shared.snapshot.SnapshotDecoder;
import io.tickforge.shared.snapshot.SnapshotView;
import io.tickforge.shared.world.EntityIds;
import io.tickforge.shared.world.WorldSnapshot;

/**
 * Snapshot payloads in: decodes them against their baselines (the decoder also keeps the acks the
 * input packets carry), and feeds each accepted one to the clock sync (arrival), the predictor
 * (reconciliation of the own player, error figures) and the interpolation buffer (the others).
 * Driving thread only; positions in 1/256 m, ticks are server ticks, times nanoseconds.
 */
final class SnapshotReceiver {
    /**
     * A correction longer than this is a teleport (respawn), not a movement error: a whole second
     * of sprinting is 9 m, and one missed input moves a player at most 0.15 m at 60 Hz.
     */
    static final double TELEPORT_M = 10.0;

    private final GameClientConfig config;
    private final ClientMetrics metrics;
    private final InputSender inputs;
    /** The game's entities compiled. */
    private final EntityLayout layout;
    /** Position units per metre of the entity schema's position (the arena's and the zone game's: 256). */
    private final double unitsPerM;
    private SnapshotDecoder decoder;
    private InterpolationBuffer interpolation;
    private int playerId = -1;
    private ClockSync clock;
    private Predictor predictor;
    private long lastSnapshotNs;
    private long missingBaselines;
    private long malformedSnapshots;

    /** @param inputs says where the current input stream began (no prediction error before it) */
    SnapshotReceiver(GameClientConfig config, ClientMetrics metrics, InputSender inputs) {
        this.config = config;
        this.metrics = metrics;
        this.inputs = inputs;
        this.layout = EntityLayout.of(config.entitySchema);
        this.unitsPerM = config.entitySchema.field(0).unitsPerMetre();
        newStream();
    }

    /** Baselines and frames of an old stream are void (after a reconnect the server starts with a keyframe). */
    void newStream() {
        decoder = new SnapshotDecoder(layout, config.decoderHistory, 64);
        interpolation = new InterpolationBuffer(layout, config.interpolationFrames, config.interpolationEntities,
                0, EntityIds.MAX_ENTITIES, 4.0);
    }

    /** Joined as {@code playerId} at {@code nowNs}: accepted snapshots feed this clock and predictor. */
    void start(int playerId, ClockSync clock, Predictor predictor, long nowNs) {
        this.playerId = playerId;
        this.clock = clock;
        this.predictor = predictor;
        lastSnapshotNs = nowNs;
    }

    /** Decodes one payload; true when it was accepted (a new newest state). */
    boolean onSnapshot(byte[] bytes, int length, long nowNs) {
        switch (decoder.decode(bytes, 0, length)) {
            case ACCEPTED -> {
                onAccepted(nowNs);
                return true;
            }
            case DUPLICATE, STALE -> metrics.staleSnapshot();
            case MISSING_BASELINE -> {
                missingBaselines++;
                metrics.decodeFailure();
            }
            case MALFORMED -> {
                malformedSnapshots++;
                metrics.decodeFailure();
            }
        }
        return false;
    }

    private void onAccepted(long now) {
        final SnapshotView view = decoder.view();
        final long serverTick = decoder.serverTick();
        metrics.recordSnapshot(now);
        lastSnapshotNs = now;
        clock.onSnapshot(serverTick, now);

        final int self = view.indexOf(playerId);
        if (self >= 0) {
            final long stateTick = view.tick(self);
            // The game's movement reads its state (and whether the player is alive) from the entity.
            final double errorUnits = predictor.reconcile(view, self);
            // Before the server has any of our inputs it keeps us still: nothing to compare yet.
            if (errorUnits >= 0 && decoder.lastAppliedInputTick() >= 0 && stateTick >= inputs.firstInputTick()) {
                final double errorM = errorUnits / unitsPerM;
                if (errorM > TELEPORT_M) {
                    // A respawn we had not seen the death of (lost snapshots): not a mis-prediction
                    // of movement, so counted apart rather than folded into the error figures.
                    metrics.teleportCorrection();
                } else {
                    metrics.recordPredictionErrorM(errorM);
                    clock.onInputFeedback(stateTick, errorUnits > 0);
                    metrics.setInputMisses(clock.inputMisses());
                }
            }
        }
        interpolation.push(serverTick, view, playerId);
    }

    /** The client's entity schema compiled (what the decoder and the movement read). */
    EntityLayout layout() {
        return layout;
    }

    SnapshotDecoder decoder() {
        return decoder;
    }

    InterpolationBuffer interpolation() {
        return interpolation;
    }

    /** When the newest snapshot was accepted (or the join/reconnect happened), for the silence rule. */
    long lastSnapshotNs() {
        return lastSnapshotNs;
    }

    long missingBaselines() {
        return missingBaselines;
    }

    long malformedSnapshots() {
        return malformedSnapshots;
    }
}
