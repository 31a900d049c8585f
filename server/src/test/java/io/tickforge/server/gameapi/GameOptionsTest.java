package io.tickforge.server.gameapi;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GameOptionsTest {
    private static final List<GameOption> DECLARED = List.of(
            GameOption.integer("npcs", 1000, 0, 65536, "orbit NPCs"),
            GameOption.bool("friendly-fire", false, "shots hurt team mates"),
            GameOption.text("map", "dust", "map name"));

    private static String error(Map<String, String> given) {
        return assertThrows(IllegalArgumentException.class, () -> GameOptions.resolve("arena", DECLARED, given)).getMessage();
    }

    @Test
    void defaultsFillWhatIsNotGiven() {
        GameOptions o = GameOptions.resolve("arena", DECLARED, Map.of("npcs", " 12 ", "friendly-fire", "TRUE"));
        assertEquals(12, o.intValue("npcs"));
        assertTrue(o.boolValue("friendly-fire"));
        assertEquals("dust", o.text("map"));
        assertEquals(List.of("npcs", "friendly-fire", "map"), List.copyOf(o.asMap().keySet()), "declaration order");
    }

    @Test
    void unknownOptionsAreErrorsThatListTheKnownOnes() {
        assertEquals("game 'arena' has no option 'bots' (its options: npcs, friendly-fire, map)", error(Map.of("bots", "3")));
        assertEquals("game 'quiet' has no option 'npcs' (it takes none)",
                assertThrows(IllegalArgumentException.class,
                        () -> GameOptions.resolve("quiet", List.of(), Map.of("npcs", "1"))).getMessage());
    }

    @Test
    void invalidValuesAreErrorsThatSayWhatIsAllowed() {
        assertEquals("game 'arena' option npcs: 'lots' is not an integer 0..65536", error(Map.of("npcs", "lots")));
        assertEquals("game 'arena' option npcs: '-1' is not an integer 0..65536", error(Map.of("npcs", "-1")));
        assertEquals("game 'arena' option npcs: '65537' is not an integer 0..65536", error(Map.of("npcs", "65537")));
        assertEquals("game 'arena' option friendly-fire: 'yes' is not true|false", error(Map.of("friendly-fire", "yes")));
    }

    @Test
    void declarationsAreCheckedToo() {
        assertThrows(IllegalArgumentException.class, () -> GameOption.integer("npcs", 5, 10, 20, "default out of range"));
        assertThrows(IllegalArgumentException.class, () -> GameOption.integer("NPCs", 5, 0, 20, "bad key"));
        assertThrows(IllegalArgumentException.class, () -> GameOptions.resolve("g",
                List.of(GameOption.bool("a", true, "x"), GameOption.bool("a", false, "y")), Map.of()));
        assertNull(GameOption.integer("n", 5, 0, 20, "ok").check("20"));
        assertFalse(GameOption.integer("n", 5, 0, 20, "ok").check("21") == null);
    }

    @Test
    void readingAnOptionOfAnotherTypeIsAnError() {
        GameOptions o = GameOptions.resolve("arena", DECLARED, Map.of());
        assertThrows(IllegalArgumentException.class, () -> o.boolValue("npcs"));
        assertThrows(IllegalArgumentException.class, () -> o.intValue("nope"));
    }
}
