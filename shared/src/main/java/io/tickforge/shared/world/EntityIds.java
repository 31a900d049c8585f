package io.tickforge.shared.world;

/**
 * Entity id space shared by server and client. Players use their slot (0..MAX_PLAYERS-1), NPCs
 * follow at NPC_BASE + i. Ids are dense and small so that sorted-id deltas encode in one byte.
 */
public final class EntityIds {
    public static final int MAX_PLAYERS = 1024;
    public static final int NPC_BASE = MAX_PLAYERS;
    public static final int MAX_NPCS = 65536;
    public static final int MAX_ENTITIES = NPC_BASE + MAX_NPCS;

    public static final int KIND_PLAYER = 0;
    public static final int KIND_NPC = 1;

    private EntityIds() {
    }

    public static int player(int slot) {
        return slot;
    }

    public static int npc(int index) {
        return NPC_BASE + index;
    }

    public static boolean isPlayer(int entityId) {
        return entityId < NPC_BASE;
    }

    public static int kindOf(int entityId) {
        return entityId < NPC_BASE ? KIND_PLAYER : KIND_NPC;
    }
}
