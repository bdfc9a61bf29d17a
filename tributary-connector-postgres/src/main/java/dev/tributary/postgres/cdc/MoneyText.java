package dev.tributary.postgres.cdc;

import java.math.BigDecimal;

/**
 * Reads PostgreSQL's text form of a {@code money} value, as the server writes it under {@code
 * lc_monetary = 'C'}, into its exact amount: {@code $92,233,720,368,547,758.07}, {@code -$1.50}.
 * money is a 64-bit count of cents there, so the digits are added up in a long, without the double
 * that pgjdbc and Debezium read money through (which keeps 15 to 17 significant digits).
 */
final class MoneyText {
    private MoneyText() {}

    /** Fraction digits of money under lc_monetary 'C'. */
    static final int SCALE = 2;

    /**
     * @param text the server's text, never null
     * @return the amount with scale 2
     * @throws IllegalArgumentException when the text is not of that form or out of money's range
     */
    static BigDecimal parse(String text) {
        int i = 0;
        int n = text.length();
        boolean negative = i < n && text.charAt(i) == '-';
        if (negative) {
            i++;
        }
        if (i >= n || text.charAt(i) != '$') {
            throw invalid(text);
        }
        i++;
        // Summed as a negative number: its range holds the smallest money value too.
        long cents = 0;
        int digits = 0; // in the current group of the whole part
        int groups = 0;
        int fraction = -1; // digits after the point, -1 before it
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (fraction >= SCALE || (groups > 0 && fraction < 0 && digits == 3)) {
                    throw invalid(text);
                }
                if (cents < (Long.MIN_VALUE + (c - '0')) / 10) {
                    throw invalid(text);
                }
                cents = cents * 10 - (c - '0');
                if (fraction >= 0) {
                    fraction++;
                } else {
                    digits++;
                }
            } else if (c == ','
                    && fraction < 0
                    && digits > 0
                    && (groups == 0 ? digits <= 3 : digits == 3)) {
                groups++;
                digits = 0;
            } else if (c == '.' && fraction < 0 && digits > 0 && (groups == 0 || digits == 3)) {
                fraction = 0;
            } else {
                throw invalid(text);
            }
        }
        if (fraction != SCALE) {
            throw invalid(text);
        }
        if (!negative) {
            if (cents == Long.MIN_VALUE) {
                throw invalid(text);
            }
            cents = -cents;
        }
        return BigDecimal.valueOf(cents, SCALE);
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException(
                "not a money value as PostgreSQL writes it under lc_monetary 'C'"
                        + " (like -$1,234.56): '"
                        + text
                        + "'");
    }
}
