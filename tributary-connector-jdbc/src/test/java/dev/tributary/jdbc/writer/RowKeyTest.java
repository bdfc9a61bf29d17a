package dev.tributary.jdbc.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RowKeyTest {
    private static RowKey key(int[] positions, Object... row) {
        return RowKey.of(row, positions);
    }

    @Test
    void oneIntegerColumnComparesByValueWhateverItsWidth() {
        int[] first = {0};
        RowKey asLong = key(first, 5L, "a");
        assertThat(key(first, 5, "b")).isEqualTo(asLong).hasSameHashCodeAs(asLong);
        assertThat(key(first, (short) 5, null)).isEqualTo(asLong);
        assertThat(key(first, 6L, "a")).isNotEqualTo(asLong);
        assertThat(key(first, "5", "a")).isNotEqualTo(asLong);
        assertThat(asLong).hasToString("[5]");
    }

    @Test
    void compositeKeysCompareEachColumnAsTheDatabaseWould() {
        int[] both = {0, 1};
        RowKey k = key(both, 7L, new BigDecimal("1.0"));
        assertThat(key(both, 7, new BigDecimal("1.00"))).isEqualTo(k).hasSameHashCodeAs(k);
        assertThat(key(both, 7L, new BigDecimal("1.01"))).isNotEqualTo(k);
        OffsetDateTime t = OffsetDateTime.of(2026, 11, 24, 12, 0, 0, 0, ZoneOffset.UTC);
        assertThat(key(both, t, new byte[] {1, 2}))
                .isEqualTo(
                        key(
                                both,
                                t.withOffsetSameInstant(ZoneOffset.ofHours(2)),
                                new byte[] {1, 2}));
        assertThat(key(new int[] {0}, new BigDecimal("0.00")))
                .isEqualTo(key(new int[] {0}, BigDecimal.ZERO));
    }

    @Test
    void aMissingKeyValueHasNoKey() {
        assertThat(key(new int[] {0}, (Object) null)).isNull();
        assertThat(key(new int[] {0, 1}, 1L, null)).isNull();
        assertThat(key(new int[] {3}, 1L)).isNull();
        assertThat(RowKey.of(null, new int[] {0})).isNull();
        assertThat(key(new int[0], 1L)).isNull();
    }
}
