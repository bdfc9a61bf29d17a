package dev.tributary.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.config.Options;
import dev.tributary.api.error.ConfigException;
import dev.tributary.api.spi.SinkFactory;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class JdbcSinkFactoryTest {

    private static Options options(Map<String, Object> values) {
        return new Options("sinks[1]", values, Map.of());
    }

    @Test
    void isFoundByItsIdentifier() {
        assertThat(ServiceLoader.load(SinkFactory.class).stream().map(p -> p.get().identifier()))
                .contains("jdbc");
        JdbcSinkFactory f = new JdbcSinkFactory();
        assertThat(f.options()).contains(JdbcSinkOptions.URL, JdbcSinkOptions.PASSWORD);
        assertThat(f.passThroughPrefixes()).containsExactly("connection.");
        assertThat(JdbcSinkOptions.PASSWORD.isSecret()).isTrue();
        assertThat(JdbcSinkOptions.RETRY_BACKOFF.defaultValue()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aUrlWithoutDialectIsRefusedNamingTheKeyAndTheKnownDialects() {
        assertThatThrownBy(
                        () ->
                                new JdbcSinkFactory()
                                        .validate(
                                                options(
                                                        Map.of(
                                                                "url",
                                                                "jdbc:nosuch://h/db?password=hunter2"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "sinks[1].url: no JDBC dialect accepts 'jdbc:nosuch://h/db?password=****'; known"
                                + " dialects: test (jdbc:tributary-test:...)");
    }

    @Test
    void aUrlWithADialectIsAccepted() {
        new JdbcSinkFactory().validate(options(Map.of("url", "jdbc:tributary-test:x")));
    }

    @Test
    void theSinkCanBeShippedWithTheJob() throws Exception {
        Options options =
                new Options(
                        "sinks[0]",
                        Map.of("url", "jdbc:tributary-test:x", "password", "hunter2"),
                        Map.of("connection.", Map.of("ssl", "true")));
        dev.tributary.api.spi.SinkContext context =
                new dev.tributary.api.spi.SinkContext() {
                    @Override
                    public String pipelineName() {
                        return "shop";
                    }

                    @Override
                    public String sinkName() {
                        return "warehouse";
                    }

                    @Override
                    public Options options() {
                        return options;
                    }

                    @Override
                    public dev.tributary.api.event.TableId errorTable() {
                        return dev.tributary.api.event.TableId.parse("errors");
                    }
                };
        JdbcSink sink = (JdbcSink) new JdbcSinkFactory().create(context);
        JdbcSink shipped = org.apache.flink.util.InstantiationUtil.clone(sink);

        assertThat(shipped.config().commitTable())
                .isEqualTo(dev.tributary.api.event.TableId.parse("_tributary_commits"));
        assertThat(shipped.config().maxRetries()).isEqualTo(5);
        assertThat(shipped.config().driverProperties())
                .containsEntry("ssl", "true")
                .containsEntry("password", "hunter2");
        assertThat(shipped.config().errorTable().text()).isEqualTo("errors");
    }

    @Test
    void negativeRetriesAreRefused() {
        assertThatThrownBy(() -> validateWith("max-retries", -1))
                .hasMessage("sinks[1].max-retries: must be 0 or more, found -1");
    }

    @Test
    void aFillfactorOutsideTenToHundredIsRefused() {
        assertThatThrownBy(() -> validateWith("upsert-fillfactor", 5))
                .hasMessage("sinks[1].upsert-fillfactor: must be between 10 and 100, found 5");
    }

    /** Validates a sink block with a valid url and one more entry. */
    private static void validateWith(String key, Object value) {
        new JdbcSinkFactory().validate(options(Map.of("url", "jdbc:tributary-test:x", key, value)));
    }
}
