package dev.tributary.postgres.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MoneyTextTest {

    @Test
    void readsEveryAmountExactlyUpToMoneysLimits() {
        assertThat(MoneyText.parse("$0.00")).isEqualTo(new BigDecimal("0.00"));
        assertThat(MoneyText.parse("$12.34")).isEqualTo(new BigDecimal("12.34"));
        assertThat(MoneyText.parse("-$1.50")).isEqualTo(new BigDecimal("-1.50"));
        assertThat(MoneyText.parse("$1,234,567.89")).isEqualTo(new BigDecimal("1234567.89"));
        assertThat(MoneyText.parse("$92,233,720,368,547,758.07"))
                .isEqualTo(new BigDecimal("92233720368547758.07"));
        assertThat(MoneyText.parse("-$92,233,720,368,547,758.08"))
                .isEqualTo(new BigDecimal("-92233720368547758.08"));
    }

    @Test
    void rejectsAnythingElseNamingTheText() {
        for (String bad :
                new String[] {
                    "",
                    "$",
                    "12.34",
                    "$12.3",
                    "$12.345",
                    "$12",
                    "$1,23.00",
                    "$1234,567.00",
                    "$,123.00",
                    "$1,234.",
                    "$1.234,00",
                    "($1.00)",
                    "$92,233,720,368,547,758.08",
                    "-$92,233,720,368,547,758.09",
                    "$ 1.00",
                    "12,34 €"
                }) {
            assertThatThrownBy(() -> MoneyText.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                            "not a money value as PostgreSQL writes it under lc_monetary 'C'"
                                    + " (like -$1,234.56): '"
                                    + bad
                                    + "'");
        }
    }

    @Test
    void theConverterKeepsExactAmountsAndConvertsDoublesAsDebeziumDoes() {
        assertThat(ExactMoneyConverter.amount(new BigDecimal("92233720368547758.07")))
                .isEqualTo(new BigDecimal("92233720368547758.07"));
        assertThat(ExactMoneyConverter.amount(12.34d)).isEqualTo(new BigDecimal("12.34"));
        assertThat(ExactMoneyConverter.amount(92233720368547758.07d))
                .isEqualTo(new BigDecimal("92233720368547760.00"));
        assertThat(ExactMoneyConverter.amount(7L)).isEqualTo(new BigDecimal("7.00"));
        assertThat(ExactMoneyConverter.amount(null)).isNull();
    }
}
