package io.tickforge.client.load;

import io.tickforge.client.ClientDriver;
import io.tickforge.client.GameClient;
import io.tickforge.client.GameClientConfig;
import io.tickforge.client.InputSource;
import io.tickforge.client.PlayerInput;
import io.tickforge.client.metrics.ClientMetrics;
import io.tickforge.server.gameapi.Game;
import io.tickforge.server.gameapi.GameContext;
import io.tickforge.server.gameapi.GameDescriptor;
import io.tickforge.server.gameapi.GamePlayer;
import io.tickforge.server.gameapi.PlayerInputs;
import io.tickforge.server.input.InputCounters;
import io.tickforge.server.net.JoinAuthenticator;
import io.tickforge.server.net.NetworkConfig;
import io.tickforge.server.net.ServerNetwork;
import io.tickforge.server.replication.DeltaReplication;
import io.tickforge.server.replication.ReplicationConfig;
import io.tickforge.server.session.GameSession;
import io.tickforge.server.session.SessionConfig;
import io.tickforge.shared.protocol.ByeReason;
import io.tickforge.shared.schema.EntitySchema;
import io.tickforge.shared.schema.FixedShape;
import io.tickforge.shared.schema.InputSchema;
import io.tickforge.shared.world.EntityIds;
import io.tickforge.shared.world.InputLayout;
import io.tickforge.shared.world.WorldSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The input wire follows the input schema, end to end: a real server (session, replication,
 * network) hosting a game whose input is not the four-field shape (a 12-bit turret angle, a
 * {@code sint} throttle of two bytes, a 5-bit enum, a boolean, flags with a reserved bit: 5 lanes,
 * 7 bytes per input), and two headless clients built for that schema. Every input the game
 * receives is exactly what the client produced for that tick; the second client sends
 * out-of-range values on some ticks, which the server rejects and counts and the game never sees.
 */
class SchemaInputLoopbackTest {
    private static final int HZ = 60;
    private static final int WORLD_M = 32;
    static final EntitySchema ENTITY = FixedShape.entity("fixed", WORLD_M * 256);
    static final InputSchema INPUT = InputSchema.builder("tank")
            .angle("turret", 12)
            .sint("throttle", -1000, 1000)
            .enumeration("weapon", "w0", "w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "w9", "w10", "w11",
                    "w12", "w13", "w14", "w15", "w16")
            .bool("crouch")
            .flags("buttons", "fire", "", "use")
            .build();
    static final InputLayout LAYOUT = InputLayout.of(INPUT);
    static final int TURRET = LAYOUT.requireLane("turret");
    static final int THROTTLE = LAYOUT.requireLane("throttle");
    static final int WEAPON = LAYOUT.requireLane("weapon");
    static final int CROUCH = LAYOUT.requireLane("crouch");
    static final int BUTTONS = LAYOUT.requireLane("buttons");

    /** The valid input of {@code tick} for player {@code slot}: every lane varies, the extremes included. */
    static void expected(long tick, int slot, int[] out) {
        final int t = (int) (tick + 7L * slot);
        out[TURRET] = (t * 37) & 4095;
        out[THROTTLE] = t % 2001 - 1000;
        out[WEAPON] = t % 17;
        out[CROUCH] = t & 1;
        out[BUTTONS] = (t % 3 == 0 ? 1 : 0) | (t % 5 == 0 ? 4 : 0);
    }

    /** Ticks on which the hostile client sends an out-of-range throttle or a reserved button bit. */
    static boolean badThrottle(long tick) {
        return tick % 10 == 3;
    }

    static boolean badButtons(long tick) {
        return tick % 10 == 7;
    }

    /** A client's source: the expected input, spoiled on the bad ticks when {@code hostile}. */
    static final class Source implements InputSource {
        private final boolean hostile;
        volatile int slot = -1;

        Source(boolean hostile) {
            this.hostile = hostile;
        }

        @Override
        public void sample(long tick, GameClient client, PlayerInput out) {
            expected(tick, Math.max(0, client.playerId()), out.lanes);
            if (hostile && badThrottle(tick)) {
                out.lanes[THROTTLE] = 1001;
            }
            if (hostile && badButtons(tick)) {
                out.lanes[BUTTONS] |= 2;
            }
        }
    }

    /** Checks every received input against what its client produced for the tick. */
    static final class Recorder implements Game {
        final AtomicLong received = new AtomicLong();
        final AtomicLong mismatched = new AtomicLong();
        final AtomicLong invalidSeen = new AtomicLong();
        final AtomicLong badTicksReceived = new AtomicLong();
        volatile int hostileSlot = -1;
        volatile String firstMismatch;
        private final int maxPlayers;
        private final boolean[] present;
        private long tick;
        private int[] lanes = new int[5];
        private int[] want = new int[5];

        private final InputSchema schema;

        Recorder(int maxPlayers) {
            this(maxPlayers, INPUT);
        }

        Recorder(int maxPlayers, InputSchema schema) {
            this.schema = schema;
            this.maxPlayers = maxPlayers;
            this.present = new boolean[maxPlayers];
        }

        @Override
        public GameDescriptor describe() {
            return GameDescriptor.builder().worldSizeM(WORLD_M).inputSchema(schema).maxEntities(maxPlayers).build();
        }

        @Override
        public void start(GameContext context) {
        }

        @Override
        public void join(GamePlayer player, long tick) {
            present[player.slot()] = true;
        }

        @Override
        public void leave(GamePlayer player, long tick) {
            present[player.slot()] = false;
        }

