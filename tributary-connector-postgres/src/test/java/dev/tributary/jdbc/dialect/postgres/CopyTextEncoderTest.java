package dev.tributary.jdbc.dialect.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CopyTextEncoderTest {

    private static String encode(Object... values) {
        CopyTextEncoder e = new CopyTextEncoder(4);
        for (Object v : values) {
            e.value(v);
        }
        e.endRow();
        return new String(e.buffer(), 0, e.size(), StandardCharsets.UTF_8);
    }

    @Test
    void specialCharactersAreEscaped() {
        assertThat(encode("a\\b", "tab\there", "line\nbreak", "cr\rhere", "\\N"))
                .isEqualTo("a\\\\b\ttab\\there\tline\\nbreak\tcr\\rhere\t\\\\N\n");
    }

    @Test
    void nullIsBackslashN() {
        assertThat(encode(null, "", null)).isEqualTo("\\N\t\t\\N\n");
    }

    @Test
    void textIsUtf8() {
        assertThat(encode("\u00e9\u20ac\ud83d\ude00")).isEqualTo("\u00e9\u20ac\ud83d\ude00\n");
        assertThat(encode("broken \ud83d")).isEqualTo("broken \ufffd\n");
    }

    @Test
    void numbersAreExact() {
        assertThat(encode(0, -42, Long.MIN_VALUE, Long.MAX_VALUE, (short) 7))
                .isEqualTo("0\t-42\t-9223372036854775808\t9223372036854775807\t7\n");
        assertThat(
                        encode(
                                new BigDecimal("1E+3"),
                                new BigDecimal("-0.000100"),
                                1.1f,
                                0.1d,
                                Double.NaN,
                                Double.NEGATIVE_INFINITY))
                .isEqualTo("1000\t-0.000100\t1.1\t0.1\tNaN\t-Infinity\n");
    }

    @Test
    void bytesAreEscapedHex() {
        assertThat(encode(new byte[] {0, 15, (byte) 0xff}, new byte[0]))
                .isEqualTo("\\\\x000fff\t\\\\x\n");
    }

    @Test
    void temporalValuesAreIso() {
        assertThat(
                        encode(
                                LocalDate.of(2024, 2, 9),
                                LocalTime.of(7, 5, 3, 120_000_000),
                                LocalTime.MIDNIGHT,
                                LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_000)))
                .isEqualTo("2024-02-09\t07:05:03.12\t00:00:00\t1999-12-31 23:59:59.999999\n");
        assertThat(
                        encode(
                                OffsetDateTime.of(
                                        2024, 5, 6, 7, 8, 9, 0, ZoneOffset.ofHoursMinutes(-5, -30)),
                                OffsetDateTime.of(2024, 5, 6, 7, 8, 9, 1000, ZoneOffset.UTC)))
                .isEqualTo("2024-05-06 07:08:09-05:30\t2024-05-06 07:08:09.000001+00:00\n");
        assertThat(encode(LocalDate.of(0, 3, 1), LocalDate.of(-43, 3, 15)))
                .isEqualTo("0001-03-01 BC\t0044-03-15 BC\n");
    }

    @Test
    void otherValues() {
        assertThat(encode(true, false, UUID.fromString("123e4567-e89b-12d3-a456-426614174000")))
                .isEqualTo("t\tf\t123e4567-e89b-12d3-a456-426614174000\n");
    }

    @Test
    void theBufferIsReused() {
        CopyTextEncoder e = new CopyTextEncoder(16);
        e.value("first");
        e.endRow();
        byte[] buffer = e.buffer();
        e.clear();
        e.value("x");
        e.endRow();
        assertThat(e.buffer()).isSameAs(buffer);
        assertThat(new String(e.buffer(), 0, e.size(), StandardCharsets.UTF_8)).isEqualTo("x\n");
    }
}
