package dev.tributary.app.bench;

import java.util.Arrays;

/**
 * A growable byte buffer that text is appended to as UTF-8, reused for every record so that
 * encoding an event allocates only the final copy. Not thread-safe: one per producing thread.
 */
final class ByteText {
    private static final byte[] HEX =
            "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final long[] POWERS_OF_TEN = {
        1L,
        10L,
        100L,
        1_000L,
        10_000L,
        100_000L,
        1_000_000L,
        10_000_000L,
        100_000_000L,
        1_000_000_000L
    };

    private byte[] bytes = new byte[1024];
    private int length;

    ByteText clear() {
        length = 0;
        return this;
    }

    int length() {
        return length;
    }

    byte[] array() {
        return bytes;
    }

    /** A copy of the content: the one allocation per record (Kafka keeps the array). */
    byte[] toBytes() {
        return Arrays.copyOf(bytes, length);
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, java.nio.charset.StandardCharsets.UTF_8);
    }

    ByteText ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            bytes[length++] = (byte) s.charAt(i);
        }
        return this;
    }

    ByteText ascii(char c) {
        ensure(1);
        bytes[length++] = (byte) c;
        return this;
    }

    ByteText ascii(byte[] s) {
        ensure(s.length);
        System.arraycopy(s, 0, bytes, length, s.length);
        length += s.length;
        return this;
    }

    ByteText number(long v) {
        if (v == Long.MIN_VALUE) {
            return ascii(Long.toString(v));
        }
        if (v < 0) {
            ascii('-');
            v = -v;
        }
        ensure(20);
        int start = length;
        do {
            bytes[length++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        reverse(start, length - 1);
        return this;
    }

    /** Writes {@code v} with exactly {@code digits} digits, zero-padded; {@code v} must fit. */
    ByteText padded(long v, int digits) {
        ensure(digits);
        for (int i = digits - 1; i >= 0; i--) {
            bytes[length + i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        length += digits;
        return this;
    }

    /** Writes {@code unscaled / 10^scale} in plain notation, e.g. 1250, 2 → {@code 12.50}. */
    ByteText decimal(long unscaled, int scale) {
        if (unscaled < 0) {
            ascii('-');
            unscaled = -unscaled;
        }
        long p = POWERS_OF_TEN[scale];
        number(unscaled / p);
        if (scale > 0) {
            ascii('.').padded(unscaled % p, scale);
        }
        return this;
    }

    /**
     * Writes {@code s} as a JSON string literal, quotes included, escaping as RFC 8259 requires.
     */
    ByteText jsonString(String s) {
        ascii('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                ascii('\\').ascii(c);
            } else if (c < 0x20) {
                ascii("\\u00").ascii((char) HEX[c >> 4]).ascii((char) HEX[c & 0xF]);
            } else {
                utf8(c, s, i);
                if (Character.isHighSurrogate(c)) {
                    i++;
                }
            }
        }
        return ascii('"');
    }

    /**
     * Writes {@code s} as a field of PostgreSQL's COPY text format: backslash, tab, newline and
     * carriage return escaped; {@code null} as {@code \N}.
     */
    ByteText copyText(String s) {
        if (s == null) {
            return ascii("\\N");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> ascii("\\\\");
                case '\t' -> ascii("\\t");
                case '\n' -> ascii("\\n");
                case '\r' -> ascii("\\r");
                default -> {
                    utf8(c, s, i);
                    if (Character.isHighSurrogate(c)) {
                        i++;
                    }
                }
            }
        }
        return this;
    }

    private void utf8(char c, String s, int i) {
        ensure(4);
        if (c < 0x80) {
            bytes[length++] = (byte) c;
        } else if (c < 0x800) {
            bytes[length++] = (byte) (0xC0 | (c >> 6));
            bytes[length++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
            int cp = Character.toCodePoint(c, s.charAt(i + 1));
            bytes[length++] = (byte) (0xF0 | (cp >> 18));
            bytes[length++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            bytes[length++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            bytes[length++] = (byte) (0x80 | (cp & 0x3F));
        } else {
            bytes[length++] = (byte) (0xE0 | (c >> 12));
            bytes[length++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            bytes[length++] = (byte) (0x80 | (c & 0x3F));
        }
    }

    private void reverse(int from, int to) {
        while (from < to) {
            byte t = bytes[from];
            bytes[from++] = bytes[to];
            bytes[to--] = t;
        }
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
