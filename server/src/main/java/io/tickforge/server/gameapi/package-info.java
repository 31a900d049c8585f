/**
 * The game SPI: what a game implements to be hosted by a Tickforge session (docs/GAME-API.md).
 *
 * <p>A {@link io.tickforge.server.gameapi.GameProvider} is found by {@link java.util.ServiceLoader}
 * ({@link io.tickforge.server.gameapi.GameCatalog}), declares its name, a one-line description and
 * its options ({@link io.tickforge.server.gameapi.GameOption}), and creates one
 * {@link io.tickforge.server.gameapi.Game} (the match handler) per session. The session calls the
 * game only on its tick thread. This package refers to no game: the engine ({@code session},
 * {@code tick}, {@code input}, {@code replication}, {@code net}) sees games only through it
 * ({@code EnginePackageDependencyTest}).
 *
 * <p>First version: entities and inputs have the engine's fixed shapes ({@code WorldSnapshot}:
 * x, y, heading, health, flags; inputs: moveX, moveY, aim, buttons). Declared schemas come next and
 * will be added to {@link io.tickforge.server.gameapi.GameDescriptor}.
 */
package io.tickforge.server.gameapi;
