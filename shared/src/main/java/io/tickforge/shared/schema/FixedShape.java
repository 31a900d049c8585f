package io.tickforge.shared.schema;

import io.tickforge.shared.world.Quantization;

/**
 * The engine's fixed entity and input shapes (what every game had before schemas) as schemas, for
 * a game that declares none: entity {@code (pos 2D 1/256 m 0..world predicted, heading 12 bits,
 * health 0..100, flags alive/fired)}, input {@code (moveX, moveY -max..max, aim 16 bits, buttons
 * of a mask)}. Stateless; any thread.
 */
public final class FixedShape {
    /** Largest health the fixed shape carries (the arena's {@code MAX_HEALTH}). */
    public static final int MAX_HEALTH = 100;

    private FixedShape() {
    }

    /** The fixed entity shape for a square world of {@code worldUnits} position units a side. */
    public static EntitySchema entity(String name, int worldUnits) {
        return EntitySchema.builder(name)
                .position2d("pos", Quantization.POSITION_UNITS_PER_M, 0, worldUnits, true)
                .angle("heading", Quantization.HEADING_BITS)
                .uint("health", 0, MAX_HEALTH)
                .flags("flags", "alive", "fired")
                .build();
    }

    /**
     * The fixed input shape: axes {@code -moveAxisMax..moveAxisMax} in 8 signed bits, aim 16 bits
     * per turn, and the buttons of {@code buttonMask} (8 bits at most) named {@code b0..b7}, the
     * bits outside the mask reserved.
     */
    public static InputSchema input(String name, int buttonMask, int moveAxisMax) {
        return InputSchema.builder(name)
                .sint("moveX", -moveAxisMax, moveAxisMax, 8)
                .sint("moveY", -moveAxisMax, moveAxisMax, 8)
                .angle("aim", Quantization.AIM_BITS)
                .flags("buttons", bitNames(buttonMask))
                .build();
    }

    private static String[] bitNames(int mask) {
        if ((mask & ~0xFF) != 0) {
            throw new IllegalArgumentException("buttonMask must fit in 8 bits (0x00..0xFF): 0x" + Integer.toHexString(mask));
        }
        final int width = Math.max(1, 32 - Integer.numberOfLeadingZeros(mask));
        final String[] names = new String[width];
        for (int i = 0; i < width; i++) {
            names[i] = (mask & (1 << i)) != 0 ? "b" + i : "";
        }
        return names;
    }
}
