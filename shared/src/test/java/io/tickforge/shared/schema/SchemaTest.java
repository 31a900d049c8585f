package io.tickforge.shared.schema;

import io.tickforge.shared.game.ArenaRules;
import io.tickforge.shared.game.ArenaSchemas;
import io.tickforge.shared.game.Movement;
import io.tickforge.shared.world.Quantization;
import io.tickforge.shared.world.WorldSnapshot;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemaTest {
    /** The fixture for a future second game: 3D positions, a team, a capture progress. */
    static EntitySchema captureFixture() {
        return EntitySchema.builder("capture")
                .position3d("pos", 128, -32768, 32767, true)
                .angle("yaw", 10)
                .enumeration("team", "none", "red", "blue")
                .uint("capture", 0, 1000)
                .bool("carrying")
                .build();
    }

    private static String message(Supplier<?> build) {
        return assertThrows(IllegalArgumentException.class, build::get).getMessage();
    }

    @Test
    void builderRefusesBadDeclarationsWithClearMessages() {
        assertEquals("schema 'x' declares no fields", message(() -> EntitySchema.builder("x").build()));
        assertEquals("schema 'x': duplicate field name 'hp'",
                message(() -> EntitySchema.builder("x").uint("hp", 0, 10).bool("hp")));
        assertEquals("schema 'x': field 'hp': range 0..300 does not fit 8 unsigned bits (max 255)",
                message(() -> EntitySchema.builder("x").uint("hp", 0, 300, 8)));
        assertEquals("schema 'x': field 'mx': range -128..128 does not fit 8 signed bits (-128..127)",
                message(() -> InputSchema.builder("x").sint("mx", -128, 128, 8)));
        assertEquals("schema 'x': field 'a': angle bits must be in 1..16: 17",
                message(() -> EntitySchema.builder("x").angle("a", 17)));
        assertEquals("schema 'x': field 'hp': unsigned range must be 0 <= min <= max: 5..4",
                message(() -> EntitySchema.builder("x").uint("hp", 5, 4)));
        assertEquals("schema 'x': field 'team': an enum needs 2..256 values: 1",
                message(() -> EntitySchema.builder("x").enumeration("team", "red")));
        assertEquals("schema 'x': field 'team': duplicate value name 'red'",
                message(() -> EntitySchema.builder("x").enumeration("team", "red", "red")));
        assertEquals("schema 'x': field 'b': the last flag bit must be named (drop trailing reserved bits)",
                message(() -> InputSchema.builder("x").flags("b", "fire", "")));
        assertEquals("schema 'x': field 'p': empty range 10..9",
                message(() -> EntitySchema.builder("x").position2d("p", 256, 10, 9, false)));
        assertTrue(message(() -> InputSchema.builder("x").position2d("p", 256, 0, 9, false))
                .startsWith("schema 'x': field 'p': a POSITION field is not allowed here"));
        assertTrue(message(() -> EntitySchema.builder("x").bool("9lives")).contains("field name must match"));
        assertTrue(message(() -> EntitySchema.builder("Arena!")).startsWith("schema name must match"));
        SchemaBuilder<EntitySchema> many = EntitySchema.builder("many");
        for (int i = 0; i < Schema.MAX_FIELDS; i++) {
            many.bool("f" + i);
        }
        assertEquals("schema 'many': too many fields; at most 64", message(() -> many.bool("one_more")));
        SchemaBuilder<EntitySchema> once = EntitySchema.builder("once").bool("a");
        once.build();
        assertThrows(IllegalStateException.class, once::build);
        assertThrows(IllegalStateException.class, () -> once.bool("b"));
    }

    @Test
    void theArenaLayoutIsPrecomputed() {
        EntitySchema e = ArenaSchemas.ENTITY;
        // pos: 2 x 17 bits (0..65536 needs 17), heading 12, health 7 (0..100), flags 2.
        assertEquals(List.of("pos", "heading", "health", "flags"), e.fields().stream().map(SchemaField::name).toList());
        int[] widths = {34, 12, 7, 2};
        int[] offsets = {0, 34, 46, 53};
        for (int i = 0; i < widths.length; i++) {
            assertEquals(i, e.field(i).index());
            assertEquals(widths[i], e.field(i).bitWidth(), e.field(i).name());
            assertEquals(offsets[i], e.field(i).bitOffset(), e.field(i).name());
        }
        assertEquals(55, e.totalBits());
        SchemaField pos = e.field("pos");
        assertEquals(2, pos.dims());
        assertEquals(17, pos.axisBits());
        assertTrue(pos.predicted());
        assertEquals(Quantization.POSITION_UNITS_PER_M, pos.unitsPerMetre());
        assertEquals(1 << Quantization.HEADING_BITS, e.field("heading").max() + 1);
        assertEquals(ArenaRules.MAX_HEALTH, e.field("health").max());
        assertEquals(WorldSnapshot.FLAG_ALIVE | WorldSnapshot.FLAG_FIRED, e.field("flags").validMask());

        InputSchema in = ArenaSchemas.INPUT;
        assertEquals(List.of(8, 8, 16, 2), in.fields().stream().map(SchemaField::bitWidth).toList());
        assertEquals(34, in.totalBits());
        assertEquals(-Movement.MOVE_AXIS_MAX, in.field("moveX").min());
        assertEquals(Movement.MOVE_AXIS_MAX, in.field("moveY").max());
        assertEquals(ArenaRules.BUTTON_MASK, in.field("buttons").validMask());
        assertEquals(ArenaRules.BUTTON_FIRE, 1 << in.field("buttons").names().indexOf("fire"));
        assertEquals(ArenaRules.BUTTON_SPRINT, 1 << in.field("buttons").names().indexOf("sprint"));

        EntitySchema c = captureFixture();
        assertEquals(List.of(48, 10, 2, 10, 1), c.fields().stream().map(SchemaField::bitWidth).toList());
        assertEquals(16, c.field("pos").axisBits());
        assertEquals(71, c.totalBits());
    }

    @Test
    void derivedWidthsAndAccepts() {
        InputSchema s = InputSchema.builder("w")
                .uintBits("small", 3).sint("axis", -1, 1).flags("mask", "a", "", "c").enumeration("mode", "a", "b", "c", "d", "e")
                .build();
        assertEquals(3, s.field("small").bitWidth());
        assertEquals(7, s.field("small").max());
        assertEquals(2, s.field("axis").bitWidth());
        assertEquals(0b101, s.field("mask").validMask());
        assertTrue(s.field("mask").accepts(0b101));
        assertFalse(s.field("mask").accepts(0b010));
        assertEquals(3, s.field("mode").bitWidth());
        assertTrue(s.field("mode").accepts(4));
        assertFalse(s.field("mode").accepts(5));
        assertFalse(s.field("axis").accepts(-2));
    }

    @Test
    void canonicalBytesRoundTrip() {
        for (Schema s : List.of(ArenaSchemas.ENTITY, ArenaSchemas.INPUT, captureFixture(),
                FixedShape.input("fixed", 0b101, 100), FixedShape.entity("fixed", 8192))) {
            Schema back = Schema.decode(s.canonicalBytes());
            assertEquals(s.getClass(), back.getClass());
            assertEquals(s, back);
            assertEquals(s.hash(), back.hash());
            assertEquals(s.toString(), back.toString());
            assertArrayEquals(s.canonicalBytes(), back.canonicalBytes());
        }
        byte[] bytes = ArenaSchemas.INPUT.canonicalBytes();
        assertThrows(IllegalArgumentException.class, () -> Schema.decode(java.util.Arrays.copyOf(bytes, bytes.length - 1)));
        assertThrows(IllegalArgumentException.class, () -> Schema.decode(java.util.Arrays.copyOf(bytes, bytes.length + 1)));
        byte[] wrongMagic = bytes.clone();
        wrongMagic[3] = 2;
        assertThrows(IllegalArgumentException.class, () -> Schema.decode(wrongMagic));
    }

    /**
     * Pins the arena's canonical bytes (spelled out field by field) and their hash: a change here
     * changes what clients must be built with, so it must be deliberate.
     */
    @Test
    void goldenArenaHashes() throws Exception {
        String entity = "54465301" + "01" + "05" + "6172656e61"               // TFS v1, entity, "arena"
                + "04"                                                          // 4 fields
                + "01" + "03706f73" + "02" + "00000100" + "00000000" + "00010000" + "01" // pos: 2D, 256/m, 0..65536, predicted
                + "02" + "0768656164696e67" + "0c"                              // heading: angle 12
                + "03" + "066865616c7468" + "0000000000000000" + "0000000000000064" + "07" // health: uint 0..100, 7 bits
                + "06" + "05666c616773" + "02" + "05616c697665" + "056669726564"; // flags: alive, fired
        String input = "54465301" + "02" + "05" + "6172656e61"                // TFS v1, input, "arena"
                + "04"
                + "04" + "056d6f766558" + "ffffffffffffff81" + "000000000000007f" + "08" // moveX: sint -127..127, 8 bits
                + "04" + "056d6f766559" + "ffffffffffffff81" + "000000000000007f" + "08" // moveY
                + "02" + "0361696d" + "10"                                      // aim: angle 16
                + "06" + "07627574746f6e73" + "02" + "0466697265" + "06737072696e74"; // buttons: fire, sprint
        assertEquals(entity, HexFormat.of().formatHex(ArenaSchemas.ENTITY.canonicalBytes()));
        assertEquals(input, HexFormat.of().formatHex(ArenaSchemas.INPUT.canonicalBytes()));
        // hash = the first 8 bytes of SHA-256(canonical bytes), big-endian.
        assertEquals(first8(entity), ArenaSchemas.ENTITY.hash());
        assertEquals(first8(input), ArenaSchemas.INPUT.hash());
        assertEquals(0xa716e41694fc6b2fL, ArenaSchemas.ENTITY.hash());
        assertEquals(0x51b26680fbfadc30L, ArenaSchemas.INPUT.hash());
        assertEquals("a716e41694fc6b2f", ArenaSchemas.ENTITY.hashHex());
    }

    private static long first8(String hex) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(HexFormat.of().parseHex(hex));
        return ByteBuffer.wrap(digest).getLong();
    }

    @Test
    void differentDeclarationsHashDifferently() {
        assertNotEquals(ArenaSchemas.ENTITY.hash(), captureFixture().hash());
        assertNotEquals(ArenaSchemas.ENTITY, captureFixture());
        // One range changed, one flag renamed, one name changed, predicted off: each a new hash.
        assertNotEquals(ArenaSchemas.ENTITY.hash(), EntitySchema.builder("arena")
                .position2d("pos", 256, 0, 65536, true).angle("heading", 12).uint("health", 0, 200)
                .flags("flags", "alive", "fired").build().hash());
        assertNotEquals(ArenaSchemas.INPUT.hash(), InputSchema.builder("arena")
                .sint("moveX", -127, 127, 8).sint("moveY", -127, 127, 8).angle("aim", 16).flags("buttons", "fire", "jump")
                .build().hash());
        assertNotEquals(ArenaSchemas.INPUT.hash(), FixedShape.input("arena", ArenaRules.BUTTON_MASK, 127).hash());
        assertNotEquals(ArenaSchemas.ENTITY.hash(), EntitySchema.builder("arena")
                .position2d("pos", 256, 0, 65536, false).angle("heading", 12).uint("health", 0, 100)
                .flags("flags", "alive", "fired").build().hash());
        // The same declaration built twice is the same schema.
        assertEquals(captureFixture(), captureFixture());
        assertEquals(captureFixture().hash(), captureFixture().hash());
        // An entity and an input schema with the same fields differ (the kind byte).
        assertNotEquals(EntitySchema.builder("s").bool("b").build().hash(), InputSchema.builder("s").bool("b").build().hash());
    }

    @Test
    void fixedShapeMatchesTheArenaLayout() {
        EntitySchema fixed = FixedShape.entity("fixed", 65536);
        assertEquals(ArenaSchemas.ENTITY.totalBits(), fixed.totalBits());
        InputSchema holes = FixedShape.input("fixed", 0b101, 50);
        assertEquals(List.of("b0", "", "b2"), holes.field("buttons").names());
        assertEquals(0b101, holes.field("buttons").validMask());
        assertEquals(1, FixedShape.input("fixed", 0, 50).field("buttons").bitWidth());
        assertEquals(0, FixedShape.input("fixed", 0, 50).field("buttons").validMask());
        assertInstanceOf(InputSchema.class, Schema.decode(holes.canonicalBytes()));
    }
}
