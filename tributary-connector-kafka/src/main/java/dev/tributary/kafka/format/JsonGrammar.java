package dev.tributary.kafka.format;

/**
 * Pieces of JSON's grammar over bytes, for the byte-level readers ({@link FlatKeyText}, {@link
 * ChangeText}): each returns where its piece ends, or -1 when the bytes are not one.
 */
final class JsonGrammar {
    static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private JsonGrammar() {}

    /** {@code text} at {@code i}, such as {@link #TRUE}. */
    static int literal(byte[] b, int i, byte[] text) {
        if (i + text.length > b.length) {
            return -1;
        }
        for (int k = 0; k < text.length; k++) {
            if (b[i + k] != text[k]) {
                return -1;
            }
        }
        return i + text.length;
    }

    /** {@code true}, {@code false} or {@code null} at {@code i}. */
    static int literal(byte[] b, int i) {
        switch (b[i]) {
            case 't':
                return literal(b, i, TRUE);
            case 'f':
                return literal(b, i, FALSE);
            case 'n':
                return literal(b, i, NULL);
            default:
                return -1;
        }
    }

    /** A number, {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, at {@code i}. */
    static int number(byte[] b, int i) {
        if (i < b.length && b[i] == '-') {
            i++;
        }
        if (i >= b.length) {
            return -1;
        }
        if (b[i] == '0') {
            i++;
        } else if (b[i] >= '1' && b[i] <= '9') {
            i = digits(b, i);
        } else {
            return -1;
        }
        if (i < b.length && b[i] == '.') {
            int end = digits(b, i + 1);
            if (end == i + 1) {
                return -1;
            }
            i = end;
        }
        if (i < b.length && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < b.length && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int end = digits(b, i);
            if (end == i) {
                return -1;
            }
            i = end;
        }
        return i;
    }

    /**
     * Where the run of decimal digits from {@code i} ends ({@code i} itself when there is none).
     */
    static int digits(byte[] b, int i) {
        while (i < b.length && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i;
    }
}
