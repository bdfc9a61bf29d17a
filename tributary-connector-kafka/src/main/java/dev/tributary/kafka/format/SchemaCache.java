package dev.tributary.kafka.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Parsed schemas keyed by their raw JSON text, so that a schema envelope is read once and not per
 * event. Each topic keeps a {@link Slot} with the schema it saw last: the next record usually
 * carries the same text, which one byte comparison confirms without tokenizing it. Equal text gives
 * the same object. Not thread-safe (one per decoder).
 *
 * @param <T> what a schema is turned into
 */
final class SchemaCache<T> {
    /** Distinct schemas kept; when more appear (a schema changing all the time), start over. */
    private static final int MAX_ENTRIES = 4096;

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final Function<JsonNode, T> builder;
    private final Map<Text, Text> entries = new HashMap<>();

    SchemaCache(Function<JsonNode, T> builder) {
        this.builder = builder;
    }

    /** The schema a topic saw last. */
    static final class Slot<T> {
        private byte[] text;
        private T value;

        /**
         * The value when {@code bytes} hold this slot's schema text at {@code start}, else null.
         * Identical text at the start of an object is the whole object: JSON is read left to right.
         */
        T matchAt(byte[] bytes, int start) {
            byte[] t = text;
            if (t == null || start + t.length > bytes.length) {
                return null;
            }
            return Arrays.equals(bytes, start, start + t.length, t, 0, t.length) ? value : null;
        }

        /** Length of the schema text this slot holds. */
        int length() {
            return text.length;
        }
    }

    /** The value of the schema object at {@code bytes[start, end)}, built on first sight. */
    @SuppressWarnings("unchecked")
    T resolve(Slot<T> slot, byte[] bytes, int start, int end) {
        Text stored = entries.get(new Text(bytes, start, end));
        if (stored == null) {
            T value;
            try {
                value = builder.apply(Json.MAPPER.readTree(bytes, start, end - start));
            } catch (IOException e) {
                // The caller has already tokenized this range successfully.
                throw new UncheckedIOException(e);
            }
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            stored = new Text(Arrays.copyOfRange(bytes, start, end), 0, end - start);
            stored.value = value;
            entries.put(stored, stored);
        }
        slot.text = stored.bytes;
        slot.value = (T) stored.value;
        return slot.value;
    }

    int size() {
        return entries.size();
    }

    /** A range of bytes with a fast hash; equal when the bytes are equal. */
    private static final class Text {
        final byte[] bytes;
        final int start;
        final int end;
        final int hash;

        /** The parsed schema, on stored keys only. */
        Object value;

        Text(byte[] bytes, int start, int end) {
            this.bytes = bytes;
            this.start = start;
            this.end = end;
            this.hash = hash(bytes, start, end);
        }

        private static int hash(byte[] b, int start, int end) {
            long h = end - start;
            int i = start;
            for (; i + 8 <= end; i += 8) {
                h = h * 0x9E3779B97F4A7C15L + (long) LONGS.get(b, i);
            }
            for (; i < end; i++) {
                h = h * 31 + b[i];
            }
            return (int) (h ^ (h >>> 32));
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Text)) {
                return false;
            }
            Text t = (Text) o;
            return hash == t.hash && Arrays.equals(bytes, start, end, t.bytes, t.start, t.end);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
