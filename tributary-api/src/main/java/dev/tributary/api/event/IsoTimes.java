package dev.tributary.api.event;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;

/**
 * Reads the ISO-8601 text Debezium writes for ZonedTimestamp and ZonedTime ({@code
 * 2024-03-15T10:30:45.123456Z}, {@code 10:30:45+02:00}) several times faster than {@code
 * OffsetDateTime.parse}, which costs about a microsecond per value. Text in any other shape is left
 * to {@code java.time}, so the result is always what {@code parse} would give.
 */
public final class IsoTimes {
    private IsoTimes() {}

    public static OffsetDateTime offsetDateTime(String s) {
        // yyyy-MM-ddTHH:mm:ss[.f...](Z|+HH:MM)
        if (s.length() >= 20 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T') {
            int year = digits(s, 0, 4);
            int month = digits(s, 5, 2);
            int day = digits(s, 8, 2);
            if (year >= 0 && month >= 0 && day >= 0) {
                long timeAndOffset = time(s, 11);
                if (timeAndOffset != NO) {
                    LocalTime time = LocalTime.ofNanoOfDay(timeAndOffset >>> 17);
                    ZoneOffset offset = offset((int) (timeAndOffset & 0x1FFFF) - OFFSET_BIAS);
                    return OffsetDateTime.of(
                            LocalDateTime.of(LocalDate.of(year, month, day), time), offset);
                }
            }
        }
        return OffsetDateTime.parse(s);
    }

    public static OffsetTime offsetTime(String s) {
        long timeAndOffset = time(s, 0);
        if (timeAndOffset != NO) {
            return OffsetTime.of(
                    LocalTime.ofNanoOfDay(timeAndOffset >>> 17),
                    offset((int) (timeAndOffset & 0x1FFFF) - OFFSET_BIAS));
        }
        return OffsetTime.parse(s);
    }

    private static final long NO = -1;

    /** Offsets are at most ±18 hours; biased they fit 17 bits. */
    private static final int OFFSET_BIAS = 18 * 3600;

    /**
     * Reads {@code HH:mm:ss[.f...](Z|+HH:MM)} from {@code at} to the end: nano of day shifted left
     * by 17 bits, plus the biased offset seconds; or {@link #NO}.
     */
    private static long time(String s, int at) {
        int n = s.length();
        if (at + 9 > n || s.charAt(at + 2) != ':' || s.charAt(at + 5) != ':') {
            return NO;
        }
        int hour = digits(s, at, 2);
        int minute = digits(s, at + 3, 2);
        int second = digits(s, at + 6, 2);
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return NO;
        }
        int i = at + 8;
        long nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                nanos = nanos * 10 + (s.charAt(i) - '0');
                i++;
            }
            int count = i - start;
            if (count == 0) {
                return NO;
            }
            for (int k = count; k < 9; k++) {
                nanos *= 10;
            }
        }
        if (i >= n) {
            return NO;
        }
        int offsetSeconds;
        char sign = s.charAt(i);
        if (sign == 'Z' && i + 1 == n) {
            offsetSeconds = 0;
        } else if ((sign == '+' || sign == '-') && i + 6 == n && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if (oh < 0 || oh > 18 || om < 0 || om > 59) {
                return NO;
            }
            offsetSeconds = (sign == '-' ? -1 : 1) * (oh * 3600 + om * 60);
            if (Math.abs(offsetSeconds) > OFFSET_BIAS) {
                return NO;
            }
        } else {
            return NO;
        }
        // nano of day < 2^47, so shifted it fills at most the 64 bits, read back with >>>.
        long nanoOfDay = ((hour * 60L + minute) * 60L + second) * 1_000_000_000L + nanos;
        return (nanoOfDay << 17) | (offsetSeconds + OFFSET_BIAS);
    }

    /** UTC without ZoneOffset's concurrent cache lookup: most change streams write Z. */
    private static ZoneOffset offset(int totalSeconds) {
        return totalSeconds == 0 ? ZoneOffset.UTC : ZoneOffset.ofTotalSeconds(totalSeconds);
    }

    /** The decimal number of {@code count} digits at {@code at}, or -1. */
    private static int digits(String s, int at, int count) {
        int v = 0;
        for (int i = at; i < at + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
