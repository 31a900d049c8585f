package io.tickforge.server.input;

import io.tickforge.server.game.ArenaEngineSettings;
import io.tickforge.shared.game.ArenaRules;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InputBufferTest {
    private final InputCounters counters = new InputCounters();
    private final InputBuffer buffer = new InputBuffer(counters, ArenaEngineSettings.INPUT_LIMITS);

    @Test
    void appliesExactlyOneInputPerTickEvenWhenSentManyTimes() {
        // Each tick's input is sent in 4 consecutive packets (redundancy 4); every tick must see
        // exactly its own input once.
        List<Integer> appliedMoveX = new ArrayList<>();
        for (long tick = 0; tick < 100; tick++) {
            for (long t = tick; t >= Math.max(0, tick - 3); t--) {
                buffer.offer(t, moveFor(t), 0, 0, 0);
            }
            assertTrue(buffer.take(tick));
            appliedMoveX.add(buffer.moveX());
        }
        for (int tick = 0; tick < 100; tick++) {
            assertEquals(moveFor(tick), appliedMoveX.get(tick));
        }
        assertEquals(100, counters.accepted);
        assertEquals(100, counters.applied);
        // Copies: ticks 0..99 each seen min(4, 100 - t) times... every copy after the first is a
        // duplicate: sum over t of (copies(t) - 1) = 3 * 97 + 2 + 1 + 0 = 294.
        assertEquals(294, counters.duplicate);
        assertEquals(0, counters.late);
        assertEquals(0, counters.missingRepeated);
    }

    @Test
    void redundancyCoversLostPackets() {
        // Packet for tick n carries inputs n, n-1, n-2 and arrives before tick n is simulated...
        // but every packet with n % 3 == 1 is lost. Inputs ride ahead: the client is 2 ticks ahead,
        // so the packet sent at tick n is for ticks n+2, n+1, n.
        for (long tick = 0; tick < 90; tick++) {
            long newest = tick + 2;
            if (newest % 3 != 1) {
                for (int k = 0; k < 3; k++) {
                    long t = newest - k;
                    if (t >= 0) {
                        buffer.offer(t, moveFor(t), 0, 0, 0);
                    }
                }
            }
            assertTrue(buffer.take(tick), "tick " + tick + " must have its own input");
            assertEquals(moveFor(tick), buffer.moveX());
        }
        assertEquals(0, counters.missingRepeated);
        assertEquals(90, counters.applied);
    }

    @Test
    void missingInputRepeatsTheLastOneAndCountsIt() {
        buffer.offer(0, 10, 20, 300, ArenaRules.BUTTON_SPRINT);
        assertTrue(buffer.take(0));
        assertFalse(buffer.take(1));
        assertEquals(10, buffer.moveX());
        assertEquals(20, buffer.moveY());
        assertEquals(300, buffer.aimUnits());
        assertEquals(ArenaRules.BUTTON_SPRINT, buffer.buttons());
        assertEquals(1, counters.missingRepeated);
        // Snapshots must not claim tick 1's input was used: the last one received is tick 0's.
        assertEquals(0, buffer.lastReceivedTick());
        // The input for tick 1 now arrives: too late, dropped and counted, state unchanged.
        assertFalse(buffer.offer(1, 99, 99, 0, 0));
        assertEquals(1, counters.late);
        buffer.offer(2, 5, 5, 0, 0);
        assertTrue(buffer.take(2));
        assertEquals(5, buffer.moveX());
        assertEquals(2, buffer.lastReceivedTick());
    }

    @Test
    void beforeTheFirstInputThePlayerStandsStillUncounted() {
        assertFalse(buffer.take(0));
        assertEquals(0, buffer.moveX());
        assertEquals(0, counters.missingRepeated);
        assertEquals(-1, buffer.lastReceivedTick());
    }

    @Test
    void everyInvalidInputIsDroppedCountedAndHarmless() {
        buffer.offer(0, 7, 7, 1, 0);
        assertFalse(buffer.offer(1, -128, 0, 0, 0));                 // move byte -128
        assertFalse(buffer.offer(1, 0, -128, 0, 0));
        assertFalse(buffer.offer(1, 0, 0, 0, 0x04));                 // unknown button bit
        assertFalse(buffer.offer(1, 0, 0, 0, 0x80));
        assertFalse(buffer.offer(-1, 0, 0, 0, 0));                   // negative tick
        assertFalse(buffer.offer(Long.MIN_VALUE, 0, 0, 0, 0));
        assertFalse(buffer.offer(InputBuffer.MAX_AHEAD_TICKS, 0, 0, 0, 0));  // far future (next is 0)
        assertFalse(buffer.offer(Long.MAX_VALUE, 0, 0, 0, 0));
        assertFalse(buffer.offer(0, 1, 1, 1, 0));                    // duplicate of tick 0
        assertEquals(2, counters.invalidMove);
        assertEquals(2, counters.invalidButtons);
        assertEquals(2, counters.invalidTick);
        assertEquals(2, counters.farFuture);
        assertEquals(1, counters.duplicate);
        assertEquals(9, counters.droppedTotal());
        // Tick 0 still applies the one valid input; tick 1 repeats it, untouched by the garbage.
        assertTrue(buffer.take(0));
        assertEquals(7, buffer.moveX());
        assertFalse(buffer.take(1));
        assertEquals(7, buffer.moveX());
        assertEquals(0, buffer.buttons());
    }

    @Test
    void theEdgeOfTheWindowIsAccepted() {
        assertTrue(buffer.offer(InputBuffer.MAX_AHEAD_TICKS - 1, 1, 0, 0, 0));
        assertTrue(buffer.offer(0, 127, -127, 65535, ArenaRules.BUTTON_MASK));
    }

    @Test
    void theLimitsItIsGivenDecide() {
        InputCounters c = new InputCounters();
        InputBuffer narrow = new InputBuffer(c, new InputLimits(0b100, 50));
        assertFalse(narrow.offer(0, 51, 0, 0, 0));
        assertFalse(narrow.offer(0, 0, -51, 0, 0));
        assertFalse(narrow.offer(0, 0, 0, 0, 0b001));
        assertEquals(2, c.invalidMove);
        assertEquals(1, c.invalidButtons);
        assertTrue(narrow.offer(0, 50, -50, 0, 0b100));
    }

    @Test
    void takeMustBeCalledOncePerTickInOrder() {
        buffer.take(0);
        assertThrows(IllegalStateException.class, () -> buffer.take(0));
        assertThrows(IllegalStateException.class, () -> buffer.take(5));
    }

    @Test
    void resetStartsAFreshPlayerAtTheGivenTick() {
        buffer.offer(0, 9, 0, 0, 0);
        buffer.take(0);
        buffer.reset(1000);
        assertEquals(1000, buffer.nextTick());
        assertFalse(buffer.take(1000));
        assertEquals(0, buffer.moveX());
    }

    private static int moveFor(long tick) {
        return (int) (tick % 255) - 127;
    }

    @Test
    void renderLagIsKeptClampedToTheCapAndCountedNeverDropped() {
        buffer.setMaxRenderLagTicks(12);
        assertTrue(buffer.offer(0, 0, 0, 0, 0, 10));
        assertTrue(buffer.offer(1, 0, 0, 0, 0, 255));
        assertTrue(buffer.offer(2, 0, 0, 0, 0, -5));
        assertTrue(buffer.offer(3, 0, 0, 0, 0, Integer.MIN_VALUE));
        assertTrue(buffer.offer(4, 0, 0, 0, 0, 12));
        assertTrue(buffer.take(0));
        assertEquals(10, buffer.renderLag());
        assertTrue(buffer.take(1));
        assertEquals(12, buffer.renderLag(), "older than the cap: clamped to it");
        assertTrue(buffer.take(2));
        assertEquals(0, buffer.renderLag(), "a render tick in the future: no rewind");
        assertTrue(buffer.take(3));
        assertEquals(0, buffer.renderLag());
        assertTrue(buffer.take(4));
        assertEquals(12, buffer.renderLag());
        assertEquals(3, counters.renderTickClamped);
        assertEquals(5, counters.accepted);
        assertEquals(0, counters.rejectedTotal());
        assertFalse(buffer.take(5));
        assertEquals(12, buffer.renderLag(), "a repeat keeps the last lag");
        buffer.reset(6);
        assertEquals(0, buffer.renderLag());
    }

    @Test
    void withLagCompensationOffEveryLagReadsZeroAndNothingIsCounted() {
        assertTrue(buffer.offer(0, 0, 0, 0, 0, 200));
        assertTrue(buffer.offer(1, 0, 0, 0, 0, -1));
        assertTrue(buffer.take(0));
        assertEquals(0, buffer.renderLag());
        assertTrue(buffer.take(1));
        assertEquals(0, buffer.renderLag());
        assertEquals(0, counters.renderTickClamped);
        assertThrows(IllegalArgumentException.class, () -> buffer.setMaxRenderLagTicks(-1));
    }
}
