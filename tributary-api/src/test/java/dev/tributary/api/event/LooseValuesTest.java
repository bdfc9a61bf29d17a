package dev.tributary.api.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.error.DataException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class LooseValuesTest {
    private static final DataType MONEY = DataType.decimal(10, 2);

    @Test
    void decimalsFromNumbersTextAndDebeziumBase64() {
        assertThat(LooseValues.coerce("12.50", MONEY)).isEqualTo(new BigDecimal("12.50"));
        assertThat(LooseValues.coerce(7L, MONEY)).isEqualTo(new BigDecimal("7"));
        assertThat(LooseValues.coerce("MDk=", MONEY)).isEqualTo(new BigDecimal("123.45"));
        assertThat(LooseValues.coerce("/zs=", MONEY)).isEqualTo(new BigDecimal("-1.97"));
    }

    @Test
    void decimalTextThatIsNeitherNumberNorPaddedBase64IsRefused() {
        assertThatThrownBy(() -> LooseValues.coerce("abc", MONEY))
                .isInstanceOf(DataException.class)
                .hasMessage(
                        "cannot convert 'abc' to DECIMAL(10,2): neither a number nor base64 unscaled bytes");
        assertThat(((DataException) catchThrown(() -> LooseValues.coerce("abc", MONEY))).kind())
                .isEqualTo(ErrorKind.CONVERSION);
    }

    @Test
    void decimalsThatDoNotFitAreRefusedNotRounded() {
        assertThatThrownBy(() -> LooseValues.coerce("123456789.00", MONEY))
                .hasMessageEndingWith("too many digits");
        assertThatThrownBy(() -> LooseValues.coerce("1.234", MONEY))
                .hasMessageEndingWith("more than 2 decimal places");
        assertThat(LooseValues.coerce("1.200", MONEY)).isEqualTo(new BigDecimal("1.200"));
    }

    @Test
    void temporalNumbersFollowDebeziumDefaults() {
        assertThat(LooseValues.coerce(19000, DataType.of(TypeKind.DATE)))
                .isEqualTo(LocalDate.of(2022, 1, 8));
        assertThat(LooseValues.coerce(3_600_000_001L, DataType.of(TypeKind.TIME)))
                .isEqualTo(LocalTime.of(1, 0, 0, 1000));
        assertThat(LooseValues.coerce(1_700_000_000_123_456L, DataType.of(TypeKind.TIMESTAMP)))
                .isEqualTo(LocalDateTime.of(2023, 11, 14, 22, 13, 20, 123_456_000));
        assertThat(LooseValues.coerce(1_700_000_000_123L, DataType.temporal(TypeKind.TIMESTAMP, 3)))
                .isEqualTo(LocalDateTime.of(2023, 11, 14, 22, 13, 20, 123_000_000));
        assertThat(LooseValues.coerce("2024-03-01 10:15:30+02", DataType.of(TypeKind.TIMESTAMP_TZ)))
                .isEqualTo(OffsetDateTime.parse("2024-03-01T10:15:30+02:00"));
    }

    @Test
    void integersAreRangeChecked() {
        assertThat(LooseValues.coerce("42", DataType.of(TypeKind.INT16))).isEqualTo((short) 42);
        assertThatThrownBy(() -> LooseValues.coerce(70000L, DataType.of(TypeKind.INT16)))
                .hasMessageEndingWith("out of range");
        assertThatThrownBy(() -> LooseValues.coerce("1.5", DataType.of(TypeKind.INT32)))
                .isInstanceOf(DataException.class);
    }

    private static Throwable catchThrown(Runnable r) {
        try {
            r.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }
}
