package io.tickforge.client.game.zone;

import io.tickforge.client.predict.AliveFlag;
import io.tickforge.client.predict.PlayerMovement;
import io.tickforge.shared.game.zone.ZoneMovement;
import io.tickforge.shared.game.zone.ZoneRules;
import io.tickforge.shared.game.zone.ZoneSchemas;
import io.tickforge.shared.snapshot.SnapshotView;
import io.tickforge.shared.world.EntityLayout;
import io.tickforge.shared.world.InputLayout;

/**
 * The zone game's movement for prediction: {@link ZoneMovement#step}, the server's own code, walk
 * and jump. State: {@code x, y} (1/256 m), {@code zFine} (the height, {@code 1/VZ_SCALE} units) and
 * {@code vz} (the vertical velocity, {@code 1/VZ_SCALE} units per tick), as {@link ZoneMovement.Body}
 * holds them; the server replicates all four ({@code pos}, {@code zFrac}, {@code vz} of
 * {@link ZoneSchemas#ENTITY}: {@code zFine = z * VZ_SCALE + zFrac}). Input lanes {@code moveX,
 * moveY, buttons} looked up by name. The error is 3D, in position units (z to the fine unit).
 * Bit-exact with the server. Created per join by {@link #FACTORY}; driving thread only; a step
 * goes through one scratch body and allocates nothing.
 */
public final class ZonePlayerMovement implements PlayerMovement {
    /** For {@code GameClientConfig.Builder.movement}. */
    public static final Factory FACTORY = ZonePlayerMovement::new;

    private static final int X = 0;
    private static final int Y = 1;
    private static final int Z_FINE = 2;
    private static final int VZ = 3;

    private final int tickRateHz;
    private final int moveX;
    private final int moveY;
    private final int buttons;
    private final int laneX;
    private final int laneZ;
    private final int laneZFrac;
    private final int laneVz;
    private final AliveFlag alive;
    private final ZoneMovement.Body body = new ZoneMovement.Body();

    private ZonePlayerMovement(int tickRateHz, EntityLayout entities, InputLayout inputs) {
        if (entities.dims != 3) {
            throw new IllegalArgumentException("the zone game's movement needs a 3D position, not " + entities);
        }
        this.tickRateHz = tickRateHz;
        this.moveX = inputs.requireLane("moveX");
        this.moveY = inputs.requireLane("moveY");
        this.buttons = inputs.requireLane("buttons");
        this.laneX = entities.requireLane(ZoneSchemas.POS);
        this.laneZ = laneX + 2;
        this.laneZFrac = entities.requireLane(ZoneSchemas.Z_FRAC);
        this.laneVz = entities.requireLane(ZoneSchemas.VZ);
        this.alive = AliveFlag.of(entities);
    }

    @Override
    public int stateLanes() {
        return 4;
    }

    @Override
    public void step(int[] state, int s, int[] input, int i) {
        final ZoneMovement.Body b = body.set(state[s + X], state[s + Y], state[s + Z_FINE], state[s + VZ]);
        ZoneMovement.step(b, input[i + moveX], input[i + moveY], input[i + buttons], tickRateHz);
        state[s + X] = b.x;
        state[s + Y] = b.y;
        state[s + Z_FINE] = b.zFine;
        state[s + VZ] = b.vz;
    }

    @Override
    public boolean readServer(SnapshotView view, int entry, int[] state, int s) {
        state[s + X] = view.value(entry, laneX);
        state[s + Y] = view.value(entry, laneX + 1);
        state[s + Z_FINE] = view.value(entry, laneZ) * ZoneRules.VZ_SCALE + view.value(entry, laneZFrac);
        state[s + VZ] = view.value(entry, laneVz);
        return alive.test(view, entry);
    }

    @Override
    public double errorUnits(int[] predicted, int p, int[] server, int s) {
        final double dx = (double) predicted[p + X] - server[s + X];
        final double dy = (double) predicted[p + Y] - server[s + Y];
        final double dz = ((double) predicted[p + Z_FINE] - server[s + Z_FINE]) / ZoneRules.VZ_SCALE;
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
}
