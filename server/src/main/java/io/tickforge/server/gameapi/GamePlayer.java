package io.tickforge.server.gameapi;

/**
 * A player as the game sees it. Immutable; any thread. One instance per join (joins are rare:
 * creating it is the session's only allocation for a player, outside the tick's hot path); the
 * same instance is passed to {@link Game#joinAttempt}, {@link Game#join} and {@link Game#leave}.
 *
 * @param slot its player slot, {@code 0..maxPlayers-1}; its entity id in the snapshot is
 *             {@code EntityIds.player(slot)} (= slot), which is where replication centres the
 *             player's interest
 * @param name the name from its Hello (checked by the network: 1..32 ASCII letters, digits, ...)
 */
public record GamePlayer(int slot, String name) {
}
