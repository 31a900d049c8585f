package io.tickforge.replay;

import io.tickforge.server.gameapi.Game;
import io.tickforge.server.gameapi.GameCatalog;
import io.tickforge.server.gameapi.GameContext;
import io.tickforge.server.gameapi.GameDescriptor;
import io.tickforge.server.gameapi.GameOptions;
import io.tickforge.server.gameapi.GamePlayer;
import io.tickforge.server.gameapi.GameProvider;
import io.tickforge.server.gameapi.GameSetup;
import io.tickforge.server.gameapi.JoinDecision;
import io.tickforge.server.gameapi.Rewind;
import io.tickforge.server.replaylog.ReplayLogFormat;
import io.tickforge.server.session.PositionHistory;
import io.tickforge.shared.schema.Schema;
import io.tickforge.shared.world.EntityLayout;
import io.tickforge.shared.world.InputLayout;
import io.tickforge.shared.world.WorldSnapshot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Replays one log without sockets, at full speed: creates the game by name through the game SPI
 * with the recorded options, then per TICK frame applies its joins and leaves and hands the game
 * the recorded inputs, in the order and with the calls the session makes ({@code Game}'s
 * contract), and checks every recorded world hash against the world the game writes. On the first
 * mismatch it goes on to the next recorded whole world (WORLD frame) at or after that tick, if any,
 * and lists the entities that differ there. Single-threaded; one replay per instance.
 */
public final class Replayer {
    /** Entity differences listed at most. */
    public static final int MAX_DIFF_LINES = 40;

    /** How a replay ended. */
    public enum Outcome {
        /** Every hash up to where the replay stopped matched. */
        VERIFIED,
        /** A hash (or a join decision) differed. */
        DIVERGED
    }

    /**
     * What a replay found. Immutable.
     *
     * @param divergedAtTick the tick of the first hash that differs (-1: none)
     * @param diffTick       the tick of the whole world the entity diff compares (-1: no diff)
     * @param stop           why the replay stopped (end of log, gap, torn frame, --until)
     */
    public record Result(Outcome outcome, long firstTick, long lastTick, long ticksReplayed, long hashesVerified,
                         long divergedAtTick, String divergence, long diffTick, List<String> entityDiff,
                         long gameErrors, String firstGameError, String stop, boolean cleanEnd) {
    }

    /** The log cannot be replayed by this build (unknown game, bad options, another schema). */
    public static final class SetupException extends Exception {
        public SetupException(String message) {
            super(message);
        }
    }

    private final LogReader reader;
    private final LogHeader header;
    private final Game game;
    private final GameDescriptor descriptor;
    private final InputLayout inputLayout;
    private final EntityLayout entityLayout;
    private final int lanes;
    private final PositionHistory history;
    private final WorldSnapshot snapshot;
    private final ReplayInputs inputs;
    private final GamePlayer[] players;
    private final int[] previousLanes;
    private final long[] previousLag;
    private final boolean[] hasPrevious;
    private int joinedCount;
    private boolean started;
    private long firstTick = -1;
    private long lastTick = -1;
    /** The tick of the world {@link #snapshot} holds (-1: none written yet, or the last tick failed). */
    private long worldTick = -1;
    private long ticksReplayed;
    private long hashesVerified;
    private long gameErrors;
    private String firstGameError;
    private long divergedAtTick = -1;
    private String divergence;
    private long diffTick = -1;
    private List<String> entityDiff = List.of();
    /** Per player figures ({@code --bots-report}); null unless {@link #enablePlayerReport()}. */
    private PlayerReport report;

