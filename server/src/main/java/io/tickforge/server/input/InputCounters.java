package io.tickforge.server.input;

/**
 * What happened to every input the tick thread saw, one counter per outcome. Written by the tick
 * thread only (plain fields, no allocation); other threads read a {@link #copy()} that the tick
 * thread publishes. Counts of inputs (one input = one tick of one player), except where noted.
 */
public final class InputCounters {
    /** Stored for a future tick and later applied. */
    public long accepted;
    /** Applied at their tick (received inputs, not repeats). */
    public long applied;
    /** A player had no input for a tick: its last input was repeated. */
    public long missingRepeated;
    /** Arrived after its tick was simulated (or older than the buffer remembers). */
    public long late;
    /** Meant for a tick further ahead than the buffer window. */
    public long farFuture;
    /** A copy of an input already received (redundancy makes these normal). */
    public long duplicate;
    /**
     * A lane outside its declared range (any field but flags: for the arena a move axis outside
     * -127..127, e.g. the wire byte -128).
     */
    public long invalidMove;
    /** Flag (button) bits the game's input schema does not name. */
    public long invalidButtons;
    /** A negative tick. */
    public long invalidTick;
    /**
     * Stored inputs whose render lag claimed a render tick the lag compensation will not rewind
     * to: older than the cap (clamped to it) or newer than the input's own tick (a negative lag,
     * only possible in-process: the wire's unsigned byte cannot say it; treated as no lag). Not
     * counted while lag compensation is off.
     */
    public long renderTickClamped;
    /** Packets (not inputs) whose input count was outside 0..MAX_INPUTS. */
    public long malformedPackets;
    /** Packets (not inputs) for a slot with no joined player (e.g. sent before the join applied). */
    public long unknownSlotPackets;

    public long droppedTotal() {
        return late + farFuture + duplicate + invalidMove + invalidButtons + invalidTick;
    }

    /**
     * Inputs refused for being hostile or broken (far future, out-of-range move, unknown buttons,
     * bad tick). Duplicates (the redundant copies every packet carries) and late inputs are normal
     * traffic and not counted here.
     */
    public long rejectedTotal() {
        return farFuture + invalidMove + invalidButtons + invalidTick;
    }

    public InputCounters copy() {
        InputCounters c = new InputCounters();
        c.accepted = accepted;
        c.applied = applied;
        c.missingRepeated = missingRepeated;
        c.late = late;
        c.farFuture = farFuture;
        c.duplicate = duplicate;
        c.invalidMove = invalidMove;
        c.invalidButtons = invalidButtons;
        c.invalidTick = invalidTick;
        c.renderTickClamped = renderTickClamped;
        c.malformedPackets = malformedPackets;
        c.unknownSlotPackets = unknownSlotPackets;
        return c;
    }

    @Override
    public String toString() {
        return "accepted=" + accepted + " applied=" + applied + " repeated=" + missingRepeated
                + " late=" + late + " farFuture=" + farFuture + " duplicate=" + duplicate
                + " invalidMove=" + invalidMove + " invalidButtons=" + invalidButtons
                + " invalidTick=" + invalidTick + " renderTickClamped=" + renderTickClamped
                + " malformedPackets=" + malformedPackets
                + " unknownSlotPackets=" + unknownSlotPackets;
    }
}
