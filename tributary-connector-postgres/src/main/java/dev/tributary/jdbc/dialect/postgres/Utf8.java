package dev.tributary.jdbc.dialect.postgres;

/** Writes strings as UTF-8 into a byte array, for both COPY formats. Stateless. */
final class Utf8 {
    private Utf8() {}

    /** The most bytes {@link #write} writes for a string of {@code chars} characters. */
    static int maxBytes(int chars) {
        return chars * 3;
    }

    /**
     * Writes {@code s} at {@code p} of {@code b}, which has room for {@link #maxBytes}; an unpaired
     * surrogate becomes U+FFFD, as it is not valid UTF-8.
     *
     * @param copyTextEscapes whether backslash, tab, newline and carriage return are escaped as
     *     COPY's text format needs
     * @return the position after the last byte written
     */
    static int write(String s, byte[] b, int p, boolean copyTextEscapes) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (copyTextEscapes) {
                    switch (c) {
                        case '\\':
                            b[p++] = '\\';
                            b[p++] = '\\';
                            continue;
                        case '\t':
                            b[p++] = '\\';
                            b[p++] = 't';
                            continue;
                        case '\n':
                            b[p++] = '\\';
                            b[p++] = 'n';
                            continue;
                        case '\r':
                            b[p++] = '\\';
                            b[p++] = 'r';
                            continue;
                        default:
                    }
                }
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < n
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[p++] = (byte) (0xF0 | (cp >> 18));
                b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                if (Character.isSurrogate(c)) {
                    c = '\uFFFD';
                }
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return p;
    }
}
