package dev.tributary.jdbc.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.config.Options;
import dev.tributary.api.error.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerifySettingsTest {

    private static Options options(Map<String, Object> values) {
        return new Options("verify", values, Map.of());
    }

    @Test
    void defaultsCompareOnceAndListTenKeys() {
        VerifySettings s = VerifySettings.from(options(Map.of()));

        assertThat(s).isEqualTo(VerifySettings.defaults());
        assertThat(s.maxDifferences()).isEqualTo(10);
        assertThat(s.leafRows()).isEqualTo(256);
        assertThat(s.fanout()).isEqualTo(16);
        assertThat(s.waits()).isFalse();
        assertThat(s.withCatchUpTimeout(Duration.ofSeconds(5)).waits()).isTrue();
    }

    @Test
    void outOfRangeValuesAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> VerifySettings.from(options(Map.of("fanout", 1))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("verify.fanout: found 1, expected from 2 to 1000");
        assertThatThrownBy(() -> VerifySettings.from(options(Map.of("leaf-rows", 0))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("verify.leaf-rows: found 0, expected 1 or more");
        assertThatThrownBy(() -> VerifySettings.from(options(Map.of("max-differences", -1))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("verify.max-differences: found -1, expected 0 or more");
        assertThatThrownBy(
                        () ->
                                VerifySettings.from(
                                        options(Map.of("catch-up-interval", Duration.ZERO))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("verify.catch-up-interval: found 0ms, expected more than 0");
    }
}
