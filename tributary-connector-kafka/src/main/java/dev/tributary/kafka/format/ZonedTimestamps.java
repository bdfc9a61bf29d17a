package dev.tributary.kafka.format;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes an instant as Debezium's {@code io.debezium.time.ZonedTimestamp} text: converted to UTC
 * and formatted like {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} ({@code
 * 2024-03-15T08:30:45.123456Z}: seconds always, the fraction without trailing zeros). Years 0 to
 * 9999 are formatted by hand into a caller's buffer, a few times faster than the formatter; others
 * go to the formatter. Stateless.
 */
final class ZonedTimestamps {
    /** Enough for {@code yyyy-MM-ddTHH:mm:ss.nnnnnnnnnZ}. */
    static final int MAX_LENGTH = 30;

    private static final ZoneOffset UTC = ZoneOffset.UTC;

    private ZonedTimestamps() {}

    /**
     * Formats {@code t} in UTC into {@code buf} (at least {@link #MAX_LENGTH} long) and returns the
     * length, or -1 when the year needs the formatter ({@link #text}).
     */
    static int format(OffsetDateTime t, char[] buf) {
        OffsetDateTime utc = t.getOffset() == ZoneOffset.UTC ? t : t.withOffsetSameInstant(UTC);
        LocalDate date = utc.toLocalDate();
        int year = date.getYear();
        if (year < 0 || year > 9999) {
            return -1;
        }
        LocalTime time = utc.toLocalTime();
        int n = 0;
        n = digits(buf, n, year, 4);
        buf[n++] = '-';
        n = digits(buf, n, date.getMonthValue(), 2);
        buf[n++] = '-';
        n = digits(buf, n, date.getDayOfMonth(), 2);
        buf[n++] = 'T';
        n = digits(buf, n, time.getHour(), 2);
        buf[n++] = ':';
        n = digits(buf, n, time.getMinute(), 2);
        buf[n++] = ':';
        n = digits(buf, n, time.getSecond(), 2);
        int nano = time.getNano();
        if (nano > 0) {
            buf[n++] = '.';
            int width = 9;
            while (nano % 10 == 0) {
                nano /= 10;
                width--;
            }
            n = digits(buf, n, nano, width);
        }
        buf[n++] = 'Z';
        return n;
    }

    /** The same text through {@link DateTimeFormatter}, for any year. */
    static String text(OffsetDateTime t) {
        return t.withOffsetSameInstant(UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private static int digits(char[] buf, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            buf[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }
}