    /** Reads the header's game from {@code catalog} and creates it with the recorded setup. */
    public Replayer(LogReader reader, GameCatalog catalog) throws SetupException {
        this.reader = reader;
        this.header = reader.header();
        final GameProvider provider;
        final GameOptions options;
        try {
            provider = catalog.find(header.game());
            options = GameOptions.resolve(provider, header.options());
            game = provider.create(new GameSetup(header.sessionId(), header.tickRateHz(), header.maxPlayers(), options));
        } catch (RuntimeException e) {
            throw new SetupException("cannot create the recorded game '" + header.game() + "' with options "
                    + header.options() + ": " + e.getMessage());
        }
        descriptor = game.describe();
        if (descriptor == null) {
            throw new SetupException("game '" + header.game() + "' describes nothing");
        }
        checkSchema("entity", descriptor.entitySchema(), header.entitySchema(), header.entitySchemaHash());
        checkSchema("input", descriptor.inputSchema(), header.inputSchema(), header.inputSchemaHash());
        inputLayout = descriptor.inputLimits().layout();
        entityLayout = descriptor.entityLayout();
        if (inputLayout.lanes != header.inputLanes() || entityLayout.values != header.entityLanes()
                || descriptor.maxEntities() != header.maxEntities()) {
            throw new SetupException("this build's game '" + header.game() + "' has " + inputLayout.lanes + " input lanes, "
                    + entityLayout.values + " entity lanes and " + descriptor.maxEntities() + " entities at most; the log "
                    + header.inputLanes() + ", " + header.entityLanes() + " and " + header.maxEntities());
        }
        lanes = inputLayout.lanes;
        history = new PositionHistory(header.lagCompensationTicks(), descriptor.maxEntities());
        snapshot = new WorldSnapshot(entityLayout, descriptor.maxEntities());
        inputs = new ReplayInputs(header.maxPlayers(), inputLayout);
        players = new GamePlayer[header.maxPlayers()];
        previousLanes = new int[header.maxPlayers() * lanes];
        previousLag = new long[header.maxPlayers()];
        hasPrevious = new boolean[header.maxPlayers()];
    }

    private void checkSchema(String kind, Schema schema, String name, long hash) throws SetupException {
        if (schema.hash() != hash) {
            throw new SetupException("this build's game '" + header.game() + "' declares " + kind + " schema '" + schema.name()
                    + "' #" + schema.hashHex() + "; the log was recorded with '" + name + "' #" + Schema.hex(hash)
                    + ": replay it with the build that recorded it");
        }
    }

    /**
     * Also computes per player figures while replaying ({@code --bots-report}): call before
     * {@link #run}; read with {@link #playerReport()}.
     */
    public void enablePlayerReport() {
        report = new PlayerReport(header.maxPlayers(), header.tickRateHz(),
                entityLayout.schema().field(0).unitsPerMetre());
    }

    /** The per player figures, or null when not enabled. */
    PlayerReport playerReport() {
        return report;
    }

    /** The world after the last replayed tick (for {@code --dump}). */
    public WorldSnapshot world() {
        return snapshot;
    }

    public LogHeader header() {
        return header;
    }

    /**
     * Replays up to and including tick {@code untilTick} (Long.MAX_VALUE: the whole log), stopping
     * early after a divergence's entity diff.
     */
    public Result run(long untilTick) throws CorruptLogException {
        String stop = null;
        boolean cleanEnd = false;
        LogReader.Frame f;
        while (stop == null && (f = reader.next()) != null) {
            final Payload p = f.payload;
            switch (f.type()) {
                case ReplayLogFormat.FRAME_TICK -> {
                    final long tick = p.i64();
                    if (tick > untilTick) {
                        stop = "stopped before tick " + tick + " (--until " + untilTick + ")";
                        break;
                    }
                    if (lastTick >= 0 && tick <= lastTick) {
                        throw new CorruptLogException(f.offset(), "TICK frame of tick " + tick + " after tick " + lastTick);
                    }
                    replayTick(tick, p);
                }
                case ReplayLogFormat.FRAME_HASH -> {
                    final long tick = p.i64();
                    final int count = p.varint(header.maxEntities(), "entity count");
                    final long hash = p.i64();
                    final long stateHash = p.i64();
                    p.end("HASH");
                    if (tick != lastTick) {
                        throw new CorruptLogException(f.offset(), "HASH frame of tick " + tick + " after the TICK frame of " + lastTick);
                    }
                    if (divergedAtTick < 0) {
                        checkHash(tick, count, hash, stateHash);
                    }
                }
                case ReplayLogFormat.FRAME_WORLD -> {
                    final long tick = p.i64();
                    if (tick != lastTick) {
                        throw new CorruptLogException(f.offset(), "WORLD frame of tick " + tick + " after the TICK frame of " + lastTick);
                    }
                    if (divergedAtTick >= 0) {
                        diff(tick, p);
                        stop = "stopped after the entity diff at tick " + tick;
                    }
                }
                case ReplayLogFormat.FRAME_GAP -> {
                    final long from = p.i64();
                    final long lost = p.i64();
                    p.end("GAP");
                    stop = "the log has a gap: the recorder's ring was full at tick " + from + " (" + lost
                            + " ticks lost); nothing after it can be replayed";
                }
                case ReplayLogFormat.FRAME_END -> {
                    final long last = p.i64();
                    final long recorded = p.i64();
                    final long lost = p.i64();
                    p.end("END");
                    cleanEnd = true;
                    stop = "end of log (recorder closed cleanly: last tick " + last + ", " + recorded + " ticks recorded"
                            + (lost > 0 ? ", " + lost + " lost" : "") + ")";
                }
                case ReplayLogFormat.FRAME_HEADER -> throw new CorruptLogException(f.offset(), "a second HEADER frame");
                default -> throw new CorruptLogException(f.offset(), "unexpected frame type " + f.type());
            }
        }
        if (stop == null) {
            stop = reader.tornTail() != null
                    ? "end of log at its last complete frame; ignored a torn last frame: " + reader.tornTail()
                    : "end of log without an END frame (the recorder did not close: killed?)";
        }
        if (started) {
            try {
                game.end();
            } catch (RuntimeException e) {
                gameError("end", e);
            }
        }
        return new Result(divergedAtTick >= 0 ? Outcome.DIVERGED : Outcome.VERIFIED, firstTick, lastTick, ticksReplayed,
                hashesVerified, divergedAtTick, divergence, diffTick, entityDiff, gameErrors, firstGameError, stop, cleanEnd);
    }

