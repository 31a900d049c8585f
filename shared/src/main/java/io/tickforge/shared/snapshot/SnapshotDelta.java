package io.tickforge.shared.snapshot;

import java.util.Arrays;

/**
 * The logical content of one snapshot packet, decoded or about to be encoded: header fields,
 * entities removed (by index in the baseline view, ascending), entities changed (by baseline
 * index, ascending, with their full new values and a field mask saying which differ) and entities
 * added (by id, ascending, in full). Values are absolute here; only the wire form is delta-coded.
 * Mutable and reused; owned by one thread. Grows on demand, never shrinks.
 */
public final class SnapshotDelta {
    /** x and y residuals both in -8..7: one byte, a zigzag nibble each. */
    public static final int FIELD_POSITION_SMALL = 1;
    /** x and y residuals as two zigzag varints. Never together with FIELD_POSITION_SMALL. */
    public static final int FIELD_POSITION = 1 << 1;
    public static final int POSITION_MODE_MASK = FIELD_POSITION_SMALL | FIELD_POSITION;
    public static final int FIELD_HEADING = 1 << 2;
    /** Health and flags travel together: both change rarely and fit one byte each. */
    public static final int FIELD_STATUS = 1 << 3;
    public static final int FIELD_BITS = 4;
    /** Every mask bit (for extracting the mask; not itself a valid mask). */
    public static final int FIELD_ALL = (1 << FIELD_BITS) - 1;

    /** The position mode for residuals (dx, dy): 0 (exactly predicted), small, or full. */
    public static int positionMode(int dx, int dy) {
        if (dx == 0 && dy == 0) {
            return 0;
        }
        return dx >= -8 && dx <= 7 && dy >= -8 && dy <= 7 ? FIELD_POSITION_SMALL : FIELD_POSITION;
    }

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
    public int[] changedX;
    public int[] changedY;
    public int[] changedHeading;
    public int[] changedHealth;
    public int[] changedFlags;
    /**
     * Position and heading residuals against the baseline's prediction, when the writer already
     * computed them (the server does, to choose the mask and size): {@link #residualsKnown} is
     * true while every changed entry was added with them, and the encoder then skips predicting
     * again. Only a shortcut: the encoder's output is the same either way.
     */
    public int[] changedDx;
    public int[] changedDy;
    public int[] changedDh;
    public boolean residualsKnown;

    public int addedCount;
    public int[] addedId;
    public int[] addedX;
    public int[] addedY;
    public int[] addedHeading;
    public int[] addedHealth;
    public int[] addedFlags;

    public SnapshotDelta(int initialCapacity) {
        int c = Math.max(1, initialCapacity);
        removedIndex = new int[c];
        changedIndex = new int[c];
        changedMask = new int[c];
        changedX = new int[c];
        changedY = new int[c];
        changedHeading = new int[c];
        changedHealth = new int[c];
        changedFlags = new int[c];
        changedDx = new int[c];
        changedDy = new int[c];
        changedDh = new int[c];
        addedId = new int[c];
        addedX = new int[c];
        addedY = new int[c];
        addedHeading = new int[c];
        addedHealth = new int[c];
        addedFlags = new int[c];
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

    public void addChanged(int baseIndex, int mask, int xv, int yv, int h, int hp, int fl) {
        addChanged(baseIndex, mask, xv, yv, h, hp, fl, 0, 0, 0);
        residualsKnown = false;
    }

    /** A changed entry with its residuals dx, dy, dHeading against the baseline's prediction. */
    public void addChanged(int baseIndex, int mask, int xv, int yv, int h, int hp, int fl, int dx, int dy, int dh) {
        int i = changedCount;
        if (i == changedIndex.length) {
            int c = i * 2;
            changedIndex = Arrays.copyOf(changedIndex, c);
            changedMask = Arrays.copyOf(changedMask, c);
            changedX = Arrays.copyOf(changedX, c);
            changedY = Arrays.copyOf(changedY, c);
            changedHeading = Arrays.copyOf(changedHeading, c);
            changedHealth = Arrays.copyOf(changedHealth, c);
            changedFlags = Arrays.copyOf(changedFlags, c);
            changedDx = Arrays.copyOf(changedDx, c);
            changedDy = Arrays.copyOf(changedDy, c);
            changedDh = Arrays.copyOf(changedDh, c);
        }
        changedIndex[i] = baseIndex;
        changedMask[i] = mask;
        changedX[i] = xv;
        changedY[i] = yv;
        changedHeading[i] = h;
        changedHealth[i] = hp;
        changedFlags[i] = fl;
        changedDx[i] = dx;
        changedDy[i] = dy;
        changedDh[i] = dh;
        changedCount = i + 1;
    }

    public void addAdded(int id, int xv, int yv, int h, int hp, int fl) {
        int i = addedCount;
        if (i == addedId.length) {
            int c = i * 2;
            addedId = Arrays.copyOf(addedId, c);
            addedX = Arrays.copyOf(addedX, c);
            addedY = Arrays.copyOf(addedY, c);
            addedHeading = Arrays.copyOf(addedHeading, c);
            addedHealth = Arrays.copyOf(addedHealth, c);
            addedFlags = Arrays.copyOf(addedFlags, c);
        }
        addedId[i] = id;
        addedX[i] = xv;
        addedY[i] = yv;
        addedHeading[i] = h;
        addedHealth[i] = hp;
        addedFlags[i] = fl;
        addedCount = i + 1;
    }
}
