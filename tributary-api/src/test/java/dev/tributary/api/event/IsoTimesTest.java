package dev.tributary.api.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoTimesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2024-03-15T10:30:45Z", "2024-03-15T10:30:45.1Z", "2024-03-15T10:30:45.123456Z",
                "2024-03-15T10:30:45.123456789Z", "2024-03-15T23:59:59.999999+02:00",
                        "1969-12-31T00:00:00-05:30",
                "0001-01-01T00:00:00+14:00", "2024-03-15T10:30:45.5-18:00", "2024-03-15T10:30Z",
                "+12024-03-15T10:30:45Z", "2024-03-15T10:30:45+02:00:30", "2024-03-15T10:30:45.Z",
                "2024-03-15T10:30:45+02"
            })
    void offsetDateTimeReadsWhatJavaTimeReads(String text) {
        assertThat(IsoTimes.offsetDateTime(text)).isEqualTo(OffsetDateTime.parse(text));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"10:30:45Z", "10:30:45.123456+02:00", "00:00:00.000000001-01:00", "23:59Z"})
    void offsetTimeReadsWhatJavaTimeReads(String text) {
        assertThat(IsoTimes.offsetTime(text)).isEqualTo(OffsetTime.parse(text));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2024-02-30T10:30:45Z",
                "2024-03-15T25:30:45Z",
                "2024-03-15T10:30:45",
                "yesterday",
                "2024-03-15T10:30:45+2:00"
            })
    void invalidTextFailsLikeJavaTime(String text) {
        assertThatThrownBy(() -> IsoTimes.offsetDateTime(text))
                .isInstanceOf(DateTimeException.class);
    }
}
