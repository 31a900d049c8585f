package io.tickforge.shared.snapshot;

import io.tickforge.shared.world.EntityLayout;

import java.util.Arrays;

/**
 * The logical content of one snapshot packet, decoded or about to be encoded: header fields,
 * entities removed (by index in the baseline view, ascending), entities changed (by baseline
 * index, ascending, with their full new values and a field mask saying which differ) and entities
 * added (by id, ascending, in full). Values are absolute here, {@code values} ints per entity in
 * the order of the {@link EntityLayout}'s lanes; only the wire form is delta-coded. Mutable and
 * reused; owned by one thread. Grows on demand, never shrinks.
 */
public final class SnapshotDelta {
    /** Every position residual in -8..7: a zigzag nibble each (one byte in 2D, two in 3D). */
    public static final int FIELD_POSITION_SMALL = EntityLayout.POSITION_SMALL;
    /** Position residuals as zigzag varints. Never together with FIELD_POSITION_SMALL. */
    public static final int FIELD_POSITION = EntityLayout.POSITION_FULL;
    public static final int POSITION_MODE_MASK = EntityLayout.POSITION_MODE_MASK;
    /** The fixed shape's (the arena's) heading bit. */
    public static final int FIELD_HEADING = 1 << 2;
    /** The fixed shape's status bit: health and flags travel together. */
    public static final int FIELD_STATUS = 1 << 3;

    /** The position mode for 2D residuals (dx, dy): 0 (exactly predicted), small, or full. */
    public static int positionMode(int dx, int dy) {
        if (dx == 0 && dy == 0) {
            return 0;
        }
        return dx >= -8 && dx <= 7 && dy >= -8 && dy <= 7 ? FIELD_POSITION_SMALL : FIELD_POSITION;
    }

    public final EntityLayout layout;
    /** Values per entity. */
    public final int values;

    public int sequence;
    public long serverTick;
    /** The last input tick the server applied for this client; -1 when none yet. */
    public long lastAppliedInputTick;
    public boolean keyframe;
    /** Baseline packet sequence (meaningless for a keyframe). */
    public int baselineSequence;
    /** True when nothing was deferred for lack of budget: the view is current at serverTick. */
    public boolean complete;

    public int removedCount;
    public int[] removedIndex;

    public int changedCount;
    public int[] changedIndex;
    public int[] changedMask;
    /** Changed entry c's values at {@code c * values}. */
    public int[] changedValues;
    /**
     * Per changed entry ({@code c * values + lane}), the residuals of its axes and angles against
     * the baseline's prediction, when the writer already computed them: {@link #residualsKnown} is
     * true while every changed entry was added with them, and the encoder then skips predicting
     * again. Only a shortcut: the encoder's output is the same either way.
     */
    public int[] changedResiduals;
    public boolean residualsKnown;

    public int addedCount;
    public int[] addedId;
    /** Added entry a's values at {@code a * values}. */
    public int[] addedValues;

    /** A delta of the fixed shape ({@link EntityLayout#FIXED}). */
    public SnapshotDelta(int initialCapacity) {
        this(EntityLayout.FIXED, initialCapacity);
    }

    public SnapshotDelta(EntityLayout layout, int initialCapacity) {
        this.layout = layout;
        this.values = layout.values;
        int c = Math.max(1, initialCapacity);
        removedIndex = new int[c];
        changedIndex = new int[c];
        changedMask = new int[c];
        changedValues = new int[c * values];
        changedResiduals = new int[c * values];
        addedId = new int[c];
        addedValues = new int[c * values];
    }

    public void clear() {
        removedCount = 0;
        changedCount = 0;
        addedCount = 0;
        keyframe = false;
        complete = true;
        residualsKnown = true;
    }

    public void addRemoved(int baseIndex) {
        if (removedCount == removedIndex.length) {
            removedIndex = Arrays.copyOf(removedIndex, removedCount * 2);
        }
        removedIndex[removedCount++] = baseIndex;
    }

    /** A changed entry with values {@code v[vo..]}; the encoder predicts its residuals. */
    public void addChanged(int baseIndex, int mask, int[] v, int vo) {
        final int i = growChanged();
        changedIndex[i] = baseIndex;
        changedMask[i] = mask;
        ViewEntries.copy(v, vo, changedValues, i * values, values);
        residualsKnown = false;
    }

    /** A changed entry with values {@code v[vo..]} and residuals {@code r[ro..]} (per lane; axes and angles). */
    public void addChanged(int baseIndex, int mask, int[] v, int vo, int[] r, int ro) {
        final int i = growChanged();
        changedIndex[i] = baseIndex;
        changedMask[i] = mask;
        ViewEntries.copy(v, vo, changedValues, i * values, values);
        ViewEntries.copy(r, ro, changedResiduals, i * values, values);
    }

    private int growChanged() {
        final int i = changedCount;
        if (i == changedIndex.length) {
            final int c = i * 2;
            changedIndex = Arrays.copyOf(changedIndex, c);
            changedMask = Arrays.copyOf(changedMask, c);
            changedValues = Arrays.copyOf(changedValues, c * values);
            changedResiduals = Arrays.copyOf(changedResiduals, c * values);
        }
        changedCount = i + 1;
        return i;
    }

    /** Fixed shape: a changed entry with values (x, y, heading, health, flags). */
    public void addChanged(int baseIndex, int mask, int xv, int yv, int h, int hp, int fl) {
        final int i = growChanged();
        changedIndex[i] = baseIndex;
        changedMask[i] = mask;
        setFive(changedValues, i * requireFive(), xv, yv, h, hp, fl);
        residualsKnown = false;
    }

    /** Fixed shape: a changed entry with its residuals dx, dy, dHeading against the baseline's prediction. */
    public void addChanged(int baseIndex, int mask, int xv, int yv, int h, int hp, int fl, int dx, int dy, int dh) {
        final int i = growChanged();
        changedIndex[i] = baseIndex;
        changedMask[i] = mask;
        setFive(changedValues, i * requireFive(), xv, yv, h, hp, fl);
        setFive(changedResiduals, i * values, dx, dy, dh, 0, 0);
    }

    /** An added entry with values {@code v[vo..]}. */
    public void addAdded(int id, int[] v, int vo) {
        final int i = growAdded();
        addedId[i] = id;
        ViewEntries.copy(v, vo, addedValues, i * values, values);
    }

    /** Fixed shape: an added entry with values (x, y, heading, health, flags). */
    public void addAdded(int id, int xv, int yv, int h, int hp, int fl) {
        final int i = growAdded();
        addedId[i] = id;
        setFive(addedValues, i * requireFive(), xv, yv, h, hp, fl);
    }

    private int growAdded() {
        final int i = addedCount;
        if (i == addedId.length) {
            final int c = i * 2;
            addedId = Arrays.copyOf(addedId, c);
            addedValues = Arrays.copyOf(addedValues, c * values);
        }
        addedCount = i + 1;
        return i;
    }

    private int requireFive() {
        if (values != 5) {
            throw new IllegalStateException("the (x, y, heading, health, flags) form needs a five-lane layout, not " + layout);
        }
        return 5;
    }

    private static void setFive(int[] a, int o, int v0, int v1, int v2, int v3, int v4) {
        a[o] = v0;
        a[o + 1] = v1;
        a[o + 2] = v2;
        a[o + 3] = v3;
        a[o + 4] = v4;
    }
}
