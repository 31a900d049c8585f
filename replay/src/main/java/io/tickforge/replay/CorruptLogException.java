package io.tickforge.replay;

/**
 * The log cannot be read at {@link #offset()}: a bad magic or version, a frame whose checksum or
 * length is wrong with more log after it, or a payload that breaks the format. Exit code 3.
 */
public final class CorruptLogException extends Exception {
    private final long offset;

    public CorruptLogException(long offset, String message) {
        super("corrupt log at byte offset " + offset + ": " + message);
        this.offset = offset;
    }

    /** Byte offset in the file of the frame (or field) that is wrong. */
    public long offset() {
        return offset;
    }
}
