package io.tickforge.server.game;

import io.tickforge.server.gameapi.Game;
import io.tickforge.server.gameapi.GameContext;
import io.tickforge.server.gameapi.GameDescriptor;
import io.tickforge.server.gameapi.GamePlayer;
import io.tickforge.server.gameapi.PlayerInputs;
import io.tickforge.shared.game.ArenaSchemas;
import io.tickforge.shared.world.WorldSnapshot;

/**
 * The arena (docs/SCENARIOS.md) behind the game SPI: an adapter over {@link ArenaWorld}, which
 * keeps the rules. Every player's join is accepted (the network already checked the session is not
 * full). Tick thread only, as the world.
 */
public final class ArenaGame implements Game {
    private final ArenaWorld world;
    private final GameDescriptor descriptor;

    public ArenaGame(int maxPlayers, int npcs, int tickRateHz) {
        this.world = new ArenaWorld(maxPlayers, npcs, tickRateHz);
        this.descriptor = GameDescriptor.builder()
                .worldSizeM(ArenaEngineSettings.WORLD_SIZE_M)
                .entitySchema(ArenaSchemas.ENTITY)
                .inputSchema(ArenaSchemas.INPUT)
                .maxEntities(world.maxEntities())
                .build();
    }

    /** The rules and state, for tests and tools driving a session by hand (tick thread only). */
    public ArenaWorld world() {
        return world;
    }

    @Override
    public GameDescriptor describe() {
        return descriptor;
    }

    @Override
    public void start(GameContext context) {
        // The world was built whole in the constructor (NPCs at tick 0); only the engine's
        // position history (lag compensation) comes from the context.
        world.setRewind(context.rewind());
    }

    @Override
    public void join(GamePlayer player, long tick) {
        world.addPlayer(player.slot(), tick);
    }

    @Override
    public void leave(GamePlayer player, long tick) {
        world.removePlayer(player.slot());
    }

    @Override
    public void tick(long tick, PlayerInputs inputs) {
        world.beginTick(tick);
        for (int i = 0, n = inputs.size(); i < n; i++) {
            world.applyInput(inputs.slot(i), inputs.moveX(i), inputs.moveY(i), inputs.aimUnits(i), inputs.buttons(i),
                    inputs.renderTick(i));
        }
        world.endTick(tick);
    }

    @Override
    public void writeSnapshot(WorldSnapshot out) {
        world.writeSnapshot(out);
    }

    @Override
    public long stateHash() {
        return world.stateHash();
    }
}
