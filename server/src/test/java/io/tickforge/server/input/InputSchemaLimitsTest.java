package io.tickforge.server.input;

import io.tickforge.server.game.ArenaEngineSettings;
import io.tickforge.server.game.ArenaGame;
import io.tickforge.server.gameapi.GameDescriptor;
import io.tickforge.shared.game.ArenaRules;
import io.tickforge.shared.game.ArenaSchemas;
import io.tickforge.shared.schema.FixedShape;
import io.tickforge.shared.schema.InputSchema;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Input validation driven by the declared input schema. */
class InputSchemaLimitsTest {
    /** The checks InputBuffer hand-wrote before schemas, for the arena: |axis| <= 127, fire and sprint only. */
    private static boolean oldArenaAccepts(int x, int y, int buttons) {
        return x >= -127 && x <= 127 && y >= -127 && y <= 127 && (buttons & ~ArenaRules.BUTTON_MASK) == 0;
    }

    @Test
    void theArenaSchemaAcceptsAndCountsExactlyAsTheOldChecks() {
        InputCounters counters = new InputCounters();
        InputBuffer buffer = new InputBuffer(counters, InputLimits.of(ArenaSchemas.INPUT));
        long expectedMove = 0;
        long expectedButtons = 0;
        long expectedAccepted = 0;
        long tick = 0;
        for (int x = -130; x <= 130; x += 1) {
            for (int y : new int[]{-200, -128, -127, 0, 127, 128}) {
                for (int buttons : new int[]{0, 1, 2, 3, 4, 0x80, 0xFF, -1}) {
                    boolean old = oldArenaAccepts(x, y, buttons);
                    if (old) {
                        buffer.reset(tick);
                    }
                    boolean stored = buffer.offer(tick, x, y, 0xFFFF, buttons);
                    assertEquals(old, stored, "x " + x + " y " + y + " buttons " + buttons);
                    if (old) {
                        expectedAccepted++;
                    } else if (x < -127 || x > 127 || y < -127 || y > 127) {
                        expectedMove++;
                    } else {
                        expectedButtons++;
                    }
                    tick++;
                }
            }
        }
        assertEquals(expectedAccepted, counters.accepted);
        assertEquals(expectedMove, counters.invalidMove);
        assertEquals(expectedButtons, counters.invalidButtons);
        assertEquals(new InputLimits(ArenaRules.BUTTON_MASK, 127), ArenaEngineSettings.INPUT_LIMITS);
        assertSame(ArenaSchemas.INPUT, ArenaEngineSettings.INPUT_LIMITS.schema());
    }

    @Test
    void aNarrowerSchemaRejectsWhatItShould() {
        // A digital game: axes -1..1 and 0..1 (no backwards), one "use" button at bit 2.
        InputSchema digital = InputSchema.builder("digital")
                .sint("moveX", -1, 1).uint("moveY", 0, 1).angle("aim", 16).flags("buttons", "", "", "use")
                .build();
        InputCounters c = new InputCounters();
        InputBuffer buffer = new InputBuffer(c, InputLimits.of(digital));
        assertFalse(buffer.offer(0, 2, 0, 0, 0));
        assertFalse(buffer.offer(0, -2, 0, 0, 0));
        assertFalse(buffer.offer(0, 0, -1, 0, 0));
        assertFalse(buffer.offer(0, 0, 2, 0, 0));
        assertFalse(buffer.offer(0, 0, 0, 0, 0b001));
        assertFalse(buffer.offer(0, 0, 0, 0, 0b1000));
        assertEquals(4, c.invalidMove);
        assertEquals(2, c.invalidButtons);
        assertTrue(buffer.offer(0, -1, 1, 12345, 0b100));
        assertTrue(buffer.offer(1, 1, 0, 0, 0));
        assertEquals(2, c.accepted);
        assertEquals(1, InputLimits.of(digital).moveAxisMax());
    }

    @Test
    void everyShapeIsAcceptedAndGetsItsOwnLanes() {
        // Shapes the fixed input wire refused before the wire followed the schema.
        InputLimits wide = InputLimits.of(InputSchema.builder("wide")
                .sint("moveX", -1000, 1000).sint("moveY", -1, 1).angle("aim", 16).flags("buttons", "fire").build());
        assertArrayEquals(new int[] {2, 1, 2, 1}, wide.layout().bytes);
        assertFalse(wide.layout().fourField());
        InputLimits coarse = InputLimits.of(InputSchema.builder("coarse")
                .sint("moveX", -1, 1).sint("moveY", -1, 1).angle("aim", 12).flags("buttons", "fire").build());
        assertFalse(coarse.layout().fourField());
        InputLimits shortOne = InputLimits.of(InputSchema.builder("short").sint("moveX", -1, 1).build());
        assertEquals(1, shortOne.layout().lanes);
        // The four-field accessors need the four-field shape, and say so.
        String msg = assertThrows(IllegalStateException.class, shortOne::buttonMask).getMessage();
        assertTrue(msg.contains("'short' is not the four-field shape"), msg);
        assertThrows(IllegalStateException.class, () -> coarse.isValidMove(0, 0));

        InputCounters c = new InputCounters();
        InputBuffer buffer = new InputBuffer(c, wide);
        assertTrue(buffer.offer(0, new int[] {-1000, 1, 65535, 1}, 0, 0));
        assertFalse(buffer.offer(1, new int[] {1001, 0, 0, 0}, 0, 0));
        assertFalse(buffer.offer(1, new int[] {0, 0, 0, 2}, 0, 0));
        assertEquals(1, c.invalidMove);
        assertEquals(1, c.invalidButtons);
        assertThrows(IllegalStateException.class, () -> buffer.offer(2, 0, 0, 0, 0), "not the four-field shape");
        assertTrue(buffer.take(0));
        assertEquals(-1000, buffer.value(0));
        assertEquals(65535, buffer.value(2));

        // Lanes are ints: a wider range is refused, naming the field.
        msg = assertThrows(IllegalArgumentException.class, () -> InputLimits.of(InputSchema.builder("huge")
                .uint("big", 0, 0xFFFF_FFFFL, 32).build())).getMessage();
        assertTrue(msg.contains("field 'big'"), msg);
    }

    @Test
    void theDescriptorCarriesTheSchemas() {
        GameDescriptor arena = new ArenaGame(4, 10, 60).describe();
        assertSame(ArenaSchemas.ENTITY, arena.entitySchema());
        assertSame(ArenaSchemas.INPUT, arena.inputSchema());
        assertEquals(ArenaEngineSettings.INPUT_LIMITS, arena.inputLimits());

        // A game that declares no schemas gets the fixed shape from its limits and world size.
        GameDescriptor legacy = GameDescriptor.builder().worldSizeM(32).inputLimits(new InputLimits(0b1, 100)).maxEntities(4).build();
        assertEquals(FixedShape.input("fixed", 0b1, 100), legacy.inputSchema());
        assertEquals(FixedShape.entity("fixed", 32 * 256), legacy.entitySchema());

        assertThrows(IllegalArgumentException.class, () -> GameDescriptor.builder().worldSizeM(32)
                .inputSchema(ArenaSchemas.INPUT).inputLimits(new InputLimits(0b1, 100)).maxEntities(4).build());
        assertEquals("inputSchema (or inputLimits) is required", assertThrows(IllegalArgumentException.class,
                () -> GameDescriptor.builder().worldSizeM(32).maxEntities(4).build()).getMessage());
    }
}
