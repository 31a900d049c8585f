package io.tickforge.replay;

import io.tickforge.server.gameapi.Game;
import io.tickforge.server.gameapi.GameCatalog;
import io.tickforge.server.gameapi.GameDescriptor;
import io.tickforge.server.gameapi.GameOptions;
import io.tickforge.server.gameapi.GameProvider;
import io.tickforge.server.gameapi.GameSetup;
import io.tickforge.server.replaylog.RecordingSettings;
import io.tickforge.server.replaylog.SessionRecorder;
import io.tickforge.server.replication.DeltaReplication;
import io.tickforge.server.replication.ReplicationConfig;
import io.tickforge.server.session.GameSession;
import io.tickforge.server.session.PlayerLink;
import io.tickforge.server.session.SessionConfig;
import io.tickforge.server.tick.ManualTickClock;
import io.tickforge.shared.protocol.ByeReason;
import io.tickforge.shared.protocol.InputPacket;
import io.tickforge.shared.world.InputLayout;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Test fixture: a real {@link GameSession} (the game from the catalog, real delta replication on
 * the tick thread, a manual clock) driven tick by tick with bot-like clients over a lossy link
 * modelled in the test: inputs sent a few ticks ahead with up to three redundant copies, 15 %
 * of packets lost, a fifth delayed 1..6 ticks (late and out of order), random render lags; joins
 * spread out, one leave, one drop and reconnect. Everything is seeded: the same arguments give the
 * same session. Records with {@code settings}; returns the log.
 */
final class RecordedSessions {
    static final int HZ = 60;
    static final int MAX_PLAYERS = 8;

    /** What a recording produced. */
    record Recorded(Path log, long ticks, long ticksRecorded, long ticksLost) {
    }

    private RecordedSessions() {
    }

    static Recorded record(String gameName, Map<String, String> given, int ticks, long seed,
                           RecordingSettings settings) throws Exception {
        final GameProvider provider = GameCatalog.load().find(gameName);
        final GameOptions options = GameOptions.resolve(provider, given);
        final SessionConfig config = SessionConfig.of(7, HZ, MAX_PLAYERS, 0).withLagCompensationMs(200);
        final Game game = provider.create(new GameSetup(config.sessionId(), HZ, MAX_PLAYERS, options));
        final GameDescriptor described = game.describe();
        final DeltaReplication replication = new DeltaReplication(ReplicationConfig.defaults(MAX_PLAYERS, described.worldSizeM())
                .withReplicationThreads(0).withEntityLayout(described.entityLayout()));
        final ManualTickClock clock = new ManualTickClock(0);
        final GameSession session = new GameSession(config, game, replication, clock, remaining -> { });
        final SessionRecorder recorder = SessionRecorder.open(settings,
                gameName, options.asMap(), config, described);
        session.setRecorder(recorder);
        final InputLayout layout = described.inputLimits().layout();
        final Random random = new Random(seed);
        final int[] slots = new int[MAX_PLAYERS];
        java.util.Arrays.fill(slots, -1);
        final int bots = 6;
        final int lead = 3;
        final int[][][] planned = new int[bots][ticks + 16][layout.lanes];
        for (int b = 0; b < bots; b++) {
            for (int t = 0; t < planned[b].length; t++) {
                // Inputs hold for a while (as a player's do), then change.
                if (t > 0 && random.nextInt(8) != 0) {
                    planned[b][t] = planned[b][t - 1];
                    continue;
                }
                for (int k = 0; k < layout.lanes; k++) {
                    int v = layout.min[k] + random.nextInt(layout.max[k] - layout.min[k] + 1);
                    v &= ~layout.invalidBits[k];
                    planned[b][t][k] = layout.accepts(k, v) ? v : 0;
                }
            }
        }
        final List<Object[]> delayed = new ArrayList<>();
        for (int k = 0; k < ticks; k++) {
            for (int b = 0; b < bots; b++) {
                if (k == b * 9) {
                    slots[b] = session.reserveSlot();
                    session.enqueueJoin(slots[b], "bot" + b, new QuietLink());
                }
            }
            if (k == ticks / 2 && slots[2] >= 0) {
                session.enqueueLeave(slots[2]);
                slots[2] = -1;
            }
            if (k == ticks / 3 && slots[3] >= 0) {
                session.enqueueDetach(slots[3]);
            }
            if (k == ticks / 3 + 20 && slots[3] >= 0) {
                session.enqueueReattach(slots[3], new QuietLink());
            }
            // Delayed packets whose time has come (late, possibly after newer ones).
            for (int i = delayed.size() - 1; i >= 0; i--) {
                final Object[] d = delayed.get(i);
                if ((Integer) d[0] <= k) {
                    session.offerInput((Integer) d[1], (InputPacket) d[2]);
                    delayed.remove(i);
                }
            }
            for (int b = 0; b < bots; b++) {
                if (slots[b] < 0 || k < b * 9 + 1) {
                    continue;
                }
                final long newest = k + lead;
                final InputPacket packet = new InputPacket();
                packet.lanesPerInput = layout.lanes;
                packet.newestTick = newest;
                packet.count = 1 + random.nextInt(3);
                packet.renderLag = random.nextInt(20);
                for (int j = 0; j < packet.count; j++) {
                    final int t = (int) Math.max(0, newest - j);
                    for (int l = 0; l < layout.lanes; l++) {
                        packet.setLane(j, l, planned[b][t][l]);
                    }
                }
                final int fate = random.nextInt(100);
                if (fate < 15) {
                    continue; // lost
                }
                if (fate < 35) {
                    delayed.add(new Object[]{k + 1 + random.nextInt(6), slots[b], packet});
                    continue;
                }
                session.offerInput(slots[b], packet);
            }
            final long now = session.tickLoop().deadlineNs(k);
            clock.setNs(now);
            if (session.tickLoop().doWork(now) != 1) {
                throw new IllegalStateException("tick " + k + " did not run");
            }
        }
        if (!session.stop(5, TimeUnit.SECONDS)) {
            throw new IllegalStateException("session did not stop");
        }
        return new Recorded(recorder.path(), ticks, recorder.ticksRecorded(), recorder.ticksLost());
    }

    /** A link that takes every snapshot and drops it. */
    static final class QuietLink implements PlayerLink {
        @Override
        public int connectionId() {
            return 0;
        }

        @Override
        public boolean sendSnapshot(byte[] bytes, int length) {
            return true;
        }

        @Override
        public void sendReliable(Object message) {
        }

        @Override
        public void disconnect(ByeReason reason, String text) {
        }
    }
}