    private void replayTick(long tick, Payload p) throws CorruptLogException {
        if (!started) {
            started = true;
            firstTick = tick;
            game.start(new GameContext(header.sessionId(), header.tickRateHz(), header.maxPlayers(), tick,
                    history.capTicks() == 0 ? Rewind.OFF : history));
        }
        lastTick = tick;
        worldTick = -1;
        final int controls = p.u8();
        for (int c = 0; c < controls; c++) {
            final long at = p.offset();
            final int kind = p.u8();
            final int slot = p.varint(header.maxPlayers() - 1, "slot");
            switch (kind) {
                case ReplayLogFormat.CONTROL_JOIN, ReplayLogFormat.CONTROL_JOIN_REJECTED -> {
                    final String name = p.shortStr();
                    if (players[slot] != null) {
                        throw new CorruptLogException(at, "a join into slot " + slot + ", which is taken, at tick " + tick);
                    }
                    join(tick, slot, name, kind == ReplayLogFormat.CONTROL_JOIN);
                }
                case ReplayLogFormat.CONTROL_LEAVE -> {
                    if (players[slot] == null) {
                        throw new CorruptLogException(at, "a leave of slot " + slot + ", which is empty, at tick " + tick);
                    }
                    try {
                        game.leave(players[slot], tick);
                    } catch (RuntimeException e) {
                        gameError("leave", e);
                    }
                    players[slot] = null;
                    joinedCount--;
                    if (report != null) {
                        report.leave(slot, tick);
                    }
                }
                default -> throw new CorruptLogException(at, "unknown control event kind " + kind);
            }
        }
        readInputs(tick, p);
        p.end("TICK");
        ticksReplayed++;
        history.beginTick(tick);
        try {
            game.tick(tick, inputs);
            snapshot.clear(tick);
            game.writeSnapshot(snapshot);
            if (snapshot.tick != tick) {
                throw new IllegalStateException("game wrote the snapshot of tick " + snapshot.tick + " during tick " + tick);
            }
        } catch (RuntimeException e) {
            // The session counts a failed tick and goes on; so does the replay (the next hash tells).
            gameError("tick " + tick, e);
            return;
        }
        worldTick = tick;
        history.record(snapshot);
        if (report != null) {
            report.world(snapshot);
        }
    }

