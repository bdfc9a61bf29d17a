package dev.tributary.jdbc.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyRangeTest {

    private static Object[] key(Object... values) {
        return values;
    }

    @Test
    void splittingTheWholeKeySpaceGivesOneMoreRangeThanCutPoints() {
        List<KeyRange> parts = KeyRange.ALL.split(List.of(key(10), key(20), key(30)));

        assertThat(parts)
                .containsExactly(
                        KeyRange.between(null, key(10)),
                        KeyRange.between(key(10), key(20)),
                        KeyRange.between(key(20), key(30)),
                        KeyRange.between(key(30), null));
        assertThat(parts.get(0).lower()).isNull();
        assertThat(parts.get(3).upper()).isNull();
    }

    @Test
    void partsOfABoundedRangeKeepItsBounds() {
        KeyRange range = KeyRange.between(key("eu", 5), key("us", 9));

        List<KeyRange> parts = range.split(List.<Object[]>of(key("fr", 1)));

        assertThat(parts)
                .containsExactly(
                        KeyRange.between(key("eu", 5), key("fr", 1)),
                        KeyRange.between(key("fr", 1), key("us", 9)));
        assertThat(parts.get(0).toString()).isEqualTo("([eu, 5], [fr, 1]]");
    }

    @Test
    void withoutCutPointsTheRangeStaysWhole() {
        KeyRange range = KeyRange.between(key(1), key(2));

        assertThat(range.split(List.of())).containsExactly(range);
        assertThat(KeyRange.ALL.toString()).isEqualTo("(-inf, +inf]");
    }

    @Test
    void boundsAreCopiedSoCallersCannotChangeARange() {
        Object[] upper = key(10);
        KeyRange range = KeyRange.between(null, upper);
        upper[0] = 99;
        range.upper()[0] = 98;

        assertThat(range.upper()).containsExactly(10);
    }

    @Test
    void stepCutsRowsIntoAtMostFanoutParts() {
        assertThat(KeyRange.step(100_000, 16)).isEqualTo(6_250);
        assertThat(KeyRange.step(100_001, 16)).isEqualTo(6_251);
        assertThat(KeyRange.step(257, 16)).isEqualTo(17);
        assertThat(KeyRange.step(3, 16)).isEqualTo(1);
        assertThat(KeyRange.step(0, 16)).isEqualTo(1);
        // every step-th of n rows: floor(n / step) cut points, at most fanout of them
        for (long n = 1; n < 2_000; n++) {
            assertThat(n / KeyRange.step(n, 16)).isLessThanOrEqualTo(16);
        }
    }

    @Test
    void fanoutBelowTwoIsRefused() {
        assertThatThrownBy(() -> KeyRange.step(10, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fanout must be at least 2, was 1");
    }
}
