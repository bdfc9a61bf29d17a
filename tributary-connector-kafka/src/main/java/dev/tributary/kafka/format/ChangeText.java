package dev.tributary.kafka.format;

import dev.tributary.api.event.Op;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a Debezium change event straight from its bytes, without making a JSON parser for it: the
 * usual record without the schema envelope for a table whose columns the pipeline file declares,
 * the payload of a record with the envelope whose schema is known, and the flat records of format
 * {@code json}. The rows' columns, and how their values are made, come from {@link RowColumns}.
 *
 * <p>It takes only what it reads exactly as the parser path would: valid JSON (numbers by JSON's
 * grammar, well-formed UTF-8, JSON's escapes), rows whose fields are known columns holding scalars
 * that convert to their columns' values, integral numbers of at most 18 digits. Anything else (a
 * broken record, a nested value in a column, a value that does not convert, a null in a NOT NULL
 * column of {@code after}, a field named {@code schema} or {@code payload} first in a record
 * without envelope, a duplicate {@code before}, {@code after} or {@code op}, texts and nesting
 * beyond limits well inside the parser's) makes it say "no", and the decoder reads the record with
 * the parser, which also says what is wrong with it.
 *
 * <p>Not thread-safe: one per decoder and topic or envelope schema.
 */
final class ChangeText implements JsonScalar {
    /** Deeper nesting (in skipped fields) goes to the parser, whose own limit is 1000. */
    private static final int MAX_DEPTH = 64;

    /** Longer numbers go to the parser, whose own limit is 1000 characters. */
    private static final int MAX_NUMBER = 100;

    /** Longer field names go to the parser, whose own limit is 50,000 characters. */
    private static final int MAX_NAME = 1000;

    /** Longer strings go to the parser, whose own limit is 20,000,000 characters. */
    private static final int MAX_STRING = 10_000_000;

    /** The largest buffer of characters kept for the next record. */
    private static final int KEPT_CHARS = 1 << 16;

    private static final byte[] BEFORE = ascii("before");
    private static final byte[] AFTER = ascii("after");
    private static final byte[] OP = ascii("op");
    private static final byte[] TS_MS = ascii("ts_ms");
    private static final byte[] SOURCE = ascii("source");
    private static final byte[] SCHEMA = ascii("schema");
    private static final byte[] PAYLOAD = ascii("payload");

    private final RowColumns columns;

    /** Characters of a string with escapes or non-ASCII characters, reused. */
    private char[] chars = new char[64];

    /** The record being read. */
    private byte[] bytes;

    /** The scalar read last by {@link #scalar}. */
    private Kind kind;

    private String text;
    private long integral;

    /** Where the {@link Kind#FRACTIONAL} number read last is in {@link #bytes}. */
    private int numberFrom;

    private int numberTo;

    /** The row read last by {@link #row}; null for a JSON null. */
    private Object[] rowRead;

    private ChangeText(RowColumns columns) {
        this.columns = columns;
    }

    /** A reader of rows of {@code columns}; null when there are none (names that need escapes). */
    static ChangeText of(RowColumns columns) {
        return columns == null ? null : new ChangeText(columns);
    }

    /**
     * Reads the change event {@code b}, a record without envelope, into {@code parts} (cleared
     * first): its op, rows and times.
     *
     * @return true when the record was read; false when the parser must read it
     */
    boolean read(byte[] b, ChangeParts parts) {
        int end = event(b, EnvelopeText.skipSpace(b, 0), parts, true);
        return end >= 0 && EnvelopeText.skipSpace(b, end) == b.length;
    }

    /**
     * Reads the change event that starts at {@code at}, the payload of a record with the envelope,
     * into {@code parts} (cleared first).
     *
     * @return where the payload ends, or -1 when the parser must read it
     */
    int readPayload(byte[] b, int at, ChangeParts parts) {
        return event(b, at, parts, false);
    }

    /**
     * Reads {@code b} as one flat object of the columns (format {@code json}), checking its NOT
     * NULL columns.
     *
     * @return the row, or null when the parser must read it
     */
    Object[] readRow(byte[] b) {
        bytes = b;
        int i = EnvelopeText.skipSpace(b, 0);
        if (i >= b.length || b[i] != '{' || (i = row(b, i, true)) < 0) {
            return null;
        }
        return EnvelopeText.skipSpace(b, i) == b.length ? rowRead : null;
    }

    private int event(byte[] b, int i, ChangeParts parts, boolean bare) {
        parts.clear();
        bytes = b;
        if (i >= b.length || b[i] != '{') {
            return -1;
        }
        i = EnvelopeText.skipSpace(b, i + 1);
        boolean first = bare;
        while (true) {
            int nameEnd = name(b, i);
            if (nameEnd < 0) {
                return -1;
            }
            int from = i + 1;
            int to = nameEnd - 1;
            if (first && (is(b, from, to, SCHEMA) || is(b, from, to, PAYLOAD))) {
                return -1; // an envelope: the parser path tells which kind
            }
            first = false;
            i = valueAfterColon(b, nameEnd);
            if (i < 0) {
                return -1;
            }
            if (is(b, from, to, AFTER)) {
                if (parts.after != null || (i = row(b, i, true)) < 0) {
                    return -1;
                }
                parts.after = rowRead;
            } else if (is(b, from, to, BEFORE)) {
                if (parts.before != null || (i = row(b, i, false)) < 0) {
                    return -1;
                }
                parts.before = rowRead;
            } else if (is(b, from, to, OP)) {
                if (parts.kind != null || (i = op(b, i, parts)) < 0) {
                    return -1;
                }
            } else if (is(b, from, to, TS_MS)) {
                if ((i = integral(b, i)) < 0) {
                    return -1;
                }
                parts.ts = integral;
            } else if (is(b, from, to, SOURCE) && b[i] == '{') {
                if ((i = source(b, i, parts)) < 0) {
                    return -1;
                }
            } else if ((i = skip(b, i, 0)) < 0) {
                return -1;
            }
            i = EnvelopeText.skipSpace(b, i);
            if (i >= b.length) {
                return -1;
            }
            if (b[i] == '}') {
                break;
            }
            if (b[i] != ',') {
                return -1;
            }
            i = EnvelopeText.skipSpace(b, i + 1);
        }
        // A record without an op is an error the parser path reports.
        return parts.kind != null ? i + 1 : -1;
    }

    /**
     * Reads {@code null} or an object of the columns at {@code i} into {@link #rowRead}.
     *
     * @return where the value ends, or -1
     */
    private int row(byte[] b, int i, boolean checkNulls) {
        if (b[i] == 'n') {
            rowRead = null;
            return JsonGrammar.literal(b, i, JsonGrammar.NULL);
        }
        if (b[i] != '{') {
            return -1;
        }
        Object[] values = new Object[columns.size()];
        i = EnvelopeText.skipSpace(b, i + 1);
        if (i < b.length && b[i] == '}') {
            i++;
        } else {
            for (int field = 0; ; field++) {
                int nameEnd = name(b, i);
                if (nameEnd < 0) {
                    return -1;
                }
                int c = columns.indexOf(b, i + 1, nameEnd - 1, field);
                if (c < 0 || (i = valueAfterColon(b, nameEnd)) < 0) {
                    return -1;
                }
                if ((i = scalar(b, i)) < 0) {
                    return -1;
                }
                Object value = kind == Kind.NULL ? null : columns.value(c, this);
                if (value == RowColumns.NOT_READ) {
                    return -1;
                }
                values[c] = value;
                i = EnvelopeText.skipSpace(b, i);
                if (i >= b.length) {
                    return -1;
                }
                if (b[i] == '}') {
                    i++;
                    break;
                }
                if (b[i] != ',') {
                    return -1;
                }
                i = EnvelopeText.skipSpace(b, i + 1);
            }
        }
        if (checkNulls) {
            for (int c = 0; c < values.length; c++) {
                if (values[c] == null && !columns.nullable(c)) {
                    return -1;
                }
            }
        }
        rowRead = values;
        return i;
    }

    @Override
    public Kind kind() {
        return kind;
    }

    @Override
    public String text() {
        return text;
    }

    @Override
    public long integral() {
        return integral;
    }

    @Override
    public BigDecimal decimal() {
        if (kind == Kind.INTEGRAL) {
            return BigDecimal.valueOf(integral);
        }
        int length = numberTo - numberFrom;
        ensure(length);
        for (int k = 0; k < length; k++) {
            chars[k] = (char) bytes[numberFrom + k];
        }
        return new BigDecimal(chars, 0, length);
    }

    @Override
    public double doubleValue() {
        if (kind == Kind.INTEGRAL) {
            return integral;
        }
        return Double.parseDouble(
                new String(bytes, numberFrom, numberTo - numberFrom, StandardCharsets.ISO_8859_1));
    }

    /** A one-character op code that Debezium knows, in a string without escapes. */
    private static int op(byte[] b, int i, ChangeParts parts) {
        if (i + 2 >= b.length || b[i] != '"' || b[i + 2] != '"') {
            return -1;
        }
        parts.kind = Op.fromCode((char) b[i + 1]); // a non-ASCII byte is negative: no op
        return parts.kind == null ? -1 : i + 3;
    }

    /** The {@code source} object at {@code i}: its {@code ts_ms} is kept, the rest skipped. */
    private int source(byte[] b, int i, ChangeParts parts) {
        i = EnvelopeText.skipSpace(b, i + 1);
        if (i < b.length && b[i] == '}') {
            return i + 1;
        }
        while (true) {
            int nameEnd = name(b, i);
            if (nameEnd < 0) {
                return -1;
            }
            boolean ts = is(b, i + 1, nameEnd - 1, TS_MS);
            if ((i = valueAfterColon(b, nameEnd)) < 0) {
                return -1;
            }
            if (ts) {
                if ((i = integral(b, i)) < 0) {
                    return -1;
                }
                parts.sourceTs = integral;
            } else if ((i = skip(b, i, 1)) < 0) {
                return -1;
            }
            i = EnvelopeText.skipSpace(b, i);
            if (i >= b.length) {
                return -1;
            }
            if (b[i] == '}') {
                return i + 1;
            }
            if (b[i] != ',') {
                return -1;
            }
            i = EnvelopeText.skipSpace(b, i + 1);
        }
    }

    /** An integral number of at most 18 digits at {@code i}, into {@link #integral}; or -1. */
    private int integral(byte[] b, int i) {
        int end = scalar(b, i);
        return end >= 0 && kind == Kind.INTEGRAL ? end : -1;
    }

    /**
     * Reads the scalar at {@code i} into {@link #kind} and its value.
     *
     * @return where it ends, or -1 when it is not a scalar this reader takes
     */
    private int scalar(byte[] b, int i) {
        if (i >= b.length) {
            return -1;
        }
        switch (b[i]) {
            case '"':
                kind = Kind.STRING;
                return string(b, i, true);
            case 't':
                kind = Kind.TRUE;
                return JsonGrammar.literal(b, i, JsonGrammar.TRUE);
            case 'f':
                kind = Kind.FALSE;
                return JsonGrammar.literal(b, i, JsonGrammar.FALSE);
            case 'n':
                kind = Kind.NULL;
                return JsonGrammar.literal(b, i, JsonGrammar.NULL);
            default:
                return number(b, i, true);
        }
    }

    /** Steps over any JSON value at {@code i}; returns where it ends, or -1. */
    private int skip(byte[] b, int i, int depth) {
        if (i >= b.length) {
            return -1;
        }
        switch (b[i]) {
            case '"':
                return string(b, i, false);
            case 't':
            case 'f':
            case 'n':
                return JsonGrammar.literal(b, i);
            case '{':
            case '[':
                return depth < MAX_DEPTH ? skipStructure(b, i, depth + 1) : -1;
            default:
                return number(b, i, false);
        }
    }

    private int skipStructure(byte[] b, int i, int depth) {
        boolean object = b[i] == '{';
        byte close = object ? (byte) '}' : (byte) ']';
        i = EnvelopeText.skipSpace(b, i + 1);
        if (i < b.length && b[i] == close) {
            return i + 1;
        }
        while (true) {
            if (object) {
                int nameEnd = name(b, i);
                if (nameEnd < 0 || (i = valueAfterColon(b, nameEnd)) < 0) {
                    return -1;
                }
            }
            if ((i = skip(b, i, depth)) < 0) {
                return -1;
            }
            i = EnvelopeText.skipSpace(b, i);
            if (i >= b.length) {
                return -1;
            }
            if (b[i] == close) {
                return i + 1;
            }
            if (b[i] != ',') {
                return -1;
            }
            i = EnvelopeText.skipSpace(b, i + 1);
        }
    }

    /**
     * A field name at {@code i}: a string without escapes of at most {@link #MAX_NAME} bytes, its
     * non-ASCII bytes well-formed UTF-8.
     *
     * @return where its closing quote ends, or -1
     */
    private static int name(byte[] b, int i) {
        if (i >= b.length || b[i] != '"') {
            return -1;
        }
        int from = i + 1;
        boolean ascii = true;
        for (int k = from; k < b.length && k - from <= MAX_NAME; k++) {
            byte c = b[k];
            if (c == '"') {
                return ascii || wellFormed(b, from, k) ? k + 1 : -1;
            }
            if (c == '\\' || (c >= 0 && c < 0x20)) {
                return -1;
            }
            ascii &= c >= 0;
        }
        return -1;
    }

    /** Skips white space, a colon and white space after a name; returns where the value starts. */
    private static int valueAfterColon(byte[] b, int i) {
        i = EnvelopeText.skipSpace(b, i);
        if (i >= b.length || b[i] != ':') {
            return -1;
        }
        i = EnvelopeText.skipSpace(b, i + 1);
        return i < b.length ? i : -1;
    }

    /**
     * A string at {@code i}; when {@code keep}, its text goes into {@link #text}.
     *
     * @return where its closing quote ends, or -1
     */
    private int string(byte[] b, int i, boolean keep) {
        int from = i + 1;
        int end = Math.min(b.length, from + MAX_STRING);
        for (int k = from; k < end; k++) {
            byte c = b[k];
            if (c == '"') {
                if (keep) {
                    // Only ASCII so far: each byte is its character.
                    text = new String(b, from, k - from, StandardCharsets.ISO_8859_1);
                }
                return k + 1;
            }
            if (c < 0x20 || c == '\\') { // bytes of non-ASCII characters are negative
                return escapedString(b, from, k, end, keep);
            }
        }
        return -1;
    }

    /**
     * The rest of a string from {@code k}, the first byte that is an escape or not ASCII; {@code
     * from..k} are plain ASCII.
     */
    private int escapedString(byte[] b, int from, int k, int end, boolean keep) {
        int n = 0;
        if (keep) {
            n = k - from;
            ensure(n + 16);
            for (int j = 0; j < n; j++) {
                chars[j] = (char) b[from + j];
            }
        }
        while (k < end) {
            if (keep) {
                ensure(n + 2); // at most two characters per step
            }
            int c = b[k] & 0xff;
            if (c == '"') {
                if (keep) {
                    text = new String(chars, 0, n);
                    if (chars.length > KEPT_CHARS) {
                        chars = new char[64]; // an unusually long text: do not hold on to it
                    }
                }
                return k + 1;
            }
            if (c < 0x20) {
                return -1;
            }
            if (c == '\\') {
                if (k + 1 >= end) {
                    return -1;
                }
                char decoded;
                switch (b[k + 1]) {
                    case '"':
                        decoded = '"';
                        break;
                    case '\\':
                        decoded = '\\';
                        break;
                    case '/':
                        decoded = '/';
                        break;
                    case 'b':
                        decoded = '\b';
                        break;
                    case 'f':
                        decoded = '\f';
                        break;
                    case 'n':
                        decoded = '\n';
                        break;
                    case 'r':
                        decoded = '\r';
                        break;
                    case 't':
                        decoded = '\t';
                        break;
                    case 'u':
                        int code = k + 6 <= end ? hex4(b, k + 2) : -1;
                        if (code < 0) {
                            return -1;
                        }
                        decoded = (char) code;
                        k += 4;
                        break;
                    default:
                        return -1;
                }
                if (keep) {
                    chars[n++] = decoded;
                }
                k += 2;
            } else if (c < 0x80) {
                if (keep) {
                    chars[n++] = (char) c;
                }
                k++;
            } else {
                int length = sequenceLength(b, k, end);
                if (length < 0) {
                    return -1;
                }
                if (keep) {
                    n = decode(b, k, length, n);
                }
                k += length;
            }
        }
        return -1;
    }

    private void ensure(int capacity) {
        if (chars.length < capacity) {
            chars = Arrays.copyOf(chars, Math.max(capacity, chars.length * 2));
        }
    }

    /** Appends the well-formed UTF-8 sequence at {@code k} to {@link #chars} at {@code n}. */
    private int decode(byte[] b, int k, int length, int n) {
        int c = b[k] & 0xff;
        int cp;
        if (length == 2) {
            cp = ((c & 0x1f) << 6) | (b[k + 1] & 0x3f);
        } else if (length == 3) {
            cp = ((c & 0x0f) << 12) | ((b[k + 1] & 0x3f) << 6) | (b[k + 2] & 0x3f);
        } else {
            cp =
                    ((c & 0x07) << 18)
                            | ((b[k + 1] & 0x3f) << 12)
                            | ((b[k + 2] & 0x3f) << 6)
                            | (b[k + 3] & 0x3f);
        }
        if (cp >= 0x10000) {
            chars[n++] = Character.highSurrogate(cp);
            chars[n++] = Character.lowSurrogate(cp);
        } else {
            chars[n++] = (char) cp;
        }
        return n;
    }

    /** True when {@code from..to} is well-formed UTF-8. */
    private static boolean wellFormed(byte[] b, int from, int to) {
        for (int k = from; k < to; ) {
            if (b[k] >= 0) {
                k++;
            } else {
                int length = sequenceLength(b, k, to);
                if (length < 0) {
                    return false;
                }
                k += length;
            }
        }
        return true;
    }

    /**
     * The length of the well-formed UTF-8 sequence of a non-ASCII character at {@code k} (no
     * overlong forms, no surrogates, nothing beyond U+10FFFF), or -1.
     */
    private static int sequenceLength(byte[] b, int k, int end) {
        int c = b[k] & 0xff;
        int length;
        int low = 0x80;
        int high = 0xbf;
        if (c >= 0xc2 && c <= 0xdf) {
            length = 2;
        } else if (c >= 0xe0 && c <= 0xef) {
            length = 3;
            if (c == 0xe0) {
                low = 0xa0;
            } else if (c == 0xed) {
                high = 0x9f;
            }
        } else if (c >= 0xf0 && c <= 0xf4) {
            length = 4;
            if (c == 0xf0) {
                low = 0x90;
            } else if (c == 0xf4) {
                high = 0x8f;
            }
        } else {
            return -1;
        }
        if (k + length > end) {
            return -1;
        }
        int second = b[k + 1] & 0xff;
        if (second < low || second > high) {
            return -1;
        }
        for (int j = 2; j < length; j++) {
            if ((b[k + j] & 0xc0) != 0x80) {
                return -1;
            }
        }
        return length;
    }

    private static int hex4(byte[] b, int k) {
        int code = 0;
        for (int j = 0; j < 4; j++) {
            int d = Character.digit(b[k + j], 16);
            if (d < 0) {
                return -1;
            }
            code = code << 4 | d;
        }
        return code;
    }

    /**
     * A number by JSON's grammar ({@link JsonGrammar#number}) of at most {@link #MAX_NUMBER}
     * characters. When {@code keep}, an integral one of at most 18 digits goes into {@link
     * #integral}, any other is marked where it is, except integral ones beyond 18 digits (-1: the
     * parser path makes those BigIntegers first).
     */
    private int number(byte[] b, int i, boolean keep) {
        int end = JsonGrammar.number(b, i);
        if (end < 0 || end - i > MAX_NUMBER) {
            return -1;
        }
        if (keep) {
            boolean negative = b[i] == '-';
            int digitsFrom = negative ? i + 1 : i;
            if (JsonGrammar.digits(b, digitsFrom) >= end) { // no fraction, no exponent
                if (end - digitsFrom > 18) {
                    return -1;
                }
                long n = 0;
                for (int k = digitsFrom; k < end; k++) {
                    n = n * 10 + (b[k] - '0');
                }
                integral = negative ? -n : n;
                kind = Kind.INTEGRAL;
            } else {
                numberFrom = i;
                numberTo = end;
                kind = Kind.FRACTIONAL;
            }
        }
        return end;
    }

    /** True when bytes {@code from..to} are {@code text}. */
    static boolean is(byte[] b, int from, int to, byte[] text) {
        if (to - from != text.length) {
            return false;
        }
        for (int k = 0; k < text.length; k++) {
            if (b[from + k] != text[k]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
