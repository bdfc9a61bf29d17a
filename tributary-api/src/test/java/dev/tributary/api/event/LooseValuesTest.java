package dev.tributary.api.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.error.DataException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
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
    void textThatIsNoNumberIsSaidToBeNoneNotInTheParsersWords() {
        assertThatThrownBy(() -> LooseValues.coerce("x", DataType.of(TypeKind.INT64)))
                .hasMessage("cannot convert 'x' to INT64: not a number");
        assertThatThrownBy(() -> LooseValues.coerce("1,5", DataType.of(TypeKind.FLOAT64)))
                .hasMessage("cannot convert '1,5' to FLOAT64: not a number");
        assertThatThrownBy(() -> LooseValues.coerce("seven", DataType.of(TypeKind.INT32)))
                .hasMessage("cannot convert 'seven' to INT32: not a number");
    }

    @Test
    void textThatIsNoTimeSaysWhatTheTypeExpects() {
        assertThatThrownBy(() -> LooseValues.coerce("yesterday", DataType.of(TypeKind.DATE)))
                .hasMessage(
                        "cannot convert 'yesterday' to DATE: not an ISO-8601 date such as"
                                + " 2026-11-24");
        assertThatThrownBy(() -> LooseValues.coerce("noon", DataType.of(TypeKind.TIME)))
                .hasMessageEndingWith(": not an ISO-8601 time such as 10:15:30");
        assertThatThrownBy(
                        () ->
                                LooseValues.coerce(
                                        "2026-11-24 at ten", DataType.of(TypeKind.TIMESTAMP)))
                .hasMessageEndingWith(
                        ": not an ISO-8601 date and time such as 2026-11-24T10:15:30");
        assertThatThrownBy(
                        () ->
                                LooseValues.coerce(
                                        "2026-11-24T10:00:00",
                                        DataType.temporal(TypeKind.TIMESTAMP_TZ, 3)))
                .hasMessage(
                        "cannot convert '2026-11-24T10:00:00' to TIMESTAMP_TZ(3): not an ISO-8601"
                                + " date and time with an offset such as 2026-11-24T10:15:30Z");
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

    /**
     * An integral number gives the same value, or the same failure, whichever way it arrives:
     * unboxed ({@code coerceLong}), as a Long, Integer or Short, and as a decimal of scale 0, which
     * takes the general path for numbers.
     */
    @Test
    void integralNumbersConvertAlikeHoweverTheyArrive() {
        List<DataType> types =
                List.of(
                        DataType.of(TypeKind.BOOLEAN),
                        DataType.of(TypeKind.INT16),
                        DataType.of(TypeKind.INT32),
                        DataType.of(TypeKind.INT64),
                        DataType.of(TypeKind.FLOAT32),
                        DataType.of(TypeKind.FLOAT64),
                        MONEY,
                        DataType.decimal(DataType.UNBOUNDED, DataType.UNBOUNDED),
                        DataType.decimal(3, 0),
                        DataType.of(TypeKind.STRING),
                        DataType.of(TypeKind.JSON),
                        DataType.of(TypeKind.BYTES),
                        DataType.of(TypeKind.DATE),
                        DataType.of(TypeKind.TIME),
                        DataType.temporal(TypeKind.TIMESTAMP, 3),
                        DataType.temporal(TypeKind.TIMESTAMP, 6),
                        DataType.of(TypeKind.TIMESTAMP),
                        DataType.temporal(TypeKind.TIMESTAMP_TZ, 3),
                        DataType.of(TypeKind.TIMESTAMP_TZ),
                        DataType.of(TypeKind.UUID));
        long[] numbers = {
            0,
            1,
            -1,
            2,
            127,
            1234,
            32_767,
            32_768,
            -32_769,
            2_147_483_648L,
            -2_147_483_649L,
            86_399_999_999L,
            1_710_498_645_123L,
            1_710_498_645_123_456L,
            Long.MIN_VALUE,
            Long.MAX_VALUE
        };
        int compared = 0;
        for (DataType type : types) {
            for (long n : numbers) {
                Object expected = outcome(() -> LooseValues.coerce(BigDecimal.valueOf(n), type));
                String as = n + " as " + type;
                assertThat(outcome(() -> LooseValues.coerceLong(n, type)))
                        .as(as)
                        .isEqualTo(expected);
                assertThat(outcome(() -> LooseValues.coerce(n, type))).as(as).isEqualTo(expected);
                if (n == (int) n) {
                    assertThat(outcome(() -> LooseValues.coerce((int) n, type)))
                            .as(as)
                            .isEqualTo(expected);
                }
                if (n == (short) n) {
                    assertThat(outcome(() -> LooseValues.coerce((short) n, type)))
                            .as(as)
                            .isEqualTo(expected);
                }
                compared++;
            }
        }
        assertThat(compared).isEqualTo(types.size() * numbers.length);
    }

    /** The value with its class (arrays by content), or the failure's kind and message. */
    private static List<Object> outcome(java.util.function.Supplier<Object> conversion) {
        try {
            Object v = conversion.get();
            return List.of(
                    v.getClass(), v instanceof byte[] ? java.util.Arrays.toString((byte[]) v) : v);
        } catch (DataException e) {
            return List.of(e.kind(), e.getMessage());
        }
    }
}
