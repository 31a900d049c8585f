package io.tickforge.client.game.arena;

import io.tickforge.client.PlayerInput;
import io.tickforge.client.bot.BotBehaviour;
import io.tickforge.client.bot.BotGames;
import io.tickforge.client.bot.BotSituation;
import io.tickforge.shared.game.ArenaRules;
import io.tickforge.shared.world.Quantization;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The arena's bot behaviours, created as the load runner creates them (by name, through {@link BotGames}). */
class ArenaBehaviourTest {

    /** Runs a bot for {@code ticks} ticks with a crude integrator and returns a hash of its inputs. */
    private static long runAndHash(String behaviour, long seed, int ticks, boolean withTarget) {
        final BotBehaviour bot = BotGames.installed().create("arena", behaviour, seed);
        final BotSituation s = new BotSituation();
        final PlayerInput in = new PlayerInput();
        s.selfXUnits = Quantization.positionToUnits(128);
        s.selfYUnits = Quantization.positionToUnits(128);
        long hash = 17;
        for (int t = 0; t < ticks; t++) {
            s.tick = t;
            if (withTarget) {
                s.targetId = 1024 + 3;
                s.targetXUnits = Quantization.positionToUnits(140);
                s.targetYUnits = Quantization.positionToUnits(130);
            }
            bot.decide(s, in);
            assertTrue(in.moveX >= -127 && in.moveX <= 127, "moveX " + in.moveX);
            assertTrue(in.moveY >= -127 && in.moveY <= 127, "moveY " + in.moveY);
            assertTrue(in.aimUnits >= 0 && in.aimUnits <= 0xFFFF, "aim " + in.aimUnits);
            assertEquals(0, in.buttons & ~ArenaRules.BUTTON_MASK);
            hash = hash * 31 + in.moveX;
            hash = hash * 31 + in.moveY;
            hash = hash * 31 + in.aimUnits;
            hash = hash * 31 + in.buttons;
            // 6 m/s at 60 Hz, ignoring sprint: enough to move the bot between waypoints.
            s.selfXUnits += in.moveX * 6 * 256 / 60 / 127;
            s.selfYUnits += in.moveY * 6 * 256 / 60 / 127;
        }
        return hash;
    }

    @Test
    void sameSeedGivesSameInputsAndDifferentSeedsDiffer() {
        for (String kind : new String[] {"wander", "chase", "strafe", "flood"}) {
            assertEquals(runAndHash(kind, 42, 2000, true), runAndHash(kind, 42, 2000, true), kind);
            assertNotEquals(runAndHash(kind, 42, 2000, false), runAndHash(kind, 43, 2000, false), kind);
        }
    }

    @Test
    void wanderStaysInsideTheArenaAndFiresSometimes() {
        final BotBehaviour bot = BotGames.installed().create("arena", "wander", 7);
        final BotSituation s = new BotSituation();
        final PlayerInput in = new PlayerInput();
        s.selfXUnits = Quantization.positionToUnits(10);
        s.selfYUnits = Quantization.positionToUnits(250);
        int fired = 0;
        int moving = 0;
        final int arenaUnits = Quantization.positionToUnits(ArenaRules.ARENA_SIZE_M);
        for (int t = 0; t < 60 * 120; t++) {
            s.tick = t;
            bot.decide(s, in);
            if ((in.buttons & ArenaRules.BUTTON_FIRE) != 0) {
                fired++;
            }
            if (in.moveX != 0 || in.moveY != 0) {
                moving++;
            }
            s.selfXUnits += in.moveX * 6 * 256 / 60 / 127;
            s.selfYUnits += in.moveY * 6 * 256 / 60 / 127;
            assertTrue(s.selfXUnits > 0 && s.selfXUnits < arenaUnits, "x " + s.selfXUnits);
            assertTrue(s.selfYUnits > 0 && s.selfYUnits < arenaUnits, "y " + s.selfYUnits);
        }
        assertTrue(fired > 0 && fired < 60 * 120 / 2, "fired " + fired);
        assertTrue(moving > 60 * 100, "moving " + moving);
    }

    @Test
    void chaseAimsAtTargetAndFiresInRange() {
        final BotBehaviour bot = BotGames.installed().create("arena", "chase", 1);
        final BotSituation s = new BotSituation();
        final PlayerInput in = new PlayerInput();
        s.selfXUnits = Quantization.positionToUnits(100);
        s.selfYUnits = Quantization.positionToUnits(100);
        s.targetId = 5;
        s.targetXUnits = Quantization.positionToUnits(100);
        s.targetYUnits = Quantization.positionToUnits(120); // straight "up": +y, 20 m away
        bot.decide(s, in);
        // Aim at +90 degrees = 16384 units, with at most 364 units of noise.
        assertTrue(Math.abs(in.aimUnits - 16384) <= 364, "aim " + in.aimUnits);
        assertEquals(0, in.moveX);
        assertEquals(127, in.moveY);
        assertEquals(ArenaRules.BUTTON_FIRE, in.buttons & ArenaRules.BUTTON_FIRE);

        s.targetYUnits = Quantization.positionToUnits(200); // 100 m: out of range, no fire
        bot.decide(s, in);
        assertEquals(0, in.buttons & ArenaRules.BUTTON_FIRE);
    }

    @Test
    void strafeMovesSidewaysAndShoots() {
        final BotBehaviour bot = BotGames.installed().create("arena", "strafe", 3);
        final BotSituation s = new BotSituation();
        final PlayerInput in = new PlayerInput();
        s.selfXUnits = Quantization.positionToUnits(100);
        s.selfYUnits = Quantization.positionToUnits(100);
        s.targetId = 5;
        s.targetXUnits = Quantization.positionToUnits(115); // 15 m along +x: pure strafe along y
        s.targetYUnits = Quantization.positionToUnits(100);
        bot.decide(s, in);
        assertEquals(0, in.moveX);
        assertEquals(127, Math.abs(in.moveY));
        assertEquals(0, in.aimUnits);
        assertEquals(ArenaRules.BUTTON_FIRE, in.buttons);
    }

    @Test
    void idleSendsNothingAndFloodSendsManyPackets() {
        final PlayerInput in = new PlayerInput();
        in.set(100, -100, 5, 3);
        BotGames.installed().create("arena", "idle", 0).decide(new BotSituation(), in);
        assertEquals(0, in.moveX);
        assertEquals(0, in.moveY);
        assertEquals(0, in.buttons);
        assertEquals(1, BotGames.installed().create("arena", "idle", 0).packetsPerTick());
        assertEquals(FloodBehaviour.PACKETS_PER_TICK, BotGames.installed().create("arena", "flood", 0).packetsPerTick());
    }

    @Test
    void onlyTheShootersAskForATargetAndKeepHitFigures() {
        for (String kind : new String[] {"chase", "strafe"}) {
            assertTrue(BotGames.installed().create("arena", kind, 1).usesTarget(), kind);
        }
        for (String kind : new String[] {"wander", "flood", "idle"}) {
            final BotBehaviour bot = BotGames.installed().create("arena", kind, 1);
            assertFalse(bot.usesTarget() || bot.readsWorld(), kind);
        }
        assertEquals(StrafeAndShootBehaviour.class, BotGames.installed().create("arena", "Strafe-and-shoot", 1).getClass());
    }
}