    private void join(long tick, int slot, String name, boolean recordedAccepted) {
        final GamePlayer player = new GamePlayer(slot, name);
        boolean accepted;
        try {
            final JoinDecision decision = game.joinAttempt(player);
            accepted = decision != null && decision.accepted();
        } catch (RuntimeException e) {
            gameError("joinAttempt", e);
            accepted = false;
        }
        if (accepted != recordedAccepted && divergedAtTick < 0) {
            divergedAtTick = tick;
            divergence = "the game " + (accepted ? "accepted" : "rejected") + " the join of '" + name + "' in slot " + slot
                    + " at tick " + tick + "; the recorded session " + (recordedAccepted ? "accepted" : "rejected") + " it";
        }
        if (recordedAccepted) {
            // Follow the recording (its inputs include this player) whatever the replayed game said.
            players[slot] = player;
            joinedCount++;
            if (report != null) {
                report.join(slot, name, tick);
            }
            try {
                game.join(player, tick);
            } catch (RuntimeException e) {
                gameError("join", e);
            }
        }
    }

    private void readInputs(long tick, Payload p) throws CorruptLogException {
        final long at = p.offset();
        final int n = p.varint(header.maxPlayers(), "input count");
        if (n != joinedCount) {
            throw new CorruptLogException(at, n + " inputs at tick " + tick + " for " + joinedCount + " joined players");
        }
        final ReplayInputs in = inputs;
        in.size = 0;
        int lastSlot = -1;
        for (int i = 0; i < n; i++) {
            final long entryAt = p.offset();
            final int slot = p.varint(header.maxPlayers() - 1, "slot");
            if (slot <= lastSlot || players[slot] == null) {
                throw new CorruptLogException(entryAt, "an input for slot " + slot + " at tick " + tick
                        + (slot <= lastSlot ? " out of ascending order" : ", where nobody joined"));
            }
            lastSlot = slot;
            final long headAt = p.offset();
            final long head = p.varint();
            final boolean masked = lanes <= ReplayLogFormat.MAX_MASKED_LANES;
            final long known = masked ? lowBits(ReplayLogFormat.INPUT_LANE_SHIFT + lanes)
                    : ReplayLogFormat.INPUT_RECEIVED | ReplayLogFormat.INPUT_LAG;
            if ((head & ~known) != 0) {
                throw new CorruptLogException(headAt, "input head " + Long.toHexString(head) + " has bits beyond the "
                        + lanes + " lanes");
            }
            final boolean hasLag = (head & ReplayLogFormat.INPUT_LAG) != 0;
            if (!hasPrevious[slot] && (!hasLag || (masked && (head >>> ReplayLogFormat.INPUT_LANE_SHIFT) != lowBits(lanes)))) {
                throw new CorruptLogException(headAt, "slot " + slot + "'s first input leaves out its render lag or a lane");
            }
            if (hasLag) {
                final long lagAt = p.offset();
                final long lag = p.zigzag();
                if (lag < 0 || lag > header.lagCompensationTicks()) {
                    throw new CorruptLogException(lagAt, "render lag " + lag + " outside 0.." + header.lagCompensationTicks());
                }
                previousLag[slot] = lag;
            }
            in.slot[i] = slot;
            in.received[i] = (head & ReplayLogFormat.INPUT_RECEIVED) != 0;
            in.renderTick[i] = tick - previousLag[slot];
            if (report != null) {
                report.input(slot, in.received[i], previousLag[slot]);
            }
            final int base = slot * lanes;
            for (int k = 0; k < lanes; k++) {
                if (masked && (head & (1L << (ReplayLogFormat.INPUT_LANE_SHIFT + k))) == 0) {
                    continue;
                }
                final long laneAt = p.offset();
                final int v = p.zigzagInt("input lane");
                if (!inputLayout.accepts(k, v)) {
                    throw new CorruptLogException(laneAt, "input value " + v + " is not valid for lane " + k
                            + " of '" + inputLayout.schema().name() + "'");
                }
                previousLanes[base + k] = v;
            }
            hasPrevious[slot] = true;
            System.arraycopy(previousLanes, base, in.values, i * lanes, lanes);
            in.size = i + 1;
        }
    }

