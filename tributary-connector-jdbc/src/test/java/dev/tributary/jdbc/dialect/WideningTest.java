package dev.tributary.jdbc.dialect;

import static dev.tributary.jdbc.Events.type;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WideningTest {

    private static boolean fits(String from, String to) {
        return Widening.lossless(type(from), type(to));
    }

    @Test
    void widerTypesTakeNarrowerOnes() {
        assertThat(fits("INT32", "INT64")).isTrue();
        assertThat(fits("INT16", "INT32")).isTrue();
        assertThat(fits("INT64", "DECIMAL(19,0)")).isTrue();
        assertThat(fits("INT32", "FLOAT64")).isTrue();
        assertThat(fits("FLOAT32", "FLOAT64")).isTrue();
        assertThat(fits("STRING(10)", "STRING(20)")).isTrue();
        assertThat(fits("STRING(10)", "STRING")).isTrue();
        assertThat(fits("DECIMAL(10,2)", "DECIMAL(12,3)")).isTrue();
        assertThat(fits("DECIMAL(10,2)", "DECIMAL")).isTrue();
        assertThat(fits("TIMESTAMP(3)", "TIMESTAMP(6)")).isTrue();
        assertThat(fits("UUID", "STRING(36)")).isTrue();
        // Unsized source types carry no known size: each value is checked by the database instead.
        assertThat(fits("STRING", "STRING(20)")).isTrue();
        assertThat(fits("DECIMAL", "DECIMAL(38,10)")).isTrue();
    }

    @Test
    void narrowingIsRefused() {
        assertThat(fits("INT64", "INT32")).isFalse();
        assertThat(fits("INT64", "FLOAT64")).isFalse();
        assertThat(fits("STRING(50)", "STRING(20)")).isFalse();
        assertThat(fits("DECIMAL(12,2)", "DECIMAL(10,2)")).isFalse();
        assertThat(fits("DECIMAL(10,3)", "DECIMAL(10,2)")).isFalse();
        assertThat(fits("FLOAT64", "FLOAT32")).isFalse();
        assertThat(fits("TIMESTAMP(6)", "TIMESTAMP(3)")).isFalse();
        assertThat(fits("STRING", "INT64")).isFalse();
        assertThat(fits("DATE", "TIMESTAMP")).isFalse();
        assertThat(Widening.lossless(type("INT32"), null)).isFalse();
    }
}
