package io.tickforge.shared.world;

import io.tickforge.shared.game.ArenaSchemas;
import io.tickforge.shared.schema.InputSchema;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InputLayoutTest {
    @Test
    void theArenaHasThePreSchemaWireShape() {
        InputLayout arena = InputLayout.of(ArenaSchemas.INPUT);
        assertEquals(4, arena.lanes);
        assertArrayEquals(new int[] {1, 1, 2, 1}, arena.bytes);
        assertArrayEquals(new boolean[] {true, true, false, false}, arena.signed);
        assertEquals(5, arena.bytesPerInput);
        assertTrue(arena.fourField());
        assertTrue(arena.wireLike(InputLayout.FIXED));
        assertFalse(arena.codesLike(InputLayout.FIXED), "the fixed layout allows every button bit");
        assertEquals(2, arena.requireLane("aim"));
        assertEquals(-1, arena.lane("jump"));
    }

    @Test
    void validatesEveryLaneFromTheDeclaredRanges() {
        InputLayout arena = InputLayout.of(ArenaSchemas.INPUT);
        assertEquals(-1, arena.firstInvalid(new int[] {-127, 127, 65535, 3}, 0));
        assertEquals(0, arena.firstInvalid(new int[] {-128, 0, 0, 0}, 0));
        assertEquals(1, arena.firstInvalid(new int[] {0, 128, 0, 0}, 0));
        assertEquals(2, arena.firstInvalid(new int[] {0, 0, 65536, 0}, 0));
        assertEquals(3, arena.firstInvalid(new int[] {0, 0, 0, 4}, 0));
        assertEquals(-1, arena.firstInvalid(new int[] {9, 9, 1, 1, 2, 0}, 2), "at an offset");
    }

    @Test
    void anotherShapeGetsItsOwnLanes() {
        InputSchema s = InputSchema.builder("tank")
                .angle("turret", 12)
                .sint("throttle", -1000, 1000)
                .enumeration("weapon", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q")
                .bool("crouch")
                .flags("buttons", "fire", "", "use")
                .build();
        InputLayout l = InputLayout.of(s);
        assertEquals(5, l.lanes);
        assertArrayEquals(new int[] {2, 2, 1, 1, 1}, l.bytes);
        assertEquals(7, l.bytesPerInput);
        assertFalse(l.fourField());
        assertEquals(-1, l.firstInvalid(new int[] {4095, -1000, 16, 1, 0b101}, 0));
        assertEquals(0, l.firstInvalid(new int[] {4096, 0, 0, 0, 0}, 0), "beyond the angle's 12 bits");
        assertEquals(1, l.firstInvalid(new int[] {0, 1001, 0, 0, 0}, 0));
        assertEquals(2, l.firstInvalid(new int[] {0, 0, 17, 0, 0}, 0), "past the last enum value");
        assertEquals(3, l.firstInvalid(new int[] {0, 0, 0, 2, 0}, 0));
        assertEquals(4, l.firstInvalid(new int[] {0, 0, 0, 0, 0b010}, 0), "a reserved flag bit");
        assertTrue(l.flags[4]);
    }

    @Test
    void refusesARangeWiderThanAnInt() {
        InputSchema wide = InputSchema.builder("wide").uint("big", 0, 0xFFFF_FFFFL, 32).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> InputLayout.of(wide)).getMessage().contains("big"));
    }
}
