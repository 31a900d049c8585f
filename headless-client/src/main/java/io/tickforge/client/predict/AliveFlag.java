package io.tickforge.client.predict;

import io.tickforge.shared.schema.FieldKind;
import io.tickforge.shared.schema.SchemaField;
import io.tickforge.shared.snapshot.SnapshotView;
import io.tickforge.shared.world.EntityLayout;

/**
 * The engine's convention for whether an entity is alive: when its schema has a {@code flags} field
 * with an {@code alive} bit, that bit; else always. Looked up once per layout; immutable, any thread.
 */
public final class AliveFlag {
    private final int lane;
    private final int bit;

    private AliveFlag(int lane, int bit) {
        this.lane = lane;
        this.bit = bit;
    }

    public static AliveFlag of(EntityLayout layout) {
        final SchemaField flags = layout.schema().field("flags");
        final int bit = flags == null || flags.kind() != FieldKind.FLAGS ? -1 : flags.names().indexOf("alive");
        return bit < 0 ? new AliveFlag(-1, 0) : new AliveFlag(layout.lane("flags"), 1 << bit);
    }

    /** Whether entry {@code entry} of {@code view} is alive. */
    public boolean test(SnapshotView view, int entry) {
        return lane < 0 || (view.value(entry, lane) & bit) != 0;
    }
}
