package io.tickforge.server.input;

import io.tickforge.server.game.ArenaEngineSettings;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InputLimitsTest {
    @Test
    void axesWithinPlusMinusMax() {
        InputLimits limits = new InputLimits(0b11, 100);
        assertTrue(limits.isValidAxis(100));
        assertTrue(limits.isValidAxis(-100));
        assertTrue(limits.isValidAxis(0));
        assertFalse(limits.isValidAxis(101));
        assertFalse(limits.isValidAxis(-101));
    }

    @Test
    void onlyMaskedButtons() {
        InputLimits limits = new InputLimits(0b101, 127);
        assertTrue(limits.isValidButtons(0));
        assertTrue(limits.isValidButtons(0b101));
        assertFalse(limits.isValidButtons(0b010));
        assertFalse(limits.isValidButtons(0x100));
    }

    @Test
    void rejectsImpossibleLimitsWithClearMessages() {
        assertEquals("buttonMask must fit in 8 bits (0x00..0xFF): 0x100",
                assertThrows(IllegalArgumentException.class, () -> new InputLimits(0x100, 127)).getMessage());
        assertEquals("moveAxisMax must be in 1..127: 128",
                assertThrows(IllegalArgumentException.class, () -> new InputLimits(3, 128)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new InputLimits(3, 0));
        assertThrows(IllegalArgumentException.class, () -> new InputLimits(-1, 127));
    }

    @Test
    void arenaLimitsAreTheOnesTheWireAlwaysHad() {
        // Fire and sprint; axes -127..127 (-128 is invalid): unchanged by moving them out of ArenaRules.
        assertEquals(new InputLimits(0b11, 127), ArenaEngineSettings.INPUT_LIMITS);
    }
}