        @Override
        public void tick(long tick, PlayerInputs in) {
            this.tick = tick;
            if (in.layout().lanes != LAYOUT.lanes) {
                mismatched.incrementAndGet();
            }
            for (int i = 0; i < in.size(); i++) {
                final int slot = in.slot(i);
                for (int l = 0; l < LAYOUT.lanes; l++) {
                    lanes[l] = in.value(i, l);
                }
                if (LAYOUT.firstInvalid(lanes, 0) >= 0) {
                    invalidSeen.incrementAndGet();
                }
                if (!in.received(i)) {
                    continue;
                }
                received.incrementAndGet();
                if (slot == hostileSlot && (badThrottle(tick) || badButtons(tick))) {
                    badTicksReceived.incrementAndGet();
                }
                expected(tick, slot, want);
                if (!java.util.Arrays.equals(lanes, want)) {
                    if (mismatched.incrementAndGet() == 1) {
                        firstMismatch = "tick " + tick + " slot " + slot + ": " + java.util.Arrays.toString(lanes)
                                + " expected " + java.util.Arrays.toString(want);
                    }
                }
            }
        }

        @Override
        public void writeSnapshot(WorldSnapshot out) {
            out.clear(tick);
            for (int s = 0; s < maxPlayers; s++) {
                if (present[s]) {
                    final int i = out.add(EntityIds.player(s));
                    out.x[i] = 1024 + 512 * s;
                    out.y[i] = 1024;
                }
            }
        }
    }

    @Test
    @Timeout(60)
    void aFiveLaneInputGoesFromClientToTheGameExactly() throws Exception {
        final Recorder game = new Recorder(2);
        final DeltaReplication replication = new DeltaReplication(new ReplicationConfig(2,
                ReplicationConfig.DEFAULT_PACKET_BUDGET_BYTES, 96.0, ReplicationConfig.DEFAULT_HISTORY_LENGTH,
                WORLD_M).withReplicationThreads(1).withEntityLayout(game.describe().entityLayout()));
        final GameSession session = new GameSession(SessionConfig.of(1, HZ, 2, 0), game, replication);
        final ServerNetwork network = new ServerNetwork(NetworkConfig.builder().bindAddress("127.0.0.1").tcpPort(0).udpPort(0)
                .build(), session, JoinAuthenticator.OPEN);
        network.start();
        session.start();
        try (ClientDriver driver = new ClientDriver("tank-clients", 500)) {
            driver.start();
            final GameClient honest = client(network, "honest", new Source(false));
            driver.add(honest);
            honest.connect();
            assertTrue(honest.awaitJoined(5, TimeUnit.SECONDS), "joined: " + honest.closeReason());
            final GameClient hostile = client(network, "hostile", new Source(true));
            driver.add(hostile);
            hostile.connect();
            assertTrue(hostile.awaitJoined(5, TimeUnit.SECONDS), "joined: " + hostile.closeReason());
            game.hostileSlot = hostile.playerId();

            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            InputCounters c = session.publishedInputCounters();
            while (System.nanoTime() < deadline && (game.received.get() < 4 * HZ || c == null
                    || c.invalidMove < 5 || c.invalidButtons < 5)) {
                Thread.sleep(50);
                c = session.publishedInputCounters();
            }
            final String what = "received " + game.received + ", counters " + c;
            assertNull(honest.closeReason(), what);
            assertNull(hostile.closeReason(), what);
            assertTrue(game.received.get() >= 4 * HZ, what);
            assertEquals(0, game.mismatched.get(), game.firstMismatch);
            assertEquals(0, game.invalidSeen.get(), "no out-of-range value reaches the game; " + what);
            assertEquals(0, game.badTicksReceived.get(), "the spoiled inputs were rejected; " + what);
            assertTrue(c.invalidMove >= 5, "out-of-range throttles rejected and counted; " + what);
            assertTrue(c.invalidButtons >= 5, "reserved button bits rejected and counted; " + what);
            assertEquals(0, c.malformedPackets, what);
            assertFalse(c.accepted == 0, what);
        } finally {
            network.shutdown(ByeReason.SERVER_SHUTDOWN);
            session.stop(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSchemaWhoseInputsOutgrowTheInputDatagramIsRefusedAtStart() {
        // Ten 31-bit lanes: 40 bytes per input, 8 inputs: 337 bytes + 29 of seal > the default 256.
        final io.tickforge.shared.schema.SchemaBuilder<InputSchema> b = InputSchema.builder("wide");
        for (int i = 0; i < 10; i++) {
            b.uint("v" + i, 0, Integer.MAX_VALUE);
        }
        final Recorder game = new Recorder(2, b.build());
        final GameSession session = new GameSession(SessionConfig.of(1, HZ, 2, 0), game, new DeltaReplication(
                ReplicationConfig.defaults(2, WORLD_M).withReplicationThreads(0).withEntityLayout(game.describe().entityLayout())));
        final String msg = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new ServerNetwork(NetworkConfig.builder().bindAddress("127.0.0.1").tcpPort(0).udpPort(0).build(),
                        session, JoinAuthenticator.OPEN)).getMessage();
        assertTrue(msg.contains("input datagrams of up to 366 bytes; maxInputDatagramBytes is 256"), msg);
    }

    private static GameClient client(ServerNetwork network, String name, Source source) {
        return new GameClient(GameClientConfig.builder("127.0.0.1", network.tcpPort(), network.udpPort())
                .playerName(name).reconnect(false).schemas(ENTITY, INPUT).build(), source, new ClientMetrics(),
                new GameClient.Events() { });
    }
}
