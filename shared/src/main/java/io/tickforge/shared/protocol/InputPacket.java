package io.tickforge.shared.protocol;

/**
 * Client to server over UDP (the payload of a sealed {@code SecureDatagram.KIND_INPUT}; the
 * datagram's AEAD tag, not a field here, proves the sender), once per client tick: the newest few inputs (redundancy) and the
 * acks of received snapshot packets. Mutable and reused: the client fills one instance per send,
 * the server's network thread decodes into one instance and copies it into the session's input
 * queue before returning. Never hold a reference across calls.
 *
 * <p>Input {@code k} (0 = newest) is meant for tick {@code newestTick - k}. Each input is
 * {@link #lanesPerInput} int lanes, one per field of the game's input schema in declaration order
 * ({@link io.tickforge.shared.world.InputLayout}), input {@code k}'s lane {@code l} at
 * {@code lanes[k * lanesPerInput + l]}; the serializer codes them by the layout it was given
 * ({@link Protocol#newKryo(io.tickforge.shared.world.InputLayout)}) and sets
 * {@link #lanesPerInput} on read. The engine's four-field shape (the arena's: move axes as signed
 * bytes, -127..127 map to -1..1; aim 16 bits per turn; buttons) has {@link #set(int, int, int, int, int)}.
 *
 * <p>Lag compensation (protocol 4): {@link #renderLag} is how many ticks behind its input's tick
 * the server tick was that the client was rendering (its interpolated render time) when it made
 * the newest input; input {@code k} was made while rendering tick {@code newestTick - k - renderLag}.
 */
public final class InputPacket {
    /** Most inputs one packet carries. */
    public static final int MAX_INPUTS = 8;
    /** Wire header byte: the input count in the low bits ... */
    public static final int HEADER_COUNT_MASK = 0x0F;
    /** ... and this bit when acks follow (a client that has received no snapshot yet sends none). */
    public static final int HEADER_HAS_ACKS = 0x80;
    /** Largest {@link #renderLag}: one unsigned byte (4.25 s at 60 Hz). */
    public static final int MAX_RENDER_LAG = 255;
    /**
     * How far ahead of the server's next tick to simulate an input's tick may be: the server refuses
     * (counts as far future) an input for that tick or later. 32 ticks = 0.53 s at 60 Hz. Clients
     * keep their lead inside it (the headless client stamps at most 24 ticks past the newest tick
     * the server has shown: {@code ClockSync.MAX_AHEAD_OF_NEWEST_TICKS}).
     */
    public static final int MAX_AHEAD_TICKS = 32;

    /**
     * False until the client has received a snapshot packet: then there is nothing to acknowledge
     * and the two ack fields are neither sent nor read.
     */
    public boolean hasAcks;
    /** Newest snapshot packet sequence the client received (16-bit, wraps); only with {@link #hasAcks}. */
    public int ackSequence;
    /** Bit n set: snapshot packet {@code ackSequence - 1 - n} was received too. */
    public int ackBits;
    public long newestTick;
    /**
     * {@code newestTick - renderTick}, 0..{@link #MAX_RENDER_LAG} (one unsigned byte on the wire; a
     * client clamps larger lags); 0 = the client renders nothing yet or does not say.
     */
    public int renderLag;
    public int count;
    /** Lanes of one input: the input schema's field count (4 for the four-field shape, the default). */
    public int lanesPerInput = FOUR_FIELD_LANES;
    /** Input {@code k}'s lane {@code l} at {@code k * lanesPerInput + l}; preallocated for the largest schema. */
    public final int[] lanes = new int[MAX_INPUTS * MAX_LANES];

    /** Most lanes one input has (the schema field cap). */
    public static final int MAX_LANES = io.tickforge.shared.world.InputLayout.MAX_LANES;
    /** Lanes of the engine's four-field shape: moveX, moveY, aim, buttons. */
    public static final int FOUR_FIELD_LANES = 4;
    /** Bytes before the inputs at most: header 1, acks 2 + 4, tick varlong up to 9, render lag 1. */
    public static final int MAX_HEAD_BYTES = 1 + 6 + 9 + 1;

    /** The largest encoded packet (no class id) of inputs coded by {@code layout}: 57 bytes for the arena. */
    public static int maxWireBytes(io.tickforge.shared.world.InputLayout layout) {
        return MAX_HEAD_BYTES + MAX_INPUTS * layout.bytesPerInput;
    }

    /**
     * Input {@code k} of the four-field shape ({@link #lanesPerInput} must be 4), each value cut to
     * what its wire bytes carry, as a round trip over the wire would: the axes to signed bytes, aim
     * to 16 bits, buttons to 8.
     */
    public void set(int k, int moveXByte, int moveYByte, int aimUnits, int buttonBits) {
        if (lanesPerInput != FOUR_FIELD_LANES) {
            throw new IllegalStateException("set(k, moveX, moveY, aim, buttons) needs the four-field shape; this packet has "
                    + lanesPerInput + " lanes per input");
        }
        final int o = k * FOUR_FIELD_LANES;
        lanes[o] = (byte) moveXByte;
        lanes[o + 1] = (byte) moveYByte;
        lanes[o + 2] = aimUnits & 0xFFFF;
        lanes[o + 3] = buttonBits & 0xFF;
    }

    /** Lane {@code l} of input {@code k}. */
    public int lane(int k, int l) {
        return lanes[k * lanesPerInput + l];
    }

    /** Sets lane {@code l} of input {@code k}. */
    public void setLane(int k, int l, int value) {
        lanes[k * lanesPerInput + l] = value;
    }

    /** Four-field shape: input {@code k}'s move on x (lane 0). */
    public int moveX(int k) {
        return lane(k, 0);
    }

    /** Four-field shape: input {@code k}'s move on y (lane 1). */
    public int moveY(int k) {
        return lane(k, 1);
    }

    /** Four-field shape: input {@code k}'s aim, 0..65535 (lane 2). */
    public int aim(int k) {
        return lane(k, 2);
    }

    /** Four-field shape: input {@code k}'s buttons (lane 3). */
    public int buttons(int k) {
        return lane(k, 3);
    }
}
