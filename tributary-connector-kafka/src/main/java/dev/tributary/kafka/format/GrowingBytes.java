package dev.tributary.kafka.format;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A byte buffer that one encoder writes every record into and empties after each: unlike {@link
 * java.io.ByteArrayOutputStream} it takes no lock per write. Not thread-safe.
 */
final class GrowingBytes extends OutputStream {
    private byte[] bytes;
    private int size;

    GrowingBytes(int capacity) {
        this.bytes = new byte[capacity];
    }

    @Override
    public void write(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int offset, int length) {
        ensure(length);
        System.arraycopy(b, offset, bytes, size, length);
        size += length;
    }

    @Override
    public void write(byte[] b) {
        write(b, 0, b.length);
    }

    /** Forgets what was written; keeps the capacity. */
    void reset() {
        size = 0;
    }

    /** A copy of what was written since the last {@link #reset()}. */
    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
