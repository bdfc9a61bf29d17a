package dev.tributary.app.bench;

/**
 * Formats microseconds since the epoch (UTC) as ISO-8601 text without allocating: the civil-date
 * conversion is Howard Hinnant's {@code civil_from_days}.
 */
final class Timestamps {
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private Timestamps() {}

    /**
     * Debezium's {@code ZonedTimestamp} text, as {@code DateTimeFormatter.ISO_OFFSET_DATE_TIME}
     * prints it in UTC: {@code 2024-01-01T10:00:00.12345Z}, the fraction without trailing zeros.
     */
    static void isoUtc(ByteText out, long micros) {
        dateTime(out, micros, 'T');
        out.ascii('Z');
    }

    /** PostgreSQL's text for a {@code timestamp}: {@code 2024-01-01 10:00:00.123456}. */
    static void sql(ByteText out, long micros) {
        dateTime(out, micros, ' ');
    }

    /**
     * PostgreSQL's input text for a {@code timestamptz} in UTC: {@code 2024-01-01
     * 10:00:00.123456+00}.
     */
    static void sqlUtc(ByteText out, long micros) {
        dateTime(out, micros, ' ');
        out.ascii("+00");
    }

    private static void dateTime(ByteText out, long micros, char separator) {
        long days = Math.floorDiv(micros, MICROS_PER_DAY);
        long ofDay = Math.floorMod(micros, MICROS_PER_DAY);
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long day = doy - (153 * mp + 2) / 5 + 1;
        long month = mp < 10 ? mp + 3 : mp - 9;
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        long seconds = ofDay / 1_000_000;
        long fraction = ofDay % 1_000_000;
        out.padded(year, 4)
                .ascii('-')
                .padded(month, 2)
                .ascii('-')
                .padded(day, 2)
                .ascii(separator)
                .padded(seconds / 3600, 2)
                .ascii(':')
                .padded(seconds / 60 % 60, 2)
                .ascii(':')
                .padded(seconds % 60, 2);
        if (fraction == 0) {
            return;
        }
        int digits = 6;
        while (fraction % 10 == 0) {
            fraction /= 10;
            digits--;
        }
        out.ascii('.').padded(fraction, digits);
    }
}
