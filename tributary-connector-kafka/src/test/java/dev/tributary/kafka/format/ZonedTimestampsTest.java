package dev.tributary.kafka.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZonedTimestampsTest {

    private static String formatted(OffsetDateTime t) {
        char[] buf = new char[ZonedTimestamps.MAX_LENGTH];
        int n = ZonedTimestamps.format(t, buf);
        return n < 0 ? ZonedTimestamps.text(t) : new String(buf, 0, n);
    }

    @Test
    void writesWhatTheIsoFormatterWritesInUtc() {
        List<OffsetDateTime> values =
                List.of(
                        OffsetDateTime.of(
                                2024, 3, 15, 10, 30, 45, 123_456_000, ZoneOffset.ofHours(2)),
                        OffsetDateTime.of(2024, 3, 15, 10, 30, 0, 0, ZoneOffset.UTC),
                        OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 100_000_000, ZoneOffset.ofHours(-5)),
                        OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 1, ZoneOffset.UTC),
                        OffsetDateTime.of(1, 2, 3, 4, 5, 6, 7_000, ZoneOffset.UTC),
                        OffsetDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_999, ZoneOffset.UTC));
        for (OffsetDateTime t : values) {
            assertThat(formatted(t))
                    .as(t.toString())
                    .isEqualTo(
                            t.withOffsetSameInstant(ZoneOffset.UTC)
                                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        }
        assertThat(formatted(values.get(0))).isEqualTo("2024-03-15T08:30:45.123456Z");
        assertThat(formatted(values.get(1))).isEqualTo("2024-03-15T10:30:00Z");
    }

    @Test
    void yearsBeyondFourDigitsGoToTheFormatter() {
        OffsetDateTime far = OffsetDateTime.of(12024, 3, 15, 10, 30, 45, 0, ZoneOffset.UTC);

        assertThat(ZonedTimestamps.format(far, new char[ZonedTimestamps.MAX_LENGTH])).isEqualTo(-1);
        assertThat(formatted(far)).isEqualTo("+12024-03-15T10:30:45Z");
    }
}
