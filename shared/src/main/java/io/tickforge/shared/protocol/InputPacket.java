package io.tickforge.shared.protocol;

/**
 * Client to server over UDP (the payload of a sealed {@code SecureDatagram.KIND_INPUT}; the
 * datagram's AEAD tag, not a field here, proves the sender), once per client tick: the newest few inputs (redundancy) and the
 * acks of received snapshot packets. Mutable and reused: the client fills one instance per send,
 * the server's network thread decodes into one instance and copies it into the session's input
 * queue before returning. Never hold a reference across calls.
 *
 * <p>Input {@code k} (0 = newest) is meant for tick {@code newestTick - k}. Move axes are signed
 * bytes (-127..127 map to -1..1), aim is 16 bits per turn, buttons are
 * {@link io.tickforge.shared.game.ArenaRules} bits.
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
    public final byte[] moveX = new byte[MAX_INPUTS];
    public final byte[] moveY = new byte[MAX_INPUTS];
    public final short[] aim = new short[MAX_INPUTS];
    public final byte[] buttons = new byte[MAX_INPUTS];

    public void set(int k, int moveXByte, int moveYByte, int aimUnits, int buttonBits) {
        moveX[k] = (byte) moveXByte;
        moveY[k] = (byte) moveYByte;
        aim[k] = (short) aimUnits;
        buttons[k] = (byte) buttonBits;
    }
}
