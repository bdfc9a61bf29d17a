package dev.tributary.runtime.config;

import dev.tributary.api.config.ConfigOption;
import dev.tributary.api.config.Options;
import dev.tributary.api.error.ConfigException;
import dev.tributary.api.event.SinkRecord;
import dev.tributary.api.spi.SinkContext;
import dev.tributary.api.spi.SinkFactory;
import dev.tributary.api.spi.SourceContext;
import dev.tributary.api.spi.SourceFactory;
import dev.tributary.api.spi.SourceStreams;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;

/** Factories with declared options only, for parser tests: a seam, they build nothing. */
final class TestFactories {
    static final ConfigOption<String> SERVERS = ConfigOption.string("servers").required();
    static final ConfigOption<List<String>> TOPICS = ConfigOption.stringList("topics");
    static final ConfigOption<String> FORMAT =
            ConfigOption.oneOf("format", "debezium-json", "json").defaultValue("debezium-json");
    static final ConfigOption<Long> SINCE = ConfigOption.epochMillis("since");
    static final ConfigOption<Integer> RETRIES =
            ConfigOption.integer("max-retries").defaultValue(3);
    static final ConfigOption<String> URL = ConfigOption.string("url").required();
    static final ConfigOption<String> PASSWORD = ConfigOption.string("password").secret();

    private TestFactories() {}

    /** A source with a required option, a list, an enum and a pass-through prefix. */
    public static final class Source implements SourceFactory {
        @Override
        public String identifier() {
            return "test-source";
        }

        @Override
        public List<ConfigOption<?>> options() {
            return List.of(SERVERS, TOPICS, FORMAT, SINCE);
        }

        @Override
        public List<String> passThroughPrefixes() {
            return List.of("properties.");
        }

        @Override
        public void validate(Options options) {
            if (options.list(TOPICS).isEmpty()) {
                throw new ConfigException(options.pathOf(TOPICS) + " needs at least one topic");
            }
        }

        @Override
        public SourceStreams create(SourceContext context) {
            throw new UnsupportedOperationException("parser tests build no job");
        }
    }

    /** A sink with a secret. */
    public static final class TestSink implements SinkFactory {
        @Override
        public String identifier() {
            return "test-sink";
        }

        @Override
        public List<ConfigOption<?>> options() {
            return List.of(URL, PASSWORD, RETRIES);
        }

        @Override
        public Sink<SinkRecord> create(SinkContext context) {
            throw new UnsupportedOperationException("parser tests build no job");
        }
    }
}
