package io.tickforge.server.session;

import io.tickforge.shared.game.ArenaRules;
import io.tickforge.shared.protocol.InputPacket;

/**
 * Test helper: offers every player of a session one input packet for a tick, reusing one
 * {@link InputPacket} (no allocation): three redundant inputs that vary with tick and player, fire
 * held, acking the tick's sequence. What the allocation tests drive the tick with.
 */
public final class SyntheticInputs {
    private SyntheticInputs() {
    }

    public static void offer(GameSession session, InputPacket packet, int players, int tick) {
        for (int p = 0; p < players; p++) {
            packet.newestTick = tick + 1;
            packet.count = 3;
            packet.hasAcks = true;
            packet.ackSequence = tick & 0xFFFF;
            packet.renderLag = 6 + p % 4; // lag compensation: every shot rewinds (200 ms cap = 12 ticks)
            for (int k = 0; k < 3; k++) {
                packet.set(k, (tick + p) % 255 - 127, (tick * 3 + p) % 255 - 127, tick * 97 + p * 4000,
                        ArenaRules.BUTTON_FIRE);
            }
            session.offerInput(p, packet);
        }
    }
}
