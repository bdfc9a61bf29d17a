package dev.tributary.kafka.format;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Byte-level check that a Kafka key without the schema envelope, such as {@code {"id":42}}, is a
 * JSON object with the same field names, in the same order, as the topic's previous key, each with
 * a scalar value. Such a key says nothing new: the decoder needs only its field names, so it can
 * skip making a parser for it. The check accepts only text that is valid JSON (the numbers by
 * JSON's grammar); anything else, including strings with escapes or non-ASCII characters, nested
 * values and other names, makes it say "no", and the caller parses the key.
 */
final class FlatKeyText {
    /** Each name as the UTF-8 bytes of its JSON string, quotes included. */
    private final byte[][] quoted;

    private FlatKeyText(byte[][] quoted) {
        this.quoted = quoted;
    }

    /**
     * The check for keys with {@code names}, or null when a name would need escaping in JSON (the
     * check compares names byte for byte, so it takes only names that JSON writes as they are), or
     * when the first name makes the key look like an envelope to the decoder.
     */
    static FlatKeyText of(List<String> names) {
        if (names.isEmpty() || names.get(0).equals("schema") || names.get(0).equals("payload")) {
            return null;
        }
        byte[][] quoted = new byte[names.size()][];
        for (int i = 0; i < quoted.length; i++) {
            String name = names.get(i);
            for (int c = 0; c < name.length(); c++) {
                char ch = name.charAt(c);
                if (ch < 0x20 || ch == '"' || ch == '\\') {
                    return null;
                }
            }
            quoted[i] = ('"' + name + '"').getBytes(StandardCharsets.UTF_8);
        }
        return new FlatKeyText(quoted);
    }

    /** True when {@code b} is a JSON object of exactly these fields, each with a scalar value. */
    boolean matches(byte[] b) {
        int end = objectEnd(b, 0);
        return end >= 0 && EnvelopeText.skipSpace(b, end) == b.length;
    }

    /**
     * Where the object starting at {@code from} (after white space) ends, when it is an object of
     * exactly these fields, each with a scalar value; else -1.
     */
    int objectEnd(byte[] b, int from) {
        int i = EnvelopeText.skipSpace(b, from);
        if (i >= b.length || b[i] != '{') {
            return -1;
        }
        for (int f = 0; f < quoted.length; f++) {
            i = JsonGrammar.literal(b, EnvelopeText.skipSpace(b, i + 1), quoted[f]);
            if (i < 0) {
                return -1;
            }
            i = EnvelopeText.skipSpace(b, i);
            if (i >= b.length || b[i] != ':') {
                return -1;
            }
            i = scalar(b, EnvelopeText.skipSpace(b, i + 1));
            if (i < 0) {
                return -1;
            }
            i = EnvelopeText.skipSpace(b, i);
            if (i >= b.length || b[i] != (f == quoted.length - 1 ? '}' : ',')) {
                return -1;
            }
        }
        return i + 1;
    }

    /** Where the scalar value starting at {@code i} ends, or -1 when there is none. */
    private static int scalar(byte[] b, int i) {
        if (i >= b.length) {
            return -1;
        }
        switch (b[i]) {
            case '"':
                return string(b, i + 1);
            case 't':
            case 'f':
            case 'n':
                return JsonGrammar.literal(b, i);
            default:
                return JsonGrammar.number(b, i);
        }
    }

    /** A string of printable ASCII without escapes, from after its opening quote. */
    private static int string(byte[] b, int i) {
        for (; i < b.length; i++) {
            byte c = b[i];
            if (c == '"') {
                return i + 1;
            }
            if (c < 0x20 || c == '\\') { // bytes of non-ASCII characters are negative
                return -1;
            }
        }
        return -1;
    }
}