    private void checkHash(long tick, int recordedCount, long recordedHash, long recordedStateHash) {
        if (worldTick != tick) {
            divergedAtTick = tick;
            divergence = "the recorded session wrote a world at tick " + tick + "; the replayed game failed that tick ("
                    + firstGameError + ")";
            return;
        }
        final long hash = ReplayLogFormat.worldHash(snapshot);
        long stateHash;
        try {
            stateHash = game.stateHash();
        } catch (RuntimeException e) {
            gameError("stateHash", e);
            stateHash = ~recordedStateHash;
        }
        final boolean worldSame = hash == recordedHash && snapshot.count == recordedCount;
        if (worldSame && stateHash == recordedStateHash) {
            hashesVerified++;
            return;
        }
        divergedAtTick = tick;
        final long previous = tick - header.hashEveryTicks();
        divergence = (worldSame
                ? "the game's hidden state (Game.stateHash: scores, timers, ...) differs at tick " + tick + " (recorded "
                + Long.toHexString(recordedStateHash) + ", replayed " + Long.toHexString(stateHash) + "); its snapshot is the same"
                : "the world hash differs at tick " + tick + " (recorded " + Long.toHexString(recordedHash) + ", "
                + recordedCount + " entities; replayed " + Long.toHexString(hash) + ", " + snapshot.count + " entities)")
                + (header.hashEveryTicks() > 1 && previous >= firstTick
                ? "; the previous hash, at tick " + previous + ", matched: the world first diverged in ticks "
                + (previous + 1) + ".." + tick : "");
    }

    private void diff(long tick, Payload p) throws CorruptLogException {
        final int count = p.varint(header.maxEntities(), "entity count");
        final long lanesAt = p.offset();
        final int values = p.varint(1 << 10, "lane count");
        if (values != entityLayout.values) {
            throw new CorruptLogException(lanesAt, "a WORLD frame of " + values + " lanes; the schema has " + entityLayout.values);
        }
        final int[] ids = new int[count];
        final int[][] recorded = new int[values][count];
        for (int i = 0; i < count; i++) {
            final long at = p.offset();
            ids[i] = p.varint(Integer.MAX_VALUE, "entity id");
            if (i > 0 && ids[i] <= ids[i - 1]) {
                throw new CorruptLogException(at, "WORLD entity ids out of ascending order");
            }
            for (int k = 0; k < values; k++) {
                recorded[k][i] = p.zigzagInt("entity lane");
            }
        }
        p.end("WORLD");
        diffTick = tick;
        final List<String> lines = new ArrayList<>();
        if (worldTick != tick) {
            lines.add("the replayed game wrote no world at tick " + tick);
            entityDiff = lines;
            return;
        }
        int i = 0;
        int j = 0;
        int differing = 0;
        final WorldSnapshot w = snapshot;
        while (i < count || j < w.count) {
            final int rid = i < count ? ids[i] : Integer.MAX_VALUE;
            final int pid = j < w.count ? w.entityId[j] : Integer.MAX_VALUE;
            if (rid < pid) {
                differing++;
                add(lines, "entity " + rid + ": recorded, missing from the replay");
                i++;
            } else if (pid < rid) {
                differing++;
                add(lines, "entity " + pid + ": in the replay, not recorded");
                j++;
            } else {
                boolean same = true;
                for (int k = 0; k < values; k++) {
                    if (recorded[k][i] != w.lanes[k][j]) {
                        same = false;
                        add(lines, "entity " + rid + " " + entityLayout.describeLane(k) + ": recorded " + recorded[k][i]
                                + ", replayed " + w.lanes[k][j]);
                    }
                }
                if (!same) {
                    differing++;
                }
                i++;
                j++;
            }
        }
        if (lines.size() >= MAX_DIFF_LINES) {
            lines.add("... (" + differing + " entities differ in all)");
        } else if (differing == 0) {
            lines.add("no entity differs at tick " + tick + " (the difference was transient or outside the snapshot)");
        }
        entityDiff = Collections.unmodifiableList(lines);
    }

    /** The low {@code n} bits set ({@code n} up to 64). */
    private static long lowBits(int n) {
        return n >= 64 ? -1L : (1L << n) - 1;
    }

    private static void add(List<String> lines, String line) {
        if (lines.size() < MAX_DIFF_LINES) {
            lines.add(line);
        }
    }

    private void gameError(String where, RuntimeException e) {
        gameErrors++;
        if (firstGameError == null) {
            firstGameError = "game " + where + " threw " + e;
        }
    }
}
