package io.tickforge.client.predict;

/**
 * One tick of the own player's movement, as the server computes it: in production
 * {@code Movement.step(x, y, moveX, moveY, buttons, tickRateHz)} from shared, so prediction is
 * bit-exact. Returns the new position packed as {@code x << 32 | y & 0xFFFFFFFF} (1/256 m units).
 * Must be pure and allocation-free.
 */
@FunctionalInterface
public interface PlayerStep {
    long step(int xUnits, int yUnits, int moveXByte, int moveYByte, int buttonBits);
}
